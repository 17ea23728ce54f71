package io.journeymap.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * Ratios (lifts) with their 95% intervals on a log axis, one row each, with the line of no
 * effect at 1: an interval crossing it is no evidence either way, whatever the point says.
 * Bounds beyond the axis are drawn as arrows at its edge rather than stretching the axis.
 * At most 1,000 pixels wide: longer labels and details are cut, their full text a tooltip.
 */
public final class ForestPlot {
  private static final double ROW = 24;
  private static final double PLOT = 360;
  private static final double TOP = 42;
  private static final double LEGEND = 22;
  private static final double LABEL_PX = 300;
  private static final double DETAIL_PX = 300;
  /** The widest chart: room for labels is what the details leave of it. */
  static final double MAX_WIDTH = 1000;
  /** Room for the caption and legend when the columns are narrow. */
  private static final double MIN_WIDTH = 600;
  /** The axis never spans more than this factor either side of 1. */
  private static final double MAX_FACTOR = 64;

  /**
   * One row.
   *
   * @param label what is compared
   * @param estimate the ratio; null when it cannot be computed
   * @param low lower bound of its 95% interval, or null
   * @param high upper bound (may be infinite), or null
   * @param detail the counts and test in words, shown beside the row
   * @param emphasis true for rows the data support (drawn dark); others pale
   */
  public record Row(String label, Double estimate, Double low, Double high, String detail,
      boolean emphasis) {
    public Row {
      if (label == null) {
        throw new IllegalArgumentException("a row needs a label");
      }
    }
  }

  private ForestPlot() {}

  /** The plot as an SVG element. */
  public static String svg(String caption, List<Row> rows) {
    double[] range = range(rows);
    double lo = Math.log(range[0]);
    double hi = Math.log(range[1]);
    double detailWidth = Math.min(DETAIL_PX, rows.stream()
        .mapToDouble(r -> Svg.width(r.detail())).max().orElse(60)) + 16;
    // labels take what the details leave of the widest chart
    double labelRoom = Math.max(LABEL_PX, MAX_WIDTH - PLOT - detailWidth - 16);
    double labelWidth = Math.min(labelRoom, rows.stream().mapToDouble(r -> Svg.width(r.label()))
        .max().orElse(50)) + 16;
    double x0 = labelWidth;
    double width = Math.max(MIN_WIDTH, x0 + PLOT + detailWidth);
    double bottom = TOP + rows.size() * ROW;
    double height = bottom + LEGEND;
    Svg svg = new Svg(width, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, width - 8, Svg.FONT_SIZE, true);
    for (double tick : ticks(range[0], range[1])) {
      double x = x0 + PLOT * (Math.log(tick) - lo) / (hi - lo);
      boolean one = tick == 1.0;
      svg.line(x, TOP - 6, x, bottom, one ? "#888888" : "#dddddd", 1, one);
      svg.text(x, TOP - 9, "middle", "fill=\"#666666\" font-size=\"10\"", tickLabel(tick), null);
    }
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double mid = TOP + i * ROW + ROW / 2;
      String color = r.emphasis() ? "#222222" : "#9a9a9a";
      svg.fitted(x0 - 8, mid + 4, "end", r.emphasis() ? "" : "fill=\"#6a6a6a\"", r.label(),
          labelWidth - 16, Svg.FONT_SIZE, false);
      if (r.low() != null && r.high() != null && r.low() > 0 && !r.low().isNaN()
          && !r.high().isNaN()) {
        double lx = x(r.low(), lo, hi, x0);
        double hx = x(r.high(), lo, hi, x0);
        svg.line(lx, mid, hx, mid, color, 1.5, false);
        cap(svg, lx, mid, r.low() < range[0], -1, color);
        cap(svg, hx, mid, r.high() > range[1], 1, color);
      }
      if (r.estimate() != null && r.estimate() > 0 && Double.isFinite(r.estimate())) {
        double px = x(r.estimate(), lo, hi, x0);
        svg.rect(px - 4, mid - 4, 8, 8, r.emphasis() ? "#e15759" : "#bbbbbb");
      }
      String detail = r.detail() == null ? "" : r.detail();
      svg.fitted(x0 + PLOT + 8, mid + 4, "start", "", detail, width - x0 - PLOT - 12,
          Svg.FONT_SIZE, false);
    }
    svg.fitted(4, height - 6, "start", "fill=\"#666666\" font-size=\"10\"",
        "Squares: estimate; lines: 95% interval (log scale); dashed: no effect (1); pale rows:"
        + " speculation, not signal", width - 8, 10, false);
    return svg.end();
  }

  /** The axis: every finite bound, 1 included, widened to powers of two, capped. */
  static double[] range(List<Row> rows) {
    double min = 1;
    double max = 1;
    for (Row r : rows) {
      for (Double v : new Double[] {r.estimate(), r.low(), r.high()}) {
        if (v != null && v > 0 && Double.isFinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    min = Math.max(1 / MAX_FACTOR, Math.pow(2, Math.floor(Math.log(min) / Math.log(2))));
    max = Math.min(MAX_FACTOR, Math.pow(2, Math.ceil(Math.log(max) / Math.log(2))));
    if (min == max) {
      min = 0.5;
      max = 2;
    }
    return new double[] {min, max};
  }

  static List<Double> ticks(double min, double max) {
    List<Double> out = new ArrayList<>();
    for (double t = min; t <= max * 1.0001; t *= 2) {
      out.add(t);
    }
    return out;
  }

  private static String tickLabel(double t) {
    return t >= 1 ? String.valueOf((long) t) : t == 0.5 ? "1/2" : "1/" + Math.round(1 / t);
  }

  private static double x(double v, double lo, double hi, double x0) {
    double l = Math.max(lo, Math.min(hi, Math.log(v)));
    return x0 + PLOT * (l - lo) / (hi - lo);
  }

  /** A bar at a bound inside the axis, an arrowhead where the bound lies beyond it. */
  private static void cap(Svg svg, double x, double mid, boolean beyond, int direction,
      String color) {
    if (beyond) {
      svg.line(x, mid, x - 6 * direction, mid - 4, color, 1.5, false);
      svg.line(x, mid, x - 6 * direction, mid + 4, color, 1.5, false);
    } else {
      svg.line(x, mid - 4, x, mid + 4, color, 1.5, false);
    }
  }
}
