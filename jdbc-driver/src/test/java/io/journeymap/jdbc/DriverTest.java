package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.stats.Proportion;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL surface as a JDBC client sees it, on a small generated demo world. */
class DriverTest {
  @TempDir
  static Path dir;
  static String url;
  static Connection c;

  @BeforeAll
  static void connect() throws SQLException {
    Path model = new DemoWorld(800, 7).writeTo(dir, n -> { }).model();
    url = "jdbc:journeymap:model=" + model;
    c = DriverManager.getConnection(url);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /**
   * The store file opened with DuckDB's own JDBC driver, bypassing Calcite. The configuration is
   * the driver's (read-only, streamed results): DuckDB refuses a second instance of one file with
   * a different configuration in the same JVM.
   */
  static Connection direct() throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true");
    return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("journey.journeymap.duckdb"),
        p);
  }

  @Test
  void theDriverIsFoundByItsUrlAndBuildsTheStoreBesideTheModel() throws SQLException {
    assertTrue(DriverManager.getDriver(url) instanceof JourneymapDriver);
    assertTrue(Files.exists(dir.resolve("journey.journeymap.duckdb")));
    assertEquals("Journeymap", c.getMetaData().getDatabaseProductName());
  }

  @Test
  void everyTableIsATableWithRealTypesAndDescriptions() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    Set<String> tables = new HashSet<>();
    try (ResultSet r = md.getTables(null, "journey", "%", new String[] {"TABLE"})) {
      while (r.next()) {
        tables.add(r.getString("TABLE_NAME"));
        assertEquals("TABLE", r.getString("TABLE_TYPE"));
        assertFalse(r.getString("REMARKS") == null || r.getString("REMARKS").isBlank());
      }
    }
    Set<String> expected = new HashSet<>();
    StoreCatalogue.tables().forEach(t -> expected.add(t.name()));
    assertEquals(expected, tables);
    int columns = 0;
    try (ResultSet r = md.getColumns(null, "journey", "%", "%")) {
      while (r.next()) {
        columns++;
        String type = r.getString("TYPE_NAME");
        String where = r.getString("TABLE_NAME") + "." + r.getString("COLUMN_NAME") + " " + type;
        assertFalse(type.contains("ANY") || type.contains("(0)"), where);
        TableSpec t = StoreCatalogue.table(r.getString("TABLE_NAME"));
        ColumnSpec spec = t.column(r.getString("COLUMN_NAME"));
        assertEquals(spec.type().jdbcType(), r.getInt("DATA_TYPE"), where);
        assertEquals(spec.description(), r.getString("REMARKS"), where);
      }
    }
    assertEquals(StoreCatalogue.tables().stream().mapToInt(t -> t.columns().size()).sum(),
        columns);
  }

  @Test
  void transactionsAreHarmlessAndWritesAreRefused() throws SQLException {
    assertTrue(c.getAutoCommit());
    c.setAutoCommit(true);
    c.commit();
    c.rollback();
    for (String sql : new String[] {"INSERT INTO events (event) VALUES ('x')",
        "delete from journeys", "CREATE TABLE t (a INT)", " /* c */ DROP TABLE journeys",
        "UPDATE journeys SET status = 'converted'"}) {
      SQLException e = assertThrows(SQLException.class,
          () -> c.createStatement().executeQuery(sql), sql);
      assertTrue(e.getMessage().startsWith("the journey store is read-only"), e.getMessage());
    }
  }

  @Test
  void sqlCannotReachFilesOrOtherDatabases() {
    // the engine's file readers are locked away before the first query, and stay locked
    for (String sql : new String[] {"SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_parquet('/tmp/x.parquet')",
        "SELECT * FROM glob('/etc/*')"}) {
      SQLException e = assertThrows(SQLException.class, () -> column(sql), sql);
      assertTrue(e.getMessage().contains("disabled by configuration"), e.getMessage());
    }
    for (String sql : new String[] {"ATTACH '/tmp/other.duckdb' AS other",
        "SET enable_external_access = true", "COPY journeys TO '/tmp/x.csv'",
        "INSTALL httpfs", "PRAGMA enable_profiling", "CALL dbgen(sf = 0.01)"}) {
      SQLException e = assertThrows(SQLException.class, () -> column(sql), sql);
      assertTrue(e.getMessage().startsWith("the journey store is read-only"), e.getMessage());
    }
  }

  @Test
  void identifiersQuotedOrNotAndUtf8Literals() throws SQLException {
    long n = Long.parseLong(column("SELECT count(*) FROM journey.journeys").get(0));
    assertEquals(List.of(Long.toString(n)), column("SELECT COUNT(*) FROM JOURNEYS"));
    assertEquals(List.of(Long.toString(n)),
        column("SELECT count(*) FROM \"journey\".\"journeys\""));
    assertEquals(List.of("Zürich ✓ 東京"), column("SELECT 'Zürich ✓ 東京' FROM build_info"
        + " WHERE journey IS NOT NULL"));
    assertEquals(column("SELECT Status FROM Journeys WHERE STATUS = 'open' LIMIT 1"),
        column("SELECT \"status\" FROM journeys WHERE status = 'open' LIMIT 1"));
  }

  @Test
  void openResultsOnOneConnectionDoNotEndEachOther() throws SQLException {
    // each statement has its own engine session: reading one result while another runs
    long expected = Long.parseLong(column("SELECT count(*) FROM events").get(0));
    try (Statement outer = c.createStatement();
         ResultSet events = outer.executeQuery("SELECT event_id FROM events")) {
      long seen = 0;
      while (events.next()) {
        if (++seen % 100_000 == 1) {
          try (Statement inner = c.createStatement();
               ResultSet r = inner.executeQuery("SELECT count(*) FROM journeys")) {
            assertTrue(r.next());
          }
        }
      }
      assertEquals(expected, seen);
    }
  }

  @Test
  void explainShowsTheEnginesPlan() throws SQLException {
    // the whole query runs in the store engine: its plan is the plan
    StringBuilder plan = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("EXPLAIN SELECT"
        + " status, count(*) FROM journeys WHERE first_channel = 'partner' GROUP BY status")) {
      while (r.next()) {
        plan.append(r.getString(2));
      }
    }
    assertTrue(plan.toString().contains("GROUP_BY"), plan.toString());
    assertTrue(plan.toString().contains("journeys"), plan.toString());
  }

  @Test
  void resultsMatchTheStoreReadDirectly() throws SQLException {
    List<String> viaDriver = column("SELECT from_stage || ':' || advanced || ':' || rate"
        + " FROM stage_conversion ORDER BY from_order");
    try (Connection duck = direct();
         Statement s = duck.createStatement();
         ResultSet r = s.executeQuery("SELECT from_stage, advanced, rate, "
             + " (SELECT max(started_at) FROM journeys) FROM stage_conversion ORDER BY from_order")) {
      List<String> direct = new ArrayList<>();
      String latest = null;
      while (r.next()) {
        direct.add(r.getString(1) + ":" + r.getLong(2) + ":" + r.getDouble(3));
        latest = r.getTimestamp(4).toString();
      }
      assertEquals(direct, viaDriver);
      assertEquals(List.of(latest), column("SELECT max(started_at) FROM journeys"));
    }
  }

  @Test
  void insightFunctionsTakeNamedArgumentsAndBinds() throws SQLException {
    List<String> named = column("SELECT transition || ':' || behavior || ':' || n_with FROM"
        + " TABLE(behavior_lift(within_days => 5, min_support => 20)) ORDER BY 1");
    assertTrue(!named.isEmpty());
    assertEquals(named, bound("SELECT transition || ':' || behavior || ':' || n_with FROM"
        + " TABLE(behavior_lift(within_days => ?, min_support => ?)) ORDER BY 1", 5, 20));
    assertTrue(named.stream().allMatch(r -> r.contains(" within 5 days:")), named.toString());
    List<String> paths = column("SELECT path || ':' || journeys || ':' || reached FROM TABLE("
        + "paths(from_stage => 'activated', to_stage => 'converted', max_steps => 3))");
    assertTrue(!paths.isEmpty());
    assertEquals(paths, bound("SELECT path || ':' || journeys || ':' || reached FROM TABLE("
        + "paths(from_stage => ?, to_stage => ?, max_steps => ?))", "activated", "converted", 3));
    // filters and joins over a table function run in the engine like over any table
    assertEquals(column("SELECT sum(journeys) FROM TABLE(paths('activated', 'converted'))"),
        column("SELECT count(*) FROM stage_entries se JOIN journeys j USING (journey_id)"
            + " WHERE se.stage = 'activated' AND j.judged AND NOT EXISTS (SELECT 1 FROM"
            + " stage_entries b WHERE b.journey_id = se.journey_id AND b.stage = 'converted'"
            + " AND b.entered_at <= se.entered_at)"));
    SQLException days = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(behavior_lift(within_days => 0))"));
    assertTrue(days.getMessage().contains("behavior_lift: within_days must be at least 1 and"
        + " shorter than the journey window (21 days; on its last day no journey is still"
        + " undecided), got 0"), days.getMessage());
    SQLException stage = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(paths(from_stage => 'activated', to_stage => 'paid'))"));
    assertTrue(stage.getMessage().contains("paths: to_stage 'paid' is not a stage"),
        stage.getMessage());
  }

  @Test
  void triggersAsOfTakesATimestampLiteralTextOrABind() throws SQLException {
    String columns = "trigger_name || ':' || journey_id || ':' || fired_at || ':' || test_group";
    List<String> today = column("SELECT " + columns + " FROM triggers WHERE open_now ORDER BY 1");
    assertTrue(!today.isEmpty());
    String asOf = column("SELECT strftime(as_of, '%Y-%m-%d %H:%M:%S.%f') FROM build_info").get(0);
    assertEquals(today, column("SELECT " + columns + " FROM triggers_as_of(TIMESTAMP '" + asOf
        + "') ORDER BY 1"));
    assertEquals(today, column("SELECT " + columns + " FROM triggers_as_of(ts => '" + asOf
        + "') ORDER BY 1"));
    assertEquals(today, bound("SELECT " + columns + " FROM triggers_as_of(?) ORDER BY 1",
        java.sql.Timestamp.valueOf(asOf)));
    String week = column("SELECT strftime(as_of - INTERVAL 7 DAY, '%Y-%m-%dT%H:%M:%S.%fZ')"
        + " FROM build_info").get(0);
    assertEquals(column("SELECT count(*) FROM triggers_as_of('" + week + "')"),
        bound("SELECT count(*) FROM triggers_as_of(?)", java.time.OffsetDateTime.parse(week)));
    SQLException late = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM triggers_as_of(TIMESTAMP '2999-01-01')"));
    assertTrue(late.getMessage().contains("triggers_as_of: ts 2999-01-01 00:00:00 is after the"
        + " store's as-of"), late.getMessage());
  }

  private static List<String> bound(String sql, Object... values) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 1, values[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  @Test
  void funnelTakesNamedArgumentsAndBinds() throws SQLException {
    List<String> named = column("SELECT step || ':' || event || ':' || reached FROM TABLE("
        + "funnel(steps => 'trial_started,setup_step_completed,subscription_paid',"
        + " window_days => 21))");
    assertEquals(3, named.size());
    try (PreparedStatement p = c.prepareStatement(
        "SELECT step || ':' || event || ':' || reached FROM TABLE(funnel(steps => ?))")) {
      p.setString(1, "trial_started,setup_step_completed,subscription_paid");
      List<String> bound = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          bound.add(r.getString(1));
        }
      }
      assertEquals(named, bound);
    }
    // step 1 counts persons with a trial start a whole window (21 days) before as-of; those
    // with only later ones are still in their window
    long started = Long.parseLong(column("SELECT count(DISTINCT person_id) FROM events"
        + " WHERE event = 'trial_started' AND occurred_at <= (SELECT as_of - INTERVAL 21 DAY"
        + " FROM build_info)").get(0));
    assertEquals("1:trial_started:" + started, named.get(0));
    long recent = Long.parseLong(column("SELECT count(DISTINCT person_id) FROM events"
        + " WHERE event = 'trial_started' AND occurred_at <= (SELECT as_of FROM build_info)")
        .get(0)) - started;
    assertEquals(List.of(String.valueOf(recent)), column("SELECT DISTINCT still_in_window"
        + " FROM TABLE(funnel(steps => 'trial_started,subscription_paid', window_days => 21))"));
    SQLException e = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(funnel(steps => 'trial_started,nope'))"));
    assertTrue(e.getMessage().contains("unknown event 'nope'"), e.getMessage());
    SQLException m = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(funnel(steps => 'trial_started', mode => 'sideways'))"));
    assertTrue(m.getMessage().contains("allowed: default, strict_order"), m.getMessage());
  }

  /** The rows of one funnel() call; {@code windowDays} and {@code mode} may be left out. */
  private static List<FunnelReference.Row> funnel(String steps, Integer windowDays, String mode)
      throws SQLException {
    String sql = "SELECT step, event, reached, rate_from_previous, previous_ci_low,"
        + " previous_ci_high, rate_from_first, first_ci_low, first_ci_high,"
        + " median_hours_from_previous, sample_note, still_in_window"
        + " FROM TABLE(funnel(steps => '" + steps + "'"
        + (windowDays == null ? "" : ", window_days => " + windowDays)
        + (mode == null ? "" : ", mode => '" + mode + "'") + ")) ORDER BY step";
    List<FunnelReference.Row> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(new FunnelReference.Row(r.getInt(1), r.getString(2), r.getLong(3),
            nullable(r, 4), nullable(r, 5), nullable(r, 6), nullable(r, 7), nullable(r, 8),
            nullable(r, 9), nullable(r, 10), r.getString(11), r.getLong(12)));
      }
    }
    return rows;
  }

  private static Double nullable(ResultSet r, int column) throws SQLException {
    double v = r.getDouble(column);
    return r.wasNull() ? null : v;
  }

  private static void assertSameRows(List<FunnelReference.Row> expected,
      List<FunnelReference.Row> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      FunnelReference.Row e = expected.get(i);
      FunnelReference.Row a = actual.get(i);
      String where = what + ", step " + e.step() + "\n expected " + e + "\n   actual " + a;
      assertEquals(e.step(), a.step(), where);
      assertEquals(e.event(), a.event(), where);
      assertEquals(e.reached(), a.reached(), where);
      assertEquals(e.stillInWindow(), a.stillInWindow(), where);
      assertClose(e.rateFromPrevious(), a.rateFromPrevious(), 1e-12, where);
      assertClose(e.previousLow(), a.previousLow(), 1e-12, where);
      assertClose(e.previousHigh(), a.previousHigh(), 1e-12, where);
      assertClose(e.rateFromFirst(), a.rateFromFirst(), 1e-12, where);
      assertClose(e.firstLow(), a.firstLow(), 1e-12, where);
      assertClose(e.firstHigh(), a.firstHigh(), 1e-12, where);
      assertClose(e.medianHoursFromPrevious(), a.medianHoursFromPrevious(), 1e-9, where);
      assertEquals(e.sampleNote(), a.sampleNote(), where);
    }
  }

  private static void assertClose(Double expected, Double actual, double tolerance,
      String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
    } else {
      assertEquals(expected, actual, tolerance, where);
    }
  }

  private static List<Long> reached(List<FunnelReference.Row> rows) {
    return rows.stream().map(FunnelReference.Row::reached).toList();
  }

  @Test
  void funnelMatchesTheStoresEventsEvaluatedDirectly() throws SQLException {
    FunnelReference reference;
    try (Connection duck = direct()) {
      reference = FunnelReference.read(duck);
    }
    // setup_step_completed named twice: every mode counts the second setup step differently
    String repeated = "trial_started,setup_step_completed,setup_step_completed,subscription_paid";
    // page views come before and after the trial start, so order and repetition matter
    String pages = "trial_started,page_viewed,setup_step_completed,subscription_paid";
    String three = "trial_started,feature_used,subscription_paid";
    List<String> modes = List.of("default", "strict_order", "strict_deduplication",
        "strict_increase", "strict_order,strict_increase", "strict_deduplication,strict_increase");
    Map<String, List<Long>> repeatedByMode = new LinkedHashMap<>();
    Map<String, List<Long>> pagesByMode = new LinkedHashMap<>();
    for (String steps : List.of(repeated, pages, three)) {
      for (String mode : modes) {
        List<FunnelReference.Row> expected = reference.rows(steps, null, mode);
        assertSameRows(expected, funnel(steps, null, mode), steps + " mode " + mode);
        if (steps.equals(repeated)) {
          repeatedByMode.put(mode, reached(expected));
        } else if (steps.equals(pages)) {
          pagesByMode.put(mode, reached(expected));
        }
      }
    }
    // the comparison means something only if the modes disagree on this data
    assertEquals(5, new HashSet<>(List.of(repeatedByMode.get("default"),
        repeatedByMode.get("strict_order"), repeatedByMode.get("strict_deduplication"),
        repeatedByMode.get("strict_increase"), repeatedByMode.get("strict_order,strict_increase")))
        .size(), repeatedByMode.toString());
    assertEquals(3, new HashSet<>(List.of(pagesByMode.get("default"),
        pagesByMode.get("strict_order"), pagesByMode.get("strict_deduplication"))).size(),
        pagesByMode.toString());
    assertTrue(repeatedByMode.get("default").get(3) > 0, repeatedByMode.toString());
    // subjects whose trial started within the window before as-of are left out, and counted:
    // the comparison of that rule means something only if there are such subjects
    long recent = reference.rows(three, null, "default").get(0).stillInWindow();
    assertTrue(recent > 0, "no subject within the window before as-of");
    assertTrue(reference.rows(three, 60, "default").get(0).stillInWindow() > recent);
    // mode left out is the default
    assertSameRows(reference.rows(pages, null, "default"), funnel(pages, null, null),
        "no mode");
    // window_days overrides the journey window (21 days on the demo)
    List<FunnelReference.Row> shortWindow = reference.rows(pages, 3, "default");
    assertNotEquals(pagesByMode.get("default"), reached(shortWindow));
    assertSameRows(shortWindow, funnel(pages, 3, null), "window 3");
    assertSameRows(reference.rows(repeated, 2, "strict_deduplication"),
        funnel(repeated, 2, "strict_deduplication"), "window 2 strict_deduplication");
    assertSameRows(reference.rows(three, 60, "strict_order,strict_increase"),
        funnel(three, 60, "strict_order,strict_increase"), "window 60 strict_order,increase");

    // The expected intervals come from Proportion; one case by hand, 21 of 593 (a rate this
    // demo shows): p = 0.035413, z^2 = 3.841459, z^2/n = 0.006478;
    // centre = (p + z^2/2n) / (1 + z^2/n) = (0.035413 + 0.003239) / 1.006478 = 0.038403;
    // half = z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2)
    //      = 1.947349 * sqrt(0.0000576038 + 0.0000027310) = 1.947349 * 0.0077676 = 0.015126;
    // so [0.023277, 0.053530].
    Proportion hand = Proportion.wilson(21, 593);
    assertEquals(0.023277, hand.low(), 1e-6);
    assertEquals(0.053530, hand.high(), 1e-6);
  }

  @Test
  void badUrlsAndModelsFailWithClearMessages() throws Exception {
    SQLException key = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:modle=x.yaml"));
    assertTrue(key.getMessage().contains("unknown URL key 'modle'"), key.getMessage());
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "journey:\n  name: x\n  colour: blue\n");
    SQLException model = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:model=" + bad));
    assertTrue(model.getMessage().contains("bad.yaml:3:3: unknown key 'colour'"),
        model.getMessage());
    SQLException store = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:store=" + dir.resolve("none.duckdb")));
    assertTrue(store.getMessage().contains("no journey store at"), store.getMessage());
    assertNotNull(c.getMetaData().getSchemas());
  }
}
