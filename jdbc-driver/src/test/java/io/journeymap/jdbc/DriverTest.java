package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
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
import java.util.List;
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
      assertTrue(e.getMessage().contains("Journeymap is read-only"), e.getMessage());
    }
  }

  @Test
  void sqlCannotReachFilesOrOtherDatabases() {
    // DuckDB's file readers and its own schema names are not part of the SQL surface
    for (String sql : new String[] {"SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM TABLE(read_parquet('/tmp/x.parquet'))", "SELECT * FROM main.events"}) {
      SQLException e = assertThrows(SQLException.class, () -> column(sql), sql);
      assertTrue(e.getMessage().contains("not found") || e.getMessage().contains("No match"),
          e.getMessage());
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
  void setWorkIsPushedDownToTheStore() throws SQLException {
    String plan = String.join("\n", column("EXPLAIN PLAN FOR SELECT status, count(*)"
        + " FROM journeys WHERE first_channel = 'partner' GROUP BY status"));
    assertTrue(plan.contains("JdbcToEnumerableConverter"), plan);
    assertTrue(plan.contains("JdbcAggregate"), plan);
    assertTrue(plan.contains("JdbcFilter"), plan);
    String join = String.join("\n", column("EXPLAIN PLAN FOR SELECT j.status, count(*)"
        + " FROM journeys j JOIN stage_entries s ON s.journey_id = j.journey_id"
        + " GROUP BY j.status"));
    assertTrue(join.contains("JdbcJoin"), join);
  }

  @Test
  void resultsMatchTheStoreReadDirectly() throws SQLException {
    List<String> viaDriver = column("SELECT from_stage || ':' || advanced || ':' || rate"
        + " FROM stage_conversion ORDER BY from_order");
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true"); // same configuration as the driver's instance
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"
            + dir.resolve("journey.journeymap.duckdb"), p);
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
    long started = Long.parseLong(column("SELECT count(DISTINCT person_id) FROM events"
        + " WHERE event = 'trial_started' AND occurred_at <= (SELECT as_of FROM build_info)")
        .get(0));
    assertEquals("1:trial_started:" + started, named.get(0));
    SQLException e = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(funnel(steps => 'trial_started,nope'))"));
    assertTrue(e.getMessage().contains("unknown event 'nope'"), e.getMessage());
    SQLException m = assertThrows(SQLException.class, () -> column(
        "SELECT * FROM TABLE(funnel(steps => 'trial_started', mode => 'sideways'))"));
    assertTrue(m.getMessage().contains("allowed: default, strict_order"), m.getMessage());
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
