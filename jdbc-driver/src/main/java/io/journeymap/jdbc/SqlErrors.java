package io.journeymap.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Engine errors as people read them: one line saying what and where, never the engine's
 * multi-line context dump or a stack of wrappers.
 */
final class SqlErrors {
  private SqlErrors() {}

  static SQLException clean(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = message.indexOf('\n');
    if (nl < 0) {
      return e;
    }
    String line = message.substring(0, nl).strip();
    SQLException out = e instanceof SQLTimeoutException
        ? new SQLTimeoutException(line, e.getSQLState(), e.getErrorCode())
        : new SQLException(line, e.getSQLState(), e.getErrorCode());
    out.initCause(e);
    return out;
  }

  /** The engine's answer to an interrupted query, told apart by why it was interrupted. */
  static SQLException interrupted(SQLException e, boolean cancelled, int timeoutSeconds) {
    if (cancelled) {
      SQLException out = new SQLException("query cancelled", "57014");
      out.initCause(e);
      return out;
    }
    SQLTimeoutException out = new SQLTimeoutException("query timed out after " + timeoutSeconds
        + " s (setQueryTimeout)", "57014");
    out.initCause(e);
    return out;
  }
}
