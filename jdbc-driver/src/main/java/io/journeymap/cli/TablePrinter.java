package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a result as an aligned text table for people: numbers right-aligned, doubles rounded to
 * four decimals, times as ISO-8601, null as an empty cell, long results cut with a note.
 * Results are separated by a blank line.
 */
final class TablePrinter extends ResultPrinter {
  TablePrinter(PrintStream out, long maxRows) {
    super(out, maxRows);
  }

  @Override
  boolean showsCut() {
    return true;
  }

  @Override
  void between() {
    out.println();
  }

  @Override
  boolean printResult(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] header = new String[n];
    int[] types = new int[n];
    boolean[] numeric = new boolean[n];
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      header[i] = md.getColumnLabel(i + 1);
      types[i] = md.getColumnType(i + 1);
      numeric[i] = isNumeric(types[i]);
      width[i] = header[i].length();
    }
    List<String[]> rows = new ArrayList<>();
    boolean more = false;
    while (rs.next()) {
      if (!room(rows.size())) {
        more = true;
        break;
      }
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        row[i] = format(Cells.read(rs, i + 1, types[i]));
        width[i] = Math.max(width[i], row[i].length());
      }
      rows.add(row);
    }
    out.println(line(header, width, numeric));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, width, numeric));
    }
    out.println(more ? "(" + rows.size() + "+ rows, first " + maxRows + " shown)"
        : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    return more;
  }

  private static String line(String[] cells, int[] width, boolean[] numeric) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      b.append(i == 0 ? "" : " | ");
      String pad = " ".repeat(width[i] - cells[i].length());
      b.append(numeric[i] ? pad + cells[i] : cells[i] + pad);
    }
    return b.toString().stripTrailing();
  }

  /** A value for reading: doubles rounded to four decimals, everything else as {@link Cells}. */
  static String format(Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return Cells.text(v);
  }

  private static boolean isNumeric(int type) {
    return switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT,
          Types.REAL, Types.DECIMAL, Types.NUMERIC -> true;
      default -> false;
    };
  }
}
