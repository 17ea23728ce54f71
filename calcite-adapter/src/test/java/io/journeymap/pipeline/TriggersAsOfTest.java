package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.sql.JourneyTableFunction;
import io.journeymap.sql.TableFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * triggers_as_of(ts) checked by difference: at the build's as-of it is the open_now part of
 * triggers; at an earlier moment it is the list a store built from the data up to that moment
 * shows (for rules over events, stages and time; the score is the later model's, see below).
 */
class TriggersAsOfTest {
  @TempDir
  Path dir;

  private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant AS_OF = Instant.parse("2024-02-22T00:00:00Z");
  /** The replayed moment, a midnight (a model's as_of is a date or an instant). */
  private static final Instant CUT = Instant.parse("2024-02-14T00:00:00Z");

  private static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: %s
      taxonomy: [trial_started, setup_done, feature_used, paid]
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
          min_count: 2
          within_days: 7
        - name: converted
          events: [paid]
      insights:
        scores: {at_days: 2}
      triggers:
        - name: stalled
          when: "days_since_start >= 3 AND setup_done < 2"
          action: lifecycle email
          holdout: 0.2
          contact: [email]
        - name: gone_quiet
          when: "days_since_last_event >= 2 AND stage_order < 2 AND events_so_far >= 2"
          action: in-app prompt
        - name: low_score
          when: "p_convert < 0.3 OR score_band = 'low'"
          action: sales call
          holdout: 0.5
      """;

  /** 700 trials over 52 days with setup steps, feature use and payment at random times. */
  private static List<String[]> world() {
    Random r = new Random(11);
    List<String[]> events = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String email = "u" + i + "@x.com";
      Instant start = FIRST.plusSeconds((long) (r.nextDouble() * 52 * 86400));
      events.add(new String[] {start.toString(), email, "trial_started"});
      double drive = r.nextDouble();
      int setups = (int) (drive * 4);
      for (int k = 0; k < setups; k++) {
        events.add(new String[] {start.plusSeconds((long) (r.nextDouble() * 1.5 * 86400))
            .toString(), email, "setup_done"});
      }
      int uses = r.nextInt(5);
      for (int k = 0; k < uses; k++) {
        events.add(new String[] {start.plusSeconds((long) (r.nextDouble() * 9 * 86400))
            .toString(), email, "feature_used"});
      }
      if (r.nextDouble() < 0.1 + 0.6 * drive) {
        events.add(new String[] {start.plusSeconds((long) ((2 + r.nextDouble() * 7) * 86400))
            .toString(), email, "paid"});
      }
    }
    return events;
  }

  private void write(List<String[]> events, Instant until) throws Exception {
    StringBuilder csv = new StringBuilder("ts,email,event\n");
    for (String[] e : events) {
      if (!Instant.parse(e[0]).isAfter(until)) {
        csv.append(String.join(",", e)).append('\n');
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
  }

  @Test
  void atAsOfItIsTodaysListAndEarlierTheListOfAStoreBuiltThen() throws Exception {
    List<String[]> events = world();
    // a store built on the day of the cut, from the data up to it
    write(events, CUT);
    StoreQueries.build(dir, MODEL.formatted(CUT));
    List<String> builtAtCut;
    try (Connection c = StoreQueries.open(dir)) {
      builtAtCut = rows(c, "SELECT trigger_name, subject_key, fired_at, reason, test_group,"
          + " contact FROM triggers WHERE open_now AND trigger_name <> 'low_score'"
          + " ORDER BY ALL");
    }
    write(events, AS_OF);
    StoreQueries.build(dir, MODEL.formatted(AS_OF));
    try (Connection c = StoreQueries.open(dir)) {
      String shared = "trigger_name, journey_id, subject, subject_id, subject_key, fired_at,"
          + " reason, action, test_group, contact";
      List<String> today = rows(c, "SELECT " + shared + " FROM triggers WHERE open_now"
          + " ORDER BY ALL");
      assertTrue(today.size() > 20, today.toString());
      assertTrue(today.stream().anyMatch(r -> r.startsWith("low_score|")), "a score trigger"
          + " fired on an open journey");
      assertEquals(today, replay(c, AS_OF, shared));
      // the replay at the cut names the journeys open then, and for rules over events, stages
      // and time exactly the list the store built then showed
      List<String> atCut = replay(c, CUT, "trigger_name, subject_key, fired_at, reason,"
          + " test_group, contact");
      assertTrue(builtAtCut.size() > 20, builtAtCut.toString());
      assertEquals(builtAtCut, atCut.stream().filter(r -> !r.startsWith("low_score|"))
          .toList());
      // score rules see a score only once its moment had passed by the cut
      assertEquals(List.of(), rows(c, "SELECT 1 FROM triggers_at_cut t JOIN scores s"
          + " USING (journey_id) WHERE t.trigger_name = 'low_score'"
          + " AND (s.as_of > t.fired_at OR t.fired_at > TIMESTAMP '" + sql(CUT) + "')"));
      assertEquals(rows(c, "SELECT count(*) FROM journeys WHERE started_at <= TIMESTAMP '"
              + sql(CUT) + "' AND coalesce(converted_at, failed_at, window_ends_at)"
              + " > TIMESTAMP '" + sql(CUT) + "' AND journey_id IN (SELECT journey_id FROM"
              + " triggers_at_cut)"),
          rows(c, "SELECT count(DISTINCT journey_id) FROM triggers_at_cut"));
    }
  }

  /** The function's rows at {@code ts}, the named columns joined by '|', sorted. */
  private static List<String> replay(Connection c, Instant ts, String columns)
      throws SQLException {
    JourneyTableFunction f = TableFunctions.named("triggers_as_of").orElseThrow();
    List<Object[]> rows = f.rows(c, Map.of("ts", LocalDateTime.ofInstant(ts, ZoneOffset.UTC)));
    try (var s = c.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE triggers_at_cut (" + String.join(", ",
          f.columns().stream().map(col -> col.name() + " " + col.type().name()).toList())
          + ")");
    }
    try (var p = c.prepareStatement("INSERT INTO triggers_at_cut VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        + " ?, ?, ?)")) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          p.setObject(i + 1, row[i]);
        }
        p.execute();
      }
    }
    return rows(c, "SELECT " + columns + " FROM triggers_at_cut ORDER BY ALL");
  }

  private static String sql(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString().replace('T', ' ');
  }

  @Test
  void theMomentIsCheckedAndTakesTextOrTimestamps() throws Exception {
    write(world(), AS_OF);
    StoreQueries.build(dir, MODEL.formatted(AS_OF));
    JourneyTableFunction f = TableFunctions.named("triggers_as_of").orElseThrow();
    try (Connection c = StoreQueries.open(dir)) {
      String first = rows(c, "SELECT strftime(min(occurred_at), '%Y-%m-%d %H:%M:%S')"
          + " FROM events").get(0);
      IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
          () -> f.rows(c, Map.of("ts", "2023-12-31")));
      assertEquals("triggers_as_of: ts 2023-12-31 00:00:00 is before the first event ("
          + first + ")", early.getMessage());
      IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
          () -> f.rows(c, Map.of("ts", "2024-02-22T00:00:01Z")));
      assertEquals("triggers_as_of: ts 2024-02-22 00:00:01 is after the store's as-of"
          + " (2024-02-22 00:00:00); the store knows nothing later", late.getMessage());
      IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
          () -> f.rows(c, Map.of("ts", "last week")));
      assertEquals("triggers_as_of: ts must be a TIMESTAMP or ISO text such as '2024-03-01' or"
          + " '2024-03-01T12:00:00Z', got 'last week'", text.getMessage());
      // one moment, written five ways
      Set<String> seen = new java.util.HashSet<>();
      for (Object ts : List.of("2024-02-10T12:00:00Z", "2024-02-10 12:00:00",
          "2024-02-10T14:00+02:00", java.sql.Timestamp.valueOf("2024-02-10 12:00:00"),
          LocalDateTime.parse("2024-02-10T12:00:00"))) {
        List<String> keys = new ArrayList<>();
        for (Object[] row : f.rows(c, Map.of("ts", ts))) {
          keys.add(row[0] + "|" + row[1] + "|" + row[5]);
        }
        keys.sort(null);
        seen.add(String.join(",", keys));
      }
      assertEquals(1, seen.size());
      assertTrue(!seen.iterator().next().isEmpty());
    }
  }

  @Test
  void aStoreWithoutTriggersReplaysNothing() throws Exception {
    write(world(), AS_OF);
    StoreQueries.build(dir, MODEL.formatted(AS_OF).substring(0,
        MODEL.formatted(AS_OF).indexOf("triggers:")));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(0, TableFunctions.named("triggers_as_of").orElseThrow()
          .rows(c, Map.of("ts", "2024-02-10")).size());
    }
  }
}
