package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example models in docs/examples, built from the public data sets and queried through the
 * driver. Expected numbers come from the data sets' documentation, or from DuckDB reading the raw
 * files directly (an independent path).
 */
class RealDataExamplesTest {
  @TempDir
  static Path stores;
  static Path data;

  /** Per test, so a checkout without the data sets reports each test as skipped, with why. */
  @BeforeEach
  void locate() {
    Optional<Path> found = TestData.sharedData();
    assumeTrue(found.isPresent(), "shared data sets (bpic2012, completejourney, otto-sample) not found"
        + " next to the checkout; set JOURNEYMAP_DATA to their folder");
    data = found.get().toAbsolutePath();
    System.setProperty("JOURNEYMAP_DATA", data.toString());
  }

  private static Connection open(String example) throws SQLException {
    Path model = TestData.projectRoot().resolve("docs/examples/" + example + "/journey.yaml");
    return DriverManager.getConnection("jdbc:journeymap:model=" + model + ";store="
        + stores.resolve(example + ".duckdb"));
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  /** Two-column rows (text, count) as a map. */
  private static Map<String, Long> groups(Connection c, String sql) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** Rows keyed by their first (text) column, the other columns as numbers. */
  private static Map<String, List<Long>> rows(Connection c, String sql) throws SQLException {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<Long> values = new ArrayList<>();
        for (int i = 2; i <= n; i++) {
          values.add(r.getLong(i));
        }
        out.put(r.getString(1), values);
      }
    }
    return out;
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /** A UTC timestamp as the driver prints it, in epoch milliseconds. */
  private static long epochMs(String timestamp) {
    return LocalDateTime.parse(timestamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC)
        .toEpochMilli();
  }

  private static long raw(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return count(duck, sql);
    }
  }

  private static Map<String, List<Long>> rawRows(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return rows(duck, sql);
    }
  }

  private static List<String> rawStrings(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return strings(duck, sql);
    }
  }

  private static Map<String, Long> rawGroups(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return groups(duck, sql);
    }
  }

  @Test
  void bpic2012LoanApplications() throws SQLException {
    try (Connection c = open("bpic2012")) {
      assertEquals(13_087, count(c, "SELECT count(*) FROM persons"));
      assertEquals(262_200, count(c, "SELECT count(*) FROM events"));
      assertEquals(0, count(c, "SELECT count(*) FROM rejected_events"));
      Map<String, Long> outcomes = new LinkedHashMap<>();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT event,"
          + " count(*) FROM events WHERE event IN ('application_approved',"
          + " 'application_declined', 'application_cancelled') GROUP BY event ORDER BY event")) {
        while (r.next()) {
          outcomes.put(r.getString(1), r.getLong(2));
        }
      }
      assertEquals(Map.of("application_approved", 2_246L, "application_cancelled", 2_807L,
          "application_declined", 7_635L), outcomes);
      assertEquals(13_087, count(c, "SELECT count(*) FROM journeys"));
      // Expected outcomes per case, computed from the raw file by DuckDB alone. Each case has
      // one submission (the start); the engine judges it by the first approval (success) and
      // the first decline or cancellation (failure) within 30 days of submission, as of the
      // store's as-of moment (later events do not count). At the same instant a success comes
      // before a failure; the log has no such ties, nor any outcome before its submission.
      String asOf = string(c, "SELECT CAST(as_of AS VARCHAR(30)) FROM build_info");
      String cases = "SELECT case_id,"
          + " min(t) FILTER (WHERE activity = 'A_SUBMITTED') AS submitted,"
          + " min(t) FILTER (WHERE activity = 'A_APPROVED') AS approved,"
          + " min(t) FILTER (WHERE activity IN ('A_DECLINED', 'A_CANCELLED')) AS failed,"
          + " TIMESTAMP '" + asOf + "' AS cut"
          // offsets in the file (+01:00/+02:00) become UTC: a plain TIMESTAMP plus 30 days
          // is then exactly 720 hours, whatever the session's time zone
          + " FROM (SELECT case_id, activity, timezone('UTC', timestamp::TIMESTAMPTZ) AS t"
          + " FROM read_csv('" + data.resolve("bpic2012/bpic2012_events.csv.gz")
          + "', all_varchar = true))"
          + " WHERE t <= TIMESTAMP '" + asOf + "' GROUP BY case_id";
      String judged = "SELECT *, (approved >= submitted"
          + " AND approved <= submitted + INTERVAL 30 DAY) IS TRUE AS approved_in,"
          + " (failed >= submitted AND failed <= submitted + INTERVAL 30 DAY) IS TRUE AS failed_in"
          + " FROM (" + cases + ")";
      Map<String, Long> expected = rawGroups("SELECT CASE"
          + " WHEN approved_in AND (NOT failed_in OR approved <= failed) THEN 'converted'"
          + " WHEN failed_in THEN 'failed'"
          + " WHEN submitted + INTERVAL 30 DAY <= cut THEN 'dropped' ELSE 'open' END,"
          + " count(*) FROM (" + judged + ") GROUP BY 1");
      assertEquals(0, raw("SELECT count(*) FROM (" + cases + ") WHERE approved = failed"
          + " OR approved < submitted OR failed < submitted"), "ties or outcomes before start");
      Map<String, Long> actual = groups(c, "SELECT status, count(*) FROM journeys GROUP BY 1");
      assertEquals(new TreeMap<>(expected), new TreeMap<>(actual));
      assertEquals(4, actual.size(), "every status occurs: " + actual);
      long converted = expected.get("converted");
      // every conversion is visible on the outcome stage, whichever stages it went through
      assertEquals(converted, count(c, "SELECT converted_with + converted_without"
          + " FROM stage_reach WHERE stage = 'approved'"));
      assertEquals(converted, count(c, "SELECT advanced + bypassed FROM stage_conversion"
          + " WHERE to_stage = 'approved'"));
      assertEquals(converted, count(c, "SELECT count(*) FROM stage_entries"
          + " WHERE stage = 'approved'"));
      assertEquals(expected.get("failed"), count(c, "SELECT count(*) FROM journeys"
          + " WHERE status = 'failed' AND failure_event IN ('application_declined',"
          + " 'application_cancelled')"));
    }
  }

  @Test
  void completeJourneyCampaignsToRedemptions() throws SQLException {
    String dir = data.resolve("completejourney").toString();
    String campaigns = "read_csv('" + dir + "/campaigns.csv.gz')";
    String descriptions = "read_csv('" + dir + "/campaign_descriptions.csv.gz')";
    String redemptions = "read_csv('" + dir + "/coupon_redemptions.csv.gz')";
    try (Connection c = open("completejourney")) {
      assertEquals(6_589, count(c, "SELECT count(*) FROM events WHERE event = 'campaign_received'"));
      assertEquals(6_589, count(c, "SELECT count(*) FROM events WHERE event = 'campaign_ended'"));
      assertEquals(75_000, count(c, "SELECT count(*) FROM events WHERE source = 'transactions'"));
      long couponLines = raw("SELECT count(*) FROM read_csv('" + dir
          + "/transactions_sample.csv.gz') WHERE coupon_disc <> 0");
      assertEquals(couponLines, count(c, "SELECT count(*) FROM events"
          + " WHERE event = 'coupon_purchase'"));
      long households = raw("SELECT count(DISTINCT h) FROM (SELECT household_id AS h FROM "
          + campaigns + " UNION ALL SELECT household_id FROM " + redemptions
          + " UNION ALL SELECT household_id FROM read_csv('" + dir
          + "/transactions_sample.csv.gz'))");
      assertEquals(households, count(c, "SELECT count(*) FROM persons"));

      // Redemptions name their campaign, and every (coupon, campaign) pair is one coupons.csv
      // knows; a coupon can belong to several campaigns, so the redemption's own campaign_id
      // is the one to use.
      assertEquals(0, raw("SELECT count(*) FROM " + redemptions + " r WHERE NOT EXISTS"
          + " (SELECT 1 FROM read_csv('" + dir + "/coupons.csv.gz') k"
          + " WHERE k.coupon_upc = r.coupon_upc AND k.campaign_id = r.campaign_id)"));
      String inPeriod = "r.redemption_date BETWEEN d.start_date AND d.end_date";
      long during = raw("SELECT count(*) FROM " + redemptions + " r JOIN " + descriptions
          + " d USING (campaign_id) WHERE " + inPeriod);
      assertEquals(during, count(c, "SELECT count(*) FROM events WHERE event = 'coupon_redeemed'"));
      assertEquals(raw("SELECT count(*) FROM " + redemptions) - during, count(c, "SELECT count(*)"
          + " FROM events WHERE event = 'coupon_redeemed_outside_campaign'"));

      // One journey per household and campaign received; by campaign type: journeys, those
      // still in their window at the as-of moment (left out of the rate), and among the rest
      // (judged) conversions (a redemption of that campaign while it ran) and failures (the
      // campaign ended without one); conversions of journeys still in their window are
      // counted apart. Dates are New York days; the as-of moment is UTC.
      String asOf = "timezone('UTC', TIMESTAMP '"
          + string(c, "SELECT CAST(as_of AS VARCHAR(30)) FROM build_info") + "')";
      String ny = "timezone('America/New_York', CAST(%s AS TIMESTAMP))";
      long windowDays = count(c, "SELECT CAST(window_days AS BIGINT) FROM build_info");
      String pairs = "SELECT d.campaign_type, EXISTS (SELECT 1 FROM " + redemptions + " r"
          + " WHERE r.household_id = h.household_id AND r.campaign_id = h.campaign_id"
          + " AND " + inPeriod + " AND " + ny.formatted("r.redemption_date") + " <= " + asOf
          + ") AS converted, " + ny.formatted("d.end_date + 1") + " <= " + asOf + " AS ended, "
          + ny.formatted("d.start_date") + " + INTERVAL " + windowDays + " DAY <= " + asOf
          + " AS judged FROM " + campaigns + " h JOIN " + descriptions + " d USING (campaign_id)";
      Map<String, List<Long>> expected = rawRows("SELECT campaign_type, count(*),"
          + " count(*) FILTER (WHERE NOT judged), count(*) FILTER (WHERE judged),"
          + " count(*) FILTER (WHERE judged AND converted),"
          + " count(*) FILTER (WHERE judged AND NOT converted AND ended),"
          + " count(*) FILTER (WHERE NOT judged AND converted)"
          + " FROM (" + pairs + ") GROUP BY 1");
      assertEquals(List.of("Type A", "Type B", "Type C"), List.copyOf(new TreeMap<>(expected)
          .keySet()));
      assertEquals(new TreeMap<>(expected), new TreeMap<>(rows(c, "SELECT channel, journeys,"
          + " still_in_window, judged, conversions, failed, recent_conversions"
          + " FROM channel_quality")));
      assertEquals(raw("SELECT count(*) FROM " + campaigns), count(c, "SELECT count(*)"
          + " FROM journeys"));
      assertEquals(raw("SELECT count(DISTINCT (household_id, campaign_id)) FROM " + campaigns),
          count(c, "SELECT count(DISTINCT (person_id, journey_key)) FROM journeys"));
      assertEquals(expected.values().stream().mapToLong(v -> v.get(3) + v.get(5)).sum(),
          count(c, "SELECT count(*) FROM journeys WHERE status = 'converted'"));
      // each journey's channel is its own campaign's type, not that of another campaign
      assertEquals(0, count(c, "SELECT count(*) FROM journeys WHERE first_campaign IS NULL"
          + " OR first_campaign <> journey_key"));
      // the rate judges only journeys whose window is over: conversions / judged
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
          "SELECT channel, rate FROM channel_quality")) {
        while (r.next()) {
          List<Long> e = expected.get(r.getString(1));
          System.out.printf("%s: %d of %d judged journeys converted (%.1f%%)%n",
              r.getString(1), e.get(3), e.get(2), 100.0 * e.get(3) / e.get(2));
          assertEquals(e.get(3) / (double) e.get(2), r.getDouble(2), 1e-12);
        }
      }
    }
  }

  @Test
  void ottoNestedJsonSessions() throws SQLException {
    try (Connection c = open("otto")) {
      // 20 sessions, 862 events: 800 clicks, 52 carts, 10 orders (dataset documentation)
      assertEquals(862, count(c, "SELECT count(*) FROM events"));
      assertEquals(20, count(c, "SELECT count(*) FROM persons"));
      assertEquals(52, count(c, "SELECT count(*) FROM events WHERE event = 'added_to_cart'"));
      assertEquals(10, count(c, "SELECT count(*) FROM events WHERE event = 'order_placed'"));
      long sessionsWithCart = count(c, "SELECT count(DISTINCT person_id) FROM events"
          + " WHERE event = 'added_to_cart'");
      assertEquals(sessionsWithCart, count(c, "SELECT count(DISTINCT person_id) FROM journeys"));
      assertEquals(count(c, "SELECT count(*) FROM stage_conversion"),
          count(c, "SELECT count(*) FROM stage_conversion WHERE sample_note = 'small sample'"));

      // Journeys cut by DuckDB alone from the raw JSON lines, as the model defines them: per
      // session, a cart opens a journey unless one is running (7 days not over, no order yet);
      // the first order within 7 days converts it; a cart at the instant of that order still
      // belongs to it. Events after the store's as-of moment do not count. Times in epoch ms.
      long cut = raw("SELECT epoch_ms(TIMESTAMP '"
          + string(c, "SELECT CAST(as_of AS VARCHAR(30)) FROM build_info") + "')");
      long week = 7 * 86_400_000L;
      String events = "(SELECT session, e.ts AS ts, e.type AS type FROM (SELECT session,"
          + " unnest(events) AS e FROM read_json('"
          + data.resolve("otto-sample/otto_train_sample.jsonl") + "')) WHERE e.ts <= " + cut + ")";
      String conversion = "(SELECT min(o.ts) FROM " + events + " o WHERE o.session = s.session"
          + " AND o.type = 'orders' AND o.ts BETWEEN s.started AND s.started + " + week + ")";
      String journeys = "WITH RECURSIVE starts(session, started) AS ("
          + "SELECT session, min(ts) FROM " + events + " WHERE type = 'carts' GROUP BY session"
          + " UNION ALL SELECT s.session, (SELECT min(n.ts) FROM " + events + " n"
          + " WHERE n.session = s.session AND n.type = 'carts'"
          + " AND n.ts > coalesce(" + conversion + ", s.started + " + week + "))"
          + " FROM starts s WHERE s.started IS NOT NULL)"
          + " SELECT session, started, " + conversion + " AS converted FROM starts s"
          + " WHERE started IS NOT NULL";
      Map<String, Long> expected = rawGroups("SELECT CASE WHEN converted IS NOT NULL"
          + " THEN 'converted' WHEN started + " + week + " <= " + cut + " THEN 'dropped'"
          + " ELSE 'open' END, count(*) FROM (" + journeys + ") GROUP BY 1");
      assertEquals(new TreeMap<>(expected), new TreeMap<>(groups(c, "SELECT status, count(*)"
          + " FROM journeys GROUP BY 1")));
      assertEquals(13, expected.values().stream().mapToLong(Long::longValue).sum());
      assertEquals(4, expected.get("converted"));
      // the same journeys, start and conversion times alike (epoch ms)
      List<String> cutByStore = new ArrayList<>();
      for (String j : strings(c, "SELECT CAST(started_at AS VARCHAR(30)) || '/'"
          + " || coalesce(CAST(converted_at AS VARCHAR(30)), '-') FROM journeys")) {
        String[] at = j.split("/");
        cutByStore.add(epochMs(at[0]) + " " + (at[1].equals("-") ? "-" : epochMs(at[1])));
      }
      cutByStore.sort(null);
      assertEquals(rawStrings("SELECT started || ' ' || coalesce(CAST(converted AS VARCHAR), '-')"
          + " AS j FROM (" + journeys + ") ORDER BY j"), cutByStore);
      // stage entries: every journey is carted; browsed_more needs three clicks within a day
      // of the cart and before the journey closed; ordered is reached by converted journeys
      Map<String, Long> stages = new TreeMap<>();
      stages.put("carted", expected.values().stream().mapToLong(Long::longValue).sum());
      stages.put("browsed_more", raw("SELECT count(*) FROM (" + journeys + ") j WHERE (SELECT"
          + " count(*) FROM " + events + " e WHERE e.session = j.session AND e.type = 'clicks'"
          + " AND e.ts >= j.started AND e.ts <= least(coalesce(j.converted, j.started + " + week
          + "), j.started + 86400000)) >= 3"));
      stages.put("ordered", expected.get("converted"));
      assertEquals(stages, new TreeMap<>(groups(c, "SELECT stage, count(*) FROM stage_entries"
          + " GROUP BY 1")));
    }
  }
}
