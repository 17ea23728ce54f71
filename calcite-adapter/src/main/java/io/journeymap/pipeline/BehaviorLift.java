package io.journeymap.pipeline;

import io.journeymap.insight.Confounder;
import io.journeymap.insight.LiftAnalysis;
import io.journeymap.model.Insights;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.duckdb.DuckDBConnection;

/** Fills {@code behavior_lift} with the model's lift settings (see {@link LiftAnalysis}). */
final class BehaviorLift {
  private final DuckDBConnection store;
  private final Insights.LiftSettings settings;

  BehaviorLift(DuckDBConnection store, Insights.LiftSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** The settings as the analysis takes them, with confounders resolved against the store. */
  LiftAnalysis.Settings resolved() throws SQLException {
    return new LiftAnalysis.Settings(settings.withinDays(), settings.minSupport(),
        Confounder.resolve(store, settings.confounders()));
  }

  /** Returns the rows written (behaviours tested). */
  List<LiftAnalysis.Row> run(double windowDays) throws SQLException {
    LiftAnalysis.Settings s = resolved();
    List<LiftAnalysis.Row> rows = LiftAnalysis.rows(store, s);
    String marks = String.join(", ", Collections.nCopies(22, "?"));
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.behavior_lift VALUES ("
        + marks + ")")) {
      for (LiftAnalysis.Row row : rows) {
        Object[] v = row.values();
        for (int i = 0; i < v.length; i++) {
          out.setObject(i + 1, v[i]);
        }
        out.addBatch();
      }
      out.executeBatch();
    }
    try (PreparedStatement info = store.prepareStatement("UPDATE main.build_info SET"
        + " lift_within_days = ?, lift_min_support = ?, lift_confounders = ?")) {
      info.setString(1, String.join(",", LiftAnalysis.days(s, windowDays).stream()
          .map(String::valueOf).toList()));
      info.setInt(2, s.minSupport());
      info.setString(3, s.confounders().isEmpty() ? null
          : String.join(",", s.confounders().stream().map(Confounder::name).toList()));
      info.execute();
    }
    return rows;
  }
}
