package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * change_impact on trials written out below, around two declared changes; every figure is
 * computed by hand (Wilson with z = 1.959964, Newcombe's hybrid interval, Katz's log interval,
 * Fisher's exact test summing the hypergeometric tables at most as likely as the one seen).
 */
class ChangeImpactTest {
  @TempDir
  Path dir;

  private static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: 2024-03-05
      taxonomy: [trial_started, setup_done, paid]
      identity:
        kinds: {email: {strength: strong, lowercase: true}}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {email: email}
      stages:
        - name: started
          events: [trial_started]
        - name: activated
          events: [setup_done]
        - name: converted
          events: [paid]
      changes:
        - {date: 2024-02-01, what: new onboarding}
        - {date: 2024-02-20, what: pricing change}
      """;

  private final StringBuilder csv = new StringBuilder("ts,email,event\n");
  private int persons;

  /** A trial: setup on day 1 if {@code setup}; payment on day {@code paysOnDay} (0: never). */
  private void trial(Instant start, boolean setup, int paysOnDay) {
    String email = "p" + persons++ + "@x.com";
    csv.append(start).append(',').append(email).append(",trial_started\n");
    if (setup) {
      csv.append(start.plus(1, ChronoUnit.DAYS)).append(',').append(email)
          .append(",setup_done\n");
    }
    if (paysOnDay > 0) {
      csv.append(start.plus(paysOnDay, ChronoUnit.DAYS)).append(',').append(email)
          .append(",paid\n");
    }
  }

  @Test
  void beforeAndAfterEachDeclaredChange() throws Exception {
    // before the first change (Jan 2 to Jan 19, 11 hours apart): 40 trials, 30 set up, 9 of
    // them pay on day 4; of the 10 without setup one pays on day 2
    Instant before = Instant.parse("2024-01-02T00:00:00Z");
    for (int i = 0; i < 40; i++) {
      trial(before.plus(11L * i, ChronoUnit.HOURS), i < 30, i < 9 ? 4 : i == 30 ? 2 : 0);
    }
    // after it (Feb 1 to Feb 17, 8 hours apart): 50 trials, 45 set up, 20 of them pay on day
    // 3; of the 5 without setup two pay on day 2
    Instant after = Instant.parse("2024-02-01T00:00:00Z");
    for (int i = 0; i < 50; i++) {
      trial(after.plus(8L * i, ChronoUnit.HOURS), i < 45, i < 20 ? 3 : i == 45 || i == 46 ? 2
          : 0);
    }
    // three trials started Feb 28, still in their window at as-of (Mar 5)
    for (int i = 0; i < 3; i++) {
      trial(Instant.parse("2024-02-28T00:00:00Z"), false, 0);
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      // new onboarding, outcome: 22 of 50 after against 10 of 40 before: +0.19, Newcombe
      // [-0.008913, 0.364483]; lift 1.76, Katz [0.945645, 3.275649]; Fisher p 0.077713;
      // medians 4 days before (9 at 4, 1 at 2), 3 after (20 at 3, 2 at 2).
      // started -> activated: 45 of 50 against 30 of 40: +0.15 [-0.006835, 0.312113], 1.2
      // [0.981135, 1.467688], p 0.086686; a day to set up on both sides.
      // activated -> converted: 20 of 45 against 9 of 30: +0.144444 [-0.079596, 0.340556],
      // 1.481481 [0.783694, 2.800566], p 0.235188; 3 days from setup to payment before, 2
      // after. The three Feb 28 trials are still in their window (none set up).
      // pricing change: its 30 days before hold the 50 February trials, after it only the
      // three still in their window: nothing to compare yet.
      assertEquals(List.of(
              "2024-02-01 00:00:00|new onboarding|outcome|30|40|10|50|22|3|0.250000|0.440000"
                  + "|0.190000|-0.008913|0.364483|1.760000|0.945645|3.275649|0.077713"
                  + "|4.000000|3.000000|pricing change (2024-02-20)|null",
              "2024-02-01 00:00:00|new onboarding|started -> activated|30|40|30|50|45|3"
                  + "|0.750000|0.900000|0.150000|-0.006835|0.312113|1.200000|0.981135"
                  + "|1.467688|0.086686|1.000000|1.000000|pricing change (2024-02-20)|null",
              "2024-02-01 00:00:00|new onboarding|activated -> converted|30|30|9|45|20|0"
                  + "|0.300000|0.444444|0.144444|-0.079596|0.340556|1.481481|0.783694"
                  + "|2.800566|0.235188|3.000000|2.000000|pricing change (2024-02-20)|null",
              "2024-02-20 00:00:00|pricing change|outcome|30|50|22|0|0|3|0.440000|null|null"
                  + "|null|null|null|null|null|null|3.000000|null|new onboarding (2024-02-01)"
                  + "|small sample",
              "2024-02-20 00:00:00|pricing change|started -> activated|30|50|45|0|0|3"
                  + "|0.900000|null|null|null|null|null|null|null|null|1.000000|null"
                  + "|new onboarding (2024-02-01)|small sample",
              "2024-02-20 00:00:00|pricing change|activated -> converted|30|45|20|0|0|0"
                  + "|0.444444|null|null|null|null|null|null|null|null|2.000000|null"
                  + "|new onboarding (2024-02-01)|small sample"),
          rows(c, "SELECT strftime(change_date, '%Y-%m-%d %H:%M:%S'), what, transition, days,"
              + " before_judged, before_converted, after_judged, after_converted,"
              + " still_in_window, " + fixed("before_rate") + ", " + fixed("after_rate") + ", "
              + fixed("difference") + ", " + fixed("difference_low") + ", "
              + fixed("difference_high") + ", " + fixed("relative_lift") + ", "
              + fixed("lift_low") + ", " + fixed("lift_high") + ", " + fixed("p_value") + ", "
              + fixed("median_days_before") + ", " + fixed("median_days_after") + ","
              + " other_changes, sample_note FROM change_impact ORDER BY change_date, rowid"));
      assertEquals(List.of("new onboarding (2024-02-01), outcome: 44.0% converted among 50"
              + " judged journeys started in the 30 days after, against 25.0% of 40 before:"
              + " +19.0 points (95% CI -0.9 to +36.4), 1.76 times the rate before"
              + " (0.95\u20133.28), Fisher p = 0.078. Other declared changes fall within these"
              + " days (pricing change (2024-02-20)), so their effects mix. Before/after, not a"
              + " controlled test.",
              "pricing change (2024-02-20), activated -> converted: 45 judged journeys started"
                  + " in the 30 days before and 0 in the 30 days after; nothing to compare"
                  + " yet."),
          rows(c, "SELECT sentence FROM change_impact WHERE (what, transition) IN"
              + " (('new onboarding', 'outcome'), ('pricing change', 'activated -> converted'))"
              + " ORDER BY change_date"));
      assertEquals(List.of(ChangeImpact.NOTE), rows(c, "SELECT DISTINCT note FROM"
          + " change_impact"));
    }
  }

  private static String fixed(String column) {
    return "CASE WHEN " + column + " IS NULL THEN 'null' ELSE printf('%.6f', " + column
        + ") END";
  }
}
