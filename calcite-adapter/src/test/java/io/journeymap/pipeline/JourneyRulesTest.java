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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journey rules on a hand-made world where every number is worked out by hand: repeated
 * starts, several journeys per person, a success before the start, a success exactly at the
 * window end, a start and a success at the same instant written in reverse order, a failure
 * event, events after as-of, a {@code when} rule with {@code within_days}, conversions that
 * skipped stages, a role mailbox, an email shared by two logins, and the first channel of a
 * repeat journey.
 *
 * <p>Persons (login): p1 trial Jan 2 (again Jan 3: same journey) drops; a touch from 'email' on
 * Jan 15, trial again Jan 20, activated Jan 21, pays Jan 30 = exactly the 10-day window end.
 * p2 pays Jan 5, then starts Jan 6 and drops. p3 pays and starts at the same instant (paid row
 * first). p4 activates, then cancels Feb 12 (failure) and pays Feb 13 (too late). p5 starts Feb
 * 25, pays Mar 2 after as-of (Mar 1): open. p6 and p7 share an email (login max 1 per person):
 * kept apart; p6 reaches engaged without activating. p8 and p9 share team@acme.com, a role
 * address. p10 sets up on day 1 but attends the webinar on day 4 (outside within_days 3), is
 * engaged and pays: converted without activating.
 */
class JourneyRulesTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        failure_events: [cancelled]
        window: 10 days
        as_of: 2024-03-01
      taxonomy: [page_viewed, trial_started, setup_done, webinar, feature_used, paid, cancelled]
      identity:
        kinds:
          login: {strength: strong, lowercase: true, max_per_person: 1}
          email: strong
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login, email: email}
          channel: channel
      stages:
        - name: started
          events: [trial_started]
        - name: activated
          when: "setup_done >= 1 AND webinar >= 1"
          within_days: 3
        - name: engaged
          events: [feature_used]
          min_count: 2
        - name: converted
          events: [paid]
      """;

  static final List<String> ROWS = List.of(
      "2024-01-01T00:00:00Z,p1,,page_viewed,ads",
      "2024-01-02T00:00:00Z,p1,,trial_started,",
      "2024-01-03T00:00:00Z,p1,,trial_started,",
      "2024-01-15T00:00:00Z,p1,,page_viewed,email",
      "2024-01-20T00:00:00Z,p1,,trial_started,",
      "2024-01-20T06:00:00Z,p1,,setup_done,",
      "2024-01-21T00:00:00Z,p1,,webinar,",
      "2024-01-30T00:00:00Z,p1,,paid,",
      "2024-01-05T00:00:00Z,p2,,paid,",
      "2024-01-06T00:00:00Z,p2,,trial_started,",
      "2024-02-01T10:00:00Z,p3,,paid,",
      "2024-02-01T10:00:00Z,p3,,trial_started,ads",
      "2024-02-09T00:00:00Z,p4,,page_viewed,email",
      "2024-02-10T00:00:00Z,p4,,trial_started,",
      "2024-02-11T00:00:00Z,p4,,setup_done,",
      "2024-02-11T12:00:00Z,p4,,webinar,",
      "2024-02-12T00:00:00Z,p4,,cancelled,",
      "2024-02-13T00:00:00Z,p4,,paid,",
      "2024-02-25T00:00:00Z,p5,,trial_started,",
      "2024-03-02T00:00:00Z,p5,,paid,",
      "2024-01-01T00:00:00Z,p6,shared@x.com,page_viewed,",
      "2024-01-02T00:00:00Z,p7,shared@x.com,page_viewed,",
      "2024-01-05T00:00:00Z,p6,,trial_started,",
      "2024-01-05T00:00:00Z,p7,,trial_started,",
      "2024-01-06T00:00:00Z,,shared@x.com,feature_used,",
      "2024-01-07T00:00:00Z,p6,,feature_used,",
      "2024-01-07T00:00:00Z,p8,team@acme.com,page_viewed,",
      "2024-01-07T00:00:00Z,p9,Team@Acme.com,page_viewed,",
      "2024-01-08T00:00:00Z,p8,,trial_started,",
      "2024-01-08T00:00:00Z,p9,,trial_started,",
      "2024-01-09T00:00:00Z,p10,,page_viewed,ads",
      "2024-01-10T00:00:00Z,p10,,trial_started,",
      "2024-01-11T00:00:00Z,p10,,setup_done,",
      "2024-01-12T00:00:00Z,p10,,feature_used,",
      "2024-01-13T00:00:00Z,p10,,feature_used,",
      "2024-01-14T00:00:00Z,p10,,webinar,",
      "2024-01-15T00:00:00Z,p10,,paid,");

  /** Builds the world with its rows in the given order and opens the store read-only. */
  private Connection build(List<String> rows) throws Exception {
    Path world = Files.createTempDirectory(dir, "world");
    Files.writeString(world.resolve("app.csv"),
        "ts,login,email,event,channel\n" + String.join("\n", rows) + "\n");
    StoreQueries.build(world, MODEL);
    return StoreQueries.open(world);
  }


  /**
   * A rule that holds with no counts ("no webinar yet") is reached at the journey's first
   * event, its start, even when the next events are ones it counts; a rule reached at an event
   * it does not count (none here) cannot be earlier than the counted event before it.
   */
  @Test
  void aRuleTrueFromTheStartIsReachedAtTheStart() throws Exception {
    Path world = Files.createTempDirectory(dir, "world");
    Files.writeString(world.resolve("app.csv"), """
        ts,login,email,event,channel
        2024-01-02T00:00:00Z,q1,,trial_started,
        2024-01-02T01:00:00Z,q1,,webinar,
        2024-01-02T02:00:00Z,q1,,feature_used,
        2024-01-02T03:00:00Z,q1,,page_viewed,
        2024-01-02T04:00:00Z,q1,,feature_used,
        2024-01-05T00:00:00Z,q1,,paid,
        2024-01-03T00:00:00Z,q2,,page_viewed,
        2024-01-04T00:00:00Z,q2,,trial_started,
        2024-01-04T00:00:00Z,q2,,page_viewed,
        2024-01-08T00:00:00Z,q2,,webinar,
        """);
    // no stage counts the start event here
    StoreQueries.build(world, MODEL.replace("""
          - name: started
            events: [trial_started]
          - name: activated
            when: "setup_done >= 1 AND webinar >= 1"
            within_days: 3
        """, """
          - name: quiet
            when: "NOT webinar >= 1"
            within_days: 3
        """));
    try (Connection c = StoreQueries.open(world)) {
      assertEquals(List.of(
              "q1|quiet|2024-01-02 00:00:00|trial_started",
              "q1|engaged|2024-01-02 04:00:00|feature_used",
              "q1|converted|2024-01-05 00:00:00|paid",
              "q2|quiet|2024-01-04 00:00:00|trial_started"),
          rows(c, "SELECT " + LOGIN + ", s.stage, strftime(s.entered_at, '%Y-%m-%d %H:%M:%S'),"
              + " e.event FROM stage_entries s JOIN journeys j USING (journey_id) JOIN events e"
              + " ON e.event_id = s.triggering_event_id ORDER BY 1, s.stage_order"));
    }
  }

  private static final String LOGIN = "(SELECT min(identifier) FROM identities i"
      + " WHERE i.person_id = j.person_id AND i.kind = 'login')";

  private static final String JOURNEYS = "SELECT " + LOGIN + ", status, days_to_convert,"
      + " furthest_stage, skipped_stages, first_channel, events, failure_event"
      + " FROM journeys j ORDER BY 1, started_at";

  @Test
  void journeysFollowTheRules() throws Exception {
    try (Connection c = build(ROWS)) {
      assertEquals(List.of(
              // repeated start inside the running journey belongs to it; first touch 'ads'
              "p1|dropped|null|started|null|ads|2|null",
              // the next journey's first touch is the one after the previous journey closed;
              // success exactly at the window end converts; engaged was skipped
              "p1|converted|10.0|converted|engaged|email|4|null",
              "p10|converted|5.0|converted|activated|ads|6|null",
              // a success before the start converts nothing
              "p2|dropped|null|started|null|unknown|1|null",
              // start and success at one instant convert, whatever the row order
              "p3|converted|0.0|converted|activated,engaged|ads|2|null",
              // the failure closes the journey; the later payment is outside it
              "p4|failed|null|activated|null|email|4|cancelled",
              // the payment after as-of does not count yet
              "p5|open|null|started|null|unknown|1|null",
              "p6|dropped|null|engaged|activated|unknown|3|null",
              "p7|dropped|null|started|null|unknown|1|null",
              "p8|dropped|null|started|null|unknown|1|null",
              "p9|dropped|null|started|null|unknown|1|null"),
          rows(c, JOURNEYS));
      assertEquals(List.of("2024-03-01 00:00:00.0|set in the model|cancelled"),
          rows(c, "SELECT as_of, as_of_basis, failure_events FROM build_info"));
    }
  }

  @Test
  void theSameRowsInAnyOrderGiveTheSameJourneys() throws Exception {
    List<String> reversed = new ArrayList<>(ROWS);
    Collections.reverse(reversed);
    String stages = "SELECT " + LOGIN + ", s.stage, s.entered_at, s.triggering_event,"
        + " s.in_order FROM stage_entries s JOIN journeys j USING (journey_id) ORDER BY 1, 2, 3";
    List<String> forward;
    List<String> forwardStages;
    try (Connection c = build(ROWS)) {
      forward = rows(c, JOURNEYS);
      forwardStages = rows(c, stages);
    }
    try (Connection c = build(reversed)) {
      assertEquals(forward, rows(c, JOURNEYS));
      assertEquals(forwardStages, rows(c, stages));
    }
  }

  @Test
  void whenRulesCountOnlyInsideWithinDaysAndEntriesMatchTheirEvent() throws Exception {
    try (Connection c = build(ROWS)) {
      // p1's webinar on day 1 and p4's on day 1.5 activate; p10's on day 4 does not
      assertEquals(List.of("p1|2024-01-21 00:00:00.0|webinar|24.0|true",
              "p4|2024-02-11 12:00:00.0|webinar|36.0|true"),
          rows(c, "SELECT " + LOGIN + ", s.entered_at, s.triggering_event, s.hours_from_start,"
              + " s.in_order FROM stage_entries s JOIN journeys j USING (journey_id)"
              + " WHERE s.stage = 'activated' ORDER BY 1"));
      // every entry time is its triggering event's time
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM stage_entries s JOIN events e"
          + " ON e.event_id = s.triggering_event_id WHERE e.occurred_at <> s.entered_at"
          + " OR e.event <> s.triggering_event"));
    }
  }

  @Test
  void stageTablesShowEveryRoadToConversion() throws Exception {
    try (Connection c = build(ROWS)) {
      assertEquals(List.of(
              "1|started|11|11|0|0|3|3|0|0.0000",
              "2|activated|2|2|0|3|3|1|2|0.6667",
              "3|engaged|2|0|2|2|3|1|2|0.6667",
              "4|converted|3|0|3|0|3|3|0|0.0000"),
          rows(c, "SELECT stage_order, stage, reached, reached_in_order, reached_out_of_order,"
              + " skipped, converted, converted_with, converted_without,"
              + " printf('%.4f', share_converted_without) FROM stage_reach ORDER BY 1"));
      // started -> activated: 2 of 11, p5 open and not activated: 2/10, Wilson [0.0567, 0.5098];
      // medians: p1 24 h, p4 36 h -> 30 h; p3, p6, p10 went around activated
      assertEquals(List.of(
              "started|activated|11|2|1|0.2000|0.0567|0.5098|30.0|3|0",
              "activated|engaged|2|0|0|0.0000|0.0000|0.6576|null|1|2",
              "engaged|converted|2|1|0|0.5000|0.0945|0.9055|48.0|0|2"),
          rows(c, "SELECT from_stage, to_stage, entered, advanced, still_in_window,"
              + " printf('%.4f', rate), printf('%.4f', ci_low), printf('%.4f', ci_high),"
              + " median_hours, went_around, bypassed FROM stage_conversion ORDER BY from_order"));
      // the conversions visible on the last pair add up to all converted journeys
      assertEquals(List.of("3|3"), rows(c, "SELECT (SELECT advanced + bypassed FROM"
          + " stage_conversion WHERE to_stage = 'converted'), count(*) FROM journeys"
          + " WHERE status = 'converted'"));
    }
  }

  @Test
  void dropOffsCountClosedUnconvertedJourneysByFurthestStage() throws Exception {
    try (Connection c = build(ROWS)) {
      // 7 lost: 6 dropped + p4 failed; p5 open is in none of them
      assertEquals(List.of(
              "1|started|10|5|0|0.5000|0.7143|trial_started (100%)|true",
              "2|activated|2|1|1|0.5000|0.1429|cancelled (100%)|false",
              "3|engaged|2|1|0|0.5000|0.1429|feature_used (100%)|false"),
          rows(c, "SELECT stage_order, stage, reached, stalled, failed, printf('%.4f', share),"
              + " printf('%.4f', share_of_all_drop_offs), last_events, biggest FROM drop_offs"
              + " ORDER BY stage_order"));
    }
  }

  @Test
  void channelsCountFailedJourneysAsClosed() throws Exception {
    try (Connection c = build(ROWS)) {
      // ads 2/3 (Wilson low 0.2077), email 1/2 with p4 failed (0.0945), unknown 0/5 + 1 open
      assertEquals(List.of("ads|3|0|3|2|0|0.2077|2|1", "email|2|0|2|1|1|0.0945|3|2",
              "unknown|6|1|5|0|0|0.0000|1|3"),
          rows(c, "SELECT channel, journeys, still_in_window, judged, conversions, failed,"
              + " printf('%.4f', ci_low), volume_rank, quality_rank FROM channel_quality"
              + " ORDER BY quality_rank"));
    }
  }

  @Test
  void identityKeepsColleaguesApart() throws Exception {
    try (Connection c = build(ROWS)) {
      assertEquals(List.of("10"), rows(c, "SELECT count(*) FROM persons"));
      // the shared email joins p6 first (its record came first); p7's link is refused
      List<String> conflict = rows(c, "SELECT kind, identifier, conflict, persons_touched,"
          + " detail FROM identity_conflicts");
      assertEquals(1, conflict.size(), conflict.toString());
      assertTrue(conflict.get(0).startsWith("email|shared@x.com|limit_refused|2|would give one"
          + " person login values from two persons"), conflict.get(0));
      assertTrue(conflict.get(0).contains("p6") && conflict.get(0).contains("p7"),
          conflict.get(0));
      assertEquals(List.of("p6"), rows(c, "SELECT (SELECT min(identifier) FROM identities i"
          + " WHERE i.person_id = e.person_id AND kind = 'login') FROM events e"
          + " WHERE e.event = 'feature_used' AND e.occurred_at = TIMESTAMP '2024-01-06 00:00:00'"));
      // a role address is a team's: it merges nobody and says so
      assertEquals(List.of("team@acme.com|role_address|null|app|2"), rows(c, "SELECT identifier,"
          + " status, person_id, sources, events FROM identities WHERE kind = 'email'"
          + " AND identifier LIKE 'team%'"));
      assertEquals(List.of("2"), rows(c, "SELECT count(DISTINCT person_id) FROM events"
          + " WHERE raw_event = 'page_viewed' AND occurred_at = TIMESTAMP '2024-01-07 00:00:00'"));
    }
  }

  @Test
  void eventsCarryTheirJourney() throws Exception {
    try (Connection c = build(ROWS)) {
      // outside any journey: touches before a start, between journeys, after as-of, and a
      // payment before the start
      assertEquals(List.of(
              "p1|2024-01-01 00:00:00.0|page_viewed",
              "p1|2024-01-15 00:00:00.0|page_viewed",
              "p10|2024-01-09 00:00:00.0|page_viewed",
              "p2|2024-01-05 00:00:00.0|paid",
              "p4|2024-02-09 00:00:00.0|page_viewed",
              "p4|2024-02-13 00:00:00.0|paid",
              "p5|2024-03-02 00:00:00.0|paid",
              "p6|2024-01-01 00:00:00.0|page_viewed",
              "p7|2024-01-02 00:00:00.0|page_viewed",
              "p8|2024-01-07 00:00:00.0|page_viewed",
              "p9|2024-01-07 00:00:00.0|page_viewed"),
          rows(c, "SELECT (SELECT min(identifier) FROM identities i WHERE i.person_id ="
              + " e.person_id AND kind = 'login'), occurred_at, event FROM events e"
              + " WHERE journey_id IS NULL ORDER BY 1, 2"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM events e JOIN journeys j"
          + " USING (journey_id) WHERE e.occurred_at < j.started_at"
          + " OR e.occurred_at > coalesce(j.closed_at, j.window_ends_at)"));
    }
  }
}
