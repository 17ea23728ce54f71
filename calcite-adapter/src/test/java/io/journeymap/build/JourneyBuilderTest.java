package io.journeymap.build;

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
    List<String> out = new ArrayList<>();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i == 1 ? "" : "|").append(r.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
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
    assertEquals(List.of("email|info@shop.com|supernode_refused|4",
            "cookie|k2|shared_weak_identifier|2"),
        rows("SELECT kind, identifier, conflict, persons_touched FROM identity_conflicts"
            + " ORDER BY conflict DESC"));
    assertEquals(List.of("refused|null"), rows("SELECT status, person_id FROM identities"
        + " WHERE identifier = 'info@shop.com'"));
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
            "c1|converted|10.0|converted|partner",
            "c2|dropped|null|started|paid_social",
            "c3|open|null|started|paid_social",
            "c4|dropped|null|activated|partner",
            "c5|converted|1.0|started|organic"),
        rows("SELECT (SELECT min(identifier) FROM identities i WHERE i.person_id = j.person_id"
            + " AND kind = 'customer_id'), status, days_to_convert, current_stage,"
            + " first_channel FROM journeys j ORDER BY 1"));
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
    // Wilson(2, 4) = [0.1500, 0.8500]; medians: (72 h + 60 h) / 2 = 66 h; A: day 3 -> day 10
    assertEquals(List.of("started|activated|5|2|1|0.5000|0.1500|0.8500|66.0|small sample",
            "activated|converted|2|1|0|0.5000|0.0945|0.9055|168.0|small sample"),
        rows("SELECT from_stage, to_stage, entered, advanced, open_excluded,"
            + " printf('%.4f', rate), printf('%.4f', ci_low), printf('%.4f', ci_high),"
            + " median_hours, sample_note FROM stage_conversion ORDER BY from_order"));
  }

  @Test
  void dropOffsCountOnlyClosedJourneys() throws SQLException {
    // D pays after its window closed: that payment is outside the journey, D stalled after setup
    assertEquals(List.of("1|started|4|1|0.25|0.5|setup_done (100%)|true",
            "2|activated|2|1|0.5|0.5|setup_done (100%)|true",
            "3|converted|1|0|0.0|0.0|null|false"),
        rows("SELECT stage_order, stage, entered, stalled, share, share_of_all_drop_offs,"
            + " last_events, biggest FROM drop_offs ORDER BY stage_order"));
  }

  @Test
  void channelsRankQualityByTheSureRate() throws SQLException {
    // organic 1/1 (Wilson low 0.2065) beats partner 1/2 (0.0945); paid_social 0/1 with C open
    assertEquals(List.of("organic|1|0|1|1|0.2065|3|1",
            "partner|2|0|2|1|0.0945|2|2",
            "paid_social|2|1|1|0|0.0000|1|3"),
        rows("SELECT channel, journeys, open_journeys, closed, conversions,"
            + " printf('%.4f', ci_low), volume_rank, quality_rank FROM channel_quality"
            + " ORDER BY quality_rank"));
  }

  @Test
  void theMapAndItsFactsAreStored() throws SQLException {
    assertEquals(List.of("1|started|trial_started", "2|activated|at least 2 x setup_done within 7"
            + " days of start", "3|converted|paid"),
        rows("SELECT stage_order, stage, rule FROM stages ORDER BY 1"));
    assertEquals(List.of("2024-03-01T00:00:00Z"),
        rows("SELECT detail FROM build_info WHERE fact = 'as_of'"));
    assertEquals(List.of("trial_started|app|5"),
        rows("SELECT event, sources, events FROM taxonomy WHERE event = 'trial_started'"));
    assertEquals(List.of("crm|10"),
        rows("SELECT sources, events FROM taxonomy WHERE event = 'lead_created'"));
  }
}
