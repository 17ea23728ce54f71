package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journeymap server: its token, its errors, and answers equal to the store's own. */
class JourneyServerTest {
  private static final String TOKEN = "server-test-token-abcdefghij";
  /** Sums of BIGINT columns are 128-bit integers in the engine. */
  private static final String QUERY = "SELECT status, count(*) AS n, sum(events) AS events,"
      + " min(started_at) AS first_start FROM journeys GROUP BY status ORDER BY status";

  @TempDir
  static Path dir;
  static String local;
  static JourneyServer server;

  @BeforeAll
  static void start() throws Exception {
    Path model = new DemoWorld(200, 3).writeTo(dir, n -> { }).model();
    local = "jdbc:journeymap:model=" + model;
    server = JourneyServer.start(local, "127.0.0.1", 0, TOKEN);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Properties token(String token) {
    Properties p = new Properties();
    if (token != null) {
      p.setProperty("password", token);
    }
    return p;
  }

  private static List<String> rows(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(QUERY)) {
      while (r.next()) {
        out.add(r.getString(1) + " " + r.getLong(2) + " "
            + new BigDecimal(r.getObject(3).toString()) + " "
            + r.getObject(4, java.time.LocalDateTime.class));
      }
    }
    return out;
  }

  @Test
  void answersAsTheStoreFromSeveralClientsAtOnce() throws Exception {
    List<String> expected;
    try (Connection c = DriverManager.getConnection(local)) {
      expected = rows(c);
    }
    assertFalse(expected.isEmpty());
    String url = "jdbc:journeymap:server=" + server.url();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> {
          try (Connection c = DriverManager.getConnection(url, token(TOKEN))) {
            assertEquals("Journeymap", c.getMetaData().getDatabaseProductName());
            return rows(c);
          }
        }));
      }
      for (Future<List<String>> run : runs) {
        assertEquals(expected, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWrongOrMissingTokenIsRefused() {
    String url = "jdbc:journeymap:server=" + server.url();
    SQLException wrong = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url, token("not-the-token-0123456789")));
    assertTrue(wrong.getMessage().contains("refused the token"), wrong.getMessage());
    SQLException none = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url, token(null)));
    assertTrue(none.getMessage().contains("needs its token"), none.getMessage());
  }

  @Test
  void serverErrorsArriveAsTheEnginesReason() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:server=" + server.url(),
        token(TOKEN)); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT no_such_column FROM journeys"));
      assertTrue(e.getMessage().contains("no_such_column"), e.getMessage());
      SQLException write = assertThrows(SQLException.class,
          () -> s.executeQuery("DELETE FROM journeys"));
      assertTrue(write.getMessage().contains("read-only") || write.getMessage().contains("query"),
          write.getMessage());
    }
  }

  @Test
  void nobodyListeningSaysSo() throws Exception {
    int free;
    try (ServerSocket s = new ServerSocket(0)) {
      free = s.getLocalPort();
    }
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:journeymap:server=http://127.0.0.1:" + free, token(TOKEN)));
    assertTrue(e.getMessage().contains("no journeymap server answers"), e.getMessage());
  }

  @Test
  void badServerUrlsAndWeakTokensAreRefused() {
    SQLException scheme = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:server=ftp://x:1", token(TOKEN)));
    assertTrue(scheme.getMessage().contains("http or https"), scheme.getMessage());
    SQLException mixed = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        "jdbc:journeymap:server=http://x:1;model=/m.yaml", token(TOKEN)));
    assertTrue(mixed.getMessage().contains("the server owns them"), mixed.getMessage());
    Properties wire = token(TOKEN);
    wire.setProperty("wire", "json");
    SQLException badWire = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(local, wire));
    assertTrue(badWire.getMessage().contains("takes one value, avatica"), badWire.getMessage());
    IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
        () -> JourneyServer.start(local, "127.0.0.1", 0, "short"));
    assertTrue(weak.getMessage().contains("at least 16"), weak.getMessage());
  }

  @Test
  void listensOnTheLoopbackAddressItWasGiven() {
    assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
    assertTrue(server.port() > 0);
  }
}
