package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.sql.JourneyTableFunction;
import io.journeymap.sql.TableFunctions;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC calls BI tools, pools and notebooks make, as they make them: java.time reads and
 * binds in any JVM zone, cancel and timeouts, row caps, metadata sync, and every argument-free
 * DatabaseMetaData method.
 */
class JdbcContractTest {
  /** A UTC wall clock with microseconds, as the store keeps times. */
  private static final LocalDateTime WALL = LocalDateTime.of(2026, 3, 2, 10, 15, 30, 123_456_000);
  private static final LocalDate DAY = WALL.toLocalDate();
  private static final Instant INSTANT = WALL.toInstant(ZoneOffset.UTC);
  /** Metabase's table types when it syncs (sql-jdbc's default list). */
  private static final String[] METABASE_TYPES = {"TABLE", "PARTITIONED TABLE", "VIEW",
      "FOREIGN TABLE", "MATERIALIZED VIEW", "EXTERNAL TABLE", "DYNAMIC_TABLE"};
  /** A query that runs for minutes: a three-way cross product of the events. */
  private static final String SLOW = "SELECT count(*) FROM events a, events b, events c"
      + " WHERE a.event_id + b.event_id * 3 + c.event_id * 7 = -1";

  @TempDir
  static Path dir;
  static Connection c;

  @BeforeAll
  static void connect() throws Exception {
    Path model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
    c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static <T> T inZone(String zone, ThrowingSupplier<T> body) throws Exception {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone(zone));
    try {
      return body.get();
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @FunctionalInterface
  interface ThrowingSupplier<T> {
    T get() throws Exception;
  }

  // ---------------------------------------------------------------------------------------
  // reads

  @Test
  void temporalReadsAreTheUtcWallClockInUtc() throws Exception {
    temporalReads();
  }

  @Test
  void temporalReadsAreTheUtcWallClockInNewYork() throws Exception {
    inZone("America/New_York", () -> {
      temporalReads();
      return null;
    });
  }

  @Test
  void temporalReadsAreTheUtcWallClockInTokyo() throws Exception {
    inZone("Asia/Tokyo", () -> {
      temporalReads();
      return null;
    });
  }

  private static void temporalReads() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " TIMESTAMP '2026-03-02 10:15:30.123456' AS ts, DATE '2026-03-02' AS d,"
        + " TIMESTAMPTZ '2026-03-02 10:15:30.123456+00' AS tz,"
        + " TIMESTAMPTZ '2026-03-02 11:15:30.123456+01' AS tz_berlin,"
        + " CAST(NULL AS TIMESTAMP) AS none")) {
      assertTrue(r.next());
      assertEquals(Types.TIMESTAMP, r.getMetaData().getColumnType(1));
      assertEquals(Types.DATE, r.getMetaData().getColumnType(2));
      assertEquals(Types.TIMESTAMP_WITH_TIMEZONE, r.getMetaData().getColumnType(3));
      for (String column : List.of("ts", "tz", "tz_berlin")) {
        int i = r.findColumn(column);
        String where = column + " in " + TimeZone.getDefault().getID();
        assertEquals(WALL, r.getObject(i, LocalDateTime.class), where);
        assertEquals(DAY, r.getObject(i, LocalDate.class), where);
        assertEquals(WALL.atOffset(ZoneOffset.UTC), r.getObject(i, OffsetDateTime.class), where);
        assertEquals(WALL.atZone(ZoneOffset.UTC), r.getObject(i, ZonedDateTime.class), where);
        assertEquals(INSTANT, r.getObject(i, Instant.class), where);
        assertEquals(WALL, r.getObject(i, Timestamp.class).toLocalDateTime(), where);
        assertEquals(DAY, r.getObject(i, java.sql.Date.class).toLocalDate(), where);
        // java.util.Date has no wall clock: it is the instant
        assertEquals(INSTANT.toEpochMilli(), r.getObject(i, java.util.Date.class).getTime(),
            where);
        assertEquals(r.getString(i), r.getObject(column, String.class), where);
        assertEquals(WALL, r.getObject(column, LocalDateTime.class), where);
      }
      assertEquals("2026-03-02 10:15:30.123456", r.getString("ts"));
      assertEquals(WALL, r.getTimestamp("ts").toLocalDateTime());
      assertEquals(INSTANT, r.getTimestamp("ts", utc()).toInstant());
      // a zoned value is an instant, read in UTC: no JVM offset leaks into it
      assertEquals("2026-03-02T10:15:30.123456Z", r.getString("tz"));
      assertEquals("2026-03-02T10:15:30.123456Z", r.getString("tz_berlin"));
      assertEquals(WALL.atOffset(ZoneOffset.UTC), r.getObject("tz"));
      assertEquals(INSTANT, r.getTimestamp("tz").toInstant());
      assertEquals(INSTANT, r.getTimestamp("tz", utc()).toInstant());
      assertEquals(INSTANT, r.getTimestamp(4, Calendar.getInstance()).toInstant());

      int d = r.findColumn("d");
      assertEquals(DAY.atStartOfDay(), r.getObject(d, LocalDateTime.class));
      assertEquals(DAY, r.getObject(d, LocalDate.class));
      assertEquals(DAY.atStartOfDay().atOffset(ZoneOffset.UTC),
          r.getObject(d, OffsetDateTime.class));
      assertEquals(DAY.atStartOfDay(ZoneOffset.UTC), r.getObject(d, ZonedDateTime.class));
      assertEquals(DAY.atStartOfDay().toInstant(ZoneOffset.UTC), r.getObject(d, Instant.class));
      assertEquals(DAY.atStartOfDay(), r.getObject(d, Timestamp.class).toLocalDateTime());
      assertEquals(DAY, r.getObject(d, java.sql.Date.class).toLocalDate());
      assertEquals(DAY.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
          r.getObject(d, java.util.Date.class).getTime());
      assertEquals("2026-03-02", r.getObject(d, String.class));
      assertEquals("2026-03-02", r.getString(d));
      assertEquals(DAY, r.getDate(d).toLocalDate());

      for (Class<?> type : List.of(LocalDateTime.class, LocalDate.class, OffsetDateTime.class,
          Instant.class, Timestamp.class, java.sql.Date.class, java.util.Date.class,
          String.class)) {
        assertNull(r.getObject("none", type), type.getSimpleName());
      }
      assertNull(r.getTimestamp("none"));
      assertFalse(r.next());
    }
  }

  @Test
  void storeColumnsReadAsTheirUtcWallClockInAnyZone() throws Exception {
    String sql = "SELECT started_at, started_at::date AS day, CAST(started_at AS TIMESTAMPTZ)"
        + " AS zoned, strftime(started_at, '%Y-%m-%dT%H:%M:%S.%f') AS text"
        + " FROM journeys ORDER BY journey_id LIMIT 50";
    List<String> utc = storeTimes(sql);
    assertEquals(utc, inZone("America/New_York", () -> storeTimes(sql)));
    assertEquals(utc, inZone("Australia/Adelaide", () -> storeTimes(sql)));
  }

  private static List<String> storeTimes(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        LocalDateTime wall = r.getObject(1, LocalDateTime.class);
        String text = r.getString(4);
        assertEquals(LocalDateTime.parse(text), wall);
        assertEquals(wall, r.getObject(3, LocalDateTime.class));
        assertEquals(wall.toInstant(ZoneOffset.UTC), r.getObject(3, Instant.class));
        assertEquals(wall.toInstant(ZoneOffset.UTC), r.getObject(1, Instant.class));
        assertEquals(wall, r.getTimestamp(1).toLocalDateTime());
        assertEquals(wall.toLocalDate(), r.getObject(2, LocalDate.class));
        out.add(wall + " " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
      }
    }
    return out;
  }

  private static Calendar utc() {
    return Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
  }

  // ---------------------------------------------------------------------------------------
  // binds

  @Test
  void temporalBindsAreTheUtcWallClockInUtc() throws Exception {
    temporalBinds();
  }

  @Test
  void temporalBindsAreTheUtcWallClockInNewYork() throws Exception {
    inZone("America/New_York", () -> {
      temporalBinds();
      return null;
    });
  }

  /** What one bound value reads back as, through {@code CAST(? AS TIMESTAMP)}. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private static LocalDateTime bound(String cast, Binder binder) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT CAST(? AS " + cast + ")")) {
      binder.bind(p);
      try (ResultSet r = p.executeQuery()) {
        assertTrue(r.next());
        return r.getObject(1, LocalDateTime.class);
      }
    }
  }

  private static void temporalBinds() throws SQLException {
    String zone = TimeZone.getDefault().getID();
    Timestamp wallTimestamp = Timestamp.valueOf(WALL); // a wall clock, as read above
    Map<String, Binder> timestamps = new LinkedHashMap<>();
    timestamps.put("setObject(LocalDateTime)", p -> p.setObject(1, WALL));
    timestamps.put("setObject(LocalDateTime, TIMESTAMP)",
        p -> p.setObject(1, WALL, Types.TIMESTAMP));
    timestamps.put("setObject(Timestamp, TIMESTAMP)",
        p -> p.setObject(1, wallTimestamp, Types.TIMESTAMP));
    timestamps.put("setObject(OffsetDateTime, TIMESTAMP_WITH_TIMEZONE)",
        p -> p.setObject(1, WALL.minusHours(5).atOffset(ZoneOffset.ofHours(-5)),
            Types.TIMESTAMP_WITH_TIMEZONE));
    timestamps.put("setObject(OffsetDateTime)",
        p -> p.setObject(1, WALL.atOffset(ZoneOffset.UTC)));
    timestamps.put("setObject(OffsetDateTime +09:00)",
        p -> p.setObject(1, WALL.plusHours(9).atOffset(ZoneOffset.ofHours(9))));
    timestamps.put("setObject(ZonedDateTime)",
        p -> p.setObject(1, WALL.atZone(ZoneOffset.UTC).withZoneSameInstant(
            java.time.ZoneId.of("Europe/Berlin"))));
    timestamps.put("setObject(Instant)", p -> p.setObject(1, INSTANT));
    timestamps.put("setObject(java.util.Date)",
        p -> p.setObject(1, java.util.Date.from(INSTANT)));
    timestamps.put("setTimestamp", p -> p.setTimestamp(1, wallTimestamp));
    timestamps.put("setTimestamp(Calendar UTC)", p -> p.setTimestamp(1,
        Timestamp.from(INSTANT), utc()));
    timestamps.put("setObject(String, TIMESTAMP)",
        p -> p.setObject(1, "2026-03-02 10:15:30.123456", Types.TIMESTAMP));
    for (Map.Entry<String, Binder> e : timestamps.entrySet()) {
      // java.util.Date keeps milliseconds
      LocalDateTime expected = e.getKey().equals("setObject(java.util.Date)")
          ? WALL.withNano(123_000_000) : WALL;
      assertEquals(expected, bound("TIMESTAMP", e.getValue()), e.getKey() + " in " + zone);
      assertEquals(expected, bound("TIMESTAMPTZ", e.getValue()), e.getKey() + " in " + zone
          + " (TIMESTAMPTZ)");
    }
    Map<String, Binder> dates = new LinkedHashMap<>();
    dates.put("setObject(LocalDate)", p -> p.setObject(1, DAY));
    dates.put("setObject(LocalDate, DATE)", p -> p.setObject(1, DAY, Types.DATE));
    dates.put("setObject(java.sql.Date, DATE)",
        p -> p.setObject(1, java.sql.Date.valueOf(DAY), Types.DATE));
    dates.put("setObject(String, DATE)", p -> p.setObject(1, "2026-03-02", Types.DATE));
    dates.put("setDate", p -> p.setDate(1, java.sql.Date.valueOf(DAY)));
    dates.put("setDate(Calendar UTC)", p -> p.setDate(1,
        new java.sql.Date(DAY.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()), utc()));
    for (Map.Entry<String, Binder> e : dates.entrySet()) {
      assertEquals(DAY.atStartOfDay(), bound("DATE", e.getValue()), e.getKey() + " in " + zone);
    }
  }

  @Test
  void boundTimesFilterTheStoreLikeLiterals() throws Exception {
    long literal = count("SELECT count(*) FROM events WHERE occurred_at >= TIMESTAMP"
        + " '2026-03-01 00:00:00' AND occurred_at < TIMESTAMP '2026-04-01 00:00:00'");
    assertTrue(literal > 0);
    LocalDateTime from = LocalDateTime.of(2026, 3, 1, 0, 0);
    LocalDateTime to = LocalDateTime.of(2026, 4, 1, 0, 0);
    String sql = "SELECT count(*) FROM events WHERE occurred_at >= ? AND occurred_at < ?";
    for (String zone : List.of("UTC", "America/New_York", "Asia/Kolkata")) {
      inZone(zone, () -> {
        assertEquals(literal, count(sql, from, to), zone);
        assertEquals(literal, count(sql, Timestamp.valueOf(from), Timestamp.valueOf(to)), zone);
        assertEquals(literal, count(sql, from.toInstant(ZoneOffset.UTC),
            to.toInstant(ZoneOffset.UTC)), zone);
        assertEquals(literal, count(sql, from.atOffset(ZoneOffset.UTC),
            to.atOffset(ZoneOffset.UTC)), zone);
        assertEquals(literal, count(sql, java.util.Date.from(from.toInstant(ZoneOffset.UTC)),
            java.util.Date.from(to.toInstant(ZoneOffset.UTC))), zone);
        assertEquals(literal, count("SELECT count(*) FROM events WHERE occurred_at::date >= ?"
            + " AND occurred_at::date < ?", from.toLocalDate(), to.toLocalDate()), zone);
        assertEquals(literal, count("SELECT count(*) FROM events WHERE occurred_at::date >= ?"
            + " AND occurred_at::date < ?", java.sql.Date.valueOf(from.toLocalDate()),
            java.sql.Date.valueOf(to.toLocalDate())), zone);
        return null;
      });
    }
  }

  private static long count(String sql, Object... binds) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < binds.length; i++) {
        p.setObject(i + 1, binds[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        assertTrue(r.next());
        return r.getLong(1);
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // cancel, timeout, row caps

  @Test
  void cancelFromAnotherThreadStopsAPlainStatementWithinASecond() throws Exception {
    try (Statement s = c.createStatement()) {
      cancels(s, () -> s.executeQuery(SLOW));
    }
    assertEquals(1, count("SELECT 1")); // the connection goes on
  }

  @Test
  void cancelFromAnotherThreadStopsAPreparedStatementWithinASecond() throws Exception {
    try (PreparedStatement p = c.prepareStatement(SLOW)) {
      cancels(p, p::executeQuery);
    }
    // the connection goes on, prepared statements too
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM journeys WHERE"
        + " journey_id > ?")) {
      p.setInt(1, 0);
      try (ResultSet r = p.executeQuery()) {
        assertTrue(r.next());
      }
    }
  }

  @FunctionalInterface
  interface Query {
    ResultSet run() throws SQLException;
  }

  private static void cancels(Statement s, Query query) throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    Thread runner = new Thread(() -> {
      try (ResultSet r = query.run()) {
        r.next();
        done.completeExceptionally(new AssertionError("the slow query finished: "
            + r.getLong(1)));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "slow-query");
    runner.start();
    Thread.sleep(700); // let it run
    assertFalse(done.isDone(), "the slow query ended before it was cancelled");
    long t = System.nanoTime();
    s.cancel();
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> done.get(10, TimeUnit.SECONDS));
    double seconds = (System.nanoTime() - t) / 1e9;
    runner.join(5_000);
    assertInstanceOf(SQLException.class, e.getCause(), String.valueOf(e.getCause()));
    assertFalse(e.getCause() instanceof SQLTimeoutException, e.getCause().toString());
    assertTrue(e.getCause().getMessage().contains("cancelled"), e.getCause().getMessage());
    assertEquals("57014", ((SQLException) e.getCause()).getSQLState());
    assertTrue(seconds < 1.0, "cancel took " + seconds + " s");
  }

  @Test
  void cancelWithNothingRunningIsHarmless() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.cancel();
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM journeys")) {
        assertTrue(r.next());
      }
    }
  }

  @Test
  void queryTimeoutThrowsSqlTimeoutException() throws SQLException {
    for (boolean prepared : new boolean[] {false, true}) {
      Statement s = prepared ? c.prepareStatement(SLOW) : c.createStatement();
      try (s) {
        s.setQueryTimeout(1);
        assertEquals(1, s.getQueryTimeout());
        long t = System.nanoTime();
        SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> {
          try (ResultSet r = prepared ? ((PreparedStatement) s).executeQuery()
              : s.executeQuery(SLOW)) {
            r.next();
          }
        });
        double seconds = (System.nanoTime() - t) / 1e9;
        assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
        assertTrue(seconds < 3.0, "timeout took " + seconds + " s");
      }
    }
    try (Statement s = c.createStatement()) {
      assertThrows(SQLException.class, () -> s.setQueryTimeout(-1));
      s.setQueryTimeout(30);
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
        assertTrue(r.next());
      }
    }
  }

  @Test
  void nullNumbersReadAsZeroAndWasNullSaysSo() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " CAST(NULL AS DOUBLE) AS d, CAST(NULL AS FLOAT) AS f, CAST(NULL AS INTEGER) AS i,"
        + " CAST(NULL AS BIGINT) AS l, 2.5::DOUBLE AS two, CAST('NaN' AS DOUBLE) AS nan")) {
      assertTrue(r.next());
      assertEquals(0.0, r.getDouble("d"));
      assertTrue(r.wasNull());
      assertEquals(0.0f, r.getFloat(2));
      assertTrue(r.wasNull());
      assertEquals(0.0, r.getDouble(3));
      assertTrue(r.wasNull());
      assertEquals(0L, r.getLong(4));
      assertTrue(r.wasNull());
      assertNull(r.getObject("d"));
      assertEquals(2.5, r.getDouble("two"));
      assertFalse(r.wasNull());
      assertTrue(Double.isNaN(r.getDouble("nan")), "a stored NaN stays NaN");
      assertFalse(r.wasNull());
    }
  }

  @Test
  void maxRowsCapsStatementsAndPreparedStatements() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setMaxRows(7);
      assertEquals(7, s.getMaxRows());
      assertEquals(7, rows(s.executeQuery("SELECT * FROM events")));
      assertEquals(3, rows(s.executeQuery("SELECT * FROM events LIMIT 3")));
      s.setLargeMaxRows(2);
      assertEquals(2L, s.getLargeMaxRows());
      assertEquals(2, rows(s.executeQuery("SELECT * FROM funnel(steps =>"
          + " 'trial_started,setup_step_completed,subscription_paid')")));
      s.setMaxRows(0);
      assertEquals(count("SELECT count(*) FROM events"),
          rows(s.executeQuery("SELECT * FROM events")));
      assertThrows(SQLException.class, () -> s.setMaxRows(-1));
    }
    try (PreparedStatement p = c.prepareStatement("SELECT * FROM journeys WHERE events > ?")) {
      p.setMaxRows(5);
      p.setInt(1, 0);
      assertEquals(5, rows(p.executeQuery()));
      assertTrue(p.execute());
      assertEquals(5, rows(p.getResultSet()));
      p.setMaxRows(0);
      assertEquals(count("SELECT count(*) FROM journeys WHERE events > 0"),
          rows(p.executeQuery()));
    }
  }

  @Test
  void closeOnCompletionClosesTheStatementWithItsResult() throws SQLException {
    Statement s = c.createStatement();
    ResultSet r = s.executeQuery("SELECT * FROM stages");
    s.closeOnCompletion();
    assertTrue(s.isCloseOnCompletion());
    assertFalse(s.isClosed());
    rows(r);
    assertTrue(s.isClosed());
    try (Statement kept = c.createStatement()) {
      rows(kept.executeQuery("SELECT * FROM stages"));
      assertFalse(kept.isClosed());
    }
  }

  private static int rows(ResultSet r) throws SQLException {
    int n = 0;
    try (r) {
      while (r.next()) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------
  // metadata

  @Test
  void schemasAreJustJourney() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    assertEquals(List.of("journey"), strings(md.getSchemas(), "TABLE_SCHEM"));
    assertEquals(List.of("journey"), strings(md.getSchemas(null, "JOUR%"), "TABLE_SCHEM"));
    assertEquals(List.of(), strings(md.getSchemas(null, "main"), "TABLE_SCHEM"));
    assertEquals(List.of("TABLE"), strings(md.getTableTypes(), "TABLE_TYPE"));
  }

  @Test
  void tablesAsMetabaseSyncsThem() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    Set<String> expected = new HashSet<>();
    StoreCatalogue.tables().forEach(t -> expected.add(t.name()));
    for (String schema : new String[] {null, "journey", "JOURNEY", "%"}) {
      try (ResultSet r = md.getTables(null, schema, "%", METABASE_TYPES)) {
        Set<String> seen = new HashSet<>();
        while (r.next()) {
          seen.add(r.getString("TABLE_NAME"));
          assertEquals("journey", r.getString("TABLE_SCHEM"));
          assertEquals("TABLE", r.getString("TABLE_TYPE"));
          assertFalse(r.getString("REMARKS").isBlank());
        }
        assertEquals(expected, seen, "schema pattern " + schema);
      }
    }
    assertEquals(List.of("journeys"), strings(md.getTables(null, null, "JOURNEYS", null),
        "TABLE_NAME"));
    assertEquals(List.of("journey_clusters", "journeys"), strings(md.getTables(null, "journey",
        "Journey%", METABASE_TYPES), "TABLE_NAME").stream().sorted().toList());
    assertEquals(List.of("stage_conversion", "stage_entries", "stage_reach", "stages"),
        strings(md.getTables(null, null, "STAGE%", new String[] {"table"}), "TABLE_NAME")
            .stream().sorted().toList());
    assertEquals(List.of("stage_entries"), strings(md.getTables(null, null, "stage\\_entries",
        null), "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, null, "%", new String[] {"VIEW"}),
        "TABLE_NAME"));
    assertEquals(List.of(), strings(md.getTables(null, "nope", "%", null), "TABLE_NAME"));
  }

  @Test
  void columnsCarryTypesAndRemarks() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    TableSpec journeys = StoreCatalogue.table("journeys");
    try (ResultSet r = md.getColumns(null, "journey", "JOURNEYS", "%")) {
      int position = 0;
      while (r.next()) {
        ColumnSpec spec = journeys.columns().get(position++);
        assertEquals(spec.name(), r.getString("COLUMN_NAME"));
        assertEquals(spec.type().jdbcType(), r.getInt("DATA_TYPE"), spec.name());
        assertEquals(spec.type().name(), r.getString("TYPE_NAME"), spec.name());
        assertEquals(spec.description(), r.getString("REMARKS"), spec.name());
        assertEquals(position, r.getInt("ORDINAL_POSITION"));
        assertEquals("YES", r.getString("IS_NULLABLE"));
      }
      assertEquals(journeys.columns().size(), position);
    }
    Map<String, Integer> types = new LinkedHashMap<>();
    try (ResultSet r = md.getColumns(null, null, "journeys", "%_AT")) {
      while (r.next()) {
        types.put(r.getString("COLUMN_NAME"), r.getInt("DATA_TYPE"));
      }
    }
    assertEquals(Map.of("started_at", Types.TIMESTAMP, "window_ends_at", Types.TIMESTAMP,
        "closed_at", Types.TIMESTAMP, "converted_at", Types.TIMESTAMP, "failed_at",
        Types.TIMESTAMP), types);
    try (ResultSet r = md.getColumns(null, null, "events", "properties")) {
      assertTrue(r.next());
      assertEquals(Types.VARCHAR, r.getInt("DATA_TYPE"));
      assertTrue(r.getString("REMARKS").contains("JSON"));
    }
  }

  @Test
  void primaryKeysOfTheStore() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    assertEquals(List.of("journey_id"), strings(md.getPrimaryKeys(null, "journey", "journeys"),
        "COLUMN_NAME"));
    assertEquals(List.of("journey_id"), strings(md.getPrimaryKeys(null, null, "JOURNEYS"),
        "COLUMN_NAME"));
    assertEquals(StoreCatalogue.primaryKey("stage_entries"),
        strings(md.getPrimaryKeys(null, null, "stage_entries"), "COLUMN_NAME"));
    assertEquals(List.of(), strings(md.getImportedKeys(null, null, "journeys"), "FKTABLE_NAME"));
  }

  @Test
  void funnelIsATableFunctionWithItsParametersAndColumns() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    JourneyTableFunction funnel = TableFunctions.named("funnel").orElseThrow();
    try (ResultSet r = md.getFunctions(null, null, "FUNNEL")) {
      assertTrue(r.next());
      assertEquals("funnel", r.getString("FUNCTION_NAME"));
      assertEquals("journey", r.getString("FUNCTION_SCHEM"));
      assertEquals(DatabaseMetaData.functionReturnsTable, r.getInt("FUNCTION_TYPE"));
      assertEquals(2, r.getInt("FUNCTION_TYPE"));
      assertFalse(r.getString("REMARKS").isBlank());
      assertFalse(r.next());
    }
    assertEquals(List.of("funnel", "behavior_lift", "paths", "triggers_as_of", "score"),
        strings(md.getFunctions(null, "journey", "%"), "FUNCTION_NAME"));
    List<String> parameters = new ArrayList<>();
    List<String> results = new ArrayList<>();
    try (ResultSet r = md.getFunctionColumns(null, null, "funnel", "%")) {
      while (r.next()) {
        String name = r.getString("COLUMN_NAME");
        int kind = r.getInt("COLUMN_TYPE");
        if (kind == DatabaseMetaData.functionColumnIn) {
          parameters.add(name + ":" + r.getString("TYPE_NAME") + ":" + r.getInt("NULLABLE"));
        } else {
          assertEquals(DatabaseMetaData.functionColumnResult, kind, name);
          results.add(name + ":" + r.getString("TYPE_NAME"));
        }
        assertFalse(r.getString("REMARKS").isBlank(), name);
        assertEquals("funnel", r.getString("SPECIFIC_NAME"));
      }
    }
    assertEquals(List.of("steps:VARCHAR:" + DatabaseMetaData.functionNoNulls,
        "window_days:INTEGER:" + DatabaseMetaData.functionNullable,
        "mode:VARCHAR:" + DatabaseMetaData.functionNullable), parameters);
    assertEquals(funnel.columns().stream().map(col -> col.name() + ":" + col.type().name())
        .toList(), results);
    assertEquals(List.of("steps"), strings(md.getFunctionColumns(null, null, "funnel",
        "STEPS"), "COLUMN_NAME"));
  }

  @Test
  void typeInfoNamesTheEngineTypes() throws SQLException {
    Map<String, Integer> types = new LinkedHashMap<>();
    int previous = Integer.MIN_VALUE;
    try (ResultSet r = c.getMetaData().getTypeInfo()) {
      assertEquals(18, r.getMetaData().getColumnCount());
      while (r.next()) {
        types.put(r.getString("TYPE_NAME"), r.getInt("DATA_TYPE"));
        assertTrue(r.getInt("DATA_TYPE") >= previous, "ordered by DATA_TYPE");
        previous = r.getInt("DATA_TYPE");
        assertEquals(DatabaseMetaData.typeNullable, r.getShort("NULLABLE"));
        assertFalse(r.getBoolean("AUTO_INCREMENT"));
      }
    }
    // every type of the store's columns, as getColumns and result sets report it
    for (TableSpec t : StoreCatalogue.tables()) {
      for (ColumnSpec col : t.columns()) {
        assertEquals(col.type().jdbcType(), types.get(col.type().name()), col.name());
      }
    }
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1::TINYINT,"
        + " 1::SMALLINT, 1, 1::BIGINT, 1::HUGEINT, 1.5::DECIMAL(4,1), 1::FLOAT, 1::DOUBLE, 'a',"
        + " DATE '2026-01-01', TIME '10:00', TIMESTAMP '2026-01-01', TIMESTAMPTZ '2026-01-01',"
        + " true, INTERVAL 1 DAY, '{}'::JSON, uuid(), 'a'::BLOB, [1], {'a': 1}")) {
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        String name = r.getMetaData().getColumnTypeName(i).replaceAll("\\(.*|\\[\\]", "");
        name = name.equals("INTEGER") && r.getMetaData().getColumnTypeName(i).endsWith("[]")
            ? "LIST" : name;
        assertEquals(r.getMetaData().getColumnType(i), types.get(name),
            r.getMetaData().getColumnTypeName(i));
      }
    }
  }

  /**
   * Every argument-free DatabaseMetaData method, and every one taking only ints (supports*,
   * visibility of updates), answers or says clearly that the feature is not supported.
   */
  @Test
  void everyMetadataMethodAnswersOrSaysClearlyWhyNot() throws Exception {
    DatabaseMetaData md = c.getMetaData();
    int[] values = {ResultSet.TYPE_FORWARD_ONLY, ResultSet.TYPE_SCROLL_INSENSITIVE,
        ResultSet.CONCUR_READ_ONLY, ResultSet.CONCUR_UPDATABLE,
        ResultSet.HOLD_CURSORS_OVER_COMMIT, ResultSet.CLOSE_CURSORS_AT_COMMIT,
        Connection.TRANSACTION_NONE, Connection.TRANSACTION_READ_COMMITTED,
        Connection.TRANSACTION_SERIALIZABLE, Types.VARCHAR, Types.INTEGER, Types.TIMESTAMP};
    List<String> problems = new ArrayList<>();
    int called = 0;
    for (Method m : DatabaseMetaData.class.getMethods()) {
      Class<?>[] p = m.getParameterTypes();
      boolean ints = p.length > 0 && Arrays.stream(p).allMatch(t -> t == int.class);
      if (p.length != 0 && !ints) {
        continue;
      }
      List<Object[]> calls = new ArrayList<>();
      if (p.length == 0) {
        calls.add(new Object[0]);
      } else {
        for (int v : values) {
          Object[] a = new Object[p.length];
          Arrays.fill(a, v);
          calls.add(a);
        }
      }
      for (Object[] a : calls) {
        called++;
        String call = m.getName() + Arrays.toString(a);
        try {
          Object out = m.invoke(md, a);
          if (out instanceof ResultSet r) {
            try (r) {
              int columns = r.getMetaData().getColumnCount();
              while (r.next()) {
                for (int i = 1; i <= columns; i++) {
                  r.getObject(i);
                }
              }
            }
          }
          if (out instanceof String s && problem(s)) {
            problems.add(call + " answers '" + s + "'");
          }
        } catch (InvocationTargetException e) {
          Throwable t = e.getCause();
          if (!(t instanceof SQLFeatureNotSupportedException)) {
            problems.add(call + " throws " + t);
          } else if (t.getMessage() == null || !t.getMessage().strip().contains(" ")
              || problem(t.getMessage())) {
            problems.add(call + " is not supported without a clear message: " + t);
          }
        }
      }
    }
    assertTrue(called > 150, "methods called: " + called);
    assertEquals(List.of(), problems);
    // the answers a BI tool reads to decide what SQL it may send
    assertTrue(md.isReadOnly());
    assertEquals("Journeymap", md.getDatabaseProductName());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
  }

  private static boolean problem(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("todo") || m.contains("not implemented");
  }

  /**
   * The string-argument calls tools make while browsing (DBeaver, DataGrip, Tableau): they
   * answer with (possibly empty) result sets.
   */
  @Test
  void browsingCallsAnswerWithResultSets() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    List<ResultSet> answers = List.of(md.getCatalogs(), md.getProcedures(null, null, "%"),
        md.getProcedureColumns(null, null, "%", "%"), md.getExportedKeys(null, null, "journeys"),
        md.getCrossReference(null, null, "journeys", null, null, "stage_entries"),
        md.getIndexInfo(null, null, "journeys", false, true),
        md.getBestRowIdentifier(null, null, "journeys", DatabaseMetaData.bestRowSession, true),
        md.getVersionColumns(null, null, "journeys"), md.getUDTs(null, null, "%", null),
        md.getSuperTypes(null, null, "%"), md.getSuperTables(null, null, "%"),
        md.getAttributes(null, null, "%", "%"), md.getClientInfoProperties(),
        md.getColumnPrivileges(null, null, "journeys", "%"),
        md.getTablePrivileges(null, null, "%"), md.getPseudoColumns(null, null, "%", "%"));
    for (ResultSet r : answers) {
      assertNotNull(r);
      rows(r);
    }
  }

  @Test
  void metadataReadsNestAndSurviveOpenQueries() throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    int tables = 0;
    int columns = 0;
    try (Statement s = c.createStatement();
         ResultSet query = s.executeQuery("SELECT journey_id FROM journeys ORDER BY 1");
         ResultSet t = md.getTables(null, null, "%", METABASE_TYPES)) {
      assertTrue(query.next());
      while (t.next()) {
        tables++;
        try (ResultSet col = md.getColumns(null, null, t.getString("TABLE_NAME"), "%");
             ResultSet keys = md.getPrimaryKeys(null, null, t.getString("TABLE_NAME"))) {
          columns += rows(col);
          rows(keys);
        }
      }
      assertTrue(query.next()); // the query result streams on
      assertEquals(2L, query.getLong(1));
    }
    assertEquals(StoreCatalogue.tables().size(), tables);
    assertEquals(StoreCatalogue.tables().stream().mapToInt(x -> x.columns().size()).sum(),
        columns);
  }

  private static List<String> strings(ResultSet r, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (r) {
      while (r.next()) {
        out.add(r.getString(column));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // the connection as pools use it

  @Test
  void poolCallsAreHarmless() throws SQLException {
    try (Connection own = DriverManager.getConnection(c.getMetaData().getURL())) {
      assertTrue(own.isValid(1));
      own.setAutoCommit(false);
      own.commit();
      own.rollback();
      own.setAutoCommit(true);
      assertTrue(own.getAutoCommit());
      own.setReadOnly(true);
      assertTrue(own.isReadOnly());
      own.setReadOnly(false); // accepted; the store stays read-only
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, own.getTransactionIsolation());
      own.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      own.setSchema("journey");
      own.setSchema("JOURNEY");
      assertEquals("journey", own.getSchema());
      SQLException schema = assertThrows(SQLException.class, () -> own.setSchema("public"));
      assertTrue(schema.getMessage().contains("the only schema is journey"),
          schema.getMessage());
      own.clearWarnings();
      assertNull(own.getWarnings());
      own.setClientInfo("ApplicationName", "pool");
      own.setNetworkTimeout(Runnable::run, 1000);
      own.setCatalog(null);
      assertNull(own.getCatalog());
      try (Statement s = own.createStatement(); ResultSet r = s.executeQuery(
          "SELECT count(*) FROM journeys")) {
        assertTrue(r.next());
      }
      SQLException write = assertThrows(SQLException.class,
          () -> own.createStatement().executeUpdate("DELETE FROM journeys"));
      assertTrue(write.getMessage().startsWith("the journey store is read-only"));
      own.close();
      assertFalse(own.isValid(1));
      assertTrue(own.isClosed());
      own.close();
    }
  }
}
