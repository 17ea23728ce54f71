package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.Stage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Says it when a stage was reached by no journey because an event its rule needs was never
 * read: the funnel then shows 0% reaching it, which reads as a finding about behaviour while it
 * is a fact about the data (a source not exported, a raw name the mapping misses).
 */
final class UnreachedStages {
  private UnreachedStages() {}

  /**
   * One warning per such stage, in stage order; none when no event was read at all (said once
   * elsewhere). Reads {@code stage_entries} and {@code events}.
   */
  static List<String> describe(DuckDBConnection db, JourneyModel model) throws SQLException {
    Set<String> read = new HashSet<>();
    Set<Integer> reached = new HashSet<>();
    try (Statement s = db.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT DISTINCT event FROM main.events")) {
        while (r.next()) {
          read.add(r.getString(1));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT DISTINCT stage_order FROM main.stage_entries")) {
        while (r.next()) {
          reached.add(r.getInt(1));
        }
      }
    }
    List<String> warnings = new ArrayList<>();
    if (read.isEmpty()) {
      return warnings; // no row became an event: the build says that once, not per stage
    }
    for (int i = 0; i < model.stages().size(); i++) {
      Stage stage = model.stages().get(i);
      if (reached.contains(i + 1)) {
        continue;
      }
      List<String> missing;
      if (stage.when() == null) {
        // any one of the listed events counts toward the threshold: all of them are missing
        missing = stage.events().stream().anyMatch(read::contains) ? List.of()
            : stage.events();
      } else {
        missing = ModelLoader.referencedNames(stage.when()).stream()
            .filter(e -> !read.contains(e)).toList();
      }
      if (!missing.isEmpty()) {
        warnings.add("stage '" + stage.name() + "' was reached by no journey: no "
            + String.join(" or ", missing.stream().map(e -> "'" + e + "'").toList())
            + (missing.size() == 1 ? " event was" : " events were") + " read from any source,"
            + " so its 0% says nothing of behaviour; check the event mapping of the source"
            + " that should carry " + (missing.size() == 1 ? "it" : "them"));
      }
    }
    return warnings;
  }
}
