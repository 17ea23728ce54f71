package io.journeymap.pipeline;

import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * SQL helpers of the build: quoting (user text only ever enters SQL through these), rates as
 * nullable columns, and store error messages for people.
 */
final class Sql {
  private Sql() {}

  static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literals(Collection<String> values) {
    return values.stream().map(Sql::literal).collect(Collectors.joining(", "));
  }

  /** Writes rate, ci_low, ci_high from {@code index}; NULLs when there were no trials. */
  static void setRate(PreparedStatement out, int index, Proportion p) throws SQLException {
    if (p.trials() == 0) {
      out.setNull(index, Types.DOUBLE);
      out.setNull(index + 1, Types.DOUBLE);
      out.setNull(index + 2, Types.DOUBLE);
    } else {
      out.setDouble(index, p.rate());
      out.setDouble(index + 1, p.low());
      out.setDouble(index + 2, p.high());
    }
  }

  /** Work against the store that may fail with an SQL error. */
  interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction of {@code store}. Appenders need this: outside a
   * transaction each flushed chunk (2,048 rows) is a commit of its own, the write-ahead log
   * grows with every one, and past its threshold the engine checkpoints the whole store file,
   * again and again: at 10M events, streaming the scores spent minutes in checkpoints.
   */
  static void inTransaction(Connection store, Work work) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("BEGIN TRANSACTION");
      try {
        work.run();
      } catch (SQLException | RuntimeException e) {
        rollback(store, e);
        throw e;
      }
      s.execute("COMMIT");
    }
  }

  /**
   * Rolls back after {@code cause}, on a statement of its own: the engine closes a statement
   * whose execution failed, and the failure, not the rollback's, is what the user must see.
   */
  static void rollback(Connection store, Exception cause) {
    try (Statement s = store.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** The engine hit its memory bound (an operator that cannot spill, or a bound set too low). */
  static boolean outOfMemory(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("Out of Memory Error");
  }

  /** The first line of a store error: the part a person needs, without DuckDB's context dump. */
  static String firstLine(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
