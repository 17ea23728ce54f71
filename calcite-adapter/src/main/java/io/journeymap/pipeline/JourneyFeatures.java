package io.journeymap.pipeline;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Feature.Kind;
import io.journeymap.model.Journey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What each journey had done at a moment {@code days} after its start, one row per journey in
 * a work table: per canonical event its count and the days to its first occurrence, the days
 * with any behaviour, the kinds of behaviour, and (for scores) the first channel. Only events
 * strictly before the moment, before the journey's outcome and before as-of count, so nothing
 * known later can leak in. The start and outcome events are not behaviours. Shared by clusters
 * and scores; the table also carries what they filter and split on.
 *
 * <p>It reads only the store's public tables (a journey's events are those {@code events}
 * assigns to it), so the build and the {@code score()} table function compute one thing.
 */
final class JourneyFeatures {
  /** Most common events (by journeys doing them before the moment) given features of their own. */
  static final int MAX_EVENTS = 30;
  /** Most common first channels given a flag; the others share "none of these". */
  static final int MAX_CHANNELS = 8;
  /**
   * What the features mean, in words: part of a model's version and of the check that a saved
   * model still reads the journeys the way it was fitted. Change it when a feature's meaning
   * changes.
   */
  static final String DEFINITION = "features 2: counts, days to first, active days, kinds of"
      + " behaviour, first channel; from the events table, before the moment, the outcome and"
      + " as-of";

  /**
   * Where work tables go: the build's {@code build} schema (dropped at its end), or the
   * temporary schema of a query connection, which sees the store read-only.
   */
  record Work(String schema, boolean temporary) {
    static final Work BUILD = new Work("build", false);
    static final Work TEMPORARY = new Work("temp.main", true);

    String create(String table) {
      return temporary ? "CREATE TEMP TABLE " + table : "CREATE TABLE " + schema + "." + table;
    }

    String table(String table) {
      return schema + "." + table;
    }
  }

  /**
   * The table and its features. Beside the features it has journey_id, started_at, status,
   * judged, converted, outcome_at, moment_at (start + days), cut_at (the moment, the outcome
   * or as-of, whichever comes first) and observed_days.
   */
  record Table(String name, int days, List<Feature> features) {
    String columns() {
      return String.join(", ", features.stream().map(f -> "f." + Sql.ident(f.column()))
          .toList());
    }

    /** Raw feature values from {@code r}, whose column {@code first} is the first feature. */
    double[] raw(ResultSet r, int first) throws SQLException {
      double[] out = new double[features.size()];
      for (int j = 0; j < out.length; j++) {
        double v = r.getDouble(first + j);
        out[j] = r.wasNull() ? Double.NaN : v;
      }
      return out;
    }

    double[] transform(double[] raw) {
      double[] x = new double[raw.length];
      for (int j = 0; j < raw.length; j++) {
        x[j] = features.get(j).transform(raw[j]);
      }
      return x;
    }
  }

  private JourneyFeatures() {}

  /** The journey's start and outcome events: what a journey is, not what it does. */
  static List<String> notBehaviour(Journey journey) {
    List<String> out = new ArrayList<>(journey.outcomeEvents());
    out.add(journey.startEvent());
    return out;
  }

  /** Features chosen from the data (the most common events and channels), then computed. */
  static Table create(Connection store, Instant asOf, Collection<String> notBehaviour, int days,
      Work work, String name, boolean channels) throws SQLException {
    List<String> events = new ArrayList<>();
    List<String> firstChannels = new ArrayList<>();
    try (Statement s = store.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT e.event FROM main.events e"
          + " JOIN main.journeys j USING (journey_id) WHERE e.event NOT IN ("
          + Sql.literals(notBehaviour) + ") AND e.occurred_at < j.started_at + to_days("
          + days + ") GROUP BY 1 ORDER BY count(DISTINCT e.journey_id) DESC, 1 LIMIT "
          + MAX_EVENTS)) {
        while (r.next()) {
          events.add(r.getString(1));
        }
      }
      if (channels) {
        try (ResultSet r = s.executeQuery("SELECT first_channel FROM main.journeys GROUP BY 1"
            + " ORDER BY count(*) DESC, 1 LIMIT " + MAX_CHANNELS)) {
          while (r.next()) {
            firstChannels.add(r.getString(1));
          }
        }
      }
    }
    List<Feature> features = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      features.add(new Feature("n_" + i, Kind.COUNT, events.get(i), days));
    }
    for (int i = 0; i < events.size(); i++) {
      features.add(new Feature("t_" + i, Kind.DAYS_TO_FIRST, events.get(i), days));
    }
    features.add(new Feature("active_days", Kind.ACTIVE_DAYS, null, days));
    features.add(new Feature("breadth", Kind.BREADTH, null, days));
    for (int i = 0; i < firstChannels.size(); i++) {
      features.add(new Feature("c_" + i, Kind.CHANNEL, firstChannels.get(i), days));
    }
    return create(store, asOf, notBehaviour, work, name, features, null);
  }

  /**
   * Given features (all with one horizon, e.g. a saved model's) computed for the journeys
   * {@code journeys} selects (a condition on main.journeys; null: all).
   */
  static Table create(Connection store, Instant asOf, Collection<String> notBehaviour,
      Work work, String name, List<Feature> features, String journeys) throws SQLException {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("no features");
    }
    int days = features.get(0).days();
    String at = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
    StringBuilder select = new StringBuilder();
    for (Feature f : features) {
      if (f.days() != days) {
        throw new IllegalArgumentException("features of one table share their horizon");
      }
      String column = Sql.ident(f.column());
      String event = f.event() == null ? null : Sql.literal(f.event());
      select.append(", ").append(switch (f.kind()) {
        case COUNT -> "count(e.event) FILTER (WHERE e.event = " + event + ")";
        case DAYS_TO_FIRST -> "date_diff('millisecond', j.started_at, min(e.occurred_at)"
            + " FILTER (WHERE e.event = " + event + ")) / 86400000.0";
        case ACTIVE_DAYS -> "count(DISTINCT floor(date_diff('millisecond', j.started_at,"
            + " e.occurred_at) / 86400000.0))";
        case BREADTH -> "count(DISTINCT e.event)";
        case CHANNEL -> "CAST(any_value(j.first_channel) = " + event + " AS INTEGER)";
      }).append(" AS ").append(column);
    }
    try (Statement s = store.createStatement()) {
      s.execute(work.create(name) + " AS WITH j AS (SELECT journey_id, started_at,"
          + " status, judged, status = 'converted' AS converted, days_to_convert,"
          + " coalesce(converted_at, failed_at) AS outcome_at, first_channel,"
          + " started_at + to_days(" + days + ") AS moment_at,"
          + " least(started_at + to_days(" + days + "), coalesce(converted_at, failed_at, "
          + at + "), " + at + ") AS cut_at FROM main.journeys"
          + (journeys == null ? "" : " WHERE " + journeys) + ")"
          + " SELECT j.journey_id, j.started_at, j.status, j.judged, j.converted,"
          + " j.days_to_convert, j.outcome_at, j.moment_at, j.cut_at,"
          + " date_diff('millisecond', j.started_at, j.cut_at) / 86400000.0 AS observed_days"
          + select + " FROM j LEFT JOIN main.events e ON e.journey_id = j.journey_id"
          + " AND e.occurred_at < j.cut_at AND e.event NOT IN (" + Sql.literals(notBehaviour)
          + ") GROUP BY j.journey_id, j.started_at, j.status, j.judged, j.converted,"
          + " j.days_to_convert, j.outcome_at, j.moment_at, j.cut_at");
    }
    return new Table(work.table(name), days, List.copyOf(features));
  }
}
