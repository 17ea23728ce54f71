package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.journeymap.demo.DemoWorld;
import io.journeymap.jdbc.SqlCorpus.Entry;
import io.journeymap.jdbc.SqlCorpus.Result;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL as BI tools and analysts write it, tested by difference: every corpus query runs through
 * the driver and directly on DuckDB against the same store file, and the two must agree on
 * column labels, JDBC types, type names, Java classes, row counts and values. Queries calling
 * {@code funnel()} cannot run on DuckDB; for them the expected rows are computed here, in Java,
 * from the plain {@code SELECT * FROM funnel(...)} result read through the driver.
 */
class SqlCorpusTest {
  private static final String S3 = "trial_started,setup_step_completed,subscription_paid";
  private static final String S4 =
      "trial_started,setup_step_completed,feature_used,subscription_paid";
  private static final List<String> FUNNEL_COLUMNS = List.of("step", "event", "reached",
      "rate_from_previous", "previous_ci_low", "previous_ci_high", "rate_from_first",
      "first_ci_low", "first_ci_high", "median_hours_from_previous", "sample_note",
      "still_in_window");
  private static final List<String> FUNNEL_TYPES = List.of("INTEGER", "VARCHAR", "BIGINT",
      "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "VARCHAR", "BIGINT");

  @TempDir
  static Path dir;
  static Connection driver;
  static Connection duck;
  static List<Entry> corpus;
  static final Map<String, List<FunnelRow>> PLAIN = new HashMap<>();

  @BeforeAll
  static void open() throws Exception {
    Path model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
    driver = DriverManager.getConnection("jdbc:journeymap:model=" + model);
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true");
    duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("journey.journeymap.duckdb"),
        p);
    try (Statement s = duck.createStatement()) {
      s.execute("SET TimeZone = 'UTC'"); // the driver's sessions are UTC whatever the machine
    }
    corpus = SqlCorpus.load();
  }

  @AfterAll
  static void close() throws SQLException {
    driver.close();
    duck.close();
  }

  @Test
  void theCorpusCoversWhatTheIssueAsksFor() throws Exception {
    long byDifference = corpus.stream().filter(e -> e.refused() == null).count();
    assertTrue(byDifference >= 250, "corpus queries run both ways: " + byDifference);
    Set<String> ids = new TreeSet<>();
    for (Entry e : corpus) {
      assertTrue(ids.add(e.id()), "duplicate corpus id " + e);
      assertFalse(e.sql().isBlank(), "no SQL in " + e);
    }
    Set<String> categories = corpus.stream().map(Entry::category)
        .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(categories.containsAll(List.of("metabase", "filter", "json", "text", "date",
        "num", "names", "syntax", "cte", "window", "grouping", "join", "dashboard", "notebook",
        "funnel", "difference", "refused")), categories.toString());
    for (String unit : List.of("minute", "hour", "day", "week", "month", "quarter", "year",
        "day-of-week", "day-of-month", "day-of-year", "hour-of-day", "week-of-year",
        "month-of-year", "quarter-of-year")) {
      for (String aggregate : List.of("count", "sum", "avg", "min", "max", "distinct",
          "stddev", "median", "percentile")) {
        assertTrue(ids.contains("metabase." + unit + "." + aggregate),
            "metabase." + unit + "." + aggregate);
      }
    }
    // every funnel query has its Java oracle, and every oracle a query
    Set<String> funnelIds = corpus.stream().filter(e -> e.category().equals("funnel"))
        .map(Entry::id).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(funnelIds, new TreeSet<>(ORACLES.keySet()));
    // every known difference is documented with its id
    String docs = Files.readString(TestData.projectRoot().resolve("docs/sql.md"));
    for (Entry e : corpus) {
      if (e.difference() != null) {
        assertTrue(docs.contains("`" + e.id() + "`"), "docs/sql.md does not list " + e.id());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCorpusQuery() {
    return corpus.stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> check(e)));
  }

  private static void check(Entry e) throws Exception {
    if (e.refused() != null) {
      SQLException x = assertThrows(SQLException.class, () -> SqlCorpus.run(driver, e),
          e.toString());
      assertTrue(x.getMessage().contains(e.refused()), e + ": " + x.getMessage());
      assertFalse(x.getMessage().contains("\n"), e + ": one line, got " + x.getMessage());
      return;
    }
    Result viaDriver;
    try {
      viaDriver = SqlCorpus.run(driver, e);
    } catch (SQLException x) {
      throw new AssertionError(e + " fails through the driver: " + x.getMessage() + "\n"
          + e.sql(), x);
    }
    if (e.category().equals("funnel")) {
      Expected expected = ORACLES.get(e.id()).expect();
      Result want = expected.result();
      compare(e, want, viaDriver, "Java on the plain funnel() result");
      return;
    }
    Result direct;
    try {
      direct = SqlCorpus.run(duck, e);
    } catch (SQLException x) {
      throw new AssertionError(e + " fails on DuckDB directly: " + x.getMessage() + "\n"
          + e.sql(), x);
    }
    if (e.difference() != null) {
      assertNotEquals(direct, viaDriver, e + " is listed as a known difference ("
          + e.difference() + ") but both sides agree: update the corpus and docs/sql.md");
      return;
    }
    compare(e, direct, viaDriver, "DuckDB directly");
  }

  private static void compare(Entry e, Result want, Result got, String wantName) {
    String where = e + "\n" + e.sql() + "\n  " + wantName + ": " + want.describeColumns()
        + "\n  driver: " + got.describeColumns();
    assertEquals(want.labels(), got.labels(), "column labels of " + where);
    if (want.types() != null) {
      assertEquals(want.types(), got.types(), "JDBC types of " + where);
    }
    assertEquals(want.typeNames(), got.typeNames(), "type names of " + where);
    if (want.classes() != null) {
      assertEquals(want.classes(), got.classes(), "column classes of " + where);
    }
    assertEquals(want.rows().size(), got.rows().size(), "row count of " + where);
    List<List<String>> a = want.rows();
    List<List<String>> b = got.rows();
    if (!e.ordered()) {
      Comparator<List<String>> byText = Comparator.comparing(Object::toString);
      a = a.stream().sorted(byText).toList();
      b = b.stream().sorted(byText).toList();
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        fail("row " + (i + 1) + " of " + a.size() + (e.ordered() ? "" : " (sorted)")
            + " differs in " + where + "\n  " + wantName + ": " + a.get(i) + "\n  driver: "
            + b.get(i));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // funnel(): expected results computed in Java from the plain result

  /** One row of a plain {@code SELECT * FROM funnel(...)}, with its raw column values. */
  record FunnelRow(int step, String event, long reached, Double rateFromPrevious,
      Double rateFromFirst, String sampleNote, List<Object> raw) {}

  /** What a funnel query must return. */
  record Expected(List<String> labels, List<String> types, List<List<Object>> rows) {
    Result result() throws SQLException {
      List<List<String>> text = new ArrayList<>();
      for (List<Object> row : rows) {
        List<String> t = new ArrayList<>();
        for (Object v : row) {
          t.add(SqlCorpus.normal(v));
        }
        text.add(t);
      }
      return new Result(labels, null, types, null, text);
    }
  }

  @FunctionalInterface
  interface Oracle {
    Expected expect() throws SQLException;
  }

  /** The plain result of funnel(steps, window_days, mode), read through the driver once. */
  static List<FunnelRow> plain(String steps, Integer windowDays, String mode)
      throws SQLException {
    String sql = "SELECT * FROM funnel(steps => '" + steps + "'"
        + (windowDays == null ? "" : ", window_days => " + windowDays)
        + (mode == null ? "" : ", mode => '" + mode + "'") + ")";
    List<FunnelRow> cached = PLAIN.get(sql);
    if (cached != null) {
      return cached;
    }
    List<FunnelRow> rows = new ArrayList<>();
    try (Statement s = driver.createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertEquals(FUNNEL_COLUMNS.size(), r.getMetaData().getColumnCount());
      while (r.next()) {
        List<Object> raw = new ArrayList<>();
        for (int i = 1; i <= FUNNEL_COLUMNS.size(); i++) {
          raw.add(r.getObject(i));
        }
        rows.add(new FunnelRow(r.getInt("step"), r.getString("event"), r.getLong("reached"),
            (Double) r.getObject("rate_from_previous"), (Double) r.getObject("rate_from_first"),
            r.getString("sample_note"), raw));
      }
    }
    rows.sort(Comparator.comparingInt(FunnelRow::step));
    assertFalse(rows.isEmpty(), sql);
    PLAIN.put(sql, rows);
    return rows;
  }

  /** Rows of a query run directly on DuckDB (for the journey tables a funnel is joined to). */
  static List<List<Object>> direct(String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = duck.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(r.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  static Map<String, Object> directMap(String sql) throws SQLException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (List<Object> row : direct(sql)) {
      out.put((String) row.get(0), row.get(1));
    }
    return out;
  }

  private static Expected all(List<FunnelRow> rows) {
    return new Expected(FUNNEL_COLUMNS, FUNNEL_TYPES, rows.stream().map(FunnelRow::raw)
        .toList());
  }

  private static Expected stepReached(List<FunnelRow> rows) {
    return new Expected(List.of("step", "reached"), List.of("INTEGER", "BIGINT"),
        rows.stream().map(r -> List.<Object>of(r.step(), r.reached())).toList());
  }

  private static List<Object> row(Object... values) {
    return java.util.Arrays.asList(values);
  }

  private static final Map<String, Oracle> ORACLES = new TreeMap<>();

  static {
    ORACLES.put("funnel.positional-arguments", () -> all(plain(S3, null, null)));
    ORACLES.put("funnel.table-wrapper", () -> all(plain(S3, 7, null)));
    ORACLES.put("funnel.upper-case-names", () -> all(plain(S3, null, "strict_order")));
    ORACLES.put("funnel.positional-two",
        () -> all(plain("trial_started,subscription_paid", 30, null)));
    ORACLES.put("funnel.trailing-semicolon", () -> stepReached(plain(S3, null, null)));
    ORACLES.put("funnel.where-step", () -> new Expected(List.of("step", "event", "reached"),
        List.of("INTEGER", "VARCHAR", "BIGINT"), plain(S4, null, null).stream()
        .filter(r -> r.step() > 1).map(r -> row(r.step(), r.event(), r.reached())).toList()));
    ORACLES.put("funnel.order-desc-limit", () -> {
      List<FunnelRow> rows = new ArrayList<>(plain(S4, null, null));
      rows.sort(Comparator.comparingInt(FunnelRow::step).reversed());
      return new Expected(List.of("event", "reached"), List.of("VARCHAR", "BIGINT"),
          rows.stream().limit(2).map(r -> row(r.event(), r.reached())).toList());
    });
    ORACLES.put("funnel.aggregates", () -> {
      List<FunnelRow> rows = plain(S4, null, null);
      List<Double> previous = rows.stream().map(FunnelRow::rateFromPrevious)
          .filter(Objects::nonNull).toList();
      return new Expected(List.of("steps", "total", "top", "last_rate", "avg_previous"),
          List.of("BIGINT", "HUGEINT", "BIGINT", "DOUBLE", "DOUBLE"), List.of(row(
          (long) rows.size(), rows.stream().mapToLong(FunnelRow::reached).sum(),
          rows.stream().mapToLong(FunnelRow::reached).max().orElseThrow(),
          rows.stream().map(FunnelRow::rateFromFirst).filter(Objects::nonNull)
              .min(Double::compare).orElse(null),
          previous.stream().mapToDouble(Double::doubleValue).sum() / previous.size())));
    });
    ORACLES.put("funnel.expressions", () -> new Expected(List.of("step", "label", "pct"),
        List.of("INTEGER", "VARCHAR", "DOUBLE"), plain(S3, null, null).stream()
        .map(r -> row(r.step(), r.event() + " (" + r.reached() + ")",
            r.rateFromFirst() == null ? null : 100 * r.rateFromFirst())).toList()));
    ORACLES.put("funnel.lost-per-step", () -> {
      List<FunnelRow> rows = plain(S4, null, null);
      List<List<Object>> out = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        FunnelRow r = rows.get(i);
        out.add(row(r.step(), r.event(), r.reached(),
            i == 0 ? null : rows.get(i - 1).reached() - r.reached()));
      }
      return new Expected(List.of("step", "event", "reached", "lost"),
          List.of("INTEGER", "VARCHAR", "BIGINT", "BIGINT"), out);
    });
    ORACLES.put("funnel.share-of-first-window", () -> {
      List<FunnelRow> rows = plain(S4, null, null);
      long first = rows.get(0).reached();
      return new Expected(List.of("step", "of_first", "rate_from_first"),
          List.of("INTEGER", "DOUBLE", "DOUBLE"), rows.stream().map(r -> row(r.step(),
          first == 0 ? null : (double) r.reached() / first, r.rateFromFirst())).toList());
    });
    ORACLES.put("funnel.join-taxonomy", () -> {
      Map<String, Object> description = directMap("SELECT event, description FROM taxonomy");
      return new Expected(List.of("step", "event", "description", "reached"),
          List.of("INTEGER", "VARCHAR", "VARCHAR", "BIGINT"), plain(S3, null, null).stream()
          .map(r -> row(r.step(), r.event(), description.get(r.event()), r.reached()))
          .toList());
    });
    ORACLES.put("funnel.join-taxonomy-using-table", () -> {
      Map<String, Object> events = directMap("SELECT event, events FROM taxonomy");
      return new Expected(List.of("step", "event", "events_in_store", "reached"),
          List.of("INTEGER", "VARCHAR", "BIGINT", "BIGINT"),
          plain("trial_started,feature_used,subscription_paid", 14, null).stream()
          .map(r -> row(r.step(), r.event(), events.get(r.event()), r.reached())).toList());
    });
    ORACLES.put("funnel.two-windows", () -> {
      List<FunnelRow> a = plain(S3, 3, null);
      List<FunnelRow> b = plain(S3, 21, null);
      List<List<Object>> out = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        out.add(row(a.get(i).step(), a.get(i).event(), a.get(i).reached(),
            b.get(i).reached()));
      }
      return new Expected(List.of("step", "event", "within_3_days", "within_21_days"),
          List.of("INTEGER", "VARCHAR", "BIGINT", "BIGINT"), out);
    });
    ORACLES.put("funnel.modes-union", () -> {
      List<List<Object>> out = new ArrayList<>();
      plain(S4, null, null).forEach(r -> out.add(row("default", r.step(), r.reached())));
      plain(S4, null, "strict_order").forEach(r -> out.add(row("strict_order", r.step(),
          r.reached())));
      return new Expected(List.of("mode", "step", "reached"),
          List.of("VARCHAR", "INTEGER", "BIGINT"), out);
    });
    ORACLES.put("funnel.cte", () -> new Expected(List.of("event", "reached",
        "rate_from_previous"), List.of("VARCHAR", "BIGINT", "DOUBLE"), plain(S4, 14, null)
        .stream().filter(r -> r.sampleNote() == null)
        .map(r -> row(r.event(), r.reached(), r.rateFromPrevious())).toList()));
    ORACLES.put("funnel.subquery", () -> {
      List<FunnelRow> rows = plain(S4, null, null);
      long max = rows.stream().mapToLong(FunnelRow::reached).max().orElseThrow();
      long min = rows.stream().mapToLong(FunnelRow::reached).min().orElseThrow();
      return new Expected(List.of("lost"), List.of("BIGINT"), List.of(row(max - min)));
    });
    ORACLES.put("funnel.scalar-subquery", () -> {
      long trials = plain("trial_started", null, null).get(0).reached();
      return new Expected(List.of("stage", "reached", "trial_subjects"),
          List.of("VARCHAR", "BIGINT", "BIGINT"),
          direct("SELECT stage, reached FROM stage_reach ORDER BY stage_order").stream()
              .map(r -> row(r.get(0), r.get(1), trials)).toList());
    });
    ORACLES.put("funnel.in-subquery", () -> {
      Set<String> reached = plain(S3, null, null).stream().filter(r -> r.reached() > 0)
          .map(FunnelRow::event).collect(Collectors.toSet());
      return new Expected(List.of("event", "events"), List.of("VARCHAR", "BIGINT"),
          direct("SELECT event, events FROM taxonomy ORDER BY event").stream()
              .filter(r -> reached.contains((String) r.get(0))).toList());
    });
    ORACLES.put("funnel.column-aliases", () -> new Expected(List.of("s", "e", "r"),
        List.of("INTEGER", "VARCHAR", "BIGINT"), plain(S3, null, null).stream()
        .map(r -> row(r.step(), r.event(), r.reached())).toList()));
    ORACLES.put("funnel.group-by-note", () -> {
      Map<String, Long> count = new TreeMap<>();
      plain(S4, 2, null).forEach(r -> count.merge(r.sampleNote() == null ? "ok"
          : r.sampleNote(), 1L, Long::sum));
      return new Expected(List.of("note", "steps"), List.of("VARCHAR", "BIGINT"),
          count.entrySet().stream().map(c -> row(c.getKey(), c.getValue())).toList());
    });
    ORACLES.put("funnel.string-agg", () -> new Expected(List.of("path"), List.of("VARCHAR"),
        List.of(row(plain(S4, null, "strict_increase").stream()
            .map(r -> r.event() + "=" + r.reached()).collect(Collectors.joining(" > "))))));
    ORACLES.put("funnel.mixed-modes", () -> new Expected(List.of("step", "reached",
        "rate_from_previous"), List.of("INTEGER", "BIGINT", "DOUBLE"),
        plain(S4, 10, "strict_deduplication,strict_increase").stream()
            .map(r -> row(r.step(), r.reached(), r.rateFromPrevious())).toList()));
    ORACLES.put("funnel.cast-arguments",
        () -> stepReached(plain("trial_started,feature_used", 7, null)));
    ORACLES.put("funnel.result-casts", () -> new Expected(List.of("s", "r", "d"),
        List.of("VARCHAR", "INTEGER", "DECIMAL(6,4)"), plain(S3, null, null).stream()
        .map(r -> row(Integer.toString(r.step()), Math.toIntExact(r.reached()),
            r.rateFromFirst() == null ? null : new BigDecimal(r.rateFromFirst())
                .setScale(4, RoundingMode.HALF_UP))).toList()));
    ORACLES.put("funnel.lateral-constant", () -> {
      long paid = plain("trial_started,subscription_paid", null, null).get(1).reached();
      return new Expected(List.of("stage", "reached"), List.of("VARCHAR", "BIGINT"),
          direct("SELECT stage FROM stages ORDER BY stage_order").stream()
              .map(r -> row(r.get(0), paid)).toList());
    });
    ORACLES.put("funnel.bind-steps", () -> stepReached(plain(S3, null, null)));
    ORACLES.put("funnel.bind-window-and-filter", () -> stepReached(plain(S3, 7, null)
        .stream().filter(r -> r.step() > 1).toList()));
    ORACLES.put("funnel.bind-dollar-numbered", () -> stepReached(plain(S3, null, null)
        .stream().filter(r -> r.step() > 1).toList()));
    ORACLES.put("funnel.bind-positional-mode", () -> stepReached(plain(
        "trial_started,setup_step_completed,setup_step_completed,subscription_paid", 21,
        "strict_deduplication")));
  }

  @Test
  void theFunnelOraclesAreNotVacuous() throws SQLException {
    // the comparisons above mean something only if the plain results differ between calls
    assertNotEquals(plain(S3, 3, null).stream().map(FunnelRow::reached).toList(),
        plain(S3, 21, null).stream().map(FunnelRow::reached).toList());
    assertNotEquals(plain(S4, null, null).stream().map(FunnelRow::reached).toList(),
        plain(S4, null, "strict_order").stream().map(FunnelRow::reached).toList());
    assertTrue(plain(S3, null, null).get(2).reached() > 0);
    // both sides of the small-sample rule occur: 0 of 24 (under 30 trials) is one, 0 of 140
    // (an interval of [0, 2.7%]) is not
    assertEquals(24, plain(S4, 1, null).get(2).reached());
    assertNotNull(plain(S4, 1, null).get(3).sampleNote());
    assertEquals(140, plain(S3, 1, null).get(1).reached());
    assertEquals(0, plain(S3, 1, null).get(2).reached());
    assertNull(plain(S3, 1, null).get(2).sampleNote());
  }
}
