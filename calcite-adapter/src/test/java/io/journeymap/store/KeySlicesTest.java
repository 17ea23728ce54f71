package io.journeymap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Slices cover every row of a table exactly once, however the key is spread. */
class KeySlicesTest {
  @Test
  void evenKeysGiveSlicesOfAboutTheAskedSize() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT range AS k FROM range(1, 100001)");
      KeySlices slices = KeySlices.of(s, "t", "k", 10_000);
      assertEquals(10, slices.count());
      long covered = 0;
      for (int i = 0; i < slices.count(); i++) {
        long n = count(s, "SELECT count(*) FROM t WHERE " + slices.condition(i, "k"));
        assertTrue(n > 8_000 && n < 12_000, "slice " + i + ": " + n + " rows");
        covered += n;
      }
      assertEquals(100_000, covered);
    }
  }

  @Test
  void skewedKeysAreCoveredOnce() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      // nine rows in ten share one key, the rest are spread far apart and below zero
      s.execute("CREATE TABLE t AS SELECT CASE WHEN range % 10 = 0 THEN range * 1000 - 7000000"
          + " ELSE 42 END AS k FROM range(50000)");
      KeySlices slices = KeySlices.of(s, "t", "k", 5_000);
      assertTrue(slices.count() > 1 && slices.count() <= 10, slices.toString());
      assertEquals(50_000, rowsInSlices(s, slices));
      assertEquals(1, count(s, "SELECT count(*) FROM (SELECT DISTINCT k FROM t) WHERE k = 42"));
    }
  }

  @Test
  void moreThanAThousandSlicesAreCut() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT range AS k FROM range(5000)");
      KeySlices slices = KeySlices.of(s, "t", "k", 4);
      assertTrue(slices.count() > 1_000, slices.count() + " slices");
      assertEquals(5_000, rowsInSlices(s, slices));
    }
  }

  @Test
  void aSmallTableIsOneSliceWithoutCondition() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT range AS k FROM range(10)");
      KeySlices slices = KeySlices.of(s, "t", "k", 10);
      assertEquals(1, slices.count());
      assertEquals("TRUE", slices.condition(0, "k"));
      assertEquals(1, KeySlices.of(s, "t", "k", Long.MAX_VALUE).count(), "no slicing asked");
      s.execute("DELETE FROM t");
      assertEquals(1, KeySlices.of(s, "t", "k", 10).count());
    }
  }

  /** Rows of table t over all slices: the table's count when each row is in exactly one. */
  private static long rowsInSlices(Statement s, KeySlices slices) throws Exception {
    long rows = 0;
    for (int i = 0; i < slices.count(); i++) {
      rows += count(s, "SELECT count(*) FROM t WHERE " + slices.condition(i, "k"));
    }
    return rows;
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
