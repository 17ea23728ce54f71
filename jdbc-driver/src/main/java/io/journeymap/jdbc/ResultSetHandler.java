package io.journeymap.jdbc;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;

/**
 * A result as BI tools read it: every java.time class from {@code getObject(i, Class)}, the
 * statement's row cap honoured (the engine ignores it), and text columns reporting their size.
 */
final class ResultSetHandler extends Forwarding {
  private final Statement statement;
  private final long maxRows;
  private long rows;

  private ResultSetHandler(ResultSet target, Statement statement, long maxRows) {
    super(target);
    this.statement = statement;
    this.maxRows = maxRows;
  }

  static ResultSet wrap(ResultSet target, Statement statement, long maxRows) {
    return proxy(ResultSet.class, new ResultSetHandler(target, statement, maxRows));
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    ResultSet rs = (ResultSet) target;
    switch (method.getName()) {
      case "next" -> {
        if (maxRows > 0 && rows >= maxRows) {
          return false;
        }
        boolean more = rs.next();
        rows += more ? 1 : 0;
        return more;
      }
      case "getObject" -> {
        if (args.length == 2 && args[1] instanceof Class<?> type) {
          Object raw = args[0] instanceof Integer i ? rs.getObject(i) : rs.getObject((String) args[0]);
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
      case "getStatement" -> {
        return statement;
      }
      case "getMetaData" -> {
        return proxy(ResultSetMetaData.class, new MetaData(rs.getMetaData()));
      }
      default -> {
        return FORWARD;
      }
    }
  }

  /** Column descriptions with sizes filled in where the engine leaves them 0. */
  private static final class MetaData extends Forwarding {
    MetaData(ResultSetMetaData target) {
      super(target);
    }

    @Override
    Object answer(Object proxy, Method method, Object[] args) throws Throwable {
      ResultSetMetaData md = (ResultSetMetaData) target;
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
