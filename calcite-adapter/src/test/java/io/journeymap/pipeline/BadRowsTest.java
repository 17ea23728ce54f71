package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad row is one rejected row with its reason; a build with nothing to show still lands. */
class BadRowsTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: 2024-03-01
      taxonomy: [trial_started, paid]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: {column: ts, zone: America/New_York}
          event: {column: event}
          identifiers: {login: login}
      stages:
        - name: started
          events: [trial_started]
        - name: converted
          events: [paid]
      """;

  @Test
  void implausibleOrOverflowingTimesAreRejectedRows() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event
        2024-01-02,a,trial_started
        2024-01-02 00:00,b,trial_started
        infinity,c,trial_started
        9999-12-31,d,paid
        1850-01-01,e,trial_started
        2024-01-05T10:00:00Z,a,paid
        """);
    BuildSummary s = StoreQueries.build(dir, MODEL);
    assertEquals(List.of(new BuildSummary.SourceCount("app", 6, 3, 3)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      List<String> reasons = rows(c, "SELECT source_row, reason FROM rejected_events ORDER BY 1");
      assertEquals(3, reasons.size(), reasons.toString());
      assertTrue(reasons.get(0).startsWith("3|time outside the plausible range 1970-01-01 to"),
          reasons.get(0));
      assertTrue(reasons.get(1).startsWith("4|time outside") && reasons.get(1)
          .endsWith("(journey.time_range): '9999-12-31'"), reasons.get(1));
      assertTrue(reasons.get(2).startsWith("5|time outside"), reasons.get(2));
      // a date alone is midnight in the source's zone, like a date with a time
      assertEquals(List.of("2024-01-02 05:00:00.0", "2024-01-02 05:00:00.0"), rows(c,
          "SELECT occurred_at FROM events WHERE event = 'trial_started' ORDER BY 1"));
      // the as-of moment stays where it was set: no row from 9999 moved it
      assertEquals(List.of("2024-03-01 00:00:00.0"), rows(c, "SELECT as_of FROM build_info"));
    }
  }

  /**
   * A time naming its zone keeps it, whatever the source's zone: BigQuery exports write
   * "2024-01-02 10:00:00 UTC", and reading that in New York time put it five hours late.
   */
  @Test
  void aZoneNamedInTheTimeWinsOverTheSourcesZone() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event
        2024-01-02 10:00:00 UTC,a,trial_started
        2024-01-02 10:00:00 GMT,b,trial_started
        2024-01-02 10:00:00 Europe/Berlin,c,trial_started
        2024-01-02 10:00:00+01:00,d,trial_started
        2024-01-02 10:00:00,e,trial_started
        2024-01-02 10:00:00 Nowhere/Atlantis,f,trial_started
        """);
    BuildSummary s = StoreQueries.build(dir, MODEL);
    assertEquals(List.of(new BuildSummary.SourceCount("app", 6, 5, 1)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("a|2024-01-02 10:00:00.0", "b|2024-01-02 10:00:00.0",
              "c|2024-01-02 09:00:00.0", "d|2024-01-02 09:00:00.0",
              "e|2024-01-02 15:00:00.0"),
          rows(c, "SELECT i.identifier, e.occurred_at FROM events e JOIN identities i"
              + " USING (person_id) ORDER BY 1"));
      assertEquals(List.of("6"), rows(c, "SELECT source_row FROM rejected_events"));
    }
  }

  @Test
  void aSourceLosingItsRowsSaysWhyAndTheStoreIsStillWritten() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event
        29/11/2023 14:05,a,trial_started
        30/11/2023 09:00,b,trial_started
        """);
    BuildSummary s = StoreQueries.build(dir, MODEL.replace("{column: ts, zone: America/New_York}",
        "ts"));
    assertEquals(0, s.journeys());
    assertTrue(s.warnings().get(0).startsWith("2 of 2 rows of source 'app' rejected, e.g."
        + " unparseable time '29/11/2023 14:05' (set time.format"), s.warnings().toString());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("2"), rows(c, "SELECT count(*) FROM rejected_events"));
    }
  }

  /**
   * When the source already sets a format, the advice to set one goes in a circle: the warning
   * quotes the format and a value it did not read instead.
   */
  @Test
  void aFormatThatReadsNoTimeIsQuotedWithAValueItDidNotRead() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event
        2023.11.29 14h05,a,trial_started
        2023.11.30 09h00,b,trial_started
        2023-12-01 10:00,c,trial_started
        """);
    BuildSummary s = StoreQueries.build(dir, MODEL.replace("{column: ts, zone: America/New_York}",
        "{column: ts, format: \"%d/%m/%Y %H:%M\"}"));
    assertEquals("3 of 3 rows of source 'app' rejected, e.g. unparseable time"
        + " '2023-12-01 10:00' (time.format is \"%d/%m/%Y %H:%M\", which does not read"
        + " '2023-12-01 10:00': check the format against that value; it takes strptime codes"
        + " (%Y-%m-%d %H:%M:%S), epoch_s or epoch_ms)", s.warnings().get(0));
  }

  @Test
  void zeroJourneysIsAValidResult() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event
        2024-03-05T00:00:00Z,a,trial_started
        """);
    BuildSummary s = StoreQueries.build(dir, MODEL);
    assertEquals(0, s.journeys());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("0|1"), rows(c, "SELECT (SELECT count(*) FROM journeys),"
          + " (SELECT count(*) FROM events)"));
    }
  }
}
