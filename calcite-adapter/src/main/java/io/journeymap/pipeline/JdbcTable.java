package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A {@code jdbc} source's table in another database: counted there for the ingest cache's
 * high-water mark, and copied into the build's scratch database as text columns, as a file's
 * rows are read, so one mapping serves every format.
 */
final class JdbcTable {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Source source;
  private final String pointer;
  private final String table;

  /**
   * @param pointer the source's place in the model file, for errors
   * @param table the scratch table in the build's database that receives the rows
   */
  JdbcTable(DuckDBConnection store, JourneyModel model, Source source, String pointer,
      String table) {
    this.store = store;
    this.model = model;
    this.source = source;
    this.pointer = pointer;
    this.table = table;
  }

  /** Rows of the table: all, those without an incremental value, those past a value. */
  record Counts(long total, long withoutValue, long newer) {}

  /** The table's rows, rows without an incremental value, and rows past {@code after}. */
  Counts count(String after) throws SQLException {
    String column = source.incremental();
    try (Connection remote = DriverManager.getConnection(source.location(), source.user(),
            source.password());
         Statement q = remote.createStatement();
         ResultSet r = q.executeQuery("SELECT count(*), count(*) - count(" + column + "), "
             + (after == null ? "0" : "sum(CASE WHEN " + column + " > " + after
                 + " THEN 1 ELSE 0 END)") + " FROM " + source.table())) {
      r.next();
      return new Counts(r.getLong(1), r.getLong(2), r.getLong(3));
    } catch (SQLException e) {
      throw ModelErrors.at(model, pointer + "/incremental", "source '" + source.name()
          + "': cannot count rows by its incremental column '" + column + "': "
          + Sql.firstLine(e));
    }
  }

  /**
   * Streams a table of any JDBC database into the store as text columns. With an incremental
   * column the rows come in its order (ties broken by every column, so two reads of the same
   * rows give the same order), only those past {@code after} (an SQL expression) if given; the
   * highest value read comes back as an SQL expression for the next build, else null.
   */
  String copy(String after) throws SQLException {
    String column = source.incremental();
    try (Connection remote = DriverManager.getConnection(source.location(), source.user(),
            source.password());
         Statement q = remote.createStatement()) {
      q.setFetchSize(10_000);
      String sql = "SELECT * FROM " + source.table();
      if (column != null) {
        int n;
        try (ResultSet probe = q.executeQuery(sql + " WHERE 1 = 0")) {
          n = probe.getMetaData().getColumnCount();
        }
        StringBuilder order = new StringBuilder(column);
        for (int i = 1; i <= n; i++) {
          order.append(", ").append(i);
        }
        sql += (after == null ? "" : " WHERE " + column + " > " + after) + " ORDER BY " + order;
      }
      String highWater = null;
      try (ResultSet rows = q.executeQuery(sql)) {
        ResultSetMetaData md = rows.getMetaData();
        int hw = column == null ? -1 : rows.findColumn(column);
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cols.add(Sql.ident(md.getColumnLabel(i)) + " VARCHAR");
        }
        try (Statement s = store.createStatement()) {
          s.execute("CREATE TABLE build." + table + " (" + String.join(", ", cols) + ")");
        }
        try (DuckDBAppender appender =
            store.createAppender("build", "main", table)) {
          while (rows.next()) {
            appender.beginRow();
            for (int i = 1; i <= cols.size(); i++) {
              String v = rows.getString(i);
              if (v == null) {
                appender.appendNull();
              } else {
                appender.append(v);
              }
              if (i == hw && v != null) {
                highWater = sqlValue(v, md.getColumnType(i));
              }
            }
            appender.endRow();
          }
        }
      }
      return highWater;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("No suitable driver")) {
        throw ModelErrors.at(model, pointer + "/url", "source '" + source.name()
            + "': no JDBC driver for this URL on the classpath");
      }
      throw ModelErrors.at(model, pointer + "/url", "source '" + source.name()
          + "' cannot be read over JDBC: " + Sql.firstLine(e));
    }
  }

  /**
   * A value read over JDBC as an SQL literal of its type, in standard SQL (type names from the
   * driver's metadata, such as PostgreSQL's bigserial, are not always castable).
   */
  private static String sqlValue(String text, int jdbcType) {
    return switch (jdbcType) {
      case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER,
          java.sql.Types.BIGINT, java.sql.Types.DECIMAL, java.sql.Types.NUMERIC,
          java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE ->
          text.matches("-?[0-9.eE+-]+") ? text : Sql.literal(text);
      case java.sql.Types.DATE -> "CAST(" + Sql.literal(text) + " AS DATE)";
      // PostgreSQL reports timestamptz as TIMESTAMP; its text keeps the offset, which a plain
      // TIMESTAMP cast would drop (then compared in the session's zone)
      case java.sql.Types.TIMESTAMP -> "CAST(" + Sql.literal(text) + " AS TIMESTAMP"
          + (text.matches(".*[0-9]([+-][0-9]{2}(:?[0-9]{2})?|Z)$") ? " WITH TIME ZONE)" : ")");
      case java.sql.Types.TIMESTAMP_WITH_TIMEZONE ->
          "CAST(" + Sql.literal(text) + " AS TIMESTAMP WITH TIME ZONE)";
      default -> Sql.literal(text);
    };
  }
}
