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

/**
 * Behaviour lift on a world computed by hand: 100 trials; 40 attend a webinar on day 1 and 30
 * of them pay on day 5; of the 60 others 12 pay on day 5. Every payer also views the upgrade
 * page after paying and uses a feature at the paying moment: behaviours after (or at) the
 * outcome must not explain it.
 */
class BehaviorLiftTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: 2025-01-01
      taxonomy: [trial_started, webinar, setup, feature_used, upgrade_viewed, paid]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login}
      stages:
        - name: started
          events: [trial_started]
        - name: converted
          events: [paid]
      """;

  @Test
  void liftCountsOnlyWhatHappenedBeforeTheOutcome() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    for (int i = 0; i < 100; i++) {
      String login = "u" + i;
      boolean webinar = i < 40;
      boolean pays = webinar ? i < 30 : i < 52;
      csv.append("2024-03-01T00:00:00Z,").append(login).append(",trial_started\n");
      if (webinar) {
        csv.append("2024-03-02T00:00:00Z,").append(login).append(",webinar\n");
      }
      if (webinar || i >= 60 && i < 90) {
        csv.append("2024-03-03T00:00:00Z,").append(login).append(",setup\n");
      }
      if (pays) {
        csv.append("2024-03-06T00:00:00Z,").append(login).append(",feature_used\n");
        csv.append("2024-03-06T00:00:00Z,").append(login).append(",paid\n");
        csv.append("2024-03-07T00:00:00Z,").append(login).append(",upgrade_viewed\n");
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      // lift (30/40) / (12/60) = 3.75; Katz: se = sqrt(1/30 - 1/40 + 1/12 - 1/60) = 0.27386,
      // exp(ln 3.75 +- 1.96 se) = [2.1924, 6.4142]; the 7- and 10-day windows select the
      // same journeys and are not tested again; nothing at or after paying is a behaviour
      assertEquals(List.of("webinar within 3 days|40|30|60|12|3.7500|2.1924|6.4142|signal"),
          rows(c, "SELECT behavior, n_with, conv_with, n_without, conv_without,"
              + " printf('%.4f', lift), printf('%.4f', lift_low), printf('%.4f', lift_high),"
              + " verdict FROM behavior_lift WHERE behavior = 'webinar within 3 days'"));
      // setup alone: 70 journeys (the 40 webinar ones and 30 others that never pay), 30 pay;
      // without: 30, 12 pay: (30/70) / (12/30) = 1.0714. The pair and the sequence select
      // the 40 webinar journeys; setup before webinar never happens, so it is not a behaviour
      assertEquals(List.of(
              "setup and webinar within 3 days|both|40|30|60|12",
              "setup within 3 days|single|70|30|30|12",
              "webinar within 3 days|single|40|30|60|12",
              "webinar, then setup within 3 days|then|40|30|60|12"),
          rows(c, "SELECT behavior, CASE WHEN event LIKE '%,%' THEN (CASE WHEN behavior"
              + " LIKE '%, then %' THEN 'then' ELSE 'both' END) ELSE 'single' END, n_with,"
              + " conv_with, n_without, conv_without FROM behavior_lift ORDER BY behavior"));
      assertEquals(List.of("1.0714"), rows(c, "SELECT printf('%.4f', lift) FROM behavior_lift"
          + " WHERE behavior = 'setup within 3 days'"));
      // four behaviours tested: each q is its p scaled by Benjamini-Hochberg over all four
      List<String> p = rows(c, "SELECT p_value < 1e-6, q_value >= p_value, adjusted_lift,"
          + " sentence FROM behavior_lift WHERE behavior = 'webinar within 3 days'");
      assertTrue(p.get(0).startsWith("true|true|3.75|Journeys that did webinar within 3 days"
          + " converted 3.8x as often (95% CI 2.2-6.4; 40 journeys, 75.0% vs 20.0%)"), p.get(0));
    }
  }
}
