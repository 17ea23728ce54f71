package io.journeymap.sql;

import static io.journeymap.store.ColumnType.BIGINT;
import static io.journeymap.store.ColumnType.DOUBLE;
import static io.journeymap.store.ColumnType.INTEGER;
import static io.journeymap.store.ColumnType.VARCHAR;

import io.journeymap.stats.Proportion;
import io.journeymap.store.ColumnSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code paths(from_stage, to_stage, max_steps)}: the event sequences judged journeys followed
 * after entering one stage, up to reaching another (or the end of the journey), each with how
 * many journeys followed it and how many of them reached the second stage. The rows are the
 * input of a Sankey chart: split {@code path} on {@code ' > '}.
 */
final class PathsFunction implements JourneyTableFunction {
  static final int DEFAULT_STEPS = 5;
  static final int MAX_STEPS = 20;
  /** Marks a path cut at max_steps. */
  static final String MORE = "...";

  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("from_stage", VARCHAR, true, "Stage the paths start at (entering it)"),
      new Parameter("to_stage", VARCHAR, true, "Stage the paths lead to"),
      new Parameter("max_steps", INTEGER, false, "Events shown per path, 1 to " + MAX_STEPS
          + " (default " + DEFAULT_STEPS + "); longer paths end in '" + MORE + "'"));

  private static final List<ColumnSpec> COLUMNS = List.of(
      new ColumnSpec("path", VARCHAR, "Canonical events after entering from_stage, in order,"
          + " repeats in a row shown once, joined by ' > ' ('(nothing)' when none; ending in '"
          + MORE + "' when cut at max_steps)"),
      new ColumnSpec("steps", INTEGER, "Events shown in path"),
      new ColumnSpec("journeys", BIGINT, "Judged journeys that followed the path"),
      new ColumnSpec("share", DOUBLE, "journeys / judged journeys that entered from_stage"),
      new ColumnSpec("reached", BIGINT, "Of those, journeys that then reached to_stage"),
      new ColumnSpec("rate", DOUBLE, "reached / journeys"),
      new ColumnSpec("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      new ColumnSpec("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      new ColumnSpec("median_hours", DOUBLE, "Median hours from entering from_stage to"
          + " to_stage, among journeys that reached it"),
      new ColumnSpec("sample_note", VARCHAR, "'small sample' when the rate is thin"));

  @Override
  public String name() {
    return "paths";
  }

  @Override
  public String description() {
    return "The most common event sequences between two stages, with counts, the share that"
        + " reached the second stage and its Wilson 95% interval: the input of a Sankey chart.";
  }

  @Override
  public List<Parameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<ColumnSpec> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object[]> rows(Connection c, Map<String, Object> arguments) throws SQLException {
    Set<String> stages = new LinkedHashSet<>();
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT stage FROM main.stages ORDER BY stage_order")) {
      while (r.next()) {
        stages.add(r.getString(1));
      }
    }
    String from = stage(arguments, "from_stage", stages);
    String to = stage(arguments, "to_stage", stages);
    if (from.equals(to)) {
      throw new IllegalArgumentException("paths: from_stage and to_stage are both '" + from
          + "'; name two different stages");
    }
    List<String> order = List.copyOf(stages);
    if (order.indexOf(to) < order.indexOf(from)) {
      // a journey that reached to_stage first is not a path from one to the other, so the
      // answer would be empty: say why instead
      throw new IllegalArgumentException("paths: to_stage '" + to + "' comes before from_stage '"
          + from + "' in the journey (" + String.join(", ", stages) + "); paths lead forward:"
          + " name the earlier stage first");
    }
    int maxSteps = maxSteps(arguments.get("max_steps"));
    String sql = "WITH a AS (SELECT se.journey_id, se.entered_at, se.triggering_event_id,"
        + " coalesce(j.converted_at, j.failed_at, j.window_ends_at) AS end_at"
        + " FROM main.stage_entries se JOIN main.journeys j USING (journey_id)"
        + " WHERE j.judged AND se.stage = ?),"
        + " b AS (SELECT journey_id, entered_at FROM main.stage_entries WHERE stage = ?),"
        // a journey that reached to_stage first never went from one to the other
        + " cohort AS (SELECT a.journey_id, a.entered_at AS t0, a.triggering_event_id AS t0_event,"
        + " least(coalesce(b.entered_at, a.end_at), a.end_at) AS t_end,"
        + " b.entered_at IS NOT NULL AS reached,"
        + " epoch(b.entered_at - a.entered_at) / 3600.0 AS hours FROM a LEFT JOIN b"
        + " USING (journey_id) WHERE b.entered_at IS NULL OR b.entered_at > a.entered_at),"
        + " ev AS (SELECT c.journey_id, e.event, e.occurred_at, e.event_id, lag(e.event) OVER"
        + " (PARTITION BY c.journey_id ORDER BY e.occurred_at, e.event_id) AS previous"
        + " FROM cohort c JOIN main.events e ON e.journey_id = c.journey_id"
        + " AND e.occurred_at >= c.t0 AND e.occurred_at < c.t_end AND e.event_id <> c.t0_event),"
        + " steps AS (SELECT journey_id, event, row_number() OVER (PARTITION BY journey_id"
        + " ORDER BY occurred_at, event_id) AS n FROM ev WHERE previous IS DISTINCT FROM event),"
        + " p AS (SELECT c.journey_id, any_value(c.reached) AS reached, any_value(c.hours)"
        + " AS hours, count(s.n) AS n, string_agg(s.event, ' > ' ORDER BY s.n)"
        + " FILTER (WHERE s.n <= ?) AS shown FROM cohort c LEFT JOIN steps s"
        + " USING (journey_id) GROUP BY c.journey_id)"
        + " SELECT coalesce(shown, '(nothing)') || CASE WHEN n > ? THEN ' > " + MORE
        + "' ELSE '' END AS path, least(n, ?) AS steps, count(*), count(*) FILTER"
        + " (WHERE reached), median(hours) FILTER (WHERE reached), sum(count(*)) OVER ()"
        + " FROM p GROUP BY ALL ORDER BY 3 DESC, 1";
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, from);
      p.setString(2, to);
      p.setInt(3, maxSteps);
      p.setInt(4, maxSteps);
      p.setInt(5, maxSteps);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long journeys = r.getLong(3);
          Proportion rate = Proportion.wilson(r.getLong(4), journeys);
          double median = r.getDouble(5);
          Double hours = r.wasNull() ? null : median;
          rows.add(new Object[] {r.getString(1), r.getInt(2), journeys,
              journeys / r.getDouble(6), rate.successes(), rate.rate(), rate.low(),
              rate.high(), hours,
              rate.smallSample() ? "small sample" : null});
        }
      }
    }
    return rows;
  }

  private static String stage(Map<String, Object> arguments, String name, Set<String> stages) {
    Object value = arguments.get(name);
    String stage = value == null ? "" : value.toString().trim();
    if (!stages.contains(stage)) {
      throw new IllegalArgumentException("paths: " + name + " '" + stage + "' is not a stage;"
          + " the stages are: " + String.join(", ", stages));
    }
    return stage;
  }

  private static int maxSteps(Object value) {
    if (value == null) {
      return DEFAULT_STEPS;
    }
    int steps;
    try {
      steps = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          ? n.intValue() : Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("paths: max_steps is a whole number, got '" + value
          + "'");
    }
    if (steps < 1 || steps > MAX_STEPS) {
      throw new IllegalArgumentException("paths: max_steps must be between 1 and " + MAX_STEPS
          + ", got " + steps);
    }
    return steps;
  }
}
