package io.journeymap.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reading store rows: nulls kept as nulls, one query per call, statements closed. */
final class Rows {
  /** Maps the current row of a result. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  private Rows() {}

  /** Every row of {@code sql} with its {@code ?} parameters bound in order. */
  static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, Object... parameters)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (r.next()) {
          out.add(mapper.map(r));
        }
        return out;
      }
    }
  }

  /** The one row of {@code sql}, or null when it has none. */
  static <T> T one(Connection c, String sql, Mapper<T> mapper, Object... parameters)
      throws SQLException {
    List<T> rows = list(c, sql, mapper, parameters);
    return rows.isEmpty() ? null : rows.get(0);
  }

  static Double dbl(ResultSet r, int column) throws SQLException {
    double v = r.getDouble(column);
    return r.wasNull() ? null : v;
  }

  static Long lng(ResultSet r, int column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : v;
  }

  /** A date column read as text (DATE or TIMESTAMP alike), or null. */
  static LocalDate day(ResultSet r, int column) throws SQLException {
    String v = r.getString(column);
    return v == null ? null : LocalDate.parse(v.substring(0, 10));
  }

  /**
   * A flag that may be stored as a boolean or as a note ('small sample'): true when set and
   * not false.
   */
  static boolean flag(ResultSet r, int column) throws SQLException {
    Object v = r.getObject(column);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    return !s.isEmpty() && !s.equalsIgnoreCase("false") && !s.equals("0");
  }

  /** A rate from its counts and stored interval; small when the store's note says so. */
  static ReportData.Rate rate(ResultSet r, int successes, int trials, int rate, int low,
      boolean small) throws SQLException {
    return new ReportData.Rate(r.getLong(successes), r.getLong(trials), dbl(r, rate),
        dbl(r, low), dbl(r, low + 1), small);
  }
}
