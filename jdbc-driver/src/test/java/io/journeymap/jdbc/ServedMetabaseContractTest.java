package io.journeymap.jdbc;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;

/**
 * The Metabase replay against a journeymap server: the server owns the store (built from the
 * model), the test connects with {@code jdbc:journeymap:server=} and the token, as Metabase
 * does when its connection form names a server.
 */
class ServedMetabaseContractTest extends MetabaseContractTest {
  private static final String TOKEN = "contract-test-token-0123456789";
  private JourneyServer server;

  @Override
  String url(Path model) throws Exception {
    server = JourneyServer.start("jdbc:journeymap:model=" + model, "127.0.0.1", 0, TOKEN);
    return "jdbc:journeymap:server=" + server.url();
  }

  @Override
  Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", "journeymap");
    p.setProperty("password", TOKEN);
    return p;
  }

  /** Avatica's protocol carries times in milliseconds. */
  @Override
  ChronoUnit timePrecision() {
    return ChronoUnit.MILLIS;
  }

  /** The server prepares before the client binds: a funnel's columns are known once it runs. */
  @Override
  boolean describesFunnelBeforeRunning() {
    return false;
  }

  @Override
  @AfterAll
  void close() throws Exception {
    try {
      super.close();
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }
}
