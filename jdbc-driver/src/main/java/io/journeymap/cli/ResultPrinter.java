package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Prints query results in one output format, one result after another. */
abstract class ResultPrinter {
  /** The output formats of {@code journeymap sql --format}, named as typed. */
  enum Format {
    table, csv, tsv, json;

    ResultPrinter printer(PrintStream out, long maxRows) {
      return switch (this) {
        case table -> new TablePrinter(out, maxRows);
        case csv -> new DelimitedPrinter(out, maxRows, false);
        case tsv -> new DelimitedPrinter(out, maxRows, true);
        case json -> new JsonLinesPrinter(out, maxRows);
      };
    }
  }

  final PrintStream out;
  /** Rows to print of each result; 0 prints all. */
  final long maxRows;
  private int results;

  ResultPrinter(PrintStream out, long maxRows) {
    this.out = out;
    this.maxRows = maxRows;
  }

  /** Prints a result; returns true when rows were left out after the first {@code maxRows}. */
  final boolean print(ResultSet rs) throws SQLException {
    if (results++ > 0) {
      between();
    }
    boolean cut = printResult(rs);
    out.flush();
    return cut;
  }

  /** Whether the result itself says when rows were left out (else the caller warns). */
  abstract boolean showsCut();

  /** Printed between two results. */
  abstract void between();

  abstract boolean printResult(ResultSet rs) throws SQLException;

  /** Whether another row may be printed after {@code printed} rows. */
  final boolean room(long printed) {
    return maxRows == 0 || printed < maxRows;
  }
}
