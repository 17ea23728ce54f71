package io.journeymap.sql;

import static io.journeymap.store.ColumnType.INTEGER;
import static io.journeymap.store.ColumnType.VARCHAR;

import io.journeymap.insight.Confounder;
import io.journeymap.insight.LiftAnalysis;
import io.journeymap.model.Durations;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code behavior_lift(within_days, min_support, confounders)}: the {@code behavior_lift} table
 * computed again with other settings; left out, each takes the build's value.
 */
final class BehaviorLiftFunction implements JourneyTableFunction {
  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("within_days", VARCHAR, false, "Days after the start (or entering a stage)"
          + " behaviours are counted within: a number, or several comma separated (default:"
          + " the build's, build_info.lift_within_days)"),
      new Parameter("min_support", INTEGER, false, "Journeys needed with and without a"
          + " behaviour to test it (default: the build's)"),
      new Parameter("confounders", VARCHAR, false, "What adjusted_lift holds constant, comma"
          + " separated: first_channel, first_campaign, journey_key, a stage, an event or an"
          + " event property; '' for nothing (default: the build's)"));

  @Override
  public String name() {
    return "behavior_lift";
  }

  @Override
  public String description() {
    return "Behaviour lift with other day limits, support or confounders: the columns of the"
        + " behavior_lift table, q-values across the rows of this call.";
  }

  @Override
  public List<Parameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<ColumnSpec> columns() {
    return StoreCatalogue.BEHAVIOR_LIFT.columns();
  }

  @Override
  public List<Object[]> rows(Connection c, Map<String, Object> arguments) throws SQLException {
    String builtDays;
    int builtSupport;
    String builtConfounders;
    double windowDays;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " lift_within_days, lift_min_support, lift_confounders, window_days"
        + " FROM main.build_info")) {
      r.next();
      builtDays = r.getString(1);
      builtSupport = r.getInt(2);
      builtConfounders = r.getString(3);
      windowDays = r.getDouble(4);
    }
    Object daysArgument = arguments.get("within_days");
    List<Integer> days = days(daysArgument == null ? builtDays : daysArgument.toString(),
        windowDays);
    Object supportArgument = arguments.get("min_support");
    int support = builtSupport;
    if (supportArgument != null) {
      support = whole("min_support", supportArgument);
      if (support < 1) {
        throw new IllegalArgumentException("behavior_lift: min_support must be at least 1"
            + " journey, got " + support);
      }
    }
    Object confounderArgument = arguments.get("confounders");
    String confounderText = confounderArgument == null ? builtConfounders
        : confounderArgument.toString();
    List<String> names = confounderText == null ? List.of() : Arrays.stream(
        confounderText.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    List<Confounder> confounders;
    try {
      confounders = Confounder.resolve(c, names);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("behavior_lift: " + e.getMessage(), e);
    }
    List<Object[]> rows = new ArrayList<>();
    for (LiftAnalysis.Row row : LiftAnalysis.rows(c,
        new LiftAnalysis.Settings(days, support, confounders))) {
      rows.add(row.values());
    }
    return rows;
  }

  private static List<Integer> days(String text, double windowDays) {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int d = whole("within_days", part.trim());
      if (d < 1 || d >= windowDays) {
        throw new IllegalArgumentException("behavior_lift: within_days must be at least 1 and"
            + " shorter than the journey window (" + Durations.format(Duration.ofMillis(
                Math.round(windowDays * 86_400_000))) + "; on its last day no journey is still"
            + " undecided), got " + d);
      }
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("behavior_lift: within_days needs at least one number"
          + " of days, e.g. within_days => 5 or within_days => '3,7'");
    }
    return out;
  }

  private static int whole(String name, Object value) {
    if (value instanceof Number n) {
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("behavior_lift: " + name + " is a whole number,"
            + " got " + value);
      }
      return n.intValue();
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("behavior_lift: " + name + " is a whole number, got '"
          + value + "'");
    }
  }
}
