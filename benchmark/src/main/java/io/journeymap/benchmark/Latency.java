package io.journeymap.benchmark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Query latency as BI tools and notebooks see it, per query shape: the first query of a fresh
 * JVM, a fresh Statement per query (what Metabase does), a re-executed PreparedStatement, and
 * the same SQL on DuckDB directly against the same store file.
 *
 * <pre>
 * java -Xmx2g -cp jdbc-driver/target/journeymap.jar:benchmark/target/classes \
 *     io.journeymap.benchmark.Latency --persons 20000 [--dir /tmp/jm-latency] [--repeat 30]
 *     [--store existing.duckdb] [--cold 3]
 * </pre>
 *
 * The cold figure starts a new JVM per run ({@code --first <store> <shape>}), which connects
 * and runs one query; it prints the time from {@code main} to the last row and from the JVM's
 * start to the last row.
 */
public final class Latency {
  /** Query shapes: what dashboards, Metabase and notebooks send. */
  static final Map<String, String> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("stage_conversion", "SELECT * FROM stage_conversion ORDER BY from_order");
    SHAPES.put("count by status", "SELECT status, count(*) AS n FROM journeys GROUP BY status");
    SHAPES.put("Metabase month count", "SELECT date_trunc('month', \"journey\".\"journeys\""
        + ".\"started_at\") AS \"started_at\", count(*) AS \"count\" FROM \"journey\""
        + ".\"journeys\" GROUP BY 1 ORDER BY 1 ASC");
    SHAPES.put("Metabase week median", "SELECT (CAST(date_trunc('week', (CAST(\"journey\""
        + ".\"journeys\".\"started_at\" AS timestamp with time zone) + (INTERVAL '1' day)))"
        + " AS timestamp with time zone) + (INTERVAL '-1' day)) AS \"started_at\","
        + " median(\"journey\".\"journeys\".\"days_to_convert\") AS \"median\" FROM \"journey\""
        + ".\"journeys\" GROUP BY 1 ORDER BY 1 ASC");
    SHAPES.put("JSON property filter", "SELECT properties->>'country' AS country, count(*) AS n"
        + " FROM events WHERE source = 'crm' AND occurred_at >= TIMESTAMP '2026-03-01'"
        + " GROUP BY 1 ORDER BY 1");
    SHAPES.put("journeys x stage_entries", "SELECT j.first_channel, s.stage, count(*) AS n"
        + " FROM journeys j JOIN stage_entries s ON s.journey_id = j.journey_id"
        + " GROUP BY j.first_channel, s.stage");
    SHAPES.put("events by event", "SELECT event, count(*) AS n FROM events GROUP BY event");
    SHAPES.put("window + percentile", "SELECT first_channel, quantile_cont(days_to_convert,"
        + " 0.9) AS p90, rank() OVER (ORDER BY count(*) DESC) AS r FROM journeys"
        + " GROUP BY first_channel");
    SHAPES.put("funnel()", "SELECT step, event, reached, rate_from_previous FROM funnel(steps"
        + " => 'trial_started,setup_step_completed,subscription_paid') ORDER BY step");
  }

  private Latency() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--first")) {
      first(Path.of(args[1]), SHAPES.get(args[2]));
      return;
    }
    int persons = Benchmark.intArg(args, "--persons", 20_000);
    int repeat = Benchmark.intArg(args, "--repeat", 30);
    int coldRuns = Benchmark.intArg(args, "--cold", 3);
    String given = Benchmark.stringArg(args, "--store", null);
    System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    Path store = given != null ? Path.of(given) : Benchmark.generateAndBuild(persons,
        Path.of(Benchmark.stringArg(args, "--dir",
            Files.createTempDirectory("jm-latency").toString())));

    Map<String, double[]> cold = new LinkedHashMap<>();
    for (String shape : SHAPES.keySet()) {
      cold.put(shape, cold(store, shape, coldRuns));
    }
    System.out.printf(Locale.ROOT, "%n| query | first query, fresh JVM (main / JVM start) |"
        + " fresh Statement p50 / p90 | prepared re-execution p50 | DuckDB directly p50 |"
        + " fresh minus DuckDB |%n|---|---|---|---|---|---|%n");
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true");
    try (Connection jm = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Connection duck = DriverManager.getConnection("jdbc:duckdb:" + store, p)) {
      try (Statement s = duck.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      for (Map.Entry<String, String> e : SHAPES.entrySet()) {
        String sql = e.getValue();
        double[] fresh = Benchmark.time(() -> fresh(jm, sql), repeat);
        double[] prepared;
        try (PreparedStatement ps = jm.prepareStatement(sql)) {
          prepared = Benchmark.time(ps::executeQuery, repeat);
        }
        boolean direct = !sql.contains("funnel(");
        double[] viaDuck = direct ? Benchmark.time(() -> fresh(duck, sql), repeat) : null;
        double[] c = cold.get(e.getKey());
        System.out.printf(Locale.ROOT, "| %s | %.0f / %.0f ms | %.1f / %.1f ms | %.1f ms | %s |"
                + " %s |%n", e.getKey(), c[0], c[1], fresh[0], fresh[1], prepared[0],
            direct ? String.format(Locale.ROOT, "%.1f ms", viaDuck[0]) : "n/a (Java function)",
            direct ? String.format(Locale.ROOT, "%+.1f ms", fresh[0] - viaDuck[0]) : "");
      }
    }
  }

  /** A new Statement for one execution, closed with its result (as Metabase runs queries). */
  private static ResultSet fresh(Connection c, String sql) throws SQLException {
    Statement s = c.createStatement();
    ResultSet r = s.executeQuery(sql);
    s.closeOnCompletion();
    return r;
  }

  /** Median over {@code runs} fresh JVMs of the first query: from main, from JVM start. */
  private static double[] cold(Path store, String shape, int runs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    double[] fromMain = new double[runs];
    double[] fromStart = new double[runs];
    for (int i = 0; i < runs; i++) {
      List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-cp",
          System.getProperty("java.class.path"), Latency.class.getName(), "--first",
          store.toString(), shape));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String last = null;
      StringBuilder all = new StringBuilder();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          all.append(line).append('\n');
          if (line.startsWith("first ")) {
            last = line;
          }
        }
      }
      if (process.waitFor() != 0 || last == null) {
        throw new IllegalStateException("cold run failed:\n" + all);
      }
      String[] parts = last.split(" ");
      fromMain[i] = Double.parseDouble(parts[1]);
      fromStart[i] = Double.parseDouble(parts[2]);
    }
    Arrays.sort(fromMain);
    Arrays.sort(fromStart);
    return new double[] {fromMain[runs / 2], fromStart[runs / 2]};
  }

  /** In a fresh JVM: connect, run one query, read every row; print the times. */
  private static void first(Path store, String sql) throws SQLException {
    long t = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        r.getObject(1);
      }
    }
    double fromMain = (System.nanoTime() - t) / 1e6;
    double fromStart = System.currentTimeMillis()
        - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.printf(Locale.ROOT, "first %.1f %.1f%n", fromMain, fromStart);
  }
}
