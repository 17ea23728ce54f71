package io.journeymap.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV (RFC 4180 quoting) or tab-separated values, each result with a header row of column
 * labels, every value in full: numbers unrounded, times ISO-8601, null an empty field, arrays and
 * structs as JSON text. Lines end with {@code \n}; results are separated by a blank line.
 */
final class DelimitedPrinter extends ResultPrinter {
  private final CSVFormat format;

  DelimitedPrinter(PrintStream out, long maxRows, boolean tabs) {
    super(out, maxRows);
    this.format = (tabs ? CSVFormat.TDF : CSVFormat.DEFAULT).builder().setRecordSeparator('\n')
        .get();
  }

  @Override
  boolean showsCut() {
    return false;
  }

  @Override
  void between() {
    out.print('\n');
  }

  @Override
  boolean printResult(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    int[] types = new int[n];
    Object[] row = new Object[n];
    try {
      CSVPrinter csv = new CSVPrinter(out, format); // not closed: that would close the stream
      for (int i = 0; i < n; i++) {
        row[i] = md.getColumnLabel(i + 1);
        types[i] = md.getColumnType(i + 1);
      }
      csv.printRecord(row);
      long printed = 0;
      while (rs.next()) {
        if (!room(printed)) {
          csv.flush();
          return true;
        }
        for (int i = 0; i < n; i++) {
          Object v = Cells.read(rs, i + 1, types[i]);
          row[i] = v == null ? null : Cells.text(v);
        }
        csv.printRecord(row);
        printed++;
      }
      csv.flush();
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
