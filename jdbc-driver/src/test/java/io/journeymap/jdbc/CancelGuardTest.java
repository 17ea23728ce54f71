package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A table function reading a streamed result row by row (as funnel() reads the events) stops
 * at its next row when the query is cancelled: the engine's own cancel does not reach a
 * streamed result between fetches.
 */
class CancelGuardTest {
  private static Connection engine() throws SQLException {
    Properties p = new Properties();
    p.setProperty("jdbc_stream_results", "true");
    return DriverManager.getConnection("jdbc:duckdb:", p);
  }

  @Test
  void aStreamedReadStopsAtTheNextRowOnceCancelled() throws Exception {
    try (Connection engine = engine()) {
      CancelGuard guard = new CancelGuard();
      guard.reset();
      Connection guarded = guard.wrap(engine);
      AtomicLong rows = new AtomicLong();
      CompletableFuture<SQLException> ended = CompletableFuture.supplyAsync(() -> {
        try (Statement s = guarded.createStatement();
            ResultSet r = s.executeQuery("SELECT range FROM range(10000000000)")) {
          while (r.next()) {
            rows.incrementAndGet();
          }
          return null;
        } catch (SQLException e) {
          return e;
        }
      });
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (rows.get() < 10_000 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertTrue(rows.get() >= 10_000, "the stream is being read");
      long t = System.nanoTime();
      guard.cancel();
      SQLException e = ended.get(5, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t) / 1e9;
      assertEquals("query cancelled", e.getMessage());
      assertEquals("57014", e.getSQLState());
      assertTrue(seconds < 0.5, "stopped after " + seconds + " s");
      // a new execution is not cancelled by the last one's cancel
      guard.reset();
      try (Statement s = guarded.createStatement(); ResultSet r = s.executeQuery("SELECT 42")) {
        assertTrue(r.next());
        assertEquals(42, r.getInt(1));
        assertFalse(r.next());
      }
    }
  }
}
