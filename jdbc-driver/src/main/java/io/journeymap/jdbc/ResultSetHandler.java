package io.journeymap.jdbc;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A result as BI tools read it: every java.time class from {@code getObject(i, Class)}, the
 * statement's row cap honoured (the engine ignores it), and text columns reporting their size.
 * TIMESTAMPTZ values read in UTC whatever the JVM's zone (the engine's JDBC layer would give
 * them the JVM's offset), {@code getObject(i, String.class)} is {@code getString(i)}, and a NULL
 * read with {@code getDouble} or {@code getFloat} is 0 as JDBC says (the engine's layer gives NaN).
 */
final class ResultSetHandler extends Forwarding {
  private final Statement statement;
  private final long maxRows;
  private long rows;
  private boolean closed;
  /** Per column (1-based), whether it is a TIMESTAMP WITH TIME ZONE; read on first use. */
  private boolean[] zoned;

  private final boolean avaticaTypes;

  private ResultSetHandler(ResultSet target, Statement statement, long maxRows,
      boolean avaticaTypes) {
    super(target);
    this.statement = statement;
    this.maxRows = maxRows;
    this.avaticaTypes = avaticaTypes;
  }

  static ResultSet wrap(ResultSet target, Statement statement, long maxRows) {
    return wrap(target, statement, maxRows, false);
  }

  /**
   * With {@code avaticaTypes}, 128-bit integers read as DECIMAL(38, 0) (BigDecimal) and
   * TIMESTAMP WITH TIME ZONE as TIMESTAMP: the types the server's protocol carries.
   */
  static ResultSet wrap(ResultSet target, Statement statement, long maxRows,
      boolean avaticaTypes) {
    return proxy(ResultSet.class, new ResultSetHandler(target, statement, maxRows,
        avaticaTypes));
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    ResultSet rs = (ResultSet) target;
    String name = method.getName();
    switch (name) {
      case "next" -> {
        if (maxRows > 0 && rows >= maxRows) {
          return false;
        }
        boolean more = rs.next();
        rows += more ? 1 : 0;
        return more;
      }
      case "getObject" -> {
        if (args.length == 1) {
          Object raw = method.invoke(rs, args);
          if (avaticaTypes && raw instanceof java.math.BigInteger b) {
            return new java.math.BigDecimal(b);
          }
          if (avaticaTypes && raw instanceof OffsetDateTime o) {
            return Timestamp.valueOf(utc(o).toLocalDateTime());
          }
          return raw instanceof OffsetDateTime o ? utc(o) : raw;
        }
        if (args.length == 2 && args[1] instanceof Class<?> type) {
          if (type == String.class) {
            return string(rs, column(rs, args[0]));
          }
          Object raw = rs.getObject(column(rs, args[0]));
          if (raw == null) {
            return null;
          }
          Object converted = Temporal.convert(raw, type);
          if (converted != null) {
            return converted;
          }
          if (type.isInstance(raw)) {
            return raw;
          }
        }
        return FORWARD;
      }
      case "getString" -> {
        return string(rs, column(rs, args[0]));
      }
      case "getDouble", "getFloat" -> {
        // JDBC reads SQL NULL as 0 (wasNull() tells); the engine's driver gives NaN
        Object value = method.invoke(rs, args);
        return rs.wasNull() ? (name.equals("getDouble") ? (Object) 0.0 : (Object) 0.0f) : value;
      }
      case "getTime" -> {
        if (!avaticaTypes) {
          return FORWARD;
        }
        // the engine's driver drops the fraction; the server's protocol carries milliseconds
        Object raw = rs.getObject(column(rs, args[0]));
        java.time.LocalTime t = raw == null ? null : Temporal.convert(raw, java.time.LocalTime.class);
        if (t == null) {
          return raw == null ? null : FORWARD;
        }
        java.time.ZoneId zone = args.length == 2 && args[1] instanceof java.util.Calendar c
            ? c.getTimeZone().toZoneId() : java.time.ZoneId.systemDefault();
        return new java.sql.Time(java.time.LocalDate.EPOCH.atTime(t).atZone(zone).toInstant()
            .toEpochMilli());
      }
      case "getTimestamp" -> {
        int column = column(rs, args[0]);
        if (args.length == 2 && zoned(rs, column)) {
          // the value is an instant already: a calendar cannot move it
          OffsetDateTime o = rs.getObject(column, OffsetDateTime.class);
          return o == null ? null : Timestamp.from(o.toInstant());
        }
        return FORWARD;
      }
      case "close" -> {
        if (!closed) {
          closed = true;
          rs.close();
          if (statement != null && !statement.isClosed() && statement.isCloseOnCompletion()) {
            statement.close();
          }
        }
        return null;
      }
      case "getStatement" -> {
        return statement;
      }
      case "getMetaData" -> {
        return proxy(ResultSetMetaData.class, new MetaData(rs.getMetaData(), avaticaTypes));
      }
      default -> {
        return FORWARD;
      }
    }
  }

  private static int column(ResultSet rs, Object indexOrLabel) throws SQLException {
    return indexOrLabel instanceof Integer i ? i : rs.findColumn((String) indexOrLabel);
  }

  private boolean zoned(ResultSet rs, int column) throws SQLException {
    if (zoned == null) {
      ResultSetMetaData md = rs.getMetaData();
      zoned = new boolean[md.getColumnCount() + 1];
      for (int i = 1; i < zoned.length; i++) {
        zoned[i] = md.getColumnType(i) == Types.TIMESTAMP_WITH_TIMEZONE;
      }
    }
    return column > 0 && column < zoned.length && zoned[column];
  }

  private String string(ResultSet rs, int column) throws SQLException {
    if (zoned(rs, column)) {
      OffsetDateTime o = rs.getObject(column, OffsetDateTime.class);
      return o == null ? null : utc(o).toString();
    }
    return rs.getString(column);
  }

  private static OffsetDateTime utc(OffsetDateTime o) {
    return o.withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** Column descriptions with sizes filled in where the engine leaves them 0. */
  private static final class MetaData extends Forwarding {
    private final boolean avaticaTypes;

    MetaData(ResultSetMetaData target, boolean avaticaTypes) {
      super(target);
      this.avaticaTypes = avaticaTypes;
    }

    @Override
    Object answer(Object proxy, Method method, Object[] args) throws Throwable {
      ResultSetMetaData md = (ResultSetMetaData) target;
      if (avaticaTypes && args.length == 1 && args[0] instanceof Integer column
          && md.getColumnType(column) == Types.TIMESTAMP_WITH_TIMEZONE) {
        switch (method.getName()) {
          case "getColumnType" -> {
            return Types.TIMESTAMP;
          }
          case "getColumnTypeName" -> {
            return "TIMESTAMP";
          }
          case "getColumnClassName" -> {
            return Timestamp.class.getName();
          }
          default -> {
            // the rest as the engine says
          }
        }
      }
      if (avaticaTypes && args.length == 1 && args[0] instanceof Integer column
          && md.getColumnTypeName(column).equals("HUGEINT")) {
        switch (method.getName()) {
          case "getColumnType" -> {
            return Types.DECIMAL;
          }
          case "getColumnClassName" -> {
            return java.math.BigDecimal.class.getName();
          }
          case "getPrecision" -> {
            return 38;
          }
          case "getScale" -> {
            return 0;
          }
          default -> {
            // the rest as the engine says
          }
        }
      }
      if (method.getName().equals("getColumnDisplaySize")) {
        int column = (Integer) args[0];
        int type = md.getColumnType(column);
        if (type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR) {
          return Integer.MAX_VALUE;
        }
        return Math.max(md.getColumnDisplaySize(column), md.getPrecision(column));
      }
      return FORWARD;
    }
  }
}
