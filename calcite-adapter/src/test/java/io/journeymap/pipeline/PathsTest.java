package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.sql.TableFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** paths() on twelve journeys whose paths from started to engaged are written out below. */
class PathsTest {
  @TempDir
  Path dir;

  @Test
  void pathsBetweenTwoStagesWithCountsAndConversion() throws Exception {
    StringBuilder csv = new StringBuilder("ts,login,event\n");
    // login: events after the start, each a day apart from 2024-03-02; 'setup' enters engaged
    Map<String, List<String>> journeys = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      journeys.put("w" + i, List.of("webinar", "webinar", "setup"));   // webinar, reached
    }
    journeys.put("d0", List.of("docs", "webinar", "setup"));           // docs > webinar, reached
    journeys.put("d1", List.of("docs", "webinar", "setup"));
    for (int i = 0; i < 3; i++) {
      journeys.put("n" + i, List.of("webinar"));                       // webinar, not reached
    }
    journeys.put("idle", List.of());                                   // (nothing)
    journeys.put("fast", List.of("setup"));                            // (nothing), reached
    journeys.put("long", List.of("docs", "docs", "webinar", "docs", "setup"));
    for (var j : journeys.entrySet()) {
      csv.append("2024-03-01T00:00:00Z,").append(j.getKey()).append(",trial_started\n");
      int day = 2;
      for (String event : j.getValue()) {
        csv.append(String.format(Locale.ROOT, "2024-03-%02dT00:00:00Z,%s,%s%n", day++,
            j.getKey(), event));
      }
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StoreQueries.build(dir, BehaviorLiftTest.STAGED.replace("upgrade_viewed, paid]",
        "upgrade_viewed, paid, docs]"));
    try (Connection c = StoreQueries.open(dir)) {
      // 12 journeys entered started; 'long' shows two events, then '...'
      assertEquals(List.of(
              "webinar|1|7|0.5833|4|0.5714|0.2505|0.8418|72.0|small sample",
              "(nothing)|0|2|0.1667|1|0.5000|0.0945|0.9055|24.0|small sample",
              "docs > webinar|2|2|0.1667|2|1.0000|0.3424|1.0000|72.0|small sample",
              "docs > webinar > ...|2|1|0.0833|1|1.0000|0.2065|1.0000|120.0|small sample"),
          call(c, Map.of("from_stage", "started", "to_stage", "engaged", "max_steps", 2)));
      // with the default 5 steps the long path is whole, repeats in a row shown once
      assertTrue(call(c, Map.of("from_stage", "started", "to_stage", "engaged")).stream()
          .anyMatch(r -> r.startsWith("docs > webinar > docs|3|1|")));
      assertRefused(c, Map.of("from_stage", "started", "to_stage", "nowhere"),
          "paths: to_stage 'nowhere' is not a stage; the stages are: started, engaged,"
              + " converted");
      assertRefused(c, Map.of("from_stage", "engaged", "to_stage", "engaged"),
          "paths: from_stage and to_stage are both 'engaged'; name two different stages");
      assertRefused(c, Map.of("from_stage", "converted", "to_stage", "started"),
          "paths: to_stage 'started' comes before from_stage 'converted' in the journey"
              + " (started, engaged, converted); paths lead forward: name the earlier stage"
              + " first");
      assertRefused(c, Map.of("from_stage", "started", "to_stage", "engaged", "max_steps", 0),
          "paths: max_steps must be between 1 and 20, got 0");
      assertRefused(c, Map.of("from_stage", "started", "to_stage", "engaged", "max_steps",
          "two"), "paths: max_steps is a whole number, got 'two'");
    }
  }

  private static void assertRefused(Connection c, Map<String, Object> arguments,
      String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c, arguments));
    assertEquals(message, e.getMessage());
  }

  private static List<String> call(Connection c, Map<String, Object> arguments)
      throws SQLException {
    List<String> out = new ArrayList<>();
    for (Object[] r : TableFunctions.named("paths").orElseThrow().rows(c, arguments)) {
      StringBuilder b = new StringBuilder();
      for (Object v : r) {
        b.append(b.length() == 0 ? "" : "|").append(v instanceof Double d && !(r[8] == v)
            ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(v));
      }
      out.add(b.toString());
    }
    return out;
  }
}
