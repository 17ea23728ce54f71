package io.journeymap.zeppelin;

import io.journeymap.cli.Cells;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A result read into Zeppelin's {@code %table} form, up to a row cap and a byte budget (so
 * Zeppelin's own output limit, which would cut it mid-row behind a generic notice, is never
 * reached), keeping the plain values of the rows shown for charts.
 *
 * @param body header and rows, tab-separated, one row a line
 * @param columns the column labels as the engine names them
 * @param rows the values of the rows shown, as {@link Cells#read} returns them
 * @param cut why rows were left out, or null when every row is shown
 */
record TableText(String body, List<String> columns, List<Object[]> rows, String cut) {

  /**
   * Reads {@code rs} to the end or to the caps. The statement's max rows must be one more than
   * {@code maxRows}, so a further row shows that the result was cut without reading it all.
   */
  static TableText read(ResultSet rs, int maxRows, int maxBytes, int maxCellChars)
      throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    int[] types = new int[n];
    List<String> columns = new ArrayList<>(n);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < n; i++) {
      types[i] = md.getColumnType(i + 1);
      String label = md.getColumnLabel(i + 1);
      columns.add(label);
      body.append(i == 0 ? "" : "\t").append(CellText.escape(label.isEmpty()
          ? "column " + (i + 1) : label, maxCellChars));
    }
    body.append('\n');
    long bytes = utf8(body);
    List<Object[]> rows = new ArrayList<>();
    String cut = null;
    StringBuilder line = new StringBuilder();
    while (rs.next()) {
      if (rows.size() >= maxRows) {
        cut = String.format("Showing the first %,d rows: the result has more (journey.max_rows"
            + " is %,d). Narrow it with WHERE, GROUP BY or LIMIT.", rows.size(), maxRows);
        break;
      }
      Object[] values = new Object[n];
      line.setLength(0);
      for (int i = 0; i < n; i++) {
        values[i] = Cells.read(rs, i + 1, types[i]);
        line.append(i == 0 ? "" : "\t").append(CellText.of(values[i], maxCellChars));
      }
      line.append('\n');
      long size = utf8(line);
      if (bytes + size > maxBytes) {
        cut = String.format("Showing the first %,d rows: the next would pass the output limit"
            + " of %,d bytes (journey.max_result_bytes). Select fewer columns or rows.",
            rows.size(), maxBytes);
        break;
      }
      bytes += size;
      body.append(line);
      rows.add(values);
    }
    return new TableText(body.toString(), List.copyOf(columns), rows, cut);
  }

  private static long utf8(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8).length;
  }
}
