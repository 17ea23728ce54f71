package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import io.journeymap.sql.TableFunctions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
              + " verdict FROM behavior_lift WHERE behavior = 'webinar within 3 days'"
              + " AND transition = 'outcome'"));
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
              + " conv_with, n_without, conv_without FROM behavior_lift WHERE transition = 'outcome'"
              + " ORDER BY behavior"));
      assertEquals(List.of("1.0714"), rows(c, "SELECT printf('%.4f', lift) FROM behavior_lift"
          + " WHERE behavior = 'setup within 3 days' AND transition = 'outcome'"));
      // four behaviours tested: each q is its p scaled by Benjamini-Hochberg over all four
      List<String> p = rows(c, "SELECT p_value < 1e-6, q_value >= p_value, adjusted_lift,"
          + " sentence FROM behavior_lift WHERE behavior = 'webinar within 3 days'"
          + " AND transition = 'outcome'");
      assertTrue(p.get(0).startsWith("true|true|3.75|Of journeys still undecided after 3 days,"
          + " those that did webinar within 3 days converted 3.8x as often (95% CI 2.2-6.4; 40 journeys, 75.0% vs 20.0%); 3.8x (95% CI 2.2-6.4)"
          + " after accounting for first channel"), p.get(0));
      // every journey enters 'started' at its start, so the one transition repeats the outcome
      assertEquals(rows(c, "SELECT behavior, n_with, conv_with, lift FROM behavior_lift"
              + " WHERE transition = 'outcome' ORDER BY behavior"),
          rows(c, "SELECT behavior, n_with, conv_with, lift FROM behavior_lift"
              + " WHERE transition = 'started -> converted' ORDER BY behavior"));
      assertEquals(List.of("3,7|30|first_channel"), rows(c, "SELECT lift_within_days,"
          + " lift_min_support, lift_confounders FROM build_info"));
      // the table function with the build's settings gives the table
      assertEquals(values(c, "SELECT * FROM behavior_lift"),
          call(c, Map.of()).stream().map(Arrays::asList).toList());
    }
  }

  /**
   * A behaviour that has nothing to do with converting: 200 trials, the even ones set up on day
   * 5.5; 60 pay on day 4 and 20 on day 8, half of each even. Counted up to the outcome, the
   * early payers could never set up before paying, and setup within 7 days would look like it
   * goes with converting less: 10 of 70 with it against 70 of 130 without, lift 0.27. Among the
   * 140 journeys still undecided on day 7 it is 10 of 70 against 10 of 70: lift 1, Katz se =
   * sqrt(1/10 - 1/70 + 1/10 - 1/70) = 0.41404, interval exp(+-1.96 se) = [0.4442, 2.2513].
   */
  @Test
  void journeysDecidedBeforeTheDayLimitAreNotCompared() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    for (int i = 0; i < 200; i++) {
      String login = "u" + i;
      csv.append("2024-03-01T00:00:00Z,").append(login).append(",trial_started\n");
      if (i % 2 == 0) {
        csv.append("2024-03-06T12:00:00Z,").append(login).append(",setup\n");
      }
      if (i < 60) {
        csv.append("2024-03-05T00:00:00Z,").append(login).append(",paid\n");
      } else if (i < 80) {
        csv.append("2024-03-09T00:00:00Z,").append(login).append(",paid\n");
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("setup within 7 days|70|10|70|10|1.0000|0.4442|2.2513|speculation"),
          rows(c, "SELECT behavior, n_with, conv_with, n_without, conv_without,"
              + " printf('%.4f', lift), printf('%.4f', lift_low), printf('%.4f', lift_high),"
              + " verdict FROM behavior_lift WHERE transition = 'outcome' AND event = 'setup'"));
      // the window's last day is no limit: no journey is undecided then
      assertEquals(List.of("3,7|30|first_channel"), rows(c, "SELECT lift_within_days,"
          + " lift_min_support, lift_confounders FROM build_info"));
    }
  }

  static final String STAGED = MODEL.replace("  - name: converted\n",
      "  - name: engaged\n    events: [setup]\n  - name: converted\n").replace("stages:\n",
      "insights:\n  lift: {min_support: 10, confounders: []}\nstages:\n");

  /**
   * 100 trials, 60 set up on day 1 (engaged). Of the engaged, 25 book a demo on day 2 and 20
   * of them pay; 7 of the 35 others pay. Of the 40 never engaged, 10 book a demo (none pays)
   * and 4 pay without one.
   */
  @Test
  void liftPerStageTransitionCountsAfterEnteringTheStage() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    for (int i = 0; i < 100; i++) {
      String login = "u" + i;
      csv.append("2024-03-01T00:00:00Z,").append(login).append(",trial_started\n");
      if (i < 60) {
        csv.append("2024-03-02T00:00:00Z,").append(login).append(",setup\n");
      }
      if (i < 25 || (i >= 60 && i < 70)) {
        csv.append("2024-03-03T00:00:00Z,").append(login).append(",webinar\n");
      }
      if (i < 20 || (i >= 25 && i < 32) || (i >= 90 && i < 94)) {
        csv.append("2024-03-06T00:00:00Z,").append(login).append(",paid\n");
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, STAGED);
    try (Connection c = StoreQueries.open(dir)) {
      String sql = "SELECT n_with, conv_with, n_without, conv_without, printf('%.4f', lift),"
          + " printf('%.4f', lift_low), printf('%.4f', lift_high) FROM behavior_lift"
          + " WHERE behavior = 'webinar within 3 days' AND transition = ";
      // among the 60 engaged: (20/25) / (7/35) = 4; Katz se = sqrt(1/20 - 1/25 + 1/7 - 1/35)
      assertEquals(List.of("25|20|35|7|4.0000|2.0044|7.9826"),
          rows(c, sql + "'engaged -> converted'"));
      // the outcome over all 100: (20/35) / (11/65) = 3.3766
      assertEquals(List.of("35|20|65|11|3.3766|1.8342|6.2162"), rows(c, sql + "'outcome'"));
      // into engaged: every engaged journey entered on day 1, so of those still undecided on
      // day 3 (the 40 never engaged, 10 of them with a demo) none moves on: nothing to compare
      // (counting the engaged ones' later demos would have made it 10|0|90|60)
      assertEquals(List.of(), rows(c, "SELECT n_with FROM behavior_lift"
          + " WHERE transition = 'started -> engaged'"));
      assertEquals(List.of("outcome", "engaged -> converted"),
          rows(c, "SELECT transition FROM behavior_lift GROUP BY 1 ORDER BY min(rowid)"));
      // no confounders: the outcome's adjusted lift is the lift and its sentence names none;
      // a transition is held to when the journey entered its first stage, here all on day 1,
      // one stratum, where Mantel-Haenszel's ratio is the lift
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM behavior_lift"
          + " WHERE transition = 'outcome' AND (adjusted_lift IS DISTINCT FROM lift"
          + " OR sentence LIKE '%accounting%')"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM behavior_lift"
          + " WHERE transition <> 'outcome' AND (abs(adjusted_lift - lift) > 1e-9"
          + " OR sentence NOT LIKE '%after accounting for when the journey entered engaged.%')"));
      // 25 journeys with it: fewer than 30 is a small sample, whatever the p-value
      assertEquals(List.of("Of journeys still in engaged 3 days after entering it, those that"
          + " did webinar within 3 days reached converted 4.0x as often (95% CI 2.0-8.0; 25 journeys, 80.0% vs"
          + " 20.0%); 4.0x (95% CI 2.0-8.0) after accounting for when the journey entered"
          + " engaged. Too few journeys to tell."),
          rows(c, "SELECT sentence FROM behavior_lift WHERE transition = 'engaged ->"
              + " converted' AND behavior = 'webinar within 3 days'"));
    }
  }

  /**
   * The events a stage's rule counts are not behaviours of the transition into it: 'activated'
   * needs two setups; 60 journeys set up at 12 h and 48 h (activated), 20 only at 12 h, 20
   * never. "setup within 1 day" (80 with it, 60 of them activated; 20 without, none) would say
   * only what activated means. Webinar at 6 h (i < 40 and 80 <= i < 90): 40 of 50 with it
   * activated against 20 of 50 without, lift 2.0. The outcome keeps setup as a behaviour: paying
   * is not defined by it.
   */
  @Test
  void aStagesOwnEventsAreNotBehavioursOfReachingIt() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    for (int i = 0; i < 100; i++) {
      String row = ",u" + i + ",%s\n";
      csv.append("2024-03-01T00:00:00Z").append(row.formatted("trial_started"));
      if (i < 40 || (i >= 80 && i < 90)) {
        csv.append("2024-03-01T06:00:00Z").append(row.formatted("webinar"));
      }
      if (i < 80) {
        csv.append("2024-03-01T12:00:00Z").append(row.formatted("setup"));
      }
      if (i < 60) {
        csv.append("2024-03-03T00:00:00Z").append(row.formatted("setup"));
      }
      if (i < 30 || (i >= 60 && i < 65)) {
        csv.append("2024-03-05T00:00:00Z").append(row.formatted("paid"));
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL.replace("  - name: converted\n", "  - name: activated\n"
        + "    events: [setup]\n    min_count: 2\n  - name: converted\n").replace("stages:\n",
        "insights:\n  lift: {min_support: 10, within_days: [1], confounders: []}\nstages:\n"));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("webinar within 1 day|50|40|50|20|2.0000"), rows(c, "SELECT"
          + " behavior, n_with, conv_with, n_without, conv_without, printf('%.4f', lift)"
          + " FROM behavior_lift WHERE transition = 'started -> activated' ORDER BY 1"));
      assertEquals(List.of("setup within 1 day|80"), rows(c, "SELECT behavior, n_with FROM"
          + " behavior_lift WHERE transition = 'outcome' AND behavior = 'setup within 1 day'"));
    }
  }

  /**
   * Time at risk: 80 journeys enter 'engaged' on day 0 (at 12 h) and convert at 50%, 80 enter
   * on day 8 and convert at 10%, webinar or not; 60 of the early ones attend a webinar within 3
   * days of engaging, 20 of the late ones. Overall the webinar looks like 2x (32/80 vs 16/80);
   * within the day of engaging it is exactly 1: Mantel-Haenszel (30*20/80 + 2*60/80) /
   * (10*60/80 + 6*20/80) = 9 / 9. No confounder is declared: the transition is held to when
   * the journey entered engaged all the same.
   */
  @Test
  void aTransitionIsHeldToWhenTheJourneyEnteredItsFirstStage() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    java.time.Instant start = java.time.Instant.parse("2024-03-01T00:00:00Z");
    for (int i = 0; i < 160; i++) {
      boolean early = i < 80;
      int k = early ? i : i - 80;
      long engaged = early ? 12 : 8 * 24;
      boolean webinar = early ? k < 60 : k < 20;
      boolean pays = early ? k < 30 || (k >= 60 && k < 70) : k < 2 || (k >= 20 && k < 26);
      String row = ",u" + i + ",%s\n";
      csv.append(start).append(row.formatted("trial_started"));
      csv.append(start.plusSeconds(3600 * engaged)).append(row.formatted("setup"));
      if (webinar) {
        csv.append(start.plusSeconds(3600 * (engaged + 12))).append(row.formatted("webinar"));
      }
      if (pays) {
        csv.append(start.plusSeconds(3600 * (engaged + 24 * 4))).append(row.formatted("paid"));
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, STAGED.replace("window: 10 days", "window: 30 days")
        .replace("min_support: 10,", "min_support: 10, within_days: [3],"));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("80|32|80|16|2.0000|1.0000|confounded"), rows(c, "SELECT n_with,"
          + " conv_with, n_without, conv_without, printf('%.4f', lift), printf('%.4f',"
          + " adjusted_lift), verdict FROM behavior_lift WHERE transition = 'engaged ->"
          + " converted' AND behavior = 'webinar within 3 days'"));
    }
  }

  /**
   * A planted confounder: 80 'big' trials convert at 50% whether or not they attend the
   * webinar (60 do), 80 'small' ones at 10% (20 attend). Overall the webinar looks like 2x
   * (32/80 vs 16/80); within segments it is exactly 1: Mantel-Haenszel numerator 30*20/80 +
   * 2*60/80 = 9, denominator 10*60/80 + 6*20/80 = 9. Greenland-Robins variance
   * ((40*60*20 - 30*10*80) + (8*20*60 - 2*6*80)) / 6400 / (9*9) = 0.062963.
   */
  @Test
  void aDeclaredConfounderAdjustsTheLift() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event,segment\n");
    for (int i = 0; i < 160; i++) {
      String row = ",u" + i + ",%s," + (i < 80 ? "big" : "small") + "\n";
      boolean webinar = i < 60 || (i >= 80 && i < 100);
      boolean pays = i < 30 || (i >= 60 && i < 70) || i == 80 || i == 81
          || (i >= 100 && i < 106);
      csv.append("2024-03-01T00:00:00Z").append(row.formatted("trial_started"));
      if (webinar) {
        csv.append("2024-03-02T00:00:00Z").append(row.formatted("webinar"));
      }
      if (pays) {
        csv.append("2024-03-06T00:00:00Z").append(row.formatted("paid"));
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL.replace("identifiers: {login: login}",
        "identifiers: {login: login}\n    properties: [segment]").replace("stages:\n",
        "insights:\n  lift: {min_support: 10, within_days: [3], confounders: [segment]}\n"
            + "stages:\n"));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("80|32|80|16|2.0000|1.1963|3.3436|1.0000|0.6115|1.6353"),
          rows(c, "SELECT n_with, conv_with, n_without, conv_without, printf('%.4f', lift),"
              + " printf('%.4f', lift_low), printf('%.4f', lift_high), printf('%.4f',"
              + " adjusted_lift), printf('%.4f', adjusted_low), printf('%.4f', adjusted_high)"
              + " FROM behavior_lift WHERE transition = 'outcome'"
              + " AND behavior = 'webinar within 3 days'"));
      // the crude lift alone passes (Fisher p about 0.01, the only test), but within the
      // segments its interval holds 1: the verdict says it is confounded, not a signal
      assertEquals(List.of("confounded|Of journeys still undecided after 3 days, those that did"
          + " webinar within 3 days converted 2.0x as often (95% CI 1.2-3.3; 80 journeys, 40.0%"
          + " vs 20.0%); 1.0x (95% CI 0.6-1.6) after accounting for segment. Confounded: within"
          + " groups of the same segment, it could be chance."),
          rows(c, "SELECT verdict, sentence FROM behavior_lift WHERE transition = 'outcome'"));
      // ad hoc without the confounder, the adjusted lift is the crude one, and a signal
      List<Object[]> crude = call(c, Map.of("confounders", ""));
      assertEquals(2.0, (Double) crude.get(0)[17], 1e-9);
      assertEquals("webinar within 3 days", crude.get(0)[1]);
      assertEquals("signal", crude.get(0)[20]);
    }
  }

  @Test
  void theTableFunctionTakesOtherSettingsAndRefusesBadOnes() throws Exception {
    liftPerStageTransitionCountsAfterEnteringTheStage();
    try (Connection c = StoreQueries.open(dir)) {
      List<Object[]> three = call(c, Map.of("within_days", 3, "min_support", 10));
      assertTrue(!three.isEmpty() && three.stream().allMatch(r -> (int) r[5] == 3));
      // the same behaviours as the table's 3-day rows; only q (tested across fewer) differs
      assertEquals(values(c, "SELECT * EXCLUDE (q_value, verdict, sentence) FROM behavior_lift"
              + " WHERE within_days = 3"),
          call(c, Map.of("within_days", "3", "min_support", "10")).stream()
              .map(r -> Arrays.asList(r).subList(0, 20)).map(r -> {
                List<Object> copy = new ArrayList<>(r);
                copy.remove(16);
                return (List<Object>) copy;
              }).toList());
      assertEquals(List.of(), call(c, Map.of("min_support", 1000)));
      // a stage (reached or not) and an event (done before the outcome or not) as confounders:
      // the 60 engaged are the 60 who set up, so both give the same strata. Webinar within 3
      // days, outcome: engaged 20/25 vs 7/35, not engaged 0/10 vs 4/30; Mantel-Haenszel
      // (20*35/60 + 0) / (7*25/60 + 4*10/40) = 11.6667 / 3.9167 = 2.9787
      List<Object[]> byStage = call(c, Map.of("confounders", "engaged", "min_support", 10));
      List<Object[]> byEvent = call(c, Map.of("confounders", "setup", "min_support", 10));
      assertEquals(byStage.stream().map(r -> r[17]).toList(),
          byEvent.stream().map(r -> r[17]).toList());
      Object[] webinar = byStage.stream().filter(r -> r[0].equals("outcome")
          && r[1].equals("webinar within 3 days")).findFirst().orElseThrow();
      assertEquals(2.9787, (Double) webinar[17], 1e-4);
      assertTrue(((String) webinar[21]).contains("after accounting for engaged"),
          (String) webinar[21]);
      assertRefused(c, Map.of("within_days", 0), "within_days must be at least 1 and shorter"
          + " than the journey window (10 days; on its last day no journey is still"
          + " undecided), got 0");
      assertRefused(c, Map.of("within_days", 10), "within_days must be at least 1 and shorter"
          + " than the journey window (10 days; on its last day no journey is still"
          + " undecided), got 10");
      assertRefused(c, Map.of("within_days", "3,x"), "within_days is a whole number, got 'x'");
      assertRefused(c, Map.of("min_support", 0), "min_support must be at least 1");
      assertRefused(c, Map.of("confounders", "first_channel,nope"), "confounder 'nope' is not"
          + " a journey column (first_channel, first_campaign), a stage (started, engaged,"
          + " converted), a canonical event or an event property");
    }
  }

  private static void assertRefused(Connection c, Map<String, Object> arguments,
      String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c, arguments));
    assertTrue(e.getMessage().startsWith("behavior_lift: " + message), e.getMessage());
  }

  private static List<Object[]> call(Connection c, Map<String, Object> arguments)
      throws SQLException {
    return TableFunctions.named("behavior_lift").orElseThrow().rows(c, arguments);
  }

  /** Rows as value lists, comparable with a table function's rows. */
  private static List<List<Object>> values(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(r.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
