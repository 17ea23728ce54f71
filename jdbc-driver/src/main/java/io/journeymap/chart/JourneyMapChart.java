package io.journeymap.chart;

import java.util.List;
import java.util.Locale;

/**
 * The journey map itself: the stages as boxes from top to bottom, each with how many journeys
 * reached it (in any order, and in order); between two stages an arrow with the share of judged
 * journeys that moved on, its 95% interval (drawn as a whisker on a 0-100% track) and the median
 * time it took; beside a stage, a curve around it for the conversions that never reached it.
 * Stages are milestones, not gates, so those curves are where the map and the funnel differ.
 *
 * <p>Fixed width; text is cut to its column with the full wording as a tooltip.
 */
public final class JourneyMapChart {
  static final double WIDTH = 760;
  static final double BOX_X = 230;
  static final double BOX_W = 300;
  static final double BOX_H = 56;
  static final double GAP = 72;
  static final double TOP = 64;
  /** Width of the track the interval whisker of an arrow is drawn on. */
  static final double TRACK = 150;
  private static final double LEGEND = 52;
  private static final double LABEL_X = BOX_X + BOX_W / 2 + 16;
  private static final double[] BULGE = {44, 72};

  /**
   * One stage.
   *
   * @param name the stage
   * @param reached journeys that reached it, in any order
   * @param reachedInOrder of them, journeys that reached every earlier stage first
   * @param convertedWithout converted journeys that never reached it (went around it)
   */
  public record Stage(String name, long reached, long reachedInOrder, long convertedWithout) {
    public Stage {
      if (name == null) {
        throw new IllegalArgumentException("a stage needs a name");
      }
    }
  }

  /**
   * The arrow from one stage to the next.
   *
   * @param judgedAdvanced judged journeys that reached the first stage and then the next
   * @param judged judged journeys that reached the first stage: the rate's base
   * @param rate judgedAdvanced / judged, null when nothing is judged yet
   * @param low lower bound of its 95% interval, or null
   * @param high upper bound of its 95% interval, or null
   * @param medianHours median time between the stages, or null
   * @param smallSample true when too few journeys stand behind the rate to read it
   */
  public record Step(long judgedAdvanced, long judged, Double rate, Double low, Double high,
      Double medianHours, boolean smallSample) {}

  private JourneyMapChart() {}

  /**
   * The map as an SVG element.
   *
   * @param steps one per consecutive pair of stages, in order
   */
  public static String svg(String caption, List<Stage> stages, List<Step> steps) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a journey map needs at least one stage");
    }
    if (steps.size() != stages.size() - 1) {
      throw new IllegalArgumentException("a journey map of " + stages.size() + " stages needs "
          + (stages.size() - 1) + " steps between them, not " + steps.size());
    }
    int n = stages.size();
    double height = top(n - 1) + BOX_H + GAP / 2 + LEGEND;
    Svg svg = new Svg(WIDTH, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, WIDTH - 8, Svg.FONT_SIZE, true);
    long most = stages.stream().mapToLong(Stage::reached).max().orElse(0);
    for (int i = 0; i < n; i++) {
      box(svg, stages.get(i), top(i), most);
      if (i < n - 1) {
        arrow(svg, stages.get(i), stages.get(i + 1), steps.get(i), top(i) + BOX_H);
      }
    }
    for (int i = 0; i < n; i++) {
      Stage s = stages.get(i);
      if (s.convertedWithout() > 0) {
        around(svg, s, top(i), BULGE[i % 2]);
      }
    }
    double legend = height - LEGEND + 16;
    String small = "fill=\"#666666\" font-size=\"10\"";
    svg.fitted(4, legend, "start", small, "Boxes: journeys that reached each stage; the bar"
        + " compares with the most reached stage.", WIDTH - 8, 10, false);
    svg.fitted(4, legend + 13, "start", small, "Arrows: judged journeys that moved on, the 95%"
        + " interval (whisker on a 0-100% track) and the median time.", WIDTH - 8, 10, false);
    svg.fitted(4, legend + 26, "start", small, "Dashed curves: conversions that went around a"
        + " stage (never reached it): stages are milestones, not gates.", WIDTH - 8, 10, false);
    return svg.end();
  }

  static double top(int stage) {
    return TOP + stage * (BOX_H + GAP);
  }

  private static void box(Svg svg, Stage s, double y, long most) {
    String tip = s.name() + ": " + Svg.count(s.reached()) + " journeys reached it, "
        + Svg.count(s.reachedInOrder()) + " of them in order";
    svg.rect(BOX_X, y, BOX_W, BOX_H, "#eef3f8", "stroke=\"#4e79a7\" stroke-width=\"1.5\""
        + " rx=\"4\"", tip);
    svg.fitted(BOX_X + 10, y + 19, "start", "font-weight=\"bold\"", s.name(), BOX_W - 20,
        Svg.FONT_SIZE, true);
    svg.fitted(BOX_X + 10, y + 35, "start", "", Svg.count(s.reached()) + " reached ("
        + Svg.count(s.reachedInOrder()) + " in order)", BOX_W - 20, Svg.FONT_SIZE, false);
    double bar = most == 0 ? 0 : (BOX_W - 20) * s.reached() / (double) most;
    svg.rect(BOX_X + 10, y + BOX_H - 13, BOX_W - 20, 6, "#dde6ef");
    svg.rect(BOX_X + 10, y + BOX_H - 13, bar, 6, "#4e79a7", "class=\"reach\"", null);
  }

  private static void arrow(Svg svg, Stage from, Stage to, Step step, double y) {
    double x = BOX_X + BOX_W / 2;
    double end = y + GAP;
    svg.line(x, y + 2, x, end - 8, "#555555", 2, false);
    svg.path(new PathData().moveTo(x - 5, end - 9).lineTo(x + 5, end - 9).lineTo(x, end - 1)
        .close(), "#555555", null, 0, "", null);
    double room = WIDTH - 8 - LABEL_X;
    String tip = from.name() + " -> " + to.name() + ": " + Svg.count(step.judgedAdvanced())
        + " of " + Svg.count(step.judged()) + " judged journeys moved on";
    if (step.rate() == null || step.rate().isNaN()) {
      svg.fitted(LABEL_X, y + 20, "start", "fill=\"#666666\"", "no judged journeys yet", room,
          Svg.FONT_SIZE, false);
      svg.fitted(LABEL_X, y + 36, "start", "fill=\"#666666\"", Svg.count(step.judgedAdvanced())
          + " of " + Svg.count(step.judged()) + " judged", room, Svg.FONT_SIZE, false);
      return;
    }
    String rate = Svg.percent(step.rate()) + " moved on, 95% interval "
        + Svg.interval(step.low(), step.high());
    svg.fitted(LABEL_X, y + 20, "start", "font-weight=\"bold\"", rate, room, Svg.FONT_SIZE, true);
    svg.fitted(LABEL_X, y + 36, "start", "", Svg.count(step.judgedAdvanced()) + " of "
        + Svg.count(step.judged()) + " judged \u00b7 median " + Svg.duration(step.medianHours()),
        room, Svg.FONT_SIZE, false);
    // the interval on a 0-100% track: a wide whisker is read at a glance
    double ty = y + 50;
    svg.line(LABEL_X, ty, LABEL_X + TRACK, ty, "#cccccc", 3, false);
    String color = step.smallSample() ? "#9a9a9a" : "#222222";
    if (step.low() != null && step.high() != null && !step.low().isNaN()
        && !step.high().isNaN()) {
      double lx = LABEL_X + TRACK * clamp(step.low());
      double hx = LABEL_X + TRACK * clamp(step.high());
      svg.line(lx, ty, hx, ty, color, 2, false);
      svg.line(lx, ty - 4, lx, ty + 4, color, 1.5, false);
      svg.line(hx, ty - 4, hx, ty + 4, color, 1.5, false);
    }
    svg.circle(LABEL_X + TRACK * clamp(step.rate()), ty, 3.5, step.smallSample() ? "#ffffff"
        : "#e15759", "stroke=\"" + color + "\" class=\"rate\"", tip);
    String note = step.smallSample() ? "small sample: too few to read" : "0-100%";
    svg.fitted(LABEL_X + TRACK + 8, ty + 4, "start", step.smallSample() ? "fill=\"#8a6d3b\""
        : "fill=\"#888888\" font-size=\"10\"", note, room - TRACK - 8, step.smallSample()
        ? Svg.FONT_SIZE : 10, false);
  }

  /** A curve from above a stage to below it, on its left: conversions without the stage. */
  private static void around(Svg svg, Stage s, double y, double bulge) {
    double y1 = y - GAP / 2 + 6;
    double y2 = y + BOX_H + GAP / 2 - 6;
    double x = BOX_X - 4;
    double left = BOX_X - bulge;
    String tip = String.format(Locale.ROOT, "%s converted journeys never reached %s",
        Svg.count(s.convertedWithout()), s.name());
    svg.path(new PathData().moveTo(x, y1).curveTo(left, y1, left, y2, x - 6, y2), "none",
        "#f28e2b", 2, "stroke-dasharray=\"5 3\" class=\"around\"", tip);
    svg.path(new PathData().moveTo(x - 10, y2 - 4).lineTo(x, y2).lineTo(x - 10, y2 + 4)
        .close(), "#f28e2b", null, 0, "", null);
    double room = left - 10;
    double mid = (y1 + y2) / 2;
    svg.fitted(left - 6, mid - 2, "end", "fill=\"#b15928\" font-weight=\"bold\"",
        Svg.count(s.convertedWithout()) + " conversions", room, Svg.FONT_SIZE, true);
    svg.fitted(left - 6, mid + 12, "end", "fill=\"#b15928\"", "went around", room,
        Svg.FONT_SIZE, false);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
