package io.journeymap.chart;

import java.util.Locale;

/**
 * A small SVG writer: elements with attributes, every text escaped, coordinates printed with one
 * decimal in a fixed locale. The charts are self-contained (no scripts, fonts or links), so they
 * render the same inline in a notebook, in an HTML report or as a file.
 *
 * <p>Text is sized by {@link #width}, an estimate that errs wide: it uses the advances of DejaVu
 * Sans (the widest common sans-serif, the one Linux browsers fall back to), so a label fitted
 * with {@link #fit} stays inside its column with Arial or Helvetica too.
 */
final class Svg {
  static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";
  static final double FONT_SIZE = 12;
  private static final double BOLD = 1.12;

  private final StringBuilder out = new StringBuilder();

  Svg(double width, double height, String title) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(num(width)).append("\" height=\"").append(num(height))
        .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
        .append("\" ").append(FONT).append("><title>").append(escape(title))
        .append("</title>");
  }

  Svg rect(double x, double y, double w, double h, String fill) {
    return rect(x, y, w, h, fill, "", null);
  }

  /** A rectangle; {@code extra} holds further attributes, {@code tooltip} a title or null. */
  Svg rect(double x, double y, double w, double h, String fill, String extra, String tooltip) {
    out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" width=\"").append(num(Math.max(0, w))).append("\" height=\"")
        .append(num(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    return close("rect", extra, tooltip);
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double width,
      boolean dashed) {
    out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1))
        .append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2))
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(width))
        .append('"').append(dashed ? " stroke-dasharray=\"4 3\"" : "").append("/>");
    return this;
  }

  Svg circle(double cx, double cy, double r, String fill, String extra, String tooltip) {
    out.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy))
        .append("\" r=\"").append(num(r)).append("\" fill=\"").append(fill).append('"');
    return close("circle", extra, tooltip);
  }

  /** A path from {@link PathData}; fill "none" for a stroked curve. */
  Svg path(PathData d, String fill, String stroke, double strokeWidth, String extra,
      String tooltip) {
    out.append("<path d=\"").append(d).append("\" fill=\"").append(fill).append('"');
    if (stroke != null) {
      out.append(" stroke=\"").append(stroke).append("\" stroke-width=\"")
          .append(num(strokeWidth)).append('"');
    }
    return close("path", extra, tooltip);
  }

  private Svg close(String element, String extra, String tooltip) {
    if (extra != null && !extra.isEmpty()) {
      out.append(' ').append(extra);
    }
    if (tooltip == null) {
      out.append("/>");
    } else {
      out.append("><title>").append(escape(tooltip)).append("</title></").append(element)
          .append('>');
    }
    return this;
  }

  /** Text at (x, y); anchor is start, middle or end; a tooltip shows {@code full} when set. */
  Svg text(double x, double y, String anchor, String style, String text, String full) {
    out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" text-anchor=\"").append(anchor).append('"');
    if (!style.isEmpty()) {
      out.append(' ').append(style);
    }
    out.append('>');
    if (full != null && !full.equals(text)) {
      out.append("<title>").append(escape(full)).append("</title>");
    }
    out.append(escape(text)).append("</text>");
    return this;
  }

  /**
   * Text cut to {@code maxWidth} pixels at {@code fontSize}, its full wording in a tooltip when
   * cut.
   */
  Svg fitted(double x, double y, String anchor, String style, String text, double maxWidth,
      double fontSize, boolean bold) {
    String shown = fit(text, maxWidth, fontSize, bold);
    return text(x, y, anchor, style, shown, text);
  }

  String end() {
    return out.append("</svg>").toString();
  }

  /** Text safe inside SVG/HTML elements and attributes. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' || c == 0xFFFE || c == 0xFFFF) {
            b.append(' '); // not allowed in XML 1.0
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** The estimated width in pixels of {@code s} at {@code fontSize} (erring wide). */
  static double width(String s, double fontSize, boolean bold) {
    if (s == null) {
      return 0;
    }
    double em = 0;
    for (int i = 0; i < s.length(); i++) {
      em += advance(s.charAt(i));
    }
    return em * fontSize * (bold ? BOLD : 1);
  }

  static double width(String s) {
    return width(s, FONT_SIZE, false);
  }

  /** {@code s} cut (with an ellipsis) so it is at most {@code maxWidth} pixels wide. */
  static String fit(String s, double maxWidth, double fontSize, boolean bold) {
    String t = s == null ? "" : s;
    if (width(t, fontSize, bold) <= maxWidth) {
      return t;
    }
    double budget = maxWidth - width("\u2026", fontSize, bold);
    double used = 0;
    int end = 0;
    while (end < t.length()) {
      double w = advance(t.charAt(end)) * fontSize * (bold ? BOLD : 1);
      if (used + w > budget) {
        break;
      }
      used += w;
      end++;
    }
    // never split a surrogate pair
    if (end > 0 && Character.isHighSurrogate(t.charAt(end - 1))) {
      end--;
    }
    return t.substring(0, end) + "\u2026";
  }

  static String fit(String s, double maxWidth) {
    return fit(s, maxWidth, FONT_SIZE, false);
  }

  /** Advance of one character in em, from DejaVu Sans; unknown characters count as 1 em. */
  private static double advance(char c) {
    if (c >= 'a' && c <= 'z') {
      return switch (c) {
        case 'i', 'j', 'l' -> 0.28;
        case 'f', 't' -> 0.4;
        case 'r' -> 0.42;
        case 's', 'z', 'c' -> 0.56;
        case 'm' -> 0.98;
        case 'w' -> 0.82;
        default -> 0.64;
      };
    }
    if (c >= 'A' && c <= 'Z') {
      return switch (c) {
        case 'I', 'J' -> 0.3;
        case 'M' -> 0.87;
        case 'W' -> 1.0;
        default -> 0.8;
      };
    }
    if (c >= '0' && c <= '9') {
      return 0.64;
    }
    return switch (c) {
      case ' ', '.', ',', ':', ';', '\'', '|', '!', '\u00b7' -> 0.35;
      case '(', ')', '[', ']', '{', '}', '-', '/', '\\' -> 0.4;
      case '"', '_', '*', '\u2013' -> 0.52;
      case '?', '$', '#' -> 0.64;
      case '&' -> 0.78;
      case '%', '@' -> 1.0;
      case '<', '>', '=', '+', '~', '\u2192', '\u00d7' -> 0.84;
      case '\u2026' -> 1.0;
      default -> 1.0;
    };
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(double rate) {
    return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A 95% interval of rates as people read it: [12.3%, 15.0%]. */
  static String interval(Double low, Double high) {
    if (low == null || high == null || low.isNaN() || high.isNaN()) {
      return "-";
    }
    return "[" + percent(low) + ", " + percent(high) + "]";
  }

  /** Hours as hours below two days, else days. */
  static String duration(Double hours) {
    if (hours == null || hours.isNaN()) {
      return "-";
    }
    return hours < 48 ? String.format(Locale.ROOT, "%.1f h", hours)
        : String.format(Locale.ROOT, "%.1f days", hours / 24);
  }
}
