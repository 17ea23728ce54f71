package io.journeymap.chart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Channels by volume next to quality: one row per channel, most journeys first; a bar for the
 * journeys it brought, and its conversion rate with the 95% interval against the rate of all
 * channels (the dashed line). A channel whose whole interval lies below that line is drawn red,
 * bar included, so a big channel that brings poor journeys stands out; one whose interval lies
 * above it green; the rest grey, whatever their point says. Small samples are hollow.
 *
 * <p>Fixed width; text is cut to its column with the full wording as a tooltip.
 */
public final class QualityVolumeChart {
  static final double WIDTH = 960;
  static final double ROW = 32;
  static final double TOP = 62;
  static final double LABEL_END = 150;
  static final double VOLUME_X = 160;
  static final double VOLUME_W = 180;
  static final double RATE_X = 430;
  static final double RATE_W = 260;
  static final double DETAIL_X = 702;
  private static final double LEGEND = 44;
  static final String BELOW = "#e15759";
  static final String ABOVE = "#59a14f";
  static final String WITHIN = "#79706e";

  /**
   * One channel.
   *
   * @param journeys journeys it brought (volume)
   * @param judged journeys whose whole window lies before as-of: the rate's base
   * @param conversions converted journeys among judged
   * @param rate conversions / judged, null when nothing is judged
   * @param low lower bound of its 95% interval, or null
   * @param high upper bound, or null
   * @param smallSample true when too few stand behind the rate to read it
   */
  public record Channel(String name, long journeys, long judged, long conversions, Double rate,
      Double low, Double high, boolean smallSample) {
    public Channel {
      if (name == null) {
        throw new IllegalArgumentException("a channel needs a name");
      }
    }
  }

  private QualityVolumeChart() {}

  /**
   * The chart as an SVG element.
   *
   * @param overall the conversion rate of all judged journeys (the line to compare with), or
   *     null
   */
  public static String svg(String caption, List<Channel> input, Double overall) {
    List<Channel> channels = new ArrayList<>(input);
    channels.sort(Comparator.comparingLong(Channel::journeys).reversed()
        .thenComparing(Channel::name));
    double height = TOP + channels.size() * ROW + LEGEND;
    Svg svg = new Svg(WIDTH, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, WIDTH - 8, Svg.FONT_SIZE, true);
    String head = "fill=\"#444444\" font-size=\"11\"";
    svg.text(LABEL_END, TOP - 24, "end", head, "first-touch channel", null);
    svg.text(VOLUME_X, TOP - 24, "start", head, "journeys (volume)", null);
    svg.fitted(RATE_X, TOP - 24, "start", head, "conversion of judged journeys (quality)",
        RATE_W + 4, 11, false);
    svg.text(DETAIL_X, TOP - 24, "start", head, "rate, 95% interval, counts", null);

    long most = channels.stream().mapToLong(Channel::journeys).max().orElse(0);
    double max = axisMax(channels, overall);
    int ticks = ticks(max);
    for (int tick = 0; tick <= ticks; tick++) {
      double v = max * tick / ticks;
      double x = RATE_X + RATE_W * tick / ticks;
      svg.line(x, TOP - 6, x, TOP + channels.size() * ROW, "#e5e5e5", 1, false);
      svg.text(x, TOP - 9, "middle", "fill=\"#666666\" font-size=\"10\"", tickLabel(v, max),
          null);
    }
    if (overall != null && Double.isFinite(overall)) {
      double x = RATE_X + RATE_W * Math.min(1, overall / max);
      svg.line(x, TOP - 6, x, TOP + channels.size() * ROW, "#555555", 1.2, true);
    }
    for (int i = 0; i < channels.size(); i++) {
      row(svg, channels.get(i), TOP + i * ROW, most, max, overall);
    }
    String small = "fill=\"#666666\" font-size=\"10\"";
    double legend = TOP + channels.size() * ROW + 18;
    svg.fitted(4, legend, "start", small, "Dashed line: all channels"
        + (overall == null || !Double.isFinite(overall) ? "" : " (" + Svg.percent(overall)
        + ")") + ". Red: the whole 95% interval lies below it; green: above it; grey: not"
        + " distinguishable from it.", WIDTH - 8, 10, false);
    svg.fitted(4, legend + 14, "start", small, "Bars: journeys brought (volume), red when the"
        + " channel's quality is below all channels. Hollow points: small samples.", WIDTH - 8,
        10, false);
    return svg.end();
  }

  private static void row(Svg svg, Channel c, double y, long most, double max, Double overall) {
    double mid = y + ROW / 2;
    String color = color(c, overall);
    svg.fitted(LABEL_END, mid + 4, "end", "", c.name(), LABEL_END - 6, Svg.FONT_SIZE, false);
    double bar = most == 0 ? 0 : VOLUME_W * c.journeys() / (double) most;
    String volumeColor = BELOW.equals(color) ? BELOW : "#4e79a7";
    svg.rect(VOLUME_X, y + 8, bar, ROW - 16, volumeColor, "class=\"volume\"", c.name() + ": "
        + Svg.count(c.journeys()) + " journeys");
    svg.fitted(VOLUME_X + VOLUME_W + 6, mid + 4, "start", "", Svg.count(c.journeys()),
        RATE_X - VOLUME_X - VOLUME_W - 16, Svg.FONT_SIZE, false);
    String rate = c.rate() == null || c.rate().isNaN() ? "not judged yet"
        : Svg.percent(c.rate()) + " " + Svg.interval(c.low(), c.high());
    String counts = Svg.count(c.conversions()) + " of " + Svg.count(c.judged()) + " judged"
        + (c.smallSample() ? " \u00b7 small sample" : "");
    if (c.low() != null && c.high() != null && !c.low().isNaN() && !c.high().isNaN()) {
      double lx = RATE_X + RATE_W * Math.min(1, c.low() / max);
      double hx = RATE_X + RATE_W * Math.min(1, c.high() / max);
      svg.line(lx, mid, hx, mid, color, 2, false);
      svg.line(lx, mid - 5, lx, mid + 5, color, 1.5, false);
      svg.line(hx, mid - 5, hx, mid + 5, color, 1.5, false);
    }
    if (c.rate() != null && !c.rate().isNaN()) {
      svg.circle(RATE_X + RATE_W * Math.min(1, c.rate() / max), mid, 4.5,
          c.smallSample() ? "#ffffff" : color, "stroke=\"" + color + "\" stroke-width=\"1.5\""
              + " class=\"quality\"", c.name() + ": " + rate + ", " + counts);
    }
    double room = WIDTH - 6 - DETAIL_X;
    svg.fitted(DETAIL_X, mid - 1, "start", "", rate, room, Svg.FONT_SIZE, false);
    svg.fitted(DETAIL_X, mid + 12, "start", c.smallSample() ? "fill=\"#8a6d3b\" font-size=\"10\""
        : "fill=\"#555555\" font-size=\"10\"", counts, room, 10, false);
  }

  /** Red below all channels, green above, grey where the interval covers their rate. */
  static String color(Channel c, Double overall) {
    if (overall == null || c.low() == null || c.high() == null || c.low().isNaN()
        || c.high().isNaN() || !Double.isFinite(overall)) {
      return WITHIN;
    }
    return c.high() < overall ? BELOW : c.low() > overall ? ABOVE : WITHIN;
  }

  /** A round top of the rate axis above every upper bound: a tenth, a quarter, half or 1. */
  static double axisMax(List<Channel> channels, Double overall) {
    double max = overall == null || !Double.isFinite(overall) ? 0 : overall;
    for (Channel c : channels) {
      for (Double v : new Double[] {c.rate(), c.high()}) {
        if (v != null && Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    for (double top : new double[] {0.05, 0.1, 0.2, 0.25, 0.4, 0.5, 0.75}) {
      if (max <= top) {
        return top;
      }
    }
    return 1;
  }

  /** Intervals of the rate axis that give round ticks for each axis top. */
  private static int ticks(double max) {
    return max == 0.75 ? 3 : max == 0.2 || max == 0.4 || max == 1 ? 4 : 5;
  }

  private static String tickLabel(double v, double max) {
    return String.format(java.util.Locale.ROOT, "%.0f%%", 100 * v);
  }
}
