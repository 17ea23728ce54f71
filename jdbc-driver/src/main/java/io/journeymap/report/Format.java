package io.journeymap.report;

import io.journeymap.report.ReportData.Rate;
import java.util.Locale;

/** How the report writes numbers, the same in the terminal and in HTML. */
final class Format {
  private Format() {}

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A rate in percent with one decimal; "-" when there is none. */
  static String pct(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** A 95% interval of rates: [12.3%, 15.0%]; "-" when there is none. */
  static String interval(Double low, Double high) {
    return low == null || high == null || low.isNaN() || high.isNaN() ? "-"
        : String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * low, 100 * high);
  }

  static String interval(Rate r) {
    return interval(r.low(), r.high());
  }

  /** Successes of trials: 12/345. */
  static String of(Rate r) {
    return String.format(Locale.ROOT, "%,d/%,d", r.successes(), r.trials());
  }

  /** A rate with everything behind it: 12.3% (45 of 366), 95% interval [9.1%, 16.2%]. */
  static String rateInWords(Rate r) {
    if (r.rate() == null) {
      return "not judged yet (" + count(r.successes()) + " of " + count(r.trials()) + ")";
    }
    return pct(r.rate()) + " (" + count(r.successes()) + " of " + count(r.trials())
        + "), 95% interval " + interval(r) + (r.smallSample() ? ", small sample" : "");
  }

  /** Hours as hours below two days, else days; "-" when there are none. */
  static String duration(Double hours) {
    if (hours == null) {
      return "-";
    }
    return hours < 48 ? String.format(Locale.ROOT, "%.1f h", hours)
        : String.format(Locale.ROOT, "%.1f days", hours / 24);
  }

  static String days(Double days) {
    return days == null ? "-" : String.format(Locale.ROOT, "%.1f days", days);
  }

  /** A ratio such as a lift: 2.35x; "-" when there is none. */
  static String times(Double v) {
    return v == null || v.isNaN() ? "-" : Double.isInfinite(v) ? "\u221e"
        : String.format(Locale.ROOT, "%.2fx", v);
  }

  /** A ratio interval: [1.20, 3.40]. */
  static String ratioInterval(Double low, Double high) {
    return low == null || high == null ? "-" : String.format(Locale.ROOT, "[%.2f, %s]", low,
        Double.isInfinite(high) ? "\u221e" : String.format(Locale.ROOT, "%.2f", high));
  }

  /** A difference of rates in percentage points: +3.2 points. */
  static String points(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%+.1f", 100 * v);
  }

  /** A q- or p-value: three decimals, or "< 0.001". */
  static String q(Double v) {
    return v == null || v.isNaN() ? "-" : v < 0.001 ? "< 0.001"
        : String.format(Locale.ROOT, "%.3f", v);
  }

  /** A number with two decimals (AUC, PSI, Brier). */
  static String decimal(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** A decimal count (entries per day) with one decimal, or a whole count. */
  static String amount(Double v) {
    if (v == null || v.isNaN()) {
      return "-";
    }
    return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%,.1f", v);
  }

  /** Why the segment ranking is empty, in words: no open journeys, or none below benchmark. */
  static String noSegments(ReportData.Overview o) {
    return o.open() == 0 ? "No journeys are open at as-of (" + o.asOf() + "): every journey"
        + " has ended, so no segment has journeys left to act on."
        : "No segment of the " + count(o.open()) + " open journeys converts below its"
        + " benchmark.";
  }
}
