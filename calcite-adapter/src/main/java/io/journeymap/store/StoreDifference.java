package io.journeymap.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compares two stores table by table, as multisets of rows ({@code EXCEPT ALL} both ways), so a
 * build made another way (bounded memory, a refresh) can be checked against a plain full build.
 * Build bookkeeping (its id, time, log) differs by nature and is left out.
 */
public final class StoreDifference {
  private static final Set<String> BOOKKEEPING = Set.of("build_info", "build_log");
  /** Columns that say when the build ran, which differs between any two builds. */
  private static final Map<String, String> BUILD_TIME = Map.of("model_health", "trained_at");

  private StoreDifference() {}

  /** Per table whose rows differ: "rows only in a / rows only in b"; empty when equal. */
  public static Map<String, String> between(Path a, Path b) throws SQLException {
    Map<String, String> diff = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("ATTACH '" + a.toString().replace("'", "''") + "' AS a (READ_ONLY)");
      s.execute("ATTACH '" + b.toString().replace("'", "''") + "' AS b (READ_ONLY)");
      for (TableSpec t : StoreCatalogue.tables()) {
        if (BOOKKEEPING.contains(t.name())) {
          continue;
        }
        String all = BUILD_TIME.containsKey(t.name())
            ? "* EXCLUDE (" + BUILD_TIME.get(t.name()) + ")" : "*";
        long onlyA = count(s, "SELECT " + all + " FROM a.main." + t.name() + " EXCEPT ALL SELECT "
            + all + " FROM b.main." + t.name());
        long onlyB = count(s, "SELECT " + all + " FROM b.main." + t.name() + " EXCEPT ALL SELECT "
            + all + " FROM a.main." + t.name());
        if (onlyA + onlyB > 0) {
          diff.put(t.name(), onlyA + " / " + onlyB);
        }
      }
    }
    return diff;
  }

  /** Rows of one table of a store. */
  public static long rows(Path store, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("ATTACH '" + store.toString().replace("'", "''") + "' AS a (READ_ONLY)");
      return count(s, "SELECT * FROM a.main." + table);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
      r.next();
      return r.getLong(1);
    }
  }
}
