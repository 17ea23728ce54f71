package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build announces each phase with the time the last build of the store took for it. */
class PhaseTimesTest {
  @TempDir
  Path dir;

  @Test
  void theSecondBuildExpectsWhatTheFirstTook() throws Exception {
    JourneyModel m = ModelLoader.load(new DemoWorld(400, 3).writeTo(dir, n -> { }).model());
    Map<String, Double> first = new LinkedHashMap<>();
    first.put("(plan)", 0.0);
    new JourneyBuilder(m, m.defaultStore(), recorder(first)).build();
    assertTrue(first.values().stream().allMatch(d -> d.isNaN()), "no earlier build: " + first);
    first.remove("(plan)");

    Map<String, Double> logged = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement()) {
      s.execute("ATTACH '" + m.defaultStore() + "' AS st (READ_ONLY)");
      ResultSet r = s.executeQuery("SELECT phase || coalesce(' ' || source, ''), sum(seconds)"
          + " FROM st.build_log WHERE seconds > 0 GROUP BY 1");
      while (r.next()) {
        logged.put(r.getString(1), r.getDouble(2));
      }
    }
    Map<String, Double> second = new LinkedHashMap<>();
    new JourneyBuilder(m, m.defaultStore(), recorder(second)).build();
    // the whole build is announced first, as the sum of the last build's phases
    assertEquals(logged.values().stream().mapToDouble(Double::doubleValue).sum(),
        second.remove("(plan)"), 1e-6);
    assertEquals(first.keySet(), second.keySet());
    for (String phase : second.keySet()) {
      // same rows, so the scaled expectation is the logged time itself
      assertEquals(logged.get(phase), second.get(phase), 1e-9, phase);
    }
  }

  private static BuildListener recorder(Map<String, Double> into) {
    return new BuildListener() {
      @Override
      public void phase(String name) {
        throw new AssertionError("the build announces phases with their expected time");
      }

      @Override
      public void plan(double expectedSeconds) {
        into.put("(plan)", expectedSeconds);
      }

      @Override
      public void phase(String name, double expectedSeconds) {
        into.put(name, expectedSeconds);
      }

      @Override
      public void done(String name, String result, double seconds) {}
    };
  }
}
