package io.journeymap.chart;

import java.util.Locale;

/**
 * A small SVG writer: elements with attributes, every text escaped, coordinates printed with one
 * decimal in a fixed locale. The charts are self-contained (no scripts, fonts or links), so they
 * render the same inline in a notebook, in an HTML report or as a file.
 */
final class Svg {
  static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";
  /** Average advance of a 12 px sans-serif character, to size label columns. */
  static final double CHAR_WIDTH = 6.6;

  private final StringBuilder out = new StringBuilder();

  Svg(double width, double height, String title) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
        .append(num(width)).append("\" height=\"").append(num(height))
        .append("\" viewBox=\"0 0 ").append(num(width)).append(' ').append(num(height))
        .append("\" ").append(FONT).append("><title>").append(escape(title))
        .append("</title>");
  }

  Svg rect(double x, double y, double w, double h, String fill) {
    out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y))
        .append("\" width=\"").append(num(Math.max(0, w))).append("\" height=\"")
        .append(num(h)).append("\" fill=\"").append(fill).append("\"/>");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String stroke, double width,
      boolean dashed) {
    out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1))
        .append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2))
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(width))
        .append('"').append(dashed ? " stroke-dasharray=\"4 3\"" : "").append("/>");
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
          if (c < 0x20 && c != '\t') {
            b.append(' '); // control characters are not allowed in XML 1.0
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** At most {@code max} characters, an ellipsis marking a cut. */
  static String shorten(String s, int max) {
    String t = s == null ? "" : s;
    return t.length() <= max ? t : t.substring(0, Math.max(1, max - 1)) + "\u2026";
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }
}
