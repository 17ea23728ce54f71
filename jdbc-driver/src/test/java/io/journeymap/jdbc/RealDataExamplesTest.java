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

  private static long raw(String sql) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      return count(duck, sql);
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
      // approvals within 30 days of submission, computed from the raw file by DuckDB alone
      long approvedIn30Days = raw("SELECT count(*) FROM (SELECT case_id,"
          + " min(timestamp::TIMESTAMPTZ) FILTER (WHERE activity = 'A_SUBMITTED') AS s,"
          + " min(timestamp::TIMESTAMPTZ) FILTER (WHERE activity = 'A_APPROVED') AS a"
          + " FROM read_csv('" + data.resolve("bpic2012/bpic2012_events.csv.gz")
          + "', all_varchar = true) GROUP BY case_id) WHERE a <= s + INTERVAL 30 DAY");
      assertEquals(approvedIn30Days, count(c, "SELECT count(*) FROM journeys"
          + " WHERE status = 'converted'"));
      assertEquals(approvedIn30Days, count(c, "SELECT advanced FROM stage_conversion"
          + " WHERE to_stage = 'approved'") + count(c, "SELECT count(*) FROM journeys"
          + " WHERE status = 'converted' AND current_stage <> 'approved'"));
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
