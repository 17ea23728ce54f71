package io.journeymap.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * What a {@code score(as_of_days => N)} query costs on a built store: per day, the first call
 * (on the build's day the saved model is read; on another a model is fitted) and a second one
 * (the model kept in the process), each reading every row, after one plain query has warmed
 * the connection.
 *
 * <pre>
 * java -cp journeymap.jar:benchmark/target/classes io.journeymap.benchmark.ScoreCalls \
 *     --store /tmp/jm-bench/journey.journeymap.duckdb [--days 3,5]
 * </pre>
 */
public final class ScoreCalls {
  private ScoreCalls() {}

  public static void main(String[] args) throws Exception {
    String store = Benchmark.stringArg(args, "--store", null);
    if (store == null) {
      throw new IllegalArgumentException("--store FILE is required");
    }
    String days = Benchmark.stringArg(args, "--days", "3,5");
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Statement s = c.createStatement()) {
      double warm = rows(s, "SELECT * FROM journeys WHERE status = 'open'")[0];
      System.out.printf(Locale.ROOT, "open journeys, plain query: %.0f ms%n", warm);
      for (String d : days.split(",")) {
        String sql = "SELECT * FROM score(as_of_days => " + d.trim() + ")";
        double[] first = rows(s, sql);
        double[] second = rows(s, sql);
        System.out.printf(Locale.ROOT, "score(as_of_days => %s): %,.0f rows, first call %.0f ms,"
            + " second call %.0f ms%n", d.trim(), first[1], first[0], second[0]);
      }
    }
  }

  /** Milliseconds to run {@code sql} and read every row, and the rows read. */
  private static double[] rows(Statement s, String sql) throws Exception {
    long t = System.nanoTime();
    long n = 0;
    try (ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        r.getObject(1);
        n++;
      }
    }
    return new double[] {(System.nanoTime() - t) / 1e6, n};
  }
}
