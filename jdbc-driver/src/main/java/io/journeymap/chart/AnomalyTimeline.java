package io.journeymap.chart;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A daily series against its usual range: the line is the value of each day, the band the range
 * its baseline allows (lower to upper), the dashed line the expected value; days the anomaly
 * detection flagged are shaded (red for a drop, orange for a rise, darker when more severe) and
 * the business changes the model declares are vertical lines with their names, so a drop next to
 * "new pricing page" is read together with it.
 *
 * <p>Fixed width; every day's numbers are in its point's tooltip.
 */
public final class AnomalyTimeline {
  static final double WIDTH = 960;
  static final double TOP = 66;
  static final double PLOT = 180;
  static final double PL = 70;
  static final double PR = WIDTH - 16;
  private static final double BOTTOM = 62;
  private static final double[] MARKER_ROWS = {32, 46};
  private static final String MARKER = "#6b3fa0";
  /** Day spans for date labels, the first wide enough wins. */
  private static final int[] DATE_STEPS = {1, 2, 7, 14, 28, 56, 91, 182, 364};

  /**
   * One day.
   *
   * @param value the day's value (a count or a rate, 0 to 1), or null when not read
   * @param expected the baseline, or null when there was too little history
   * @param lower lower end of the usual range, or null
   * @param upper upper end of the usual range, or null
   */
  public record Day(LocalDate day, Double value, Double expected, Double lower, Double upper) {
    public Day {
      if (day == null) {
        throw new IllegalArgumentException("a day needs its date");
      }
    }
  }

  /**
   * A flagged span.
   *
   * @param rise true for a rise, false for a drop
   * @param severity high, medium or low
   * @param description the anomaly in words (its tooltip)
   */
  public record Anomaly(LocalDate from, LocalDate to, boolean rise, String severity,
      String description) {
    public Anomaly {
      if (from == null || to == null || to.isBefore(from)) {
        throw new IllegalArgumentException("an anomaly needs from <= to, not " + from + " to "
            + to);
      }
    }
  }

  /** A declared business change. */
  public record Marker(LocalDate day, String label) {
    public Marker {
      if (day == null) {
        throw new IllegalArgumentException("a change needs its date");
      }
    }
  }

  private AnomalyTimeline() {}

  /**
   * The timeline as an SVG element.
   *
   * @param rate true when the values are rates (drawn as percentages), false for counts
   */
  public static String svg(String caption, boolean rate, List<Day> series,
      List<Anomaly> anomalies, List<Marker> markers) {
    List<Day> days = new ArrayList<>(series);
    days.sort(Comparator.comparing(Day::day));
    double height = TOP + PLOT + BOTTOM;
    Svg svg = new Svg(WIDTH, height, caption);
    svg.fitted(4, 16, "start", "font-weight=\"bold\"", caption, WIDTH - 8, Svg.FONT_SIZE, true);
    if (days.isEmpty()) {
      svg.text(PL, TOP + PLOT / 2, "start", "fill=\"#666666\"", "no days to show yet", null);
      return svg.end();
    }
    LocalDate first = days.get(0).day();
    LocalDate last = days.get(days.size() - 1).day();
    Scale s = new Scale(first, ChronoUnit.DAYS.between(first, last) + 1,
        top(days, anomalies, rate), rate);

    axes(svg, s, first, last);
    anomalies(svg, s, anomalies, first, last);
    band(svg, s, days);
    values(svg, s, days);
    int outside = markers(svg, s, markers, first, last);

    String small = "fill=\"#666666\" font-size=\"10\"";
    double legend = TOP + PLOT + 36;
    svg.fitted(4, legend, "start", small, "Line: each day's value; band: its usual range (same"
        + " weekday, weeks before); dashed: expected. Shaded: anomalies (red drop, orange rise,"
        + " darker: more severe).", WIDTH - 8, 10, false);
    svg.fitted(4, legend + 14, "start", small, "Purple lines: changes the model declares."
        + (outside == 0 ? "" : " " + outside + " declared change" + (outside == 1 ? " lies"
        : "s lie") + " outside these days.") + " Hover a point for its numbers.", WIDTH - 8, 10,
        false);
    return svg.end();
  }

  /** Where days and values go. */
  private record Scale(LocalDate first, long days, double max, boolean rate) {
    double x(LocalDate day) {
      return PL + (ChronoUnit.DAYS.between(first, day) + 0.5) * perDay();
    }

    double perDay() {
      return (PR - PL) / days;
    }

    double y(double v) {
      return TOP + PLOT - PLOT * Math.max(0, Math.min(max, v)) / max;
    }
  }

  /** The top of the value axis: a round number above every value, bound and expectation. */
  static double top(List<Day> days, List<Anomaly> anomalies, boolean rate) {
    double max = 0;
    for (Day d : days) {
      for (Double v : new Double[] {d.value(), d.expected(), d.upper()}) {
        if (v != null && Double.isFinite(v)) {
          max = Math.max(max, v);
        }
      }
    }
    if (max <= 0) {
      return rate ? 0.1 : 1;
    }
    double step = step(max);
    double top = Math.ceil(max / step - 1e-9) * step;
    return rate ? Math.min(1, top) : top;
  }

  /** A round step (1, 2 or 5 times a power of ten) that splits the axis into 3 to 6 parts. */
  static double step(double max) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(max / 4)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (max / (m * magnitude) <= 6) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static void axes(Svg svg, Scale s, LocalDate first, LocalDate last) {
    double step = step(s.max());
    for (int i = 0; i * step <= s.max() * (1 + 1e-9); i++) {
      double v = step * i;
      double y = s.y(v);
      svg.line(PL, y, PR, y, i == 0 ? "#999999" : "#e5e5e5", 1, false);
      svg.text(PL - 6, y + 4, "end", "fill=\"#666666\" font-size=\"10\"", tick(v, step, s),
          null);
    }
    int every = DATE_STEPS[DATE_STEPS.length - 1];
    for (int k : DATE_STEPS) {
      if (k * s.perDay() >= 80) {
        every = k;
        break;
      }
    }
    double half = Svg.width("0000-00-00", 10, false) / 2;
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(every)) {
      double x = s.x(d);
      if (x - half < 2 || x + half > WIDTH - 2) {
        continue;
      }
      svg.line(x, TOP + PLOT, x, TOP + PLOT + 4, "#999999", 1, false);
      svg.text(x, TOP + PLOT + 16, "middle", "fill=\"#666666\" font-size=\"10\"", d.toString(),
          null);
    }
  }

  private static String tick(double v, double step, Scale s) {
    if (s.rate()) {
      return step < 0.01 ? String.format(Locale.ROOT, "%.1f%%", 100 * v)
          : String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
    return step < 1 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static void anomalies(Svg svg, Scale s, List<Anomaly> anomalies, LocalDate first,
      LocalDate last) {
    List<Anomaly> shown = anomalies.stream()
        .filter(a -> !a.to().isBefore(first) && !a.from().isAfter(last))
        .sorted(Comparator.comparing(Anomaly::from)).toList();
    for (int i = 0; i < shown.size(); i++) {
      Anomaly a = shown.get(i);
      LocalDate from = a.from().isBefore(first) ? first : a.from();
      LocalDate to = a.to().isAfter(last) ? last : a.to();
      double x = s.x(from) - s.perDay() / 2;
      double w = (ChronoUnit.DAYS.between(from, to) + 1) * s.perDay();
      double opacity = switch (a.severity() == null ? "" : a.severity()) {
        case "high" -> 0.38;
        case "medium" -> 0.26;
        default -> 0.16;
      };
      String color = a.rise() ? "#f28e2b" : "#e15759";
      svg.rect(x, TOP, w, PLOT, color, String.format(Locale.ROOT, "fill-opacity=\"%.2f\""
          + " class=\"anomaly\"", opacity), a.description());
      double next = i + 1 < shown.size() ? s.x(shown.get(i + 1).from()) - s.perDay() / 2 - 4
          : PR;
      String label = (a.rise() ? "rise" : "drop") + (a.severity() == null ? ""
          : " (" + a.severity() + ")");
      if (next - x >= 24) {
        svg.fitted(x, TOP - 5, "start", "fill=\"" + color + "\" font-size=\"10\"", label,
            next - x, 10, false);
      }
    }
  }

  /** The usual range of consecutive days that have one, as filled areas. */
  private static void band(Svg svg, Scale s, List<Day> days) {
    for (List<Day> run : runs(days, d -> d.lower() != null && d.upper() != null
        && Double.isFinite(d.lower()) && Double.isFinite(d.upper()))) {
      PathData area = new PathData();
      for (Day d : run) {
        if (area.isEmpty()) {
          area.moveTo(s.x(d.day()), s.y(d.upper()));
        } else {
          area.lineTo(s.x(d.day()), s.y(d.upper()));
        }
      }
      for (int i = run.size() - 1; i >= 0; i--) {
        area.lineTo(s.x(run.get(i).day()), s.y(run.get(i).lower()));
      }
      svg.path(area.close(), "#c6dbef", null, 0, "fill-opacity=\"0.7\" class=\"band\"", null);
    }
    for (List<Day> run : runs(days, d -> d.expected() != null
        && Double.isFinite(d.expected()))) {
      svg.path(line(s, run, Day::expected), "none", "#6b6b6b", 1,
          "stroke-dasharray=\"4 3\" class=\"expected\"", null);
    }
  }

  private static void values(Svg svg, Scale s, List<Day> days) {
    for (List<Day> run : runs(days, d -> d.value() != null && Double.isFinite(d.value()))) {
      svg.path(line(s, run, Day::value), "none", "#4e79a7", 1.5, "class=\"value\"", null);
      for (Day d : run) {
        // outside its range is not yet an anomaly: across many days some fall outside by
        // chance, so only the flagged spans are coloured
        boolean out = d.lower() != null && d.upper() != null
            && (d.value() < d.lower() || d.value() > d.upper());
        String tip = d.day() + ": " + amount(d.value(), s.rate()) + (d.expected() == null
            ? " (no baseline yet)" : " (expected " + amount(d.expected(), s.rate())
            + (d.lower() == null || d.upper() == null ? "" : ", usual range "
            + amount(d.lower(), s.rate()) + " to " + amount(d.upper(), s.rate())) + ")");
        svg.circle(s.x(d.day()), s.y(d.value()), out ? 3 : 2, "#4e79a7", "class=\"day\"",
            tip);
      }
    }
  }

  /** Vertical lines at declared changes, labels alternating between two rows. */
  private static int markers(Svg svg, Scale s, List<Marker> markers, LocalDate first,
      LocalDate last) {
    List<Marker> shown = markers.stream()
        .filter(m -> !m.day().isBefore(first) && !m.day().isAfter(last))
        .sorted(Comparator.comparing(Marker::day)).toList();
    for (int i = 0; i < shown.size(); i++) {
      Marker m = shown.get(i);
      double x = s.x(m.day());
      double row = MARKER_ROWS[i % 2];
      String tip = m.day() + ": " + (m.label() == null ? "" : m.label());
      svg.line(x, row + 4, x, TOP + PLOT, MARKER, 1.5, true);
      svg.circle(x, row + 4, 2.5, MARKER, "class=\"change\"", tip);
      // room up to the next label in the same row, or to the edge; lines of the upper row
      // cross the lower row, so a lower label stops at the next line of either row
      int reach = i % 2 == 0 ? 2 : 1;
      double next = i + reach < shown.size() ? s.x(shown.get(i + reach).day()) - 6 : WIDTH - 4;
      double before = i >= reach ? s.x(shown.get(i - reach).day()) + 6 : 4;
      String label = m.label() == null ? m.day().toString() : m.label();
      if (next - x - 4 >= 60 || next - x >= x - before) {
        if (next - x - 4 >= 20) {
          svg.fitted(x + 4, row, "start", "fill=\"" + MARKER + "\"", label, next - x - 4,
              Svg.FONT_SIZE, false);
        }
      } else if (x - 4 - before >= 20) {
        svg.fitted(x - 4, row, "end", "fill=\"" + MARKER + "\"", label, x - 4 - before,
            Svg.FONT_SIZE, false);
      }
    }
    return markers.size() - shown.size();
  }

  private static PathData line(Scale s, List<Day> run,
      java.util.function.Function<Day, Double> value) {
    PathData d = new PathData();
    for (Day day : run) {
      if (d.isEmpty()) {
        d.moveTo(s.x(day.day()), s.y(value.apply(day)));
      } else {
        d.lineTo(s.x(day.day()), s.y(value.apply(day)));
      }
    }
    if (run.size() == 1) { // one point: a short tick so it shows
      d.lineTo(s.x(run.get(0).day()) + 0.1, s.y(value.apply(run.get(0))));
    }
    return d;
  }

  /** Maximal runs of consecutive calendar days that pass {@code keep}. */
  private static List<List<Day>> runs(List<Day> days, java.util.function.Predicate<Day> keep) {
    List<List<Day>> out = new ArrayList<>();
    List<Day> run = new ArrayList<>();
    LocalDate previous = null;
    for (Day d : days) {
      boolean next = previous != null && d.day().equals(previous.plusDays(1));
      if (!keep.test(d) || !next) {
        if (!run.isEmpty()) {
          out.add(run);
        }
        run = new ArrayList<>();
      }
      if (keep.test(d)) {
        run.add(d);
      }
      previous = d.day();
    }
    if (!run.isEmpty()) {
      out.add(run);
    }
    return out;
  }

  /** A value as labelled: a rate in percent, a count whole or with one decimal. */
  static String amount(double v, boolean rate) {
    if (rate) {
      return Svg.percent(v);
    }
    return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }
}
