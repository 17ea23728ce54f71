package io.journeymap.chart;

import java.util.List;

/**
 * A funnel as people read it: one horizontal bar per step or stage pair, its length the rate
 * (0 to 100%), a whisker for the 95% interval, and the counts and interval in words beside it.
 * Thin samples are drawn pale and say so, so a wide interval is never mistaken for a finding.
 * At most 1,000 pixels wide: longer labels and details are cut, their full text a tooltip.
 */
public final class RateChart {
  private static final double ROW = 28;
  private static final double BAR_AREA = 360;
  private static final double TOP = 42;
  private static final double LEGEND = 22;
  private static final double LABEL_PX = 240;
  private static final double DETAIL_PX = 360;
  /** The widest chart: room for labels is what the details leave of it. */
  static final double MAX_WIDTH = 1000;
  /** Room for the caption and legend when the columns are narrow. */
  private static final double MIN_WIDTH = 560;

  /**
   * One bar.
   *
   * @param label what the bar is (a step, a stage pair)
   * @param rate the rate drawn, 0 to 1; null when it cannot be computed (nothing judged yet)
   * @param low lower bound of its 95% interval, or null
   * @param high upper bound of its 95% interval, or null
   * @param detail the counts and rates in words, shown beside the bar
   * @param smallSample true when too few cases stand behind the rate to read it
   */
  public record Bar(String label, Double rate, Double low, Double high, String detail,
      boolean smallSample) {
    public Bar {
      if (label == null) {
        throw new IllegalArgumentException("a bar needs a label");
      }
    }
  }

  private RateChart() {}

  /** The chart as an SVG element; {@code caption} is drawn above the bars. */
  public static String svg(String caption, List<Bar> bars) {
    double detailWidth = Math.min(DETAIL_PX, bars.stream()
        .mapToDouble(b -> Svg.width(detailText(b))).max().orElse(60)) + 16;
    // labels take what the details leave of the widest chart
    double labelRoom = Math.max(LABEL_PX, MAX_WIDTH - BAR_AREA - detailWidth - 16);
    double labelWidth = Math.min(labelRoom, bars.stream().mapToDouble(b -> Svg.width(b.label()))
        .max().orElse(50)) + 16;
    double x0 = labelWidth;
    double width = Math.max(MIN_WIDTH, x0 + BAR_AREA + detailWidth);
    double height = TOP + bars.size() * ROW + LEGEND;
    Svg svg = new Svg(width, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, width - 8, Svg.FONT_SIZE, true);
    for (int tick = 0; tick <= 4; tick++) {
      double x = x0 + BAR_AREA * tick / 4.0;
      svg.line(x, TOP - 6, x, TOP + bars.size() * ROW, "#dddddd", 1, false);
      svg.text(x, TOP - 9, "middle", "fill=\"#666666\" font-size=\"10\"", tick * 25 + "%", null);
    }
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = TOP + i * ROW;
      double mid = y + ROW / 2;
      svg.fitted(x0 - 8, mid + 4, "end", "", b.label(), labelWidth - 16, Svg.FONT_SIZE,
          false);
      if (b.rate() != null && Double.isFinite(b.rate())) {
        String fill = b.smallSample() ? "#b9cde3" : "#4e79a7";
        svg.rect(x0, y + 5, BAR_AREA * clamp(b.rate()), ROW - 10, fill);
      }
      if (b.low() != null && b.high() != null && Double.isFinite(b.low())
          && Double.isFinite(b.high())) {
        double lx = x0 + BAR_AREA * clamp(b.low());
        double hx = x0 + BAR_AREA * clamp(b.high());
        svg.line(lx, mid, hx, mid, "#222222", 1.5, false);
        svg.line(lx, mid - 5, lx, mid + 5, "#222222", 1.5, false);
        svg.line(hx, mid - 5, hx, mid + 5, "#222222", 1.5, false);
      }
      String detail = detailText(b);
      svg.fitted(x0 + BAR_AREA + 8, mid + 4, "start", b.smallSample() ? "fill=\"#8a6d3b\"" : "",
          detail, width - x0 - BAR_AREA - 12, Svg.FONT_SIZE, false);
    }
    svg.fitted(4, height - 6, "start", "fill=\"#666666\" font-size=\"10\"",
        "Bars: rate; whiskers: 95% interval; pale bars: small sample", width - 8, 10, false);
    return svg.end();
  }

  private static String detailText(Bar b) {
    String d = b.detail() == null ? "" : b.detail();
    return b.smallSample() ? d + " \u00b7 small sample" : d;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
