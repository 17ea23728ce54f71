package io.journeymap.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;
import org.duckdb.DuckDBConnection;

/**
 * Metadata answers as real result sets of the engine, so tools read them with every getter they
 * use on query results. Values are bound, never spliced into SQL. Each answer runs on its own
 * short-lived engine connection, closed with the result: the engine streams one result per
 * connection, and tools read metadata nested (getColumns for each row of getTables) or while a
 * query result is open.
 */
final class MetadataRows {
  private MetadataRows() {}

  /** One column: its JDBC name and engine type (VARCHAR, INTEGER, SMALLINT, BOOLEAN). */
  record Column(String name, String type) {}

  static Column text(String name) {
    return new Column(name, "VARCHAR");
  }

  static Column integer(String name) {
    return new Column(name, "INTEGER");
  }

  static Column small(String name) {
    return new Column(name, "SMALLINT");
  }

  static ResultSet of(Connection engine, List<Column> columns, List<Object[]> rows)
      throws SQLException {
    StringJoiner select = new StringJoiner(", ", "SELECT ", "");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      select.add("CAST(c" + i + " AS " + c.type() + ") AS \"" + c.name() + "\"");
    }
    StringBuilder sql = new StringBuilder(select.toString()).append(" FROM ");
    if (rows.isEmpty()) {
      StringJoiner nulls = new StringJoiner(", ", "(SELECT ", " WHERE false) t");
      for (int i = 0; i < columns.size(); i++) {
        nulls.add("NULL AS c" + i);
      }
      sql.append(nulls);
    } else {
      StringJoiner values = new StringJoiner(", ", "(VALUES ", ")");
      String marks = "(" + "?, ".repeat(columns.size() - 1) + "?)";
      rows.forEach(r -> values.add(marks));
      StringJoiner names = new StringJoiner(", ", " t(", ")");
      for (int i = 0; i < columns.size(); i++) {
        names.add("c" + i);
      }
      sql.append(values).append(names);
    }
    Connection own = ((DuckDBConnection) engine).duplicate();
    try {
      PreparedStatement p = own.prepareStatement(sql.toString());
      int index = 1;
      for (Object[] row : rows) {
        for (Object v : row) {
          // text keeps every VALUES column one type; the CASTs above restore the declared ones
          p.setObject(index++, v == null ? null : v.toString());
        }
      }
      ResultSet rs = p.executeQuery();
      p.closeOnCompletion();
      return Forwarding.proxy(ResultSet.class, new Closing(rs, own));
    } catch (SQLException | RuntimeException e) {
      own.close();
      throw e;
    }
  }

  /** A metadata result that closes its connection with itself. */
  private static final class Closing extends Forwarding {
    private final Connection connection;

    Closing(ResultSet target, Connection connection) {
      super(target);
      this.connection = connection;
    }

    @Override
    Object answer(Object proxy, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      if (method.getName().equals("close")) {
        try {
          ((ResultSet) target).close();
        } finally {
          connection.close();
        }
        return null;
      }
      return FORWARD;
    }
  }
}
