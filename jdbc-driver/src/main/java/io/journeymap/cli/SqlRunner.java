package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs statements one by one on a connection and prints each result in turn, stopping at the
 * first statement that fails with one {@code error:} line naming it.
 */
final class SqlRunner {
  private final Connection connection;
  private final ResultPrinter printer;
  private final PrintStream out;
  private final PrintStream err;

  SqlRunner(Connection connection, ResultPrinter printer, PrintStream out, PrintStream err) {
    this.connection = connection;
    this.printer = printer;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the statements; returns 0 when all ran, 1 when one failed (those after it do not run).
   * {@code name} says whether an error names the statement (number, line and first line).
   */
  int run(List<SqlScript.Statement> statements, boolean name) {
    for (SqlScript.Statement st : statements) {
      try (Statement s = connection.createStatement()) {
        if (s.execute(st.sql())) {
          boolean cut = printer.print(s.getResultSet());
          if (cut && !printer.showsCut()) {
            err.println("warning: " + (name ? "statement " + st.number() + ": " : "")
                + "more rows than --max-rows " + printer.maxRows + "; the rest were not printed");
          }
        }
      } catch (SQLException e) {
        out.flush();
        String message = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
        err.println("error: " + (name ? "statement " + st.number() + " (line " + st.line()
            + ", \"" + st.firstLine() + "\"): " : "") + message);
        return 1;
      }
    }
    return 0;
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
