package io.journeymap.pipeline;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Feature.Kind;
import io.journeymap.model.Journey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * What each journey had done at a moment {@code days} after its start, one row per journey in
 * a build table: per canonical event its count and the days to its first occurrence, the days
 * with any behaviour, the kinds of behaviour, and (for scores) the first channel. Only events
 * strictly before the moment, before the journey's outcome and before as-of count, so nothing
 * known later can leak in. The start and outcome events are not behaviours. Shared by clusters
 * and scores; the table also carries what they filter and split on.
 */
final class JourneyFeatures {
  /** Most common events (by journeys doing them before the moment) given features of their own. */
  static final int MAX_EVENTS = 30;
  /** Most common first channels given a flag; the others share "none of these". */
  static final int MAX_CHANNELS = 8;

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

  static Table create(DuckDBConnection store, Journey journey, Instant asOf, int days,
      String name, boolean channels) throws SQLException {
    String at = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
    String notBehaviour = Sql.literals(journey.outcomeEvents()) + ", "
        + Sql.literal(journey.startEvent());
    List<String> events = new ArrayList<>();
    List<String> firstChannels = new ArrayList<>();
    try (Statement s = store.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT e.event FROM build.journey_events e"
          + " JOIN main.journeys j USING (journey_id) WHERE e.event NOT IN (" + notBehaviour
          + ") AND e.occurred_at < j.started_at + to_days(" + days + ")"
          + " GROUP BY 1 ORDER BY count(DISTINCT e.journey_id) DESC, 1 LIMIT " + MAX_EVENTS)) {
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
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      String e = Sql.literal(events.get(i));
      features.add(new Feature("n_" + i, Kind.COUNT, events.get(i), days));
      select.append(", count(e.event) FILTER (WHERE e.event = ").append(e).append(") AS n_")
          .append(i);
    }
    for (int i = 0; i < events.size(); i++) {
      String e = Sql.literal(events.get(i));
      features.add(new Feature("t_" + i, Kind.DAYS_TO_FIRST, events.get(i), days));
      select.append(", date_diff('millisecond', j.started_at, min(e.occurred_at) FILTER"
          + " (WHERE e.event = ").append(e).append(")) / 86400000.0 AS t_").append(i);
    }
    features.add(new Feature("active_days", Kind.ACTIVE_DAYS, null, days));
    select.append(", count(DISTINCT floor(date_diff('millisecond', j.started_at,"
        + " e.occurred_at) / 86400000.0)) AS active_days");
    features.add(new Feature("breadth", Kind.BREADTH, null, days));
    select.append(", count(DISTINCT e.event) AS breadth");
    for (int i = 0; i < firstChannels.size(); i++) {
      features.add(new Feature("c_" + i, Kind.CHANNEL, firstChannels.get(i), days));
      select.append(", CAST(any_value(j.first_channel) = ")
          .append(Sql.literal(firstChannels.get(i))).append(" AS INTEGER) AS c_").append(i);
    }
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build." + name + " AS WITH j AS (SELECT journey_id, started_at,"
          + " status, judged, status = 'converted' AS converted, days_to_convert,"
          + " coalesce(converted_at, failed_at) AS outcome_at, first_channel,"
          + " started_at + to_days(" + days + ") AS moment_at,"
          + " least(started_at + to_days(" + days + "), coalesce(converted_at, failed_at, "
          + at + "), " + at + ") AS cut_at FROM main.journeys)"
          + " SELECT j.journey_id, j.started_at, j.status, j.judged, j.converted,"
          + " j.days_to_convert, j.outcome_at, j.moment_at, j.cut_at,"
          + " date_diff('millisecond', j.started_at, j.cut_at) / 86400000.0 AS observed_days"
          + select + " FROM j LEFT JOIN build.journey_events e ON e.journey_id = j.journey_id"
          + " AND e.occurred_at < j.cut_at AND e.event NOT IN (" + notBehaviour + ")"
          + " GROUP BY j.journey_id, j.started_at, j.status, j.judged, j.converted,"
          + " j.days_to_convert, j.outcome_at, j.moment_at, j.cut_at");
    }
    return new Table("build." + name, days, features);
  }
}
