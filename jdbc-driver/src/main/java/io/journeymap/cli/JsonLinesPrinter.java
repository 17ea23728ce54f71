package io.journeymap.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * JSON lines: one object per row, column labels as keys in column order; numbers as JSON
 * numbers in full, booleans as booleans, null as null, times as ISO-8601 strings, arrays and
 * structs as JSON arrays and objects. Several results simply follow each other.
 */
final class JsonLinesPrinter extends ResultPrinter {
  static final JsonFactory JSON = new JsonFactoryBuilder()
      .rootValueSeparator((String) null)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  JsonLinesPrinter(PrintStream out, long maxRows) {
    super(out, maxRows);
  }

  @Override
  boolean showsCut() {
    return false;
  }

  @Override
  void between() {
    // one object per line whatever result it comes from
  }

  @Override
  boolean printResult(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] labels = new String[n];
    int[] types = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = md.getColumnLabel(i + 1);
      types[i] = md.getColumnType(i + 1);
    }
    StringWriter row = new StringWriter(); // a row is printed whole or not at all
    try (JsonGenerator g = JSON.createGenerator(row)) {
      long printed = 0;
      while (rs.next()) {
        if (!room(printed)) {
          return true;
        }
        g.writeStartObject();
        for (int i = 0; i < n; i++) {
          g.writeFieldName(labels[i]);
          Cells.json(g, Cells.read(rs, i + 1, types[i]));
        }
        g.writeEndObject();
        g.flush();
        out.print(row.getBuffer().append('\n'));
        row.getBuffer().setLength(0);
        printed++;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
