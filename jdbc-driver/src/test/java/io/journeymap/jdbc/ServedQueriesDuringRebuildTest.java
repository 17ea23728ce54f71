package io.journeymap.jdbc;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;

/**
 * The same queries from several threads, through a journeymap server, while rebuilds publish
 * new versions of its store: no query fails, every answer is one complete build, and new
 * client connections see each new build.
 */
class ServedQueriesDuringRebuildTest extends QueriesDuringRebuildTest {
  private static final String TOKEN = "rebuild-test-token-0123456789";
  private JourneyServer server;

  @Override
  String url(Path store) throws Exception {
    server = JourneyServer.start("jdbc:journeymap:store=" + store, "127.0.0.1", 0, TOKEN);
    return "jdbc:journeymap:server=" + server.url();
  }

  @Override
  Properties properties() {
    Properties p = new Properties();
    p.setProperty("password", TOKEN);
    return p;
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }
}
