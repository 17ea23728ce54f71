package io.journeymap.pipeline;

import io.journeymap.insight.TriggerReplay;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Trigger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * Writes the model's triggers ({@code trigger_rules}) and their history ({@code triggers}): the
 * replay of every journey up to as-of as a daily job would have run it ({@link TriggerReplay}),
 * so the list of any past day can be rebuilt and the journeys it named followed to their
 * outcome.
 */
final class TriggerEvaluation {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Instant asOf;
  private final long rowsPerSlice;
  private final List<String> warnings = new ArrayList<>();

  TriggerEvaluation(DuckDBConnection store, JourneyModel model, Instant asOf,
      long rowsPerSlice) {
    this.store = store;
    this.model = model;
    this.asOf = asOf;
    this.rowsPerSlice = rowsPerSlice;
  }

  /** Fills {@code trigger_rules} and {@code triggers}; returns the firings. */
  long run() throws SQLException {
    if (model.triggers().isEmpty()) {
      return 0;
    }
    writeRules();
    warnIfScoresMissing();
    long windowDays = model.journey().window() == null ? 0
        : (model.journey().window().toSeconds() + 86_399) / 86_400;
    TriggerReplay replay = new TriggerReplay(store, model.triggers(), windowDays, asOf, false,
        new TriggerReplay.Scratch("build", "trig_"), rowsPerSlice);
    try {
      replay.fire();
    } catch (TriggerReplay.RuleFailed e) {
      Trigger t = model.triggers().get(e.index());
      throw ModelErrors.at(model, "/triggers/" + e.index() + "/when", "trigger '" + t.name()
          + "': rule does not run: " + Sql.firstLine(e));
    }
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO main.triggers BY NAME " + replay.listing(
          ", j.status = 'open' AS open_now, j.status AS journey_status, j.judged,"
              + " j.status = 'converted' AS converted,"
              + " CASE WHEN j.status = 'converted' THEN date_diff('second', f.fired_at,"
              + " j.converted_at) / 86400.0 END AS days_to_convert"));
      try (var r = s.executeQuery("SELECT count(*) FROM main.triggers")) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Warnings for the build log: triggers reading scores in a build that has none. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  private void writeRules() throws SQLException {
    try (PreparedStatement p = store.prepareStatement(
        "INSERT INTO main.trigger_rules VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Trigger t : model.triggers()) {
        p.setString(1, t.name());
        p.setString(2, t.description());
        p.setString(3, t.when());
        p.setString(4, t.action());
        p.setDouble(5, t.holdout());
        p.setString(6, t.contact().isEmpty() ? null : String.join(",", t.contact()));
        p.setObject(7, t.liveSince() == null ? null
            : LocalDateTime.ofInstant(t.liveSince(), ZoneOffset.UTC));
        p.execute();
      }
    }
  }

  private void warnIfScoresMissing() throws SQLException {
    List<String> reading = model.triggers().stream().filter(Trigger::usesScores)
        .map(Trigger::name).toList();
    if (reading.isEmpty()) {
      return;
    }
    try (Statement s = store.createStatement();
         var r = s.executeQuery("SELECT count(*) FROM main.scores")) {
      r.next();
      if (r.getLong(1) == 0) {
        warnings.add("trigger" + (reading.size() == 1 ? " " : "s ") + String.join(", ", reading)
            + " read the conversion score, but this build has no scores (see model_health):"
            + " no journey meets a score condition");
      }
    }
  }

  /** The phase's one-line result. */
  static String describe(long firings, int triggers) {
    return triggers == 0 ? "no triggers declared"
        : String.format(Locale.ROOT, "%,d firings of %d %s", firings, triggers,
            triggers == 1 ? "trigger" : "triggers");
  }
}
