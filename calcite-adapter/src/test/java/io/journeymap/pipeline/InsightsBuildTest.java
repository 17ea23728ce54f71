package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import smile.validation.metric.AdjustedRandIndex;

/**
 * Clusters and scores through the whole build, on generated journeys with planted structure
 * and event names unlike the demo's: two journey types, a behaviour that raises conversion, no
 * signal at all, and too few journeys.
 */
class InsightsBuildTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: pilot
        goal: A pilot upgrades within 14 days
        start_event: pilot_begun
        success_event: upgraded
        window: 14 days
        as_of: 2024-05-15
      taxonomy: [pilot_begun, tour_done, doc_read, invite_sent, ping, plan_page, upgraded]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login}
          channel: channel
      stages:
        - name: begun
          events: [pilot_begun]
        - name: upgraded
          events: [upgraded]
      insights:
        clusters: {within_days: 3}
        scores: {at_days: 3}
      """;

  private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * {@code n} pilots started over 135 days. Type a tours the product, type b reads docs (3 to 6
   * times in the first 3 days); {@code inviteEffect} is the conversion chance with an invite
   * on day 1 (a share {@code invites} of pilots), {@code base} without. Converters upgrade on day 4 to 10 and view
   * the plan page right after: after the moment, so no feature may see it.
   */
  private void world(int n, double base, double inviteEffect, double invites, long seed) throws Exception {
    world(n, base, inviteEffect, invites, seed, 1);
  }

  /**
   * As above, but pilots started from day 95 on (the most recent matured ones: validation)
   * convert {@code later} times as often.
   */
  private void world(int n, double base, double inviteEffect, double invites, long seed,
      double later) throws Exception {
    Random r = new Random(seed);
    StringBuilder csv = new StringBuilder("ts,login,event,channel\n");
    for (int i = 0; i < n; i++) {
      boolean typeA = r.nextDouble() < 0.4;
      String login = (typeA ? "a" : "b") + i;
      double day = r.nextDouble() * 135;
      Instant start = FIRST.plusSeconds((long) (day * 86400));
      double factor = day >= 95 ? later : 1;
      line(csv, start, login, "pilot_begun", r.nextBoolean() ? "ads" : "search");
      int times = 3 + r.nextInt(4);
      for (int k = 0; k < times; k++) {
        line(csv, start.plusSeconds(600 + (long) (r.nextDouble() * 2.5 * 86400)), login,
            typeA ? "tour_done" : "doc_read", null);
      }
      line(csv, start.plusSeconds((long) (r.nextDouble() * 3 * 86400)), login, "ping", null);
      boolean invite = r.nextDouble() < invites;
      if (invite) {
        line(csv, start.plusSeconds(86400 + r.nextInt(3600)), login, "invite_sent", null);
      }
      if (r.nextDouble() < factor * (invite ? inviteEffect : base)) {
        Instant paid = start.plusSeconds((long) ((4 + r.nextDouble() * 6) * 86400));
        line(csv, paid, login, "upgraded", null);
        line(csv, paid.plusSeconds(60), login, "plan_page", null);
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL);
  }

  private static void line(StringBuilder csv, Instant at, String login, String event,
      String channel) {
    csv.append(at).append(',').append(login).append(',').append(event).append(',')
        .append(channel == null ? "" : channel).append('\n');
  }

  @Test
  void plantedJourneyTypesAreSeparatedByClusters() throws Exception {
    world(1500, 0.1, 0.1, 0, 3);
    try (Connection c = StoreQueries.open(dir)) {
      List<String> assigned = rows(c, "SELECT substr(i.identifier, 1, 1), j.cluster"
          + " FROM journeys j JOIN identities i ON i.person_id = j.person_id"
          + " WHERE j.cluster IS NOT NULL ORDER BY j.journey_id");
      int[] truth = assigned.stream().mapToInt(s -> s.startsWith("a") ? 1 : 0).toArray();
      int[] found = assigned.stream().mapToInt(s -> Integer.parseInt(s.substring(2))).toArray();
      double ari = AdjustedRandIndex.of(truth, found);
      assertTrue(ari > 0.9, "ARI " + ari + " " + rows(c, "SELECT * FROM journey_clusters"));
      // journeys whose first 3 days end after as-of have none yet
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM journeys WHERE cluster IS NOT"
          + " NULL AND started_at + INTERVAL 3 DAY > TIMESTAMP '2024-05-15'"
          + " AND coalesce(converted_at, failed_at) IS NULL"));
      // the rates are recomputed from journeys: judged only, with counts
      assertEquals(rows(c, "SELECT cluster, count(*), count(*) FILTER (WHERE judged),"
              + " count(*) FILTER (WHERE judged AND status = 'converted') FROM journeys"
              + " WHERE cluster IS NOT NULL GROUP BY 1 ORDER BY 1"),
          rows(c, "SELECT cluster, journeys, judged, converted FROM journey_clusters"
              + " ORDER BY 1"));
      assertEquals(List.of("2"), rows(c, "SELECT count(*) FROM journey_clusters"));
      String labels = String.join(" / ", rows(c, "SELECT label FROM journey_clusters"));
      assertTrue(labels.contains("tour done") && labels.contains("doc read"), labels);
      assertTrue(labels.contains("in the first 3 days than average"), labels);
    }
  }

  @Test
  void aPlantedBehaviourIsScoredFromWhatWasKnownAtTheMoment() throws Exception {
    world(3000, 0.08, 0.5, 0.3, 5);
    try (Connection c = StoreQueries.open(dir)) {
      List<String> health = rows(c, "SELECT status, auc_low > 0.6, ece < 0.1,"
          + " validation_journeys > 100, calibration, retrain_recommended FROM model_health"
          + " WHERE chosen");
      assertEquals(List.of("ok|true|true|true|calibrated|false"), health,
          rows(c, "SELECT sentence, recommendation FROM model_health").toString());
      assertCalibrationInTheLarge(c);
      // validation is the most recent cohort: it starts after every training journey
      assertEquals(List.of("true"), rows(c, "SELECT max(j.started_at) FILTER (WHERE s.role ="
          + " 'training') <= min(j.started_at) FILTER (WHERE s.role = 'validation')"
          + " FROM scores s JOIN journeys j USING (journey_id)"));
      // every open journey is scored; none decided before its moment is
      assertEquals(rows(c, "SELECT count(*) FROM journeys WHERE status = 'open'"),
          rows(c, "SELECT count(*) FROM scores WHERE role = 'open'"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM scores s JOIN journeys j"
          + " USING (journey_id) WHERE coalesce(j.converted_at, j.failed_at)"
          + " < j.started_at + INTERVAL 3 DAY"));
      // invites raise the score; the plan page, seen only after upgrading, explains nothing
      assertEquals(List.of("true"), rows(c, "SELECT avg(s.p_convert) FILTER (WHERE EXISTS"
          + " (SELECT 1 FROM events e WHERE e.journey_id = s.journey_id AND e.event ="
          + " 'invite_sent')) > 2 * avg(s.p_convert) FILTER (WHERE NOT EXISTS (SELECT 1 FROM"
          + " events e WHERE e.journey_id = s.journey_id AND e.event = 'invite_sent'))"
          + " FROM scores s"));
      // reasons for journeys one can act on; matured ones are scored for evaluation only
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM scores WHERE (role IN ('open', 'recent'))"
          + " = (top_reasons IS NULL)"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM scores WHERE top_reasons LIKE"
          + " '%plan page%' OR top_reasons LIKE '%upgraded%'"));
      assertTrue(rows(c, "SELECT top_reasons FROM scores WHERE band = 'high' AND role = 'open'"
          + " AND observed_days = 3 LIMIT 1").get(0)
          .contains("invite sent once (typical: 0) raised it"));
      // the version is one per build and a rebuild of the same data gives the same one
      List<String> version = rows(c, "SELECT DISTINCT model_version FROM scores");
      assertEquals(1, version.size());
      c.close();
      StoreQueries.build(dir, MODEL);
      try (Connection again = StoreQueries.open(dir)) {
        assertEquals(version, rows(again, "SELECT DISTINCT model_version FROM scores"));
      }
    }
  }

  @Test
  void aDropInConversionAfterFittingIsFlaggedAsOverPrediction() throws Exception {
    // the validation cohort converts 0.6 times as often as the journeys the model learnt and
    // was calibrated on: a gap of a few points at this base rate, a large one relative to it
    world(3000, 0.08, 0.5, 0.3, 5, 0.6);
    try (Connection c = StoreQueries.open(dir)) {
      String why = rows(c, "SELECT sentence, recommendation FROM model_health").toString();
      assertEquals(List.of("over_predicts|true|true"), rows(c, "SELECT calibration,"
          + " retrain_recommended, oe_high < 0.9 FROM model_health WHERE chosen"), why);
      assertTrue(rows(c, "SELECT recommendation FROM model_health WHERE chosen").get(0)
          .startsWith("Retrain: the scores over-predict on the latest cohort: predicted "), why);
      assertCalibrationInTheLarge(c);
    }
  }

  /**
   * The chosen model's counts against the validation journeys' scores and outcomes read from
   * the store, and its interval against its p-value.
   */
  private static void assertCalibrationInTheLarge(Connection c) throws Exception {
    String[] mine = rows(c, "SELECT validation_journeys, validation_converted,"
        + " expected_converted, oe_ratio, oe_low, oe_high, oe_p_value FROM model_health"
        + " WHERE chosen").get(0).split("\\|");
    String[] store = rows(c, "SELECT count(*), count(*) FILTER (WHERE s.status ="
        + " 'converted'), sum(s.p_convert) FROM scores s WHERE s.role = 'validation'").get(0)
        .split("\\|");
    assertEquals(store[0], mine[0]);
    assertEquals(store[1], mine[1]);
    double expected = Double.parseDouble(store[2]);
    assertEquals(expected, Double.parseDouble(mine[2]), 1e-6 * expected);
    assertEquals(Long.parseLong(store[1]) / expected, Double.parseDouble(mine[3]), 1e-9);
    boolean excludesOne = Double.parseDouble(mine[4]) > 1 || Double.parseDouble(mine[5]) < 1;
    assertEquals(Double.parseDouble(mine[6]) < 0.05, excludesOne, String.join("|", mine));
    String sentence = rows(c, "SELECT sentence FROM model_health WHERE chosen").get(0);
    assertTrue(sentence.contains(String.format(java.util.Locale.ROOT, "%.1f%% converted (%,d"
        + " of %,d; %.2f times the %,.0f predicted", 100.0 * Long.parseLong(store[1])
        / Long.parseLong(store[0]), Long.parseLong(store[1]), Long.parseLong(store[0]),
        Double.parseDouble(mine[3]), expected)), sentence);
  }

  @Test
  void withoutSignalTheAucIntervalCoversOneHalf() throws Exception {
    world(3000, 0.15, 0.15, 0.3, 9);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("ok|true"), rows(c, "SELECT status, auc_low < 0.5 AND auc_high > 0.5"
          + " FROM model_health WHERE chosen"),
          rows(c, "SELECT sentence FROM model_health").toString());
      assertTrue(rows(c, "SELECT recommendation FROM model_health WHERE chosen").get(0)
          .contains("no better than chance"));
    }
  }

  @Test
  void tooFewJourneysGiveNoScoresAndSaySo() throws Exception {
    world(60, 0.3, 0.3, 0.3, 1);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("insufficient_data|null|false"), rows(c,
          "SELECT status, model, retrain_recommended FROM model_health"));
      assertTrue(rows(c, "SELECT sentence FROM model_health").get(0)
          .contains("a model needs at least 100 of each"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM scores"));
    }
  }
}
