package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without an explicit as_of, journeys are judged where the outcome data end. Here billing (the
 * payments) ends Feb 1 while the web export runs to Mar 1, and leads (starts only) end in
 * January: a trial of Jan 25 (window 10 days, ends Feb 4) is still open on Feb 1, not dropped,
 * and a trial of Jan 2 that paid on Jan 8 converts although leads end before that payment. A
 * trial of Jan 28 that paid on Jan 30 converted, but its window is not over: rates leave it out.
 */
class CoverageTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
      taxonomy: [trial_started, paid, page_viewed]
      identity:
        kinds: {login: strong}
      sources:
        - name: leads
          format: csv
          path: leads.csv
          time: ts
          event: {constant: trial_started}
          identifiers: {login: login}
        - name: billing
          format: csv
          path: billing.csv
          time: ts
          event: {constant: paid}
          identifiers: {login: login}
        - name: web
          format: csv
          path: web.csv
          time: ts
          event: {constant: page_viewed}
          identifiers: {login: login}
      stages:
        - name: started
          events: [trial_started]
        - name: converted
          events: [paid]
      """;


  private BuildSummary build(String model) throws Exception {
    Files.writeString(dir.resolve("leads.csv"), """
        ts,login
        2024-01-02T00:00:00Z,a
        2024-01-03T00:00:00Z,b
        2024-01-25T00:00:00Z,c
        2024-01-28T00:00:00Z,d
        """);
    Files.writeString(dir.resolve("billing.csv"), """
        ts,login
        2024-01-08T00:00:00Z,a
        2024-01-30T00:00:00Z,d
        2024-02-01T00:00:00Z,z
        """);
    Files.writeString(dir.resolve("web.csv"), """
        ts,login
        2024-01-26T00:00:00Z,c
        2024-03-01T00:00:00Z,b
        """);
    return StoreQueries.build(dir, model);
  }

  private Connection open() throws SQLException {
    return StoreQueries.open(dir);
  }

  @Test
  void asOfIsWhereTheOutcomeDataEnd() throws Exception {
    BuildSummary s = build(MODEL);
    assertEquals(Instant.parse("2024-02-01T00:00:00Z"), s.asOf());
    assertEquals("last event of outcome source 'billing'", s.asOfBasis());
    assertEquals(2, s.warnings().size());
    assertTrue(s.warnings().stream().anyMatch(w -> w.startsWith("outcome source 'billing' ends"
        + " 2024-02-01T00:00:00Z, 29.0 days before 'web'")), s.warnings().toString());
    // z paid without a trial: a conversion no rate shows, so the build says so
    assertTrue(s.warnings().contains("1 'paid' event of 1 person falls in no journey (after"
        + " the journey's window closed, or with no 'trial_started' before it) and counts as"
        + " no conversion: SELECT * FROM events WHERE event = 'paid' AND journey_id IS NULL"),
        s.warnings().toString());
    try (Connection c = open()) {
      assertEquals(List.of("a|converted|true", "b|dropped|true", "c|open|false",
              "d|converted|false"), rows(c, "SELECT (SELECT identifier FROM identities i"
              + " WHERE i.person_id = j.person_id), status, judged FROM journeys j ORDER BY 1"));
      // rates judge a and b only: d converted early in a window that is not over, and
      // counting it while leaving c out would report 2 of 3 instead of 1 of 2
      assertEquals(List.of("unknown|4|2|2|1|0.5|1"), rows(c, "SELECT channel, journeys,"
          + " still_in_window, judged, conversions, rate, recent_conversions"
          + " FROM channel_quality"));
      assertEquals(List.of("4|2|2|2|1|0.5"), rows(c, "SELECT entered, advanced,"
          + " still_in_window, judged, judged_advanced, rate FROM stage_conversion"));
      assertEquals(List.of("2024-02-01 00:00:00.0|last event of outcome source 'billing'"),
          rows(c, "SELECT as_of, as_of_basis FROM build_info"));
      // each source's span, in model order, and which sources bound the as-of
      assertEquals(List.of(
              "leads|4|2024-01-02 00:00:00.0|2024-01-28 00:00:00.0|no outcome events",
              "billing|3|2024-01-08 00:00:00.0|2024-02-01 00:00:00.0|carries the outcome:"
                  + " judged no later than its last event",
              "web|2|2024-01-26 00:00:00.0|2024-03-01 00:00:00.0|no outcome events"),
          rows(c, "SELECT source, rows_accepted, first_event_at, last_event_at, detail"
              + " FROM build_log WHERE phase = 'coverage' AND source IS NOT NULL"));
      assertEquals(1, rows(c, "SELECT detail FROM build_log WHERE phase = 'coverage'"
          + " AND source IS NULL").size());
    }
  }

  @Test
  void anExplicitAsOfWins() throws Exception {
    BuildSummary s = build(MODEL.replace("  window: 10 days",
        "  window: 10 days\n  as_of: 2024-03-01"));
    assertEquals(Instant.parse("2024-03-01T00:00:00Z"), s.asOf());
    assertEquals("set in the model", s.asOfBasis());
    // leads and billing stop a month before that moment: said, each with its gap; web, whose
    // last event is the moment itself, is not named
    List<String> stale = s.warnings().stream().filter(w -> w.startsWith("source '")).toList();
    assertEquals(2, stale.size(), s.warnings().toString());
    assertTrue(stale.get(0).startsWith("source 'leads' ends 2024-01-28T00:00:00Z, 33.0 days"
        + " before the as-of moment 2024-03-01T00:00:00Z"), stale.get(0));
    assertTrue(stale.get(1).startsWith("source 'billing' ends 2024-02-01T00:00:00Z, 29.0 days"
        + " before"), stale.get(1));
    try (Connection c = open()) {
      assertEquals(List.of("a|converted", "b|dropped", "c|dropped", "d|converted"), rows(c, "SELECT"
          + " (SELECT identifier FROM identities i WHERE i.person_id = j.person_id), status"
          + " FROM journeys j ORDER BY 1"));
    }
  }
}
