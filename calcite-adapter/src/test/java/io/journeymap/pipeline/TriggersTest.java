package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triggers replayed as a daily job: when each fires (checked by hand on a small timeline), the
 * stable holdout split (recomputed here from its documented formula), and impact against the
 * holdout on a generated world where the treated group was planted to convert more once live.
 */
class TriggersTest {
  @TempDir
  Path dir;

  private static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: 2024-03-01
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
        - name: converted
          events: [paid]
      triggers:
        - name: stalled
          description: Three days in, fewer than two setup steps
          when: "days_since_start >= 3 AND setup_done < 2"
          action: lifecycle email
          holdout: %s
          contact: [email]
          live_since: 2024-01-15
      """;

  @Test
  void firesAtTheFirstDailyCheckWhereTheRuleHeldOnWhatWasKnownThen() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,email,event
        2024-01-01T10:00:00Z,p1@x.com,trial_started
        2024-01-02T09:00:00Z,p1@x.com,setup_done
        2024-01-05T10:00:00Z,p1@x.com,paid
        2024-01-01T10:00:00Z,p2@x.com,trial_started
        2024-01-02T09:00:00Z,p2@x.com,setup_done
        2024-01-03T09:00:00Z,p2@x.com,setup_done
        2024-01-01T10:00:00Z,p3@x.com,trial_started
        2024-01-02T12:00:00Z,p3@x.com,paid
        2024-01-01T10:00:00Z,p4@x.com,trial_started
        2024-01-04T10:00:00Z,p4@x.com,setup_done
        2024-02-25T10:00:00Z,p5@x.com,trial_started
        2024-02-28T06:00:00Z,p6@x.com,trial_started
        """);
    StoreQueries.build(dir, MODEL.formatted("0.5"));
    try (Connection c = StoreQueries.open(dir)) {
      // p1: one setup step by day 3 -> fires at day 3 and converts a day later; p2: two steps
      // by day 3, never; p3: converted before day 3, checks stop; p4: its step comes at the
      // very moment of the day-3 check, which sees only earlier events; p5: open, day 3 before
      // as-of; p6: open, not yet 3 days in at as-of
      assertEquals(List.of(
              "p1@x.com|2024-01-04 10:00:00.0|3.0 days since the start; 1 x setup_done"
                  + "|false|converted|true|1.0|{\"email\":\"p1@x.com\"}",
              "p4@x.com|2024-01-04 10:00:00.0|3.0 days since the start; 0 x setup_done"
                  + "|false|dropped|false|null|{\"email\":\"p4@x.com\"}",
              "p5@x.com|2024-02-28 10:00:00.0|3.0 days since the start; 0 x setup_done"
                  + "|true|open|false|null|{\"email\":\"p5@x.com\"}"),
          rows(c, "SELECT substr(subject_key, 7), fired_at, reason, open_now, journey_status,"
              + " converted, days_to_convert, contact FROM triggers ORDER BY subject_key"));
      for (String row : rows(c, "SELECT subject_key, test_group FROM triggers")) {
        String[] kv = row.split("\\|");
        assertEquals(expectedGroup(kv[0], "stalled", 0.5), kv[1], kv[0]);
      }
      assertEquals(List.of("email:p1@x.com|email:p4@x.com|email:p5@x.com"),
          List.of(String.join("|", rows(c, "SELECT subject_key FROM triggers ORDER BY 1"))));
      // both judged firings are before live_since (the A/A row); none since: too few
      assertEquals(List.of("before live|2|too few to tell", "live|0|too few to tell"),
          rows(c, "SELECT period, treated + holdout, verdict FROM impact ORDER BY period"));
    }
  }

  @Test
  void anAccountJourneysContactIsTheAccountsOwnIdentifier() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,email,company,workspace,event
        2024-01-01T10:00:00Z,ann@acme.com,acme,w-acme,trial_started
        2024-01-02T10:00:00Z,bob@acme.com,acme,,setup_done
        2024-01-01T10:00:00Z,cy@globex.com,globex,w-globex,trial_started
        2024-01-02T10:00:00Z,cy@globex.com,globex,,setup_done
        2024-01-02T11:00:00Z,cy@globex.com,globex,,setup_done
        2024-01-01T12:00:00Z,dee@initech.com,,,trial_started
        """);
    StoreQueries.build(dir, MODEL.formatted("0.5")
        .replace("  start_event:", "  subject: account\n  start_event:")
        .replace("kinds: {email: {strength: strong, lowercase: true}}",
            "kinds: {email: {strength: strong, lowercase: true}, company: account,"
                + " workspace: account}")
        .replace("identifiers: {email: email}",
            "identifiers: {email: email, company: company, workspace: workspace}")
        .replace("contact: [email]", "contact: [email, workspace, company]"));
    try (Connection c = StoreQueries.open(dir)) {
      // acme: one setup step by day 3 -> fires; globex: two, never; dee has no account, so no
      // account journey. An account's contacts are its account-level identifiers, in the order
      // the trigger lists them: the email addresses belong to its persons, not to the account
      assertEquals(List.of("account:acme|2024-01-04 10:00:00.0"
              + "|{\"workspace\":\"w-acme\",\"company\":\"acme\"}"),
          rows(c, "SELECT subject_key, fired_at, contact FROM triggers ORDER BY subject_key"));
    }
  }

  /** The split's documented formula, recomputed: md5 of key|trigger, first 8 hex digits. */
  static String expectedGroup(String subjectKey, String trigger, double holdout)
      throws Exception {
    byte[] md5 = MessageDigest.getInstance("MD5").digest(
        (subjectKey + "|" + trigger).getBytes(StandardCharsets.UTF_8));
    long bucket = Long.parseLong(HexFormat.of().formatHex(md5).substring(0, 8), 16);
    return bucket < holdout * 4294967296.0 ? "holdout" : "treated";
  }

  @Test
  void impactFindsAPlantedEffectAfterGoingLiveAndNoneBefore() throws Exception {
    // 1,600 trials, each stalled (no setup); before 2024-01-15 every group converts 20% of the
    // time; from then on the treated group converts 45%, the holdout still 20%
    StringBuilder csv = new StringBuilder("ts,email,event\n");
    Instant first = Instant.parse("2023-12-01T08:00:00Z");
    java.util.Random random = new java.util.Random(5);
    long[] live = new long[4];
    long[] before = new long[4];
    for (int i = 0; i < 1_600; i++) {
      String email = "u" + i + "@x.com";
      Instant start = first.plus(i * 60L, ChronoUnit.MINUTES);
      boolean afterLive = !start.plus(3, ChronoUnit.DAYS).isBefore(
          Instant.parse("2024-01-15T00:00:00Z"));
      boolean treated = expectedGroup("email:" + email, "stalled", 0.3).equals("treated");
      double p = afterLive && treated ? 0.45 : 0.20;
      boolean converts = random.nextDouble() < p;
      csv.append(start).append(',').append(email).append(",trial_started\n");
      if (converts) {
        csv.append(start.plus(5, ChronoUnit.DAYS)).append(',').append(email).append(",paid\n");
      }
      long[] counts = afterLive ? live : before;
      counts[treated ? 0 : 2]++;
      if (converts) {
        counts[treated ? 1 : 3]++;
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, MODEL.formatted("0.3"));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of(
              "before live|" + before[0] + "|" + before[1] + "|" + before[2] + "|" + before[3],
              "live|" + live[0] + "|" + live[1] + "|" + live[2] + "|" + live[3]),
          rows(c, "SELECT period, treated, treated_converted, holdout, holdout_converted"
              + " FROM impact ORDER BY period"));
      List<String> verdicts = rows(c, "SELECT period, verdict, difference_low <= 0.25"
          + " AND difference_high >= 0.25, difference_low <= 0 AND difference_high >= 0"
          + " FROM impact ORDER BY period");
      // before live nobody was treated: the interval covers 0; live: working, and the
      // interval covers the planted 25 points
      assertEquals("before live|split looks fair|false|true", verdicts.get(0));
      assertEquals("live|working|true|false", verdicts.get(1));
      String sentence = rows(c, "SELECT sentence FROM impact WHERE period = 'live'").get(0);
      assertTrue(sentence.startsWith("stalled converted "), sentence);
      assertTrue(sentence.contains("Verdict: working."), sentence);
      // the holdout share is near the declared 30%
      double share = Double.parseDouble(rows(c, "SELECT avg(CASE WHEN test_group = 'holdout'"
          + " THEN 1 ELSE 0 END) FROM triggers").get(0));
      assertTrue(Math.abs(share - 0.3) < 0.05, "holdout share " + share);
    }
  }
}
