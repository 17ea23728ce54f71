package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.journeymap.store.StoreDifference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jdbc source with an incremental column, against a real PostgreSQL the test starts: a
 * refresh reads only rows past the last build's highest value and gives the store a build from
 * scratch gives; deleted or late rows make it read the table whole, and says so.
 */
class PostgresRefreshTest {
  static EmbeddedPostgres postgres;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static void sql(String... statements) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      for (String q : statements) {
        s.execute(q);
      }
    }
  }

  private Path model(String table, String column) throws Exception {
    Path file = dir.resolve(table + ".yaml");
    Files.writeString(file, """
        journey:
          name: trial
          goal: Trial converts within 10 days
          start_event: trial_started
          success_event: paid
          window: 10 days
          as_of: 2024-03-01
        taxonomy: [trial_started, paid]
        identity:
          kinds: {login: {strength: strong, lowercase: true}}
        sources:
          - name: app
            format: jdbc
            url: %s
            user: postgres
            password: ${PG_TEST_PASSWORD:-}
            table: %s
            incremental: %s
            time: ts
            event: {column: event}
            identifiers: {login: login}
        stages:
          - name: started
            events: [trial_started]
          - name: converted
            events: [paid]
        """.formatted(postgres.getJdbcUrl("postgres", "postgres"), table, column));
    return file;
  }

  /** Both the refresh and the scratch build retrain, as in {@link IncrementalRefreshTest}. */
  private static BuildSummary build(Path model, Path store, boolean reuse) {
    JourneyModel m = ModelLoader.load(model);
    return new JourneyBuilder(m, store, BuildListener.SILENT, new BuildSettings(512, reuse, true))
        .build();
  }

  private static String ingestDetail(Path store) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("ATTACH '" + store + "' AS st (READ_ONLY)");
      ResultSet r = s.executeQuery("SELECT detail FROM st.build_log WHERE phase = 'ingest'"
          + " AND source = 'app'");
      r.next();
      return r.getString(1);
    }
  }

  private void assertSameAsFromScratch(Path model, Path refreshed) throws Exception {
    Path scratch = dir.resolve("scratch-" + System.nanoTime() + ".duckdb");
    build(model, scratch, false);
    Map<String, String> diff = StoreDifference.between(refreshed, scratch);
    assertEquals(Map.of(), diff, "tables whose rows differ (only refreshed / only scratch)");
  }

  @Test
  void newRowsPastTheHighWaterMarkAreTheOnlyRowsRead() throws Exception {
    sql("CREATE TABLE signups (id bigserial, ts timestamptz, login text, event text)",
        "INSERT INTO signups (ts, login, event) VALUES ('2024-01-01 09:00+00', 'ann',"
            + " 'trial_started'), ('2024-01-02 09:00+00', 'bob', 'trial_started'),"
            + " ('2024-01-02 10:00+00', 'bob', 'unknown_event')");
    Path model = model("signups", "id");
    Path store = dir.resolve("signups.duckdb");
    build(model, store, true);
    assertTrue(ingestDetail(store).contains("all 3 rows read"), ingestDetail(store));

    sql("INSERT INTO signups (ts, login, event) VALUES ('2024-01-03 09:00+00', 'ann', 'paid'),"
        + " ('2024-01-04 09:00+00', 'cat', 'trial_started')");
    BuildSummary s = build(model, store, true);
    assertTrue(ingestDetail(store).contains("3 rows up to the last build's highest id taken from"
        + " the ingest cache, 2 newer rows read"), ingestDetail(store));
    assertEquals(new BuildSummary.SourceCount("app", 5, 4, 1), s.sources().get(0));
    assertSameAsFromScratch(model, store);

    // nothing new: everything from the cache
    build(model, store, true);
    assertTrue(ingestDetail(store).contains("0 newer rows read"), ingestDetail(store));
    assertSameAsFromScratch(model, store);

    // a deleted row below the mark: the cache no longer matches, so the table is read whole
    sql("DELETE FROM signups WHERE login = 'bob' AND event = 'unknown_event'");
    s = build(model, store, true);
    assertTrue(ingestDetail(store).contains("read whole: 4 rows are at or below the last"
        + " build's highest id, the store held 5"), ingestDetail(store));
    assertEquals(new BuildSummary.SourceCount("app", 4, 4, 0), s.sources().get(0));
    assertSameAsFromScratch(model, store);
  }

  @Test
  void aTimeColumnWithTiesGivesTheSameOrderAsAFullRead() throws Exception {
    sql("CREATE TABLE timed (ts timestamptz, login text, event text)",
        "INSERT INTO timed VALUES ('2024-01-01 09:00+00', 'zed', 'trial_started'),"
            + " ('2024-01-01 09:00+00', 'amy', 'trial_started')");
    Path model = model("timed", "ts");
    Path store = dir.resolve("timed.duckdb");
    build(model, store, true);
    sql("INSERT INTO timed VALUES ('2024-01-02 09:00+00', 'zed', 'paid'),"
        + " ('2024-01-02 09:00+00', 'amy', 'paid'), ('2024-01-02 09:00+00', 'bea',"
        + " 'trial_started')");
    build(model, store, true);
    assertTrue(ingestDetail(store).contains("2 rows up to the last build's highest ts taken"
        + " from the ingest cache, 3 newer rows read"), ingestDetail(store));
    assertSameAsFromScratch(model, store);

    // a late row at the old mark is noticed by the count, not lost
    sql("INSERT INTO timed VALUES ('2024-01-01 08:00+00', 'cy', 'trial_started')");
    BuildSummary s = build(model, store, true);
    assertTrue(ingestDetail(store).contains("read whole"), ingestDetail(store));
    assertEquals(6, s.sources().get(0).accepted());
    assertSameAsFromScratch(model, store);
  }

  @Test
  void emptyValuesInTheColumnMeanTheTableIsReadWhole() throws Exception {
    sql("CREATE TABLE gaps (seq integer, ts timestamptz, login text, event text)",
        "INSERT INTO gaps VALUES (1, '2024-01-01 09:00+00', 'ann', 'trial_started'),"
            + " (NULL, '2024-01-02 09:00+00', 'ann', 'paid')");
    Path model = model("gaps", "seq");
    Path store = dir.resolve("gaps.duckdb");
    BuildSummary s = build(model, store, true);
    assertEquals(2, s.sources().get(0).accepted(), "no row is left out");
    assertTrue(ingestDetail(store).contains("read whole: seq has empty values"),
        ingestDetail(store));
    assertSameAsFromScratch(model, store);
  }
}
