package io.journeymap.pipeline;

import io.journeymap.insight.ScoreModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scores of the journeys open at a built store's as-of, as seen {@code days} after their start,
 * computed on a query connection (the {@code score()} table function). The model for the
 * build's own scoring day is the one the build scored with, read from beside the store; for
 * another day one is fitted from the store's matured journeys exactly as a build fits, and kept
 * per store and day in this JVM. Work tables are temporary tables of the connection.
 */
public final class OpenScores {
  /** Fitted or read models by store file, build and day; a few, each a few hundred KB. */
  private static final int CACHED = 8;
  private static final Map<String, ScoreFit.Outcome> CACHE = new LinkedHashMap<>(16, 0.75f,
      true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ScoreFit.Outcome> eldest) {
      return size() > CACHED;
    }
  };
  static final AtomicLong TABLES = new AtomicLong();

  private OpenScores() {}

  /**
   * One open journey's score and who to act on.
   *
   * @param values journey_id, as_of, observed_days, p_convert, band, top_reasons, model,
   *     model_version, subject, subject_id, person_id, account_id, journey_key, started_at,
   *     furthest_stage, first_channel
   */
  public record Row(Object[] values) {}

  /** What a store was built with, as its tables say. */
  record Built(String buildId, Instant asOf, String startEvent, List<String> outcomes,
      double windowDays, int atDays, String status, String version, String sentence) {
    List<String> notBehaviour() {
      List<String> out = new ArrayList<>(outcomes);
      out.add(startEvent);
      return out;
    }
  }

  /** The build's own scoring day (insights.scores.at_days) and the journey window. */
  public record Days(int atDays, double windowDays) {}

  /** The scoring day the build used and the window, to check a requested day against. */
  public static Days days(Connection store) throws SQLException {
    Built b = built(store);
    return new Days(b.atDays(), b.windowDays());
  }

  /**
   * Every journey open at as-of, scored from what it did in its first {@code days} days
   * (fewer when younger: its reasons then say the score is provisional), in journey order.
   *
   * @throws IllegalArgumentException when no model can be had for that day, with the reason
   */
  public static List<Row> score(Connection store, int days) throws SQLException {
    Built b = built(store);
    ScoreModel m = model(store, b, days);
    String features = "journeymap_score_open_" + TABLES.incrementAndGet();
    String at = "make_timestamp(" + b.asOf().toEpochMilli() * 1000 + ")";
    List<Row> rows = new ArrayList<>();
    try {
      JourneyFeatures.Table t = JourneyFeatures.create(store, b.asOf(), b.notBehaviour(),
          JourneyFeatures.Work.TEMPORARY, features, m.features(), "status = 'open'");
      try (Statement s = store.createStatement();
           ResultSet r = s.executeQuery("SELECT f.journey_id, least(f.moment_at, " + at + "),"
               + " least(f.observed_days, " + days + "), "
               + PropensityScores.provisional("f", days) + ", j.subject, j.subject_id,"
               + " j.person_id, j.account_id, j.journey_key, j.started_at, j.furthest_stage,"
               + " j.first_channel, " + t.columns() + " FROM " + t.name() + " f"
               + " JOIN main.journeys j USING (journey_id) ORDER BY f.journey_id")) {
        while (r.next()) {
          double[] raw = t.raw(r, 13);
          double[] x = t.transform(raw);
          double p = m.probability(x);
          long person = r.getLong(7);
          Long personId = r.wasNull() ? null : person;
          rows.add(new Row(new Object[] {r.getLong(1), r.getObject(2, LocalDateTime.class),
              r.getDouble(3), p, m.band(p), r.getString(4) + m.reasons(raw, x),
              m.propensity().method().label(), m.version(), r.getString(5), r.getString(6),
              personId, r.getString(8), r.getString(9), r.getObject(10, LocalDateTime.class),
              r.getString(11), r.getString(12)}));
        }
      }
    } finally {
      drop(store, features);
    }
    return rows;
  }

  /** The model for {@code days}: the build's saved one for its own day, else fitted here. */
  private static ScoreModel model(Connection store, Built b, int days) throws SQLException {
    Path file = attached(store);
    String key = file + "|" + b.buildId() + "|" + days;
    synchronized (CACHE) {
      ScoreFit.Outcome cached = CACHE.get(key);
      if (cached != null) {
        return use(cached, days);
      }
    }
    ScoreFit.Outcome outcome = null;
    if (days == b.atDays()) {
      if (!"ok".equals(b.status())) {
        throw new IllegalArgumentException("score: the build has no model on day " + days
            + " (" + b.status() + "): " + b.sentence());
      }
      try {
        outcome = new ScoreFit.Outcome(SavedModels.read(SavedModels.file(storeOf(file),
            b.version())), null);
      } catch (SavedModels.Unreadable e) {
        // a store copied without its models folder: fitted again below, and model_version
        // says which model scored
      }
    }
    if (outcome == null) {
      outcome = fit(store, b, days);
    }
    synchronized (CACHE) {
      CACHE.put(key, outcome);
    }
    return use(outcome, days);
  }

  private static ScoreModel use(ScoreFit.Outcome outcome, int days) {
    if (outcome.model() == null) {
      throw new IllegalArgumentException("score: no model can be fitted on day " + days + ": "
          + outcome.insufficient());
    }
    return outcome.model();
  }

  /** A model fitted on the store's matured journeys as the build fits one. */
  private static ScoreFit.Outcome fit(Connection store, Built b, int days) throws SQLException {
    long n = TABLES.incrementAndGet();
    String features = "journeymap_score_features_" + n;
    String roles = "journeymap_score_roles_" + n;
    try {
      JourneyFeatures.Table t = JourneyFeatures.create(store, b.asOf(), b.notBehaviour(), days,
          JourneyFeatures.Work.TEMPORARY, features, true);
      return ScoreFit.fit(store, JourneyFeatures.Work.TEMPORARY, roles, t,
          ScoreFit.scope(days, b.windowDays(), b.startEvent(), b.outcomes()));
    } finally {
      drop(store, roles);
      drop(store, features);
    }
  }

  static Built built(Connection store) throws SQLException {
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT i.build_id, epoch_ms(i.as_of), i.start_event,"
             + " i.success_event, coalesce(i.failure_events, ''), i.window_days, h.at_days,"
             + " h.status, h.version, h.sentence FROM main.build_info i, main.model_health h"
             + " WHERE h.chosen OR h.model IS NULL")) {
      if (!r.next()) {
        throw new SQLException("the store has no build_info or model_health row");
      }
      List<String> outcomes = new ArrayList<>();
      outcomes.add(r.getString(4));
      for (String f : r.getString(5).split(",")) {
        if (!f.isBlank()) {
          outcomes.add(f);
        }
      }
      return new Built(r.getString(1), Instant.ofEpochMilli(r.getLong(2)), r.getString(3),
          outcomes, r.getDouble(6), r.getInt(7), r.getString(8), r.getString(9),
          r.getString(10));
    }
  }

  /** The file of the store the connection reads (a build's own file behind the store path). */
  private static Path attached(Connection store) throws SQLException {
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT path FROM duckdb_databases()"
             + " WHERE database_name = current_database()")) {
      if (!r.next() || r.getString(1) == null) {
        throw new SQLException("cannot tell which store file this connection reads");
      }
      return Path.of(r.getString(1)).toAbsolutePath();
    }
  }

  /**
   * The store path whose models folder belongs to {@code file}: a build publishes its file as
   * {@code <store>.<build id>} behind the store path, so that suffix is dropped when the store
   * path's models folder is there.
   */
  static Path storeOf(Path file) {
    String name = file.getFileName().toString();
    if (name.matches(".+\\.[0-9a-f]{8}")) {
      Path store = file.resolveSibling(name.substring(0, name.length() - 9));
      if (Files.isDirectory(SavedModels.directory(store))) {
        return store;
      }
    }
    return file;
  }

  static void drop(Connection store, String table) {
    try (Statement s = store.createStatement()) {
      s.execute("DROP TABLE IF EXISTS temp.main." + table);
    } catch (SQLException ignored) {
      // a temporary table goes with its connection anyway
    }
  }
}
