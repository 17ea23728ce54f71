package io.journeymap.report;

import static io.journeymap.report.HtmlReportTest.all;
import static io.journeymap.report.HtmlReportTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.Change;
import io.journeymap.report.ReportData.Action;
import io.journeymap.report.ReportData.Anomaly;
import io.journeymap.report.ReportData.Behaviours;
import io.journeymap.report.ReportData.Changes;
import io.journeymap.report.ReportData.Channel;
import io.journeymap.report.ReportData.Channels;
import io.journeymap.report.ReportData.Cluster;
import io.journeymap.report.ReportData.Day;
import io.journeymap.report.ReportData.DropOff;
import io.journeymap.report.ReportData.Health;
import io.journeymap.report.ReportData.JourneyMap;
import io.journeymap.report.ReportData.Lift;
import io.journeymap.report.ReportData.Overview;
import io.journeymap.report.ReportData.Pair;
import io.journeymap.report.ReportData.Path;
import io.journeymap.report.ReportData.Paths;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.report.ReportData.Segment;
import io.journeymap.report.ReportData.Stage;
import io.journeymap.report.ReportData.Timeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The report's parts on data made here: the segment ranking read from a real DuckDB table as
 * the other branch of the store defines it, and a page whose every name is hostile (markup,
 * quotes, 300 characters) that must still parse, escape and wrap.
 */
class ReportPiecesTest {
  static final String HOSTILE = "<script>alert('x')</script>&\"" + "y".repeat(300);

  /** A store holding only the action tables, in DuckDB itself. */
  private static Connection actionStore() throws Exception {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE segments_needing_action (rank INTEGER, segment_kind VARCHAR,"
          + " segment VARCHAR, open_journeys BIGINT, judged BIGINT, converted BIGINT,"
          + " rate DOUBLE, rate_low DOUBLE, rate_high DOUBLE, benchmark_rate DOUBLE,"
          + " expected_lost DOUBLE, expected_lost_low DOUBLE, expected_lost_high DOUBLE,"
          + " small_sample BOOLEAN, suggestion VARCHAR, sentence VARCHAR)");
      s.execute("INSERT INTO segments_needing_action VALUES"
          + " (2, 'cluster', '3', 40, 25, 2, 0.08, 0.022, 0.25, 0.1, 0.8, -2.5, 5.1, true,"
          + " 'setup_stalled', 'Cluster 3 is thin.'),"
          + " (1, 'first_channel', 'paid_social', 420, 652, 28, 0.0429, 0.0299, 0.0613, 0.102,"
          + " 24.8, 16.6, 30.3, false, 'trigger setup_stalled', 'paid_social loses most.')");
      s.execute("CREATE TABLE triggers (trigger_name VARCHAR, action VARCHAR, open_now BOOLEAN,"
          + " test_group VARCHAR)");
      s.execute("INSERT INTO triggers VALUES ('setup_stalled', 'email', true, 'treated'),"
          + " ('setup_stalled', 'email', true, 'treated'), ('setup_stalled', 'email', true,"
          + " 'holdout'), ('setup_stalled', 'email', false, 'treated')");
      s.execute("CREATE TABLE impact (trigger_name VARCHAR, period VARCHAR, treated BIGINT,"
          + " treated_converted BIGINT, holdout BIGINT, holdout_converted BIGINT,"
          + " difference DOUBLE, difference_low DOUBLE, difference_high DOUBLE,"
          + " relative_lift DOUBLE, lift_low DOUBLE, lift_high DOUBLE, p_value DOUBLE,"
          + " median_days_treated DOUBLE, median_days_holdout DOUBLE, overlap VARCHAR,"
          + " verdict VARCHAR, sentence VARCHAR)");
      s.execute("INSERT INTO impact VALUES ('setup_stalled', 'live', 200, 30, 40, 2, 0.1, 0.01,"
          + " 0.16, 3.0, 0.8, 11.5, 0.06, 4.0, 6.0, NULL, 'working', 'It works.'),"
          + " ('setup_stalled', 'before live', 100, 8, 12, 1, 0.0, -0.1, 0.1, 1.0, 0.2, 6.0,"
          + " 1.0, NULL, NULL, 'other (40%)', 'split looks fair', 'Fair split.')");
    }
    return c;
  }

  @Test
  void theSegmentRankingIsReadWhenTheStoreHasIt() throws Exception {
    try (Connection c = actionStore()) {
      Action a = ActionReader.action(c);
      assertTrue(a.segments().isPresent(), a.segmentsNote());
      List<Segment> rows = a.segments().get();
      assertEquals(List.of(1, 2), rows.stream().map(Segment::rank).toList());
      Segment top = rows.get(0);
      assertEquals("paid_social", top.segment());
      assertEquals(new Rate(28, 652, 0.0429, 0.0299, 0.0613, false), top.rate());
      assertEquals(24.8, top.expectedLost());
      assertTrue(rows.get(1).rate().smallSample());
      assertEquals(1, a.triggers().size());
      ReportData.Trigger t = a.triggers().get(0);
      assertEquals(List.of(2L, 1L), List.of(t.treatedOpen(), t.holdoutOpen()));
      assertEquals("live", t.current().period());
      assertEquals(List.of("live", "before live"), t.impact().stream()
          .map(ReportData.Impact::period).toList());
      assertEquals(new Rate(30, 200, 0.15, t.current().treated().low(),
          t.current().treated().high(), false), t.current().treated());
      assertTrue(t.current().holdout().smallSample(), "2 of 40 converted: thin");

      ReportData data = sample(a);
      Document page = parse(HtmlReport.render(data, "test"));
      Element table = all(page.getDocumentElement(), "table").stream()
          .filter(e -> e.getAttribute("id").equals("segments")).findFirst().orElseThrow();
      List<List<String>> cells = new ArrayList<>();
      for (Element tr : all((Element) table.getElementsByTagName("tbody").item(0), "tr")) {
        cells.add(all(tr, "td").stream().map(Element::getTextContent).toList());
      }
      assertEquals(List.of("1", "first_channel: paid_social", "420", "28/652", "4.3%",
          "[3.0%, 6.1%]", "10.2%", "24.8 [16.6, 30.3]", "trigger setup_stalled"), cells.get(0));
      assertEquals("8.0% small sample", cells.get(1).get(4));
      assertEquals("0.8 [-2.5, 5.1]", cells.get(1).get(7));
      // the overlap of triggers is said in words
      assertTrue(page.getDocumentElement().getTextContent().contains("Overlapping triggers:"
          + " setup_stalled (before live): other (40%)"));

      ByteArrayOutputStream o = new ByteArrayOutputStream();
      new TextReport(data, new PrintStream(o, true, StandardCharsets.UTF_8)).print();
      String text = o.toString(StandardCharsets.UTF_8);
      assertTrue(text.contains("\nSEGMENTS NEEDING ACTION  ranked by expected conversions"
          + " lost\n"), text);
      assertTrue(Pattern.compile("\n   1 first_channel: paid_social +420 +28/652 +4\\.3% +\\[3\\.0%,"
          + " 6\\.1%\\] +10\\.2% +24\\.8 \\[16\\.6, 30\\.3\\]  trigger setup_stalled\n").matcher(text)
          .find(), text);
    }
  }

  /**
   * Starts without a person and successes in no journey are said, counted up to as-of: 3 of 10
   * installs have no person; of the 4 payments, one lies after as-of and one of the other 3 is
   * in no journey.
   */
  @Test
  void eventsNoJourneyHoldsAreSaidWithTheirCounts() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE build_info AS SELECT 'person' AS subject, 'app''s install' AS"
          + " start_event, 'paid' AS success_event, TIMESTAMP '2025-06-30' AS as_of");
      s.execute("CREATE TABLE events (event VARCHAR, occurred_at TIMESTAMP, person_id BIGINT,"
          + " journey_id BIGINT)");
      s.execute("INSERT INTO events SELECT 'app''s install', TIMESTAMP '2025-06-01', CASE WHEN i"
          + " < 3 THEN NULL ELSE i END, CASE WHEN i < 3 THEN NULL ELSE i END FROM range(10) t(i)");
      s.execute("INSERT INTO events VALUES ('paid', '2025-06-05', 5, 5), ('paid', '2025-06-05',"
          + " 6, 6), ('paid', '2025-06-06', 7, NULL), ('paid', '2025-07-02', 8, NULL)");
      assertEquals(List.of("3 of 10 'app's install' events (30.0%) have no person, so they"
          + " start no journey and every rate leaves them out: their records carry no"
          + " identifier that resolves to a person (e.g. only a device id or cookie, which are"
          + " weak links). SELECT * FROM events WHERE event = 'app''s install' AND person_id IS"
          + " NULL", "1 of 3 'paid' events (33.3%) fall in no journey and count as no"
          + " conversion: after the journey's window closed, with no 'app's install' before"
          + " them, or with no person. SELECT * FROM events WHERE event = 'paid' AND journey_id"
          + " IS NULL"), MapReader.outsideJourneys(c));
      s.execute("UPDATE events SET person_id = 1, journey_id = 1");
      assertEquals(List.of(), MapReader.outsideJourneys(c));
    }
  }

  /** Of the build log, the notes take the warnings of reading and stages, not summaries. */
  @Test
  void readingAndStageWarningsAreNotes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE build_log (build_id VARCHAR, phase VARCHAR, source VARCHAR,"
          + " rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT, first_event_at"
          + " TIMESTAMP, last_event_at TIMESTAMP, detail VARCHAR, seconds DOUBLE)");
      s.execute("INSERT INTO build_log VALUES"
          + " ('b', 'ingest', 'app', 10, 9, 1, NULL, NULL, '10 rows read', 0.4),"
          + " ('b', 'ingest', NULL, NULL, NULL, NULL, NULL, NULL, 'map key typo', 0),"
          + " ('b', 'stages', NULL, NULL, NULL, NULL, NULL, NULL, '4 stages placed', 1.2),"
          + " ('b', 'stages', NULL, NULL, NULL, NULL, NULL, NULL, 'stage unreached', 0),"
          + " ('b', 'journeys', NULL, NULL, NULL, NULL, NULL, NULL, 'said elsewhere', 0),"
          + " ('b', 'scores', NULL, NULL, NULL, NULL, NULL, NULL, 'model note', 0)");
      assertEquals(List.of("map key typo", "stage unreached"), MapReader.readingWarnings(c));
    }
  }

  @Test
  void withoutTheTableTheRankingIsSaidToBeMissing() throws Exception {
    try (Connection c = actionStore(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE segments_needing_action");
      Action a = ActionReader.action(c);
      assertTrue(a.segments().isEmpty());
      assertTrue(a.segmentsNote().contains("is not in this store"), a.segmentsNote());
      assertEquals(1, a.triggers().size(), "the triggers are still shown");
    }
  }

  @Test
  void hostileNamesAreEscapedAndWrapInsideTheirColumns() throws Exception {
    try (Connection c = actionStore(); Statement s = c.createStatement()) {
      s.execute("UPDATE segments_needing_action SET segment = '" + HOSTILE.replace("'", "''")
          + "', suggestion = '" + HOSTILE.replace("'", "''") + "'");
      String html = HtmlReport.render(sample(ActionReader.action(c)), HOSTILE);
      assertFalse(html.contains("<script"), "markup passed through");
      Document page = parse(html);
      String all = page.getDocumentElement().getTextContent();
      assertTrue(all.contains(HOSTILE), "the names are kept in full");
      // inside table cells no run of more than 16 characters goes without a break opportunity
      for (Element td : all(page.getDocumentElement(), "td")) {
        String raw = td.getTextContent();
        if (raw.contains("yyyy")) {
          int breaks = td.getElementsByTagName("wbr").getLength();
          assertTrue(breaks >= raw.replace(" ", "").length() / 17, breaks + " breaks in "
              + raw.length() + " characters");
        }
      }
      for (Element svg : all(page.getDocumentElement(), "svg")) {
        String width = svg.getAttribute("width");
        assertTrue(Double.parseDouble(width) <= 1000, "a chart wider than the page: " + width);
      }
    }
  }

  /** A report with one of everything, every name hostile, and the given action section. */
  static ReportData sample(Action action) {
    Rate r = new Rate(30, 200, 0.15, 0.107, 0.206, false);
    Overview o = new Overview(HOSTILE, HOSTILE, "2026-06-29 15:34:56", HOSTILE, 300, 40, 0,
        200, 60, 80, 5, 35, new Rate(35, 220, 35 / 220.0, 0.117, 0.213, false),
        List.of(HOSTILE));
    String a = HOSTILE + "a";
    String b = HOSTILE + "b";
    JourneyMap map = new JourneyMap(List.of(new Stage(1, a, 300, 300, 40, 0, 0.0),
        new Stage(2, b, 40, 30, 40, 0, 0.0)), List.of(new Pair(a, b, 300, 40, r, 50.0, 3, 0)),
        List.of(new DropOff(1, a, 170, 0, new Rate(170, 200, 0.85, 0.79, 0.89, false), 1.0,
            HOSTILE, true)), new Paths(a, b, 2, List.of(new Path(HOSTILE + " > " + HOSTILE,
        120, r), new Path("(nothing)", 80, new Rate(0, 80, 0.0, 0.0, 0.045, false)))));
    Lift lift = new Lift("outcome", HOSTILE, 120, 30, 80, 5, 0.25, 0.0625, 4.0, 1.6, 9.9, 3.5,
        1.4, 8.8, 0.001, "signal", HOSTILE);
    Behaviours behaviours = new Behaviours(List.of(lift), List.of(lift), 10, 1, 0);
    Channels channels = new Channels(List.of(new Channel(HOSTILE, 300, 1, r, 1, 2)), r);
    LocalDate day = LocalDate.of(2026, 6, 1);
    Anomaly anomaly = new Anomaly("entries into " + a, "first_channel = " + HOSTILE, day, day,
        1, 30, 10, 4, 16, 30, null, 0.01, "rise", "high", HOSTILE, HOSTILE);
    List<Day> days = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      days.add(new Day(day.minusDays(30 - i), 10, null, 10.0, 10.0, 4.0, 16.0));
    }
    Changes changes = new Changes(List.of(anomaly), List.of(new ReportData.Change30(
        "entries into " + a, HOSTILE, day, day, 300.0, 250.0, 50.0, 5.0, 95.0, 300, null, 250,
        null, 0.01, true, HOSTILE)), List.of(new Timeline("entries into " + a,
        "first_channel = " + HOSTILE, false, days, List.of(anomaly))),
        List.of(new Change(day, HOSTILE)), true, day.plusDays(10), List.of(
        new ReportData.ChangeEffect(day, HOSTILE, HOSTILE, 300, 30, 0.1, 280, 14, 0.05, -0.05,
            -0.09, -0.01, false, HOSTILE, HOSTILE)));
    Cluster cluster = new Cluster(1, HOSTILE, 3, 300, 1.0, r, 9.0, 0.2, 0.5, HOSTILE);
    Health health = new Health("logistic_regression", "ok", HOSTILE, 3, 0.7, 0.6, 0.8, 0.08,
        0.02, 0.1, 300L, 0.05, false, HOSTILE, HOSTILE, 60, 10);
    return new ReportData(o, map, behaviours, channels, changes, action, List.of(cluster),
        health);
  }

  @Test
  void anEmptyStoreStillGivesAPage() throws Exception {
    Rate none = new Rate(0, 0, null, null, null, true);
    ReportData empty = new ReportData(new Overview("j", "g", "2026-01-01 00:00:00", "set", 0, 0,
        0, 0, 0, 0, 0, 0, none, List.of()), new JourneyMap(List.of(), List.of(), List.of(),
        null), new Behaviours(List.of(), List.of(), 0, 0, 0), new Channels(List.of(), none),
        new Changes(List.of(), List.of(), List.of(), List.of(), false,
            LocalDate.of(2026, 1, 1), List.of()), new Action(Optional.empty(), "not here", List.of()),
        List.of(), null);
    Document page = parse(HtmlReport.render(empty, "test"));
    assertEquals(9, all(page.getDocumentElement(), "section").size());
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    new TextReport(empty, new PrintStream(o, true, StandardCharsets.UTF_8)).print();
    assertTrue(o.toString(StandardCharsets.UTF_8).contains("SEGMENTS NEEDING ACTION  not here"));
  }

  /**
   * Twins among the top signals: behaviours with the same counts with and without them are the
   * same journeys ("email_opened" and "email_sent, then email_opened" when every open follows a
   * send) and are shown once, in the shortest wording; the surest row of one event first.
   */
  @Test
  void topSignalsShowTwinsOnceInTheirShortestWording() throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
         java.sql.Statement s = c.createStatement()) {
      s.execute("CREATE TABLE behavior_lift (transition VARCHAR, event VARCHAR, within_days"
          + " INTEGER, behavior VARCHAR, n_with BIGINT, conv_with BIGINT, n_without BIGINT,"
          + " conv_without BIGINT, rate_with DOUBLE, rate_without DOUBLE, lift DOUBLE,"
          + " lift_low DOUBLE, lift_high DOUBLE, adjusted_lift DOUBLE, adjusted_low DOUBLE,"
          + " adjusted_high DOUBLE, q_value DOUBLE, verdict VARCHAR, sentence VARCHAR)");
      // (event, days, behaviour, n_with, conv_with, lift_low): two twins of 'opened', one of
      // them surer; 'setup' twice for its own event (the surer kept), and a twin of it over
      // other days; 'webinar' alone; a speculation and a lift below 1 never shown
      String[][] rows = {
          {"opened", "3", "opened within 3 days", "100", "30", "2.0", "signal", "3"},
          {"sent>opened", "3", "sent, then opened within 3 days", "100", "30", "2.5", "signal",
              "3"},
          {"setup", "3", "setup within 3 days", "80", "40", "1.8", "signal", "3"},
          {"setup", "7", "setup within 7 days", "90", "41", "1.6", "signal", "3"},
          {"sent&setup", "14", "sent and setup within 14 days", "80", "40", "1.9", "signal",
              "3"},
          {"webinar", "7", "webinar within 7 days", "20", "9", "1.2", "signal", "3"},
          {"docs", "7", "docs within 7 days", "50", "20", "3.0", "speculation", "3"},
          {"churn", "7", "churn page within 7 days", "50", "1", "0.1", "signal", "0.2"}};
      for (String[] r : rows) {
        s.execute("INSERT INTO behavior_lift VALUES ('outcome', '" + r[0] + "', " + r[1]
            + ", '" + r[2] + "', " + r[3] + ", " + r[4] + ", 1000, 100, 0.3, 0.1, " + r[7]
            + ", " + r[5] + ", 4.0, NULL, NULL, NULL, 0.001, '" + r[6] + "', 's')");
      }
      List<String> shown = new ArrayList<>();
      try (java.sql.ResultSet r = s.executeQuery(ReportData.TOP_SIGNALS)) {
        while (r.next()) {
          shown.add(r.getString("behavior"));
        }
      }
      // by lift_low: opened (2.0; shorter than its twin), setup within 3 days (1.8; its twin
      // over 14 days is longer), webinar (1.2)
      assertEquals(List.of("opened within 3 days", "setup within 3 days",
          "webinar within 7 days"), shown);
    }
  }
}
