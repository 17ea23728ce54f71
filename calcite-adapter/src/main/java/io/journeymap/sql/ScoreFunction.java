package io.journeymap.sql;

import static io.journeymap.store.ColumnType.INTEGER;

import io.journeymap.pipeline.OpenScores;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code score(as_of_days)}: the journeys open now, scored from their first {@code as_of_days}
 * days of behaviour, with the subject to act on. On the build's scoring day the model is the
 * one the build scored with, so the rows are the {@code scores} table's open ones; on another
 * day a model is fitted from the matured journeys as the build fits one.
 */
final class ScoreFunction implements JourneyTableFunction {
  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("as_of_days", INTEGER, false, "Days after the start the journeys are seen"
          + " at: a whole number from 1 to the journey window minus a day, so the outcome is"
          + " still open (default: the build's, model_health.at_days). On the build's day the"
          + " saved model scores; on another a model is fitted on the matured journeys, as the"
          + " build fits one, and refused with the reason when there are too few"));

  private static final List<ColumnSpec> COLUMNS = declareColumns();

  private static List<ColumnSpec> declareColumns() {
    List<ColumnSpec> out = new ArrayList<>();
    for (String c : List.of("journey_id", "as_of", "observed_days", "p_convert", "band",
        "top_reasons", "model", "model_version")) {
      out.add(column(StoreCatalogue.SCORES, c, c.equals("as_of")
          ? "The scoring moment: start + as_of_days, or the build's as-of for journeys younger"
              + " than that; only events before it count"
          : c.equals("observed_days") ? "Days of behaviour the score saw (less than as_of_days"
              + " for young journeys: their score is provisional)"
          : c.equals("top_reasons") ? "The features that pulled the score hardest up or down,"
              + " with the typical value of matured journeys"
          : c.equals("model_version") ? "Version of the model: a hash of its settings, day and"
              + " training journeys (the scores table's on the build's day)" : null));
    }
    for (String c : List.of("subject", "subject_id", "person_id", "account_id", "journey_key",
        "started_at", "furthest_stage", "first_channel")) {
      out.add(column(StoreCatalogue.JOURNEYS, c, null));
    }
    return List.copyOf(out);
  }

  private static ColumnSpec column(TableSpec table, String name, String description) {
    ColumnSpec c = table.columns().stream().filter(x -> x.name().equals(name)).findFirst()
        .orElseThrow();
    return description == null ? c : new ColumnSpec(name, c.type(), description);
  }

  @Override
  public String name() {
    return "score";
  }

  @Override
  public String description() {
    return "The journeys open now, scored as seen a given number of days after their start:"
        + " the columns of the scores table, with the subject to act on.";
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
    OpenScores.Days built = OpenScores.days(c);
    Object value = arguments.get("as_of_days");
    int days = value == null ? built.atDays() : days(value, built.windowDays());
    List<Object[]> rows = new ArrayList<>();
    for (OpenScores.Row r : OpenScores.score(c, days)) {
      rows.add(r.values());
    }
    return rows;
  }

  private static int days(Object value, double windowDays) {
    long last = (long) Math.ceil(windowDays) - 1;
    if (last < 1) {
      throw new IllegalArgumentException("score: a " + windowDays + "-day window leaves no"
          + " whole day to score a journey inside it before it is decided");
    }
    String range = "from 1 to " + last + " (the journey window is "
        + (windowDays == Math.rint(windowDays) ? Long.toString((long) windowDays)
            : Double.toString(windowDays)) + " days; a score is made while the outcome is"
        + " still open)";
    double d;
    if (value instanceof Number n) {
      d = n.doubleValue();
    } else {
      try {
        d = Double.parseDouble(value.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("score: as_of_days is a whole number of days "
            + range + ", got '" + value + "'");
      }
    }
    if (d != Math.rint(d) || d < 1 || d > last) {
      throw new IllegalArgumentException("score: as_of_days must be a whole number of days "
          + range + ", got " + value);
    }
    return (int) d;
  }
}
