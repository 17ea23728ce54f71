package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.sql.TableFunctions;
import io.journeymap.store.JourneyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score(as_of_days)} by difference: on the build's day it is the scores table's open
 * rows, scored by the model the build used (a reused saved one included); on another day it is
 * what a build with that day in its model file scores.
 */
class ScoreFunctionTest {
  @TempDir
  Path dir;

  /** The store's open scores with their subjects, in the function's column order. */
  private static final String OPEN = "SELECT s.journey_id, s.as_of, s.observed_days,"
      + " s.p_convert, s.band, s.top_reasons, s.model, s.model_version, j.subject, j.subject_id,"
      + " j.person_id, j.account_id, j.journey_key, j.started_at, j.furthest_stage,"
      + " j.first_channel FROM scores s JOIN journeys j USING (journey_id)"
      + " WHERE s.role = 'open' ORDER BY s.journey_id";

  @Test
  void onTheBuildsDayItIsTheScoresTablesOpenRows() throws Exception {
    PilotWorld world = new PilotWorld().pilots("p", 3000, 135, 5);
    world.writeTo(dir);
    StoreQueries.build(dir, InsightsBuildTest.MODEL);
    // more matured journeys: the next build scores with the saved model, not a refit, and so
    // must the function
    world.pilots("q", 1500, 100, 6).writeTo(dir);
    StoreQueries.build(dir, InsightsBuildTest.MODEL);
    List<List<Object>> expected;
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("true"), StoreQueries.rows(c, "SELECT reused FROM model_health"
          + " WHERE chosen"));
      expected = values(c, OPEN);
      assertTrue(expected.size() > 100, "open journeys to compare: " + expected.size());
      assertEquals(expected, call(c, 3));
      assertEquals(expected, call(c, null), "as_of_days defaults to the build's day");
    }
    // the same through the locked-down query engine, which reads the build's own file
    JourneyStore store = JourneyStore.open(dir.resolve("m.journeymap.duckdb"));
    try (Connection c = store.connect()) {
      assertEquals(expected, call(c, 3));
    } finally {
      store.release();
    }
  }

  @Test
  void anotherDayIsScoredAsABuildWithThatDayScores() throws Exception {
    new PilotWorld().pilots("p", 3000, 135, 5).writeTo(dir);
    StoreQueries.build(dir, InsightsBuildTest.MODEL);
    Path other = Files.createDirectories(dir.resolve("day5"));
    Files.copy(dir.resolve("app.csv"), other.resolve("app.csv"));
    StoreQueries.build(other, InsightsBuildTest.MODEL.replace("scores: {at_days: 3}",
        "scores: {at_days: 5}"));
    List<List<Object>> onDay5;
    try (Connection c = StoreQueries.open(other)) {
      onDay5 = values(c, OPEN);
    }
    try (Connection c = StoreQueries.open(dir)) {
      List<List<Object>> fitted = call(c, 5);
      assertEquals(onDay5, fitted);
      String day3 = StoreQueries.rows(c, "SELECT version FROM model_health WHERE chosen")
          .get(0);
      assertNotEquals(day3, fitted.get(0).get(7));
      assertEquals(StoreQueries.rows(c, "SELECT count(*) FROM journeys WHERE status = 'open'"),
          List.of(Integer.toString(fitted.size())));
      for (List<Object> row : fitted) {
        double p = (Double) row.get(3);
        assertTrue(p >= 0 && p <= 1, row.toString());
        assertTrue(Set.of("low", "medium", "high").contains((String) row.get(4)));
        assertTrue((Double) row.get(2) <= 5, row.toString());
      }
      assertEquals(fitted, call(c, 5), "a second call scores alike");
    }
  }

  @Test
  void badDaysAndTooFewJourneysAreRefusedWithTheReason() throws Exception {
    new PilotWorld().pilots("p", 3000, 135, 5).writeTo(dir);
    StoreQueries.build(dir, InsightsBuildTest.MODEL);
    String range = "score: as_of_days must be a whole number of days from 1 to 13 (the"
        + " journey window is 14 days; a score is made while the outcome is still open), got ";
    try (Connection c = StoreQueries.open(dir)) {
      assertRefused(c, 0, range + "0");
      assertRefused(c, -2, range + "-2");
      assertRefused(c, 14, range + "14");
      assertRefused(c, 2.5, range + "2.5");
      assertRefused(c, "soon", "score: as_of_days is a whole number of days from 1 to 13 (the"
          + " journey window is 14 days; a score is made while the outcome is still open),"
          + " got 'soon'");
      assertEquals(call(c, 4), call(c, "4"), "a number as text, as a bound string gives it");
    }
    Path few = Files.createDirectories(dir.resolve("few"));
    new PilotWorld().pilots("p", 60, 135, 1).writeTo(few);
    StoreQueries.build(few, InsightsBuildTest.MODEL);
    try (Connection c = StoreQueries.open(few)) {
      String health = StoreQueries.rows(c, "SELECT sentence FROM model_health").get(0);
      assertRefused(c, 3, "score: the build has no model on day 3 (insufficient_data): "
          + health);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> call(c, 5));
      assertTrue(e.getMessage().matches("score: no model can be fitted on day 5: [0-9,]+"
          + " converted and [0-9,]+ unconverted matured journeys were undecided on day 5; a"
          + " model needs at least 100 of each \\(and 10 of each in training, calibration and"
          + " validation\\)"), e.getMessage());
    }
  }

  private static void assertRefused(Connection c, Object days, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> call(c, days));
    assertEquals(message, e.getMessage());
  }

  private static List<List<Object>> call(Connection c, Object days) throws SQLException {
    Map<String, Object> arguments = new HashMap<>();
    if (days != null) {
      arguments.put("as_of_days", days);
    }
    List<List<Object>> out = new ArrayList<>();
    for (Object[] r : TableFunctions.named("score").orElseThrow().rows(c, arguments)) {
      out.add(Arrays.asList(r));
    }
    return out;
  }

  /** Rows as value lists, times as LocalDateTime like the function's. */
  private static List<List<Object>> values(Connection c, String sql) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(r.getMetaData().getColumnType(i) == Types.TIMESTAMP
              ? r.getObject(i, LocalDateTime.class) : r.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
