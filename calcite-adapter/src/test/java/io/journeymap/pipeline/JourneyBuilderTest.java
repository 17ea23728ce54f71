package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.JourneyModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the hand-made trial fixture and checks every table against hand-computed numbers. */
class JourneyBuilderTest {
  @TempDir
  static Path dir;
  static BuildSummary summary;
  static Connection store;

  @BeforeAll
  static void build() throws Exception {
    JourneyModel model = TrialFixture.write(dir);
    summary = new JourneyBuilder(model, model.defaultStore(), BuildListener.SILENT).build();
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    store = DriverManager.getConnection("jdbc:duckdb:" + model.defaultStore(), p);
  }

  @AfterAll
  static void close() throws SQLException {
    store.close();
  }

  private static List<String> rows(String sql) throws SQLException {
    return StoreQueries.rows(store, sql);
  }

  private static double number(String sql) throws SQLException {
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getDouble(1);
    }
  }

  @Test
  void everyRowIsAcceptedOrRejectedWithAReason() throws SQLException {
    assertEquals(List.of(new BuildSummary.SourceCount("crm", 12, 10, 2),
        new BuildSummary.SourceCount("app", 17, 16, 1)), summary.sources());
    assertEquals(List.of(
            "app|17|unmapped event 'debug'",
            "crm|11|no usable identifier: blocklisted email 'N/A'",
            "crm|12|unparseable time 'yesterday'"),
        rows("SELECT source, source_row, reason FROM rejected_events ORDER BY 1, 2"));
    assertTrue(rows("SELECT raw_row FROM rejected_events WHERE source_row = 12").get(0)
        .contains("\"created\":\"yesterday\""));
    assertEquals(List.of("ingest|crm|12|10|2", "ingest|app|17|16|1"),
        rows("SELECT phase, source, rows_read, rows_accepted, rows_rejected FROM build_log"
            + " WHERE phase = 'ingest' ORDER BY rows_read"));
  }

  @Test
  void identityMergesStrongLinksAndGuardsAgainstTraps() throws SQLException {
    // A = c1 + c1b (same email, other case and spaces) + login ann; B..E one each
    assertEquals(5, summary.persons());
    assertEquals(List.of("c1|c1b|ann@example.com|ann"), rows("SELECT string_agg(identifier, '|'"
        + " ORDER BY kind, identifier) FROM identities WHERE person_id = (SELECT person_id"
        + " FROM identities WHERE identifier = 'c1') AND strength = 'strong'"));
    // info@ is a role address: it names the shop's team, so it joins nobody and refuses nothing
    assertEquals(List.of("cookie|k2|shared_weak_identifier|2"),
        rows("SELECT kind, identifier, conflict, persons_touched FROM identity_conflicts"));
    assertEquals(List.of("role_address|null|crm"), rows("SELECT status, person_id, sources"
        + " FROM identities WHERE identifier = 'info@shop.com'"));
    assertEquals(5, number("SELECT count(DISTINCT person_id) FROM events WHERE source = 'crm'"));
    // cookie k1 points to A only: the anonymous visit before signup joins A's history
    assertEquals(List.of("weak_attached|true"), rows("SELECT e.identity_status, e.person_id ="
        + " (SELECT person_id FROM identities WHERE identifier = 'ann') FROM events e"
        + " WHERE occurred_at = TIMESTAMP '2024-01-08 00:00:00'"));
    assertEquals(List.of("weak_ambiguous|null"), rows("SELECT identity_status, person_id"
        + " FROM events WHERE occurred_at = TIMESTAMP '2024-02-21 00:00:00'"));
    assertEquals(List.of("strong|24", "weak_ambiguous|1", "weak_attached|1"),
        rows("SELECT identity_status, count(*) FROM events GROUP BY 1 ORDER BY 1"));
  }

  @Test
  void journeysAreCensoredAtTheAsOfTime() throws SQLException {
    assertEquals(List.of(
            "c1|converted|10.0|converted|null|partner",
            "c2|dropped|null|started|null|paid_social",
            "c3|open|null|started|null|paid_social",
            "c4|dropped|null|activated|null|partner",
            "c5|converted|1.0|converted|activated|organic"),
        rows("SELECT (SELECT min(identifier) FROM identities i WHERE i.person_id = j.person_id"
            + " AND kind = 'customer_id'), status, days_to_convert, furthest_stage,"
            + " skipped_stages, first_channel FROM journeys j ORDER BY 1"));
  }

  @Test
  void stageThresholdsCountOnlyEventsInsideTheirWindow() throws SQLException {
    // A's second setup step on day 3 activates; B's second one on day 10 is too late
    assertEquals(List.of("c1|activated|2024-01-13 00:00:00.0|setup_done|72.0",
            "c4|activated|2024-01-03 12:00:00.0|setup_done|60.0"),
        rows("SELECT (SELECT min(identifier) FROM identities i WHERE i.person_id = j.person_id"
            + " AND kind = 'customer_id'), s.stage, s.entered_at, s.triggering_event,"
            + " s.hours_from_start FROM stage_entries s JOIN journeys j USING (journey_id)"
            + " WHERE s.stage = 'activated' ORDER BY 1"));
  }

  @Test
  void stageConversionHasCountsIntervalsAndMedians() throws SQLException {
    // started -> activated: 5 entered, 2 advanced, C open and not advanced: rate 2/4
    // Wilson(2, 4) = [0.1500, 0.8500]; medians: (72 h + 60 h) / 2 = 66 h; A: day 3 -> day 10;
    // E paid without activating: it went around 'activated' and bypassed it on the next pair
    assertEquals(List.of("started|activated|5|2|1|0.5000|0.1500|0.8500|66.0|1|0|small sample",
            "activated|converted|2|1|0|0.5000|0.0945|0.9055|168.0|0|1|small sample"),
        rows("SELECT from_stage, to_stage, entered, advanced, still_in_window,"
            + " printf('%.4f', rate), printf('%.4f', ci_low), printf('%.4f', ci_high),"
            + " median_hours, went_around, bypassed, sample_note FROM stage_conversion"
            + " ORDER BY from_order"));
  }

  @Test
  void noConversionIsInvisible() throws SQLException {
    // A converted through activated, E without it: both reach the outcome stage
    assertEquals(List.of("1|started|5|5|0|2|2|0|0.0",
            "2|activated|2|2|1|2|1|1|0.5",
            "3|converted|2|1|0|2|2|0|0.0"),
        rows("SELECT stage_order, stage, reached, reached_in_order, skipped, converted,"
            + " converted_with, converted_without, share_converted_without FROM stage_reach"
            + " ORDER BY stage_order"));
    assertEquals(List.of("2"), rows("SELECT advanced + bypassed FROM stage_conversion"
        + " WHERE to_stage = 'converted'"));
    assertEquals(List.of("c5|converted|false", "c5|started|true"), rows("SELECT (SELECT"
        + " min(identifier) FROM identities i WHERE i.person_id = j.person_id AND kind ="
        + " 'customer_id'), s.stage, s.in_order FROM stage_entries s JOIN journeys j"
        + " USING (journey_id) WHERE j.person_id = (SELECT person_id FROM identities"
        + " WHERE identifier = 'c5') ORDER BY 2"));
  }

  @Test
  void dropOffsCountOnlyClosedJourneys() throws SQLException {
    // D pays after its window closed: that payment is outside the journey, D stalled after setup
    // no row for the outcome stage: a converted journey never drops off
    assertEquals(List.of("1|started|4|1|0|0.25|0.5|setup_done (100%)|true",
            "2|activated|2|1|0|0.5|0.5|setup_done (100%)|true"),
        rows("SELECT stage_order, stage, reached, stalled, failed, share,"
            + " share_of_all_drop_offs, last_events, biggest FROM drop_offs ORDER BY stage_order"));
  }

  @Test
  void channelsRankQualityByTheSureRate() throws SQLException {
    // organic 1/1 (Wilson low 0.2065) beats partner 1/2 (0.0945); paid_social 0/1 with C open
    assertEquals(List.of("organic|1|0|1|1|0|0.2065|3|1",
            "partner|2|0|2|1|0|0.0945|2|2",
            "paid_social|2|1|1|0|0|0.0000|1|3"),
        rows("SELECT channel, journeys, still_in_window, judged, conversions, failed,"
            + " printf('%.4f', ci_low), volume_rank, quality_rank FROM channel_quality"
            + " ORDER BY quality_rank"));
  }

  @Test
  void theMapAndItsFactsAreStored() throws SQLException {
    assertEquals(List.of("1|started|trial_started", "2|activated|at least 2 x setup_done within 7"
            + " days of start", "3|converted|paid"),
        rows("SELECT stage_order, stage, rule FROM stages ORDER BY 1"));
    assertEquals(List.of("2024-03-01 00:00:00.0|TIMESTAMP|set in the model|21.0"),
        rows("SELECT as_of, typeof(as_of), as_of_basis, window_days FROM build_info"));
    assertEquals(List.of("trial_started|app|5"),
        rows("SELECT event, sources, events FROM taxonomy WHERE event = 'trial_started'"));
    assertEquals(List.of("crm|10"),
        rows("SELECT sources, events FROM taxonomy WHERE event = 'lead_created'"));
  }
}
