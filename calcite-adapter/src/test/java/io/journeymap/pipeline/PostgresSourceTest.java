package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code jdbc} source read from a real PostgreSQL, started by the test with its own binaries:
 * typed columns (timestamptz, integer, text with commas and quotes) arrive as they are in the
 * database, and rows added later are in the next build.
 */
class PostgresSourceTest {
  static EmbeddedPostgres postgres;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE app_events (ts timestamptz, login text, event text,"
          + " amount integer, note text)");
      s.execute("INSERT INTO app_events VALUES"
          + " ('2024-01-01 09:00:00+01', 'Ann', 'trial_started', NULL, 'first, \"quoted\"'),"
          + " ('2024-01-03 09:00:00+01', 'ann', 'paid', 49, NULL),"
          + " ('2024-01-02 00:00:00+00', 'bob', 'trial_started', NULL, 'x'),"
          + " (NULL, 'cat', 'trial_started', NULL, 'no time')");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private String model() {
    return """
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
            table: app_events
            time: ts
            event: {column: event}
            identifiers: {login: login}
            properties: [amount, note]
        stages:
          - name: started
            events: [trial_started]
          - name: converted
            events: [paid]
        """.formatted(postgres.getJdbcUrl("postgres", "postgres"));
  }

  @Test
  void rowsOfARealDatabaseBecomeEventsAndLaterRowsTheNextBuild() throws Exception {
    BuildSummary s = StoreQueries.build(dir, model());
    assertEquals(List.of(new BuildSummary.SourceCount("app", 4, 3, 1)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("2024-01-01 08:00:00.0|trial_started|{\"amount\":null,\"note\":"
              + "\"first, \\\"quoted\\\"\"}", "2024-01-02 00:00:00.0|trial_started|{\"amount\":"
              + "null,\"note\":\"x\"}", "2024-01-03 08:00:00.0|paid|{\"amount\":\"49\","
              + "\"note\":null}"),
          rows(c, "SELECT occurred_at, event, properties FROM events ORDER BY occurred_at"));
      assertEquals(List.of("converted|2.0", "dropped|null"), rows(c, "SELECT status,"
          + " days_to_convert FROM journeys ORDER BY status"));
      assertEquals(List.of("missing time in column ts"), rows(c, "SELECT reason"
          + " FROM rejected_events"));
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
         Statement st = c.createStatement()) {
      st.execute("INSERT INTO app_events VALUES ('2024-01-05 00:00:00+00', 'bob', 'paid', 99,"
          + " NULL)");
    }
    StoreQueries.build(dir, model());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("converted|2.0", "converted|3.0"), rows(c, "SELECT status,"
          + " days_to_convert FROM journeys ORDER BY days_to_convert"));
    }
  }
}
