package io.journeymap.zeppelin;

import io.journeymap.cli.Cells;
import java.util.Locale;

/**
 * One value as a cell of Zeppelin's {@code %table}: doubles rounded for reading, NULL as an
 * empty cell, and nothing that could break the table or be taken for markup: tabs and line
 * breaks are written as {@code \t} and {@code \n}, and a leading {@code %} (which Zeppelin would
 * read as a display directive such as {@code %html}) is preceded by a space.
 */
final class CellText {
  private CellText() {}

  /** The text of a value read with {@link Cells#read}, at most {@code maxChars} long. */
  static String of(Object value, int maxChars) {
    return escape(plain(value), maxChars);
  }

  /** The value for reading: four decimals for doubles, three significant digits when tiny. */
  static String plain(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      return decimal(((Number) value).doubleValue());
    }
    return Cells.text(value);
  }

  static String decimal(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    if (d != 0 && Math.abs(d) < 0.001) {
      return String.format(Locale.ROOT, "%.3g", d); // p-values: 1.23e-08, not 0
    }
    String s = String.format(Locale.ROOT, "%.4f", d);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }

  static String escape(String text, int maxChars) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), maxChars) + 8);
    if (text.startsWith("%")) {
      b.append(' ');
    }
    int shown = 0;
    for (int i = 0; i < text.length(); i++) {
      if (shown >= maxChars) {
        b.append('\u2026');
        break;
      }
      char c = text.charAt(i);
      switch (c) {
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
      shown++;
    }
    return b.toString();
  }
}
