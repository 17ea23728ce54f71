package io.journeymap.benchmark;

import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.BuildSummary;
import io.journeymap.pipeline.JourneyBuilder;
import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Build throughput and warm query latency on a generated demo world.
 *
 * <pre>
 * java -Xmx2g -cp jdbc-driver/target/journeymap.jar:benchmark/target/classes \
 *     io.journeymap.benchmark.Benchmark --persons 50000 [--dir /tmp/jm-bench] [--repeat 20]
 *     [--no-queries]
 * java ... io.journeymap.benchmark.Benchmark --persons 50000 --refresh [--days 60]
 * </pre>
 *
 * With {@code --refresh}: a refresh that adds one file per source, against a full build of the
 * same files ({@link Refresh}).
 *
 * Reports generation time; the DuckDB floor ({@link Floor}: DuckDB alone reading the same files
 * into one event table and aggregating once); build time, events/s, peak heap, the ratio of
 * build to floor (the whole build, and its phases from ingest to stages alone), the build's
 * phases and resources from {@code build_log}; then for each query the median and
 * 90th percentile of warm executions through the driver (new statement each time, so planning
 * included), the median of a re-executed prepared statement, and the same SQL on DuckDB directly.
 */
public final class Benchmark {
  private static final List<String> QUERIES = List.of(
      "SELECT * FROM stage_conversion ORDER BY from_order",
      "SELECT status, count(*) AS n FROM journeys GROUP BY status",
      "SELECT first_channel, count(*) AS n, avg(days_to_convert) AS d FROM journeys"
          + " WHERE status = 'converted' GROUP BY first_channel",
      "SELECT j.first_channel, s.stage, count(*) AS n FROM journeys j JOIN stage_entries s"
          + " ON s.journey_id = j.journey_id GROUP BY j.first_channel, s.stage",
      "SELECT event, count(*) AS n FROM events GROUP BY event");

  private Benchmark() {}

  public static void main(String[] args) throws Exception {
    int persons = intArg(args, "--persons", 50_000);
    int repeat = intArg(args, "--repeat", 20);
    Path dir = Path.of(stringArg(args, "--dir", Files.createTempDirectory("jm-bench").toString()));
    System.out.printf(Locale.ROOT, "java %s, %d cores, max heap %d MB%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    if (Arrays.asList(args).contains("--refresh")) {
      DemoWorld.Written w = new DemoWorld(persons, 42).writeTo(dir, n -> { });
      Refresh.run(w.model(), intArg(args, "--days", 60));
      return;
    }
    Path store = generateAndBuild(persons, dir);
    if (Arrays.asList(args).contains("--no-queries")) {
      return;
    }

    System.out.printf("%n%-100s %12s %12s %12s %12s%n", "query", "driver p50", "driver p90",
        "prepared p50", "duckdb p50");
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true");
    try (Connection jm = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Connection duck = DriverManager.getConnection("jdbc:duckdb:" + store, p)) {
      for (String q : QUERIES) {
        double[] viaDriver = time(jm, q, repeat);
        double[] prepared = timePrepared(jm, q, repeat);
        double[] direct = time(duck, q, repeat);
        System.out.printf(Locale.ROOT, "%-100s %9.1f ms %9.1f ms %9.1f ms %9.1f ms%n",
            q.length() > 100 ? q.substring(0, 97) + "..." : q, viaDriver[0], viaDriver[1],
            prepared[0], direct[0]);
      }
    }
  }

  /**
   * Generates the demo world of {@code persons} persons in {@code dir} and builds its store,
   * printing generation and build figures; returns the store file.
   */
  static Path generateAndBuild(int persons, Path dir) throws Exception {
    long t = System.nanoTime();
    DemoWorld.Written w = new DemoWorld(persons, 42).writeTo(dir, n -> { });
    double gen = (System.nanoTime() - t) / 1e9;
    System.out.printf(Locale.ROOT, "generate: %,d persons, %,d raw rows, %.1f s%n", persons,
        w.rows(), gen);

    Floor.Result floor = Floor.run(dir);
    System.out.printf(Locale.ROOT, "floor: DuckDB alone, %,d events from %,d rows, %.1f s%n",
        floor.events(), floor.rows(), floor.seconds());

    JourneyModel model = ModelLoader.load(w.model());
    // each phase's result on stderr as it ends: a long build that fails still shows how far it got
    BuildListener phases = new BuildListener() {
      @Override
      public void phase(String name) {}

      @Override
      public void done(String name, String result, double seconds) {
        System.err.printf(Locale.ROOT, "  %s: %s (%.1f s)%n", name, result, seconds);
      }
    };
    BuildSummary s = new JourneyBuilder(model, model.defaultStore(), phases).build();
    long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.out.printf(Locale.ROOT, "build: %,d rows read, %,d events, %,d persons, %,d journeys,"
            + " %.1f s, %,.0f events/s, peak heap %d MB, store %d MB%n", s.rowsRead(),
        s.eventsAccepted(), s.persons(), s.journeys(), s.seconds(),
        s.eventsAccepted() / s.seconds(), peakHeap >> 20, Files.size(s.store()) >> 20);
    System.out.printf(Locale.ROOT, "ratio: build / floor = %.2f%n", s.seconds() / floor.seconds());
    double core = corePhases(s.store());
    System.out.printf(Locale.ROOT, "ratio: ingest to stages (%.1f s, the events, identities,"
        + " journeys and stages without the insight phases) / floor = %.2f%n", core,
        core / floor.seconds());
    printPhases(s.store());
    return s.store();
  }

  /**
   * Seconds of the phases that turn sources into events, identities, journeys and stages: what
   * the floor's single statement is compared with before lift, anomalies, clusters, scores and
   * triggers add their analyses.
   */
  static double corePhases(Path store) throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, p);
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT coalesce(sum(seconds), 0) FROM build_log"
             + " WHERE phase IN ('ingest', 'identity', 'journeys', 'stages')")) {
      r.next();
      return r.getDouble(1);
    }
  }

  /** The build's own timing of each phase (ingest summed over sources), from build_log. */
  static void printPhases(Path store) throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, p);
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT phase, sum(seconds), string_agg(source || ' '"
             + " || round(seconds, 1), ', ' ORDER BY seconds DESC) FROM build_log"
             + " WHERE seconds > 0 GROUP BY phase ORDER BY min(rowid)")) {
      StringBuilder b = new StringBuilder("phases:");
      while (r.next()) {
        b.append(String.format(Locale.ROOT, " %s %.1f s%s;", r.getString(1), r.getDouble(2),
            r.getString(3) == null ? "" : " (" + r.getString(3) + ")"));
      }
      System.out.println(b);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, p);
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT detail FROM build_log WHERE phase = 'resources'")) {
      while (r.next()) {
        System.out.println("resources: " + r.getString(1));
      }
    }
  }

  /** One execution of the query under test, reading every row. */
  interface Execution {
    ResultSet run() throws SQLException;
  }

  /** Median and 90th percentile of warm runs, new statement each time (planning included). */
  private static double[] time(Connection c, String sql, int repeat) throws SQLException {
    try (Statement s = c.createStatement()) {
      return time(() -> s.executeQuery(sql), repeat);
    }
  }

  /** The same, re-executing one prepared statement (planning done once). */
  private static double[] timePrepared(Connection c, String sql, int repeat) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      return time(p::executeQuery, repeat);
    }
  }

  /** Runs 3 warm-ups, then {@code repeat} timed executions. */
  static double[] time(Execution execution, int repeat) throws SQLException {
    double[] ms = new double[repeat];
    for (int i = -3; i < repeat; i++) {
      long t = System.nanoTime();
      try (ResultSet r = execution.run()) {
        while (r.next()) {
          r.getObject(1);
        }
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    Arrays.sort(ms);
    return new double[] {ms[repeat / 2], ms[(int) Math.ceil(repeat * 0.9) - 1]};
  }

  static int intArg(String[] args, String name, int fallback) {
    String v = stringArg(args, name, null);
    return v == null ? fallback : Integer.parseInt(v.replace("_", ""));
  }

  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
