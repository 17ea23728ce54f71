package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a result set as an aligned text table; numbers right-aligned, long results cut. */
final class TablePrinter {
  private final int maxRows;

  TablePrinter(int maxRows) {
    this.maxRows = maxRows;
  }

  void print(ResultSet rs, PrintStream out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] header = new String[n];
    boolean[] numeric = new boolean[n];
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      header[i] = md.getColumnLabel(i + 1);
      numeric[i] = isNumeric(md.getColumnType(i + 1));
      width[i] = header[i].length();
    }
    List<String[]> rows = new ArrayList<>();
    boolean more = false;
    while (rs.next()) {
      if (rows.size() == maxRows) {
        more = true;
        break;
      }
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        row[i] = format(rs.getObject(i + 1));
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
    out.println("(" + rows.size() + (more ? "+ rows, first " + maxRows + " shown)" : " rows)"));
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

  static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.4f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return v.toString();
  }

  private static boolean isNumeric(int type) {
    return switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT,
          Types.REAL, Types.DECIMAL, Types.NUMERIC -> true;
      default -> false;
    };
  }
}
