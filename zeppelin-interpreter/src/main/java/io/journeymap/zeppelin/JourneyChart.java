package io.journeymap.zeppelin;

import io.journeymap.chart.ForestPlot;
import io.journeymap.chart.RateChart;
import io.journeymap.chart.SankeyChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journey results drawn as the charts people read them with, chosen by the result's shape:
 * a stage funnel ({@code stage_conversion}), a {@code funnel(...)} result or any labelled rate
 * with {@code ci_low}/{@code ci_high} (channels, drop-offs) as rate bars with interval
 * whiskers; {@code behavior_lift} as a forest plot of lifts; {@code paths(...)} as a Sankey
 * diagram of the paths between its two stages. Plain results get no chart here:
 * Zeppelin's own charts serve them.
 */
final class JourneyChart {
  /** What the paragraph asked for with {@code %journey(chart=...)}. */
  enum Request {
    AUTO, FUNNEL, FOREST, SANKEY, TIMELINE, NONE, STAGES, MAP;

    static Request parse(String value) {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "funnel", "rates", "bars" -> FUNNEL;
        case "forest", "lift" -> FOREST;
        case "sankey", "paths" -> SANKEY;
        case "timeline", "anomalies" -> TIMELINE;
        case "map" -> MAP;
        case "none", "table", "off" -> NONE;
        case "stages" -> STAGES;
        default -> throw new IllegalArgumentException("unknown chart '" + value
            + "'; allowed: auto, funnel, forest, sankey, timeline, stages, map, none");
      };
    }
  }

  /** Rows drawn at most; a longer result is drawn in part and says so. */
  static final int MAX_ROWS = 40;

  /** The stages named in a {@code paths(...)} call: positional or by name, quoted. */
  private static final Pattern PATHS_CALL = Pattern.compile("(?is)\\bpaths\\s*\\(\\s*"
      + "(?:from_stage\\s*=>\\s*)?'((?:[^']|'')*)'\\s*,\\s*(?:to_stage\\s*=>\\s*)?"
      + "'((?:[^']|'')*)'");

  private final Columns c;
  private final List<Object[]> rows;
  private final String sql;

  private JourneyChart(List<String> columns, List<Object[]> rows, String sql) {
    this.c = new Columns(columns);
    this.rows = rows;
    this.sql = sql;
  }

  /**
   * The chart for a result, as SVG; empty when the request is NONE, or AUTO and the shape is
   * not a journey shape.
   *
   * @throws IllegalArgumentException when a chart was asked for and the columns cannot make it
   */
  static Optional<String> draw(Request request, List<String> columns, List<Object[]> rows) {
    return draw(request, columns, rows, "");
  }

  /** {@link #draw(Request, List, List)}, with the statement, which names a Sankey's stages. */
  static Optional<String> draw(Request request, List<String> columns, List<Object[]> rows,
      String sql) {
    JourneyChart chart = new JourneyChart(columns, rows, sql);
    return switch (request) {
      // STAGES and MAP are paragraphs of their own, TIMELINE needs the store (SeriesChart)
      case NONE, STAGES, MAP, TIMELINE -> Optional.empty();
      case AUTO -> chart.funnelShape() ? Optional.of(chart.rates())
          : chart.liftShape() ? Optional.of(chart.forest())
          : chart.pathShape() ? Optional.of(chart.sankey())
          : chart.rateShape() ? Optional.of(chart.rates()) : Optional.empty();
      case SANKEY -> {
        if (!chart.pathShape()) {
          throw new IllegalArgumentException("chart=sankey needs the columns of paths(...)"
              + " (path, journeys, reached, ci_low, ci_high); this result has " + columns);
        }
        yield Optional.of(chart.sankey());
      }
      case FUNNEL -> {
        if (!chart.funnelShape() && !chart.rateShape()) {
          throw new IllegalArgumentException("chart=funnel needs the columns of stage_conversion"
              + " (from_stage, to_stage, rate, ci_low, ci_high), of funnel(...) (step, event,"
              + " reached, rate_from_first, first_ci_low, first_ci_high) or a label with rate,"
              + " ci_low and ci_high; this result has " + columns);
        }
        yield Optional.of(chart.rates());
      }
      case FOREST -> {
        if (!chart.liftShape()) {
          throw new IllegalArgumentException("chart=forest needs the columns of behavior_lift"
              + " (behavior, lift, lift_low, lift_high); this result has " + columns);
        }
        yield Optional.of(chart.forest());
      }
    };
  }

  private boolean funnelShape() {
    return c.has("step", "event", "reached", "rate_from_first", "first_ci_low", "first_ci_high");
  }

  private boolean stageShape() {
    return c.has("from_stage", "to_stage", "rate", "ci_low", "ci_high");
  }

  private boolean rateShape() {
    return stageShape() || c.has("rate", "ci_low", "ci_high") && label() >= 0
        || c.has("share", "ci_low", "ci_high") && label() >= 0;
  }

  private boolean pathShape() {
    return c.has("path", "journeys", "reached", "ci_low", "ci_high");
  }

  private boolean liftShape() {
    return c.has("lift", "lift_low", "lift_high") && label() >= 0;
  }

  /** The column naming each row: the first text column of a known name, else the first. */
  private int label() {
    for (String name : List.of("behavior", "stage", "channel", "campaign", "event", "label")) {
      if (c.index(name) >= 0) {
        return c.index(name);
      }
    }
    return -1;
  }

  private String rates() {
    List<RateChart.Bar> bars = new ArrayList<>();
    String caption;
    if (funnelShape()) {
      caption = "Funnel: share of step 1 that reached each step";
      for (Object[] r : shown()) {
        String detail = String.format(Locale.ROOT, "%,d reached \u00b7 %s of step 1 %s",
            c.longValue(r, "reached"), percent(c.number(r, "rate_from_first")),
            interval(c.number(r, "first_ci_low"), c.number(r, "first_ci_high")));
        Double previous = c.number(r, "rate_from_previous");
        if (c.intValue(r, "step") > 1 && previous != null) {
          detail += " \u00b7 " + percent(previous) + " from previous";
        }
        bars.add(new RateChart.Bar(c.intValue(r, "step") + ". " + c.text(r, "event"),
            c.number(r, "rate_from_first"), c.number(r, "first_ci_low"),
            c.number(r, "first_ci_high"), detail, small(r)));
      }
    } else if (stageShape()) {
      caption = "Stage conversion: judged journeys that advanced to the next stage";
      for (Object[] r : shown()) {
        bars.add(new RateChart.Bar(c.text(r, "from_stage") + " \u2192 " + c.text(r, "to_stage"),
            c.number(r, "rate"), c.number(r, "ci_low"), c.number(r, "ci_high"),
            counts(r, "judged_advanced", "judged", "rate"), small(r)));
      }
    } else {
      String rate = c.index("rate") >= 0 ? "rate" : "share";
      String label = c.columns.get(label());
      String[] counts = c.has("conversions", "judged") ? new String[] {"conversions", "judged"}
          : c.has("stalled", "reached") ? new String[] {"stalled", "reached"} : null;
      caption = counts == null ? rate + " by " + label + ", with 95% intervals"
          : counts[0].equals("conversions") ? "Conversion rate of judged journeys by " + label
          : "Journeys that stalled, as a share of those that reached the " + label;
      for (Object[] r : shown()) {
        String detail = counts == null ? percent(c.number(r, rate)) + " "
            + interval(c.number(r, "ci_low"), c.number(r, "ci_high"))
            : counts(r, counts[0], counts[1], rate);
        bars.add(new RateChart.Bar(String.valueOf(r[label()]), c.number(r, rate),
            c.number(r, "ci_low"), c.number(r, "ci_high"), detail, small(r)));
      }
    }
    return RateChart.svg(caption + partNote(), bars);
  }

  private String forest() {
    List<ForestPlot.Row> out = new ArrayList<>();
    for (Object[] r : shown()) {
      String verdict = c.index("verdict") >= 0 ? c.text(r, "verdict") : "";
      StringBuilder detail = new StringBuilder("lift " + number(c.number(r, "lift")) + " "
          + ratioInterval(c.number(r, "lift_low"), c.number(r, "lift_high")));
      if (c.has("conv_with", "n_with", "conv_without", "n_without")) {
        detail.append(String.format(Locale.ROOT, " \u00b7 %,d/%,d vs %,d/%,d",
            c.longValue(r, "conv_with"), c.longValue(r, "n_with"),
            c.longValue(r, "conv_without"), c.longValue(r, "n_without")));
      }
      if (c.index("q_value") >= 0 && c.number(r, "q_value") != null) {
        detail.append(" \u00b7 q ").append(CellText.decimal(c.number(r, "q_value")));
      }
      if (!verdict.isEmpty()) {
        detail.append(" \u00b7 ").append(verdict);
      }
      out.add(new ForestPlot.Row(String.valueOf(r[label()]), c.number(r, "lift"),
          c.number(r, "lift_low"), c.number(r, "lift_high"), detail.toString(),
          verdict.isEmpty() || verdict.equals("signal")));
    }
    return ForestPlot.svg("Lift of converting with the behaviour, 95% intervals" + partNote(),
        out);
  }

  /** Every path of the result: the diagram itself draws the commonest and counts the rest. */
  private String sankey() {
    List<SankeyChart.Path> paths = new ArrayList<>();
    for (Object[] r : rows) {
      paths.add(SankeyChart.Path.of(c.text(r, "path"), c.longValue(r, "journeys"),
          c.longValue(r, "reached"), c.number(r, "ci_low"), c.number(r, "ci_high"), small(r)));
    }
    Matcher m = PATHS_CALL.matcher(sql);
    boolean named = m.find();
    String from = named ? m.group(1).replace("''", "'") : "the first stage";
    String to = named ? m.group(2).replace("''", "'") : "the second stage";
    return SankeyChart.svg("Paths from " + from + " to " + to + ": judged journeys, and how many"
        + " of each path reached " + to, from, to, paths);
  }

  private List<Object[]> shown() {
    return rows.size() <= MAX_ROWS ? rows : rows.subList(0, MAX_ROWS);
  }

  private String partNote() {
    return rows.size() <= MAX_ROWS ? ""
        : " (first " + MAX_ROWS + " of " + rows.size() + " rows shown)";
  }

  private boolean small(Object[] r) {
    return c.index("sample_note") >= 0 && "small sample".equals(c.text(r, "sample_note"));
  }

  private String counts(Object[] r, String successes, String trials, String rate) {
    return String.format(Locale.ROOT, "%,d / %,d = %s %s", c.longValue(r, successes),
        c.longValue(r, trials), percent(c.number(r, rate)),
        interval(c.number(r, "ci_low"), c.number(r, "ci_high")));
  }

  private static String percent(Double rate) {
    return rate == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  private static String interval(Double low, Double high) {
    return low == null || high == null ? "" : String.format(Locale.ROOT, "(%.1f\u2013%.1f%%)",
        low * 100, high * 100);
  }

  private static String ratioInterval(Double low, Double high) {
    return low == null || high == null ? "" : "(" + number(low) + "\u2013" + number(high) + ")";
  }

  private static String number(Double v) {
    return v == null ? "n/a" : Double.isInfinite(v) ? "\u221e"
        : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Columns by lower-case name, and typed reads of row values. */
  private record Columns(List<String> columns) {
    int index(String name) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).equalsIgnoreCase(name)) {
          return i;
        }
      }
      return -1;
    }

    boolean has(String... names) {
      for (String n : names) {
        if (index(n) < 0) {
          return false;
        }
      }
      return true;
    }

    Double number(Object[] row, String name) {
      Object v = row[index(name)];
      return v instanceof Number n ? n.doubleValue() : null;
    }

    long longValue(Object[] row, String name) {
      Object v = row[index(name)];
      return v instanceof Number n ? n.longValue() : 0;
    }

    int intValue(Object[] row, String name) {
      return (int) longValue(row, name);
    }

    String text(Object[] row, String name) {
      Object v = row[index(name)];
      return v == null ? "" : v.toString();
    }
  }
}
