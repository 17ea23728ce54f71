package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
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

  /** Per test, so a checkout without the data sets reports both tests as skipped, with why. */
  @BeforeEach
  void locate() {
    Optional<Path> found = TestData.sharedData();
    assumeTrue(found.isPresent(), "shared data sets (bpic2012, completejourney) not found"
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

  private static long raw(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return count(duck, sql);
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
    try (Connection c = open("completejourney")) {
      assertEquals(6_589, count(c, "SELECT count(*) FROM events WHERE event = 'campaign_received'"));
      assertEquals(2_102, count(c, "SELECT count(*) FROM events WHERE event = 'coupon_redeemed'"));
      assertEquals(75_000, count(c, "SELECT count(*) FROM events WHERE source = 'transactions'"));
      long couponLines = raw("SELECT count(*) FROM read_csv('" + dir
          + "/transactions_sample.csv.gz') WHERE coupon_disc <> 0");
      assertEquals(couponLines, count(c, "SELECT count(*) FROM events"
          + " WHERE event = 'coupon_purchase'"));
      long households = raw("SELECT count(DISTINCT h) FROM (SELECT household_id AS h FROM"
          + " read_csv('" + dir + "/campaigns.csv.gz') UNION ALL SELECT household_id FROM"
          + " read_csv('" + dir + "/coupon_redemptions.csv.gz') UNION ALL SELECT household_id"
          + " FROM read_csv('" + dir + "/transactions_sample.csv.gz'))");
      assertEquals(households, count(c, "SELECT count(*) FROM persons"));
      assertEquals(3, count(c, "SELECT count(*) FROM channel_quality"));
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
    }
  }
}
