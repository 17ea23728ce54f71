package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.ColumnType;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metabase's use of a sql-jdbc driver, replayed call by call on every journey table: the
 * connection test, version, sync (schemas, tables with Metabase's type list, the per-table
 * probe, columns, primary keys, indexes), fingerprints and field values, then questions run as
 * its query processor runs them. Answers are checked against the store's own rows, grouped and
 * filtered here in Java. A subclass runs the same replay against another URL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetabaseContractTest {
  /** sql-jdbc's table types when it syncs. */
  static final String[] METABASE_TYPES = {"TABLE", "PARTITIONED TABLE", "VIEW",
      "FOREIGN TABLE", "MATERIALIZED VIEW", "EXTERNAL TABLE", "DYNAMIC_TABLE"};
  /** The comment line Metabase puts before every query it runs. */
  static final String REMARK = "-- Metabase:: userID: 1 queryType: MBQL queryHash: "
      + "9e7c3b5a0d2f41c68e1b7a3d5c9f0e2b4a6d8c1e3f5a7b9d0c2e4f6a8b0d2c4e\n";
  /** Fingerprints read the first 10,000 rows and cut text at this length. */
  static final int FINGERPRINT_ROWS = 10_000;
  static final int TEXT_CUT = 1234;

  Connection c;

  /** The JDBC URL the Metabase driver's connection spec produces for this test's store. */
  String url(Path model) throws Exception {
    return "jdbc:journeymap:model=" + model;
  }

  /** The connection properties Metabase's spec carries (user and password only). */
  Properties properties() {
    return new Properties();
  }

  /** The product name Metabase shows for the database. */
  String productName() {
    return "Journeymap";
  }

  /** How finely times travel: the store keeps microseconds. */
  java.time.temporal.ChronoUnit timePrecision() {
    return java.time.temporal.ChronoUnit.MICROS;
  }

  /** Whether a prepared query calling funnel() tells its columns before it runs. */
  boolean describesFunnelBeforeRunning() {
    return true;
  }

  @BeforeAll
  void connect(@TempDir Path dir) throws Exception {
    Path model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
    c = DriverManager.getConnection(url(model), properties());
  }

  @AfterAll
  void close() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  // ---------------------------------------------------------------------------------------
  // connecting and sync

  @Test
  void connectionTestAndVersion() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1")) {
      assertTrue(r.next());
      assertEquals(1, r.getInt(1));
      assertFalse(r.next());
    }
    try (PreparedStatement p = c.prepareStatement("SELECT 1"); ResultSet r = p.executeQuery()) {
      assertTrue(r.next());
      assertEquals(1L, ((Number) r.getObject(1)).longValue());
    }
    DatabaseMetaData md = c.getMetaData();
    assertEquals(productName(), md.getDatabaseProductName());
    assertTrue(md.getDatabaseProductVersion().startsWith(JourneymapDriver.VERSION),
        md.getDatabaseProductVersion());
    // Metabase's dbms-version pairs the product name with these: Journeymap's, not the engine's
    assertEquals(md.getDriverMajorVersion(), md.getDatabaseMajorVersion());
    assertEquals(md.getDriverMinorVersion(), md.getDatabaseMinorVersion());
    assertTrue(md.getDatabaseProductVersion().startsWith(md.getDatabaseMajorVersion() + "."
        + md.getDatabaseMinorVersion() + "."), md.getDatabaseProductVersion());
    assertEquals("\"", md.getIdentifierQuoteString());
  }

  @Test
  void syncSeesEveryTableWithItsColumnsKeysAndRemarks() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<String> schemas = new ArrayList<>();
    try (ResultSet r = md.getSchemas()) {
      while (r.next()) {
        schemas.add(r.getString("TABLE_SCHEM"));
      }
    }
    assertEquals(List.of("journey"), schemas);
    Map<String, String> remarks = new TreeMap<>();
    try (ResultSet r = md.getTables(null, "journey", "%", METABASE_TYPES)) {
      while (r.next()) {
        assertEquals("journey", r.getString("TABLE_SCHEM"));
        assertEquals("TABLE", r.getString("TABLE_TYPE"));
        remarks.put(r.getString("TABLE_NAME"), r.getString("REMARKS"));
      }
    }
    Map<String, String> expected = new TreeMap<>();
    StoreCatalogue.tables().forEach(t -> expected.put(t.name(), t.description()));
    assertEquals(expected, remarks);

    for (TableSpec table : StoreCatalogue.tables()) {
      String t = table.name();
      // the privilege probe, capped and timed out as Metabase runs it
      try (Statement s = c.createStatement()) {
        s.setMaxRows(0);
        s.setQueryTimeout(15);
        try (ResultSet r = s.executeQuery(
            "SELECT TRUE AS \"_\" FROM \"journey\".\"" + t + "\" WHERE 1 <> 1 LIMIT 0")) {
          assertFalse(r.next(), t);
        }
      }
      // columns, read as sql-jdbc's describe-table reads them
      List<ColumnSpec> columns = new ArrayList<>();
      try (ResultSet r = md.getColumns(null, "journey", t, null)) {
        while (r.next()) {
          String name = r.getString("COLUMN_NAME");
          ColumnSpec spec = table.columns().get(columns.size());
          assertEquals(spec.name(), name, t);
          assertEquals(spec.type().name(), r.getString("TYPE_NAME"), t + "." + name);
          assertEquals(spec.type().jdbcType(), r.getInt("DATA_TYPE"), t + "." + name);
          assertEquals(spec.description(), r.getString("REMARKS"), t + "." + name);
          assertEquals(null, r.getString("COLUMN_DEF"), t + "." + name);
          assertEquals(DatabaseMetaData.columnNullable, r.getInt("NULLABLE"), t + "." + name);
          assertEquals("NO", r.getString("IS_AUTOINCREMENT"), t + "." + name);
          assertEquals(columns.size() + 1, r.getInt("ORDINAL_POSITION"));
          columns.add(spec);
        }
      }
      assertEquals(table.columns(), columns, t);
      // the fallback: an empty query's result metadata tells the same names and types
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
          "SELECT * FROM \"journey\".\"" + t + "\" WHERE 1 <> 1 LIMIT 0")) {
        ResultSetMetaData rm = r.getMetaData();
        assertEquals(table.columns().size(), rm.getColumnCount(), t);
        for (int i = 1; i <= rm.getColumnCount(); i++) {
          ColumnSpec spec = table.columns().get(i - 1);
          assertEquals(spec.name(), rm.getColumnLabel(i));
          assertEquals(spec.type().name(), rm.getColumnTypeName(i), t + "." + spec.name());
          assertEquals(spec.type().jdbcType(), rm.getColumnType(i), t + "." + spec.name());
        }
      }
      List<String> keys = new ArrayList<>();
      try (ResultSet r = md.getPrimaryKeys(null, "journey", t)) {
        while (r.next()) {
          keys.add(r.getString("COLUMN_NAME"));
        }
      }
      assertEquals(StoreCatalogue.primaryKey(t), keys, t);
      try (ResultSet r = md.getImportedKeys(null, "journey", t)) {
        assertFalse(r.next(), "no foreign keys declared on " + t);
      }
      try (ResultSet r = md.getIndexInfo(null, "journey", t, false, true)) {
        assertNotNull(r.getMetaData());
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // fingerprints and field values, on every table

  /** Every value of one column, read plainly. */
  private List<Object> values(String table, String column) throws SQLException {
    List<Object> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT \"" + column + "\" FROM \"journey\".\"" + table + "\"")) {
      while (r.next()) {
        out.add(read(r, r.getMetaData(), 1));
      }
    }
    return out;
  }

  private long rowCount(String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT count(*) FROM \"journey\".\"" + table + "\"")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** A statement prepared exactly as Metabase's query processor prepares one. */
  PreparedStatement prepareAsMetabase(String sql, int maxRows) throws SQLException {
    try {
      c.setReadOnly(true);
      c.setAutoCommit(false);
      c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
    } catch (SQLException tolerated) {
      // Metabase catches and logs these; the driver is expected to accept them
      throw new AssertionError("Metabase's connection setup failed", tolerated);
    }
    PreparedStatement p = c.prepareStatement(REMARK + sql, ResultSet.TYPE_FORWARD_ONLY,
        ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
    p.setFetchDirection(ResultSet.FETCH_FORWARD);
    p.setFetchSize(500);
    p.setMaxRows(maxRows);
    p.setQueryTimeout(1200);
    return p;
  }

  @TestFactory
  Stream<DynamicTest> fingerprintsOfEveryTable() {
    return StoreCatalogue.tables().stream().map(table -> DynamicTest.dynamicTest(table.name(),
        () -> {
          String t = table.name();
          String select = table.columns().stream().map(col -> col.type() == ColumnType.VARCHAR
              ? "substring(\"journey\".\"" + t + "\".\"" + col.name() + "\", 1, " + TEXT_CUT
                  + ") AS \"" + col.name() + "\""
              : "\"journey\".\"" + t + "\".\"" + col.name() + "\" AS \"" + col.name() + "\"")
              .collect(Collectors.joining(", "));
          long rows = 0;
          try (PreparedStatement p = prepareAsMetabase("SELECT " + select + " FROM \"journey\".\""
              + t + "\" LIMIT " + FINGERPRINT_ROWS, 0); ResultSet r = p.executeQuery()) {
            ResultSetMetaData md = r.getMetaData();
            while (r.next()) {
              rows++;
              for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = read(r, md, i);
                if (v instanceof String s) {
                  assertTrue(s.length() <= TEXT_CUT, t + "." + md.getColumnLabel(i));
                }
              }
            }
          }
          assertEquals(Math.min(FINGERPRINT_ROWS, rowCount(t)), rows, t);
        }));
  }

  /** A value as Metabase's read-column-thunk reads it, by JDBC type. */
  static Object read(ResultSet r, ResultSetMetaData md, int i) throws SQLException {
    return switch (md.getColumnType(i)) {
      case Types.TIMESTAMP -> r.getObject(i, LocalDateTime.class);
      case Types.TIMESTAMP_WITH_TIMEZONE -> r.getObject(i, OffsetDateTime.class);
      case Types.DATE -> r.getObject(i, LocalDate.class);
      case Types.TIME -> r.getObject(i, LocalTime.class);
      case Types.TIME_WITH_TIMEZONE -> r.getObject(i, OffsetTime.class);
      default -> r.getObject(i);
    };
  }

  @TestFactory
  Stream<DynamicTest> fieldValuesOfEveryColumnOfEveryTable() {
    return StoreCatalogue.tables().stream().map(table -> DynamicTest.dynamicTest(table.name(),
        () -> {
          String t = table.name();
          for (ColumnSpec col : table.columns()) {
            String q = "\"" + t + "\".\"" + col.name() + "\"";
            String sql = "SELECT " + q + " AS \"" + col.name() + "\" FROM \"journey\".\"" + t
                + "\" GROUP BY " + q + " ORDER BY " + q + " ASC LIMIT 1000";
            List<Object> got = new ArrayList<>();
            try (PreparedStatement p = prepareAsMetabase(sql, 0); ResultSet r = p.executeQuery()) {
              while (r.next()) {
                got.add(read(r, r.getMetaData(), 1));
              }
            }
            // distinct values in ascending order, NULL last, at most 1,000
            List<Object> all = values(t, col.name());
            List<Object> expected = all.stream().filter(Objects::nonNull).distinct()
                .sorted(ORDER).collect(Collectors.toCollection(ArrayList::new));
            if (all.contains(null)) {
              expected.add(null);
            }
            assertEquals(expected.subList(0, Math.min(1000, expected.size())), got,
                t + "." + col.name());
          }
        }));
  }

  /** The engine's order for one column's values: numbers, text by code point, times, false first. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final Comparator<Object> ORDER = (a, b) -> {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y); // the store's collation is binary
    }
    return ((Comparable) a).compareTo(b);
  };

  // ---------------------------------------------------------------------------------------
  // questions

  record Journey(long id, String status, LocalDateTime startedAt, long events,
      String firstChannel) {}

  private List<Journey> journeys() throws SQLException {
    List<Journey> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT journey_id, status, started_at, events, first_channel FROM journeys")) {
      while (r.next()) {
        out.add(new Journey(r.getLong(1), r.getString(2), r.getObject(3, LocalDateTime.class),
            r.getLong(4), r.getString(5)));
      }
    }
    return out;
  }

  @Test
  void rawTableWithTheAbsoluteRowLimit() throws SQLException {
    long rows = 0;
    try (PreparedStatement p = prepareAsMetabase("SELECT \"journey\".\"events\".\"event_id\" AS"
        + " \"event_id\", \"journey\".\"events\".\"occurred_at\" AS \"occurred_at\","
        + " \"journey\".\"events\".\"event\" AS \"event\" FROM \"journey\".\"events\""
        + " LIMIT 1048576", 2000); ResultSet r = p.executeQuery()) {
      ResultSetMetaData md = r.getMetaData();
      assertEquals(List.of("event_id", "occurred_at", "event"), List.of(md.getColumnLabel(1),
          md.getColumnLabel(2), md.getColumnLabel(3)));
      assertEquals(List.of("BIGINT", "TIMESTAMP", "VARCHAR"), List.of(md.getColumnTypeName(1),
          md.getColumnTypeName(2), md.getColumnTypeName(3)));
      while (r.next()) {
        rows++;
        assertNotNull(r.getObject(2, LocalDateTime.class));
      }
    }
    assertEquals(Math.min(2000, rowCount("events")), rows, "max rows caps the raw table");
  }

  @Test
  void nativeQueryMetadataBeforeExecutionAndDateRangeParameters() throws SQLException {
    List<Journey> all = journeys();
    LocalDate from = all.stream().map(j -> j.startedAt().toLocalDate()).sorted().toList()
        .get(all.size() / 4);
    LocalDate to = from.plusDays(20);
    String sql = "SELECT status, count(*) AS n, sum(events) AS events FROM journeys"
        + " WHERE CAST(started_at AS date) BETWEEN ? AND ? AND status <> ?"
        + " GROUP BY status ORDER BY status";
    try (PreparedStatement p = prepareAsMetabase(sql, 2000)) {
      ResultSetMetaData before = p.getMetaData();
      assertNotNull(before, "native questions read columns before running");
      assertEquals(3, before.getColumnCount());
      assertEquals(List.of("status", "n", "events"), List.of(before.getColumnLabel(1),
          before.getColumnLabel(2), before.getColumnLabel(3)));
      assertEquals("VARCHAR", before.getColumnTypeName(1));
      // sql-jdbc's set-parameter names the target type for java.time values
      p.setObject(1, from, Types.DATE);
      p.setObject(2, to, Types.DATE);
      p.setObject(3, "open");
      Map<String, long[]> got = new LinkedHashMap<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          got.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)});
        }
      }
      Map<String, long[]> expected = new TreeMap<>();
      for (Journey j : all) {
        LocalDate d = j.startedAt().toLocalDate();
        if (!d.isBefore(from) && !d.isAfter(to) && !j.status().equals("open")) {
          long[] a = expected.computeIfAbsent(j.status(), k -> new long[2]);
          a[0]++;
          a[1] += j.events();
        }
      }
      assertFalse(expected.isEmpty(), "the range holds journeys");
      assertEquals(expected.keySet().stream().toList(), got.keySet().stream().toList());
      expected.forEach((k, v) -> assertEquals(List.of(v[0], v[1]),
          List.of(got.get(k)[0], got.get(k)[1]), k));
      // the same statement again with other binds, as a dashboard filter change does
      p.setObject(1, LocalDateTime.of(from, LocalTime.MIDNIGHT).atOffset(ZoneOffset.UTC),
          Types.TIMESTAMP_WITH_TIMEZONE);
      p.setObject(2, to.atStartOfDay(), Types.TIMESTAMP);
      p.setString(3, "open");
      long total = 0;
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          total += r.getLong(2);
        }
      }
      assertEquals(expected.values().stream().mapToLong(a -> a[0]).sum(), total);
    }
  }

  @Test
  void nativeQuestionCallingFunnelTellsItsColumnsBeforeRunning() throws SQLException {
    // query-result-metadata: prepare, bind, read the columns without executing
    String sql = "SELECT step, event, reached, rate_from_first FROM funnel(steps => ?)"
        + " WHERE reached > ? ORDER BY step";
    try (PreparedStatement p = prepareAsMetabase(sql, 2000)) {
      p.setObject(1, "trial_started,setup_step_completed,subscription_paid");
      p.setObject(2, 0L);
      List<String> labels = List.of("step", "event", "reached", "rate_from_first");
      if (describesFunnelBeforeRunning()) {
        ResultSetMetaData before = p.getMetaData();
        assertNotNull(before);
        List<String> types = new ArrayList<>();
        for (int i = 1; i <= before.getColumnCount(); i++) {
          types.add(before.getColumnTypeName(i));
        }
        assertEquals(labels.size(), before.getColumnCount());
        assertEquals(labels, List.of(before.getColumnLabel(1), before.getColumnLabel(2),
            before.getColumnLabel(3), before.getColumnLabel(4)));
        assertEquals(List.of("INTEGER", "VARCHAR", "BIGINT", "DOUBLE"), types);
      }
      List<String> events = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        assertEquals(labels.size(), r.getMetaData().getColumnCount());
        while (r.next()) {
          events.add(r.getString("event"));
        }
      }
      assertEquals(List.of("trial_started", "setup_step_completed", "subscription_paid"),
          events);
    }
  }

  @Test
  void joinsBetweenJourneyTables() throws SQLException {
    Map<Long, String> status = new HashMap<>();
    journeys().forEach(j -> status.put(j.id(), j.status()));
    Map<String, Long> expected = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT journey_id, stage FROM stage_entries")) {
      while (r.next()) {
        expected.merge(status.get(r.getLong(1)) + "/" + r.getString(2), 1L, Long::sum);
      }
    }
    Map<String, Long> got = new TreeMap<>();
    try (PreparedStatement p = prepareAsMetabase("SELECT \"Journeys\".\"status\" AS"
        + " \"Journeys__status\", \"journey\".\"stage_entries\".\"stage\" AS \"stage\","
        + " count(*) AS \"count\" FROM \"journey\".\"stage_entries\" LEFT JOIN"
        + " \"journey\".\"journeys\" AS \"Journeys\" ON \"journey\".\"stage_entries\".\"journey_id\""
        + " = \"Journeys\".\"journey_id\" GROUP BY \"Journeys\".\"status\","
        + " \"journey\".\"stage_entries\".\"stage\" ORDER BY \"Journeys\".\"status\" ASC,"
        + " \"journey\".\"stage_entries\".\"stage\" ASC", 2000); ResultSet r = p.executeQuery()) {
      assertEquals("Journeys__status", r.getMetaData().getColumnLabel(1));
      while (r.next()) {
        got.put(r.getString(1) + "/" + r.getString(2), r.getLong(3));
      }
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, got);
  }

  @Test
  void nestedSourceQueries() throws SQLException {
    List<Journey> all = journeys();
    Map<String, Long> expected = new TreeMap<>();
    for (Journey j : all) {
      if (j.events() >= 3) {
        expected.merge(String.valueOf(j.firstChannel()), 1L, Long::sum);
      }
    }
    Map<String, Long> got = new TreeMap<>();
    try (PreparedStatement p = prepareAsMetabase("SELECT \"source\".\"first_channel\" AS"
        + " \"first_channel\", count(*) AS \"count\" FROM (SELECT"
        + " \"journey\".\"journeys\".\"first_channel\" AS \"first_channel\","
        + " \"journey\".\"journeys\".\"events\" AS \"events\" FROM \"journey\".\"journeys\") AS"
        + " \"source\" WHERE \"source\".\"events\" >= ? GROUP BY \"source\".\"first_channel\""
        + " ORDER BY \"source\".\"first_channel\" ASC", 2000)) {
      p.setObject(1, 3L);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          got.put(String.valueOf(r.getString(1)), r.getLong(2));
        }
      }
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, got);
  }

  @Test
  void everyTemporalTypeReadsAsMetabaseReadsIt() throws SQLException {
    try (PreparedStatement p = prepareAsMetabase("SELECT TIMESTAMP '2026-03-02 10:15:30.123456'"
        + " AS ts, TIMESTAMPTZ '2026-03-02 11:15:30.123456+01' AS tz, DATE '2026-03-02' AS d,"
        + " TIME '10:15:30.5' AS t", 2000); ResultSet r = p.executeQuery()) {
      assertTrue(r.next());
      ResultSetMetaData md = r.getMetaData();
      LocalDateTime wall = LocalDateTime.of(2026, 3, 2, 10, 15, 30, 123_456_000)
          .truncatedTo(timePrecision());
      assertEquals(wall, read(r, md, 1));
      // a zoned time is the same instant; over the server it arrives as its UTC wall clock
      assertEquals(md.getColumnType(2) == Types.TIMESTAMP ? wall : wall.atOffset(ZoneOffset.UTC),
          read(r, md, 2));
      assertEquals(wall.atOffset(ZoneOffset.UTC), r.getObject(2, OffsetDateTime.class));
      assertEquals(LocalDate.of(2026, 3, 2), read(r, md, 3));
      assertEquals(LocalTime.of(10, 15, 30, 500_000_000), read(r, md, 4));
    }
  }

  @Test
  void theConnectionStaysUsableAfterMetabasesSetupAndAnError() throws SQLException {
    try (PreparedStatement p = prepareAsMetabase("SELECT nope FROM journeys", 2000)) {
      p.executeQuery();
      throw new AssertionError("an unknown column must fail");
    } catch (SQLException expected) {
      assertTrue(expected.getMessage().contains("nope"), expected.getMessage());
    }
    c.rollback();
    try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
        ResultSet.CLOSE_CURSORS_AT_COMMIT); ResultSet r = s.executeQuery(REMARK
        + "SELECT count(*) FROM journeys")) {
      assertTrue(r.next());
      assertEquals(journeys().size(), r.getLong(1));
    }
    assertTrue(c.isValid(5));
    assertTrue(new TreeSet<>(List.of(ResultSet.CLOSE_CURSORS_AT_COMMIT))
        .contains(c.getHoldability()));
  }
}
