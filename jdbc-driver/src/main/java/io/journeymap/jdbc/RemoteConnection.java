package io.journeymap.jdbc;

import java.lang.reflect.Method;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Properties;

/**
 * A connection to a {@link JourneyServer}: Avatica's remote client (protobuf over HTTP, basic
 * authentication with the server's token as password) with the driver's result conventions on
 * top, so a tool reads the same java.time values whether it opens the store or the server.
 */
final class RemoteConnection extends Forwarding {
  private static final org.apache.calcite.avatica.remote.Driver AVATICA =
      new org.apache.calcite.avatica.remote.Driver();

  static {
    // the client registers itself for jdbc:avatica: URLs; those belong to the host's own
    // Avatica (Metabase's Druid driver), not to the copy inside this jar
    for (java.sql.Driver d : Collections.list(DriverManager.getDrivers())) {
      if (d.getClass() == AVATICA.getClass()) {
        try {
          DriverManager.deregisterDriver(d);
        } catch (SQLException ignored) {
          // nothing registered to remove
        }
      }
    }
  }

  private RemoteConnection(Connection target) {
    super(target);
  }

  static Connection open(URI server, Properties info) throws SQLException {
    String token = info == null ? null : info.getProperty("password");
    if (token == null || token.isBlank()) {
      throw new SQLException("the journeymap server at " + server + " needs its token: give it"
          + " as the connection's password", "28000");
    }
    Properties p = new Properties();
    p.setProperty("url", server.toString());
    p.setProperty("serialization", "PROTOBUF");
    p.setProperty("authentication", "BASIC");
    p.setProperty("avatica_user", JourneyServer.USER);
    p.setProperty("avatica_password", token);
    Connection remote;
    try {
      remote = AVATICA.connect("jdbc:avatica:remote:", p);
      remote.getMetaData().getDatabaseProductName(); // the first call reaches the server
    } catch (SQLException | RuntimeException e) {
      throw refused(server, e);
    }
    return proxy(Connection.class, new RemoteConnection(remote));
  }

  /** One line a person can act on, for the ways a server connection fails. */
  private static SQLException refused(URI server, Exception e) {
    String all = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      all += " " + t.getMessage();
    }
    if (all.contains("401") || all.contains("Unauthorized")) {
      return new SQLException("the journeymap server at " + server + " refused the token",
          "28000", e);
    }
    if (all.contains("Connection refused") || all.contains("ConnectException")
        || all.contains("UnknownHost")) {
      return new SQLException("no journeymap server answers at " + server + ": is `journeymap"
          + " serve` running there, and on that address and port?", "08001", e);
    }
    return new SQLException("cannot connect to the journeymap server at " + server + ": "
        + e.getMessage(), "08001", e);
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "createStatement" -> {
        return statement(Statement.class, method.invoke(target, args), proxy);
      }
      case "prepareStatement" -> {
        try {
          return statement(PreparedStatement.class, method.invoke(target, args), proxy);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause() instanceof SQLException x ? serverError(x) : e.getCause();
        }
      }
      case "prepareCall" -> {
        throw new java.sql.SQLFeatureNotSupportedException("the journey store has no stored"
            + " procedures; call table functions in a query: SELECT * FROM funnel(steps => 'a,b')");
      }
      case "getMetaData" -> {
        return proxy(java.sql.DatabaseMetaData.class,
            new RemoteMetadata((java.sql.DatabaseMetaData) method.invoke(target, args),
                (Connection) proxy));
      }
      case "setHoldability" -> {
        return null; // results close at commit, as on a local connection; nothing to change
      }
      case "getHoldability" -> {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      }
      default -> {
        return FORWARD;
      }
    }
  }

  private static <T extends Statement> T statement(Class<T> type, Object remote, Object owner) {
    return proxy(type, new RemoteStatement((Statement) remote, (Connection) owner));
  }

  /**
   * The product is Journeymap, not the protocol's client; primary keys, which the protocol does
   * not carry, come from the store catalogue, the same for every store.
   */
  private static final class RemoteMetadata extends Forwarding {
    private final Connection connection;

    RemoteMetadata(java.sql.DatabaseMetaData target, Connection connection) {
      super(target);
      this.connection = connection;
    }

    @Override
    Object answer(Object proxy, Method method, Object[] args) throws SQLException {
      if (method.getName().equals("getPrimaryKeys")) {
        return primaryKeys((String) args[1], (String) args[2]);
      }
      if (method.getName().equals("getConnection")) {
        return connection;
      }
      return switch (method.getName()) {
        case "getDatabaseProductName" -> "Journeymap";
        case "getDatabaseProductVersion" -> JourneymapDriver.VERSION + " (server)";
        case "getDatabaseMajorVersion", "getDriverMajorVersion" -> JourneymapDriver.MAJOR;
        case "getDatabaseMinorVersion", "getDriverMinorVersion" -> JourneymapDriver.MINOR;
        case "getDriverName" -> "Journeymap JDBC Driver";
        case "getDriverVersion" -> JourneymapDriver.VERSION;
        default -> FORWARD;
      };
    }

    /** The catalogue's key of {@code table} (names match case-insensitively), as rows. */
    private ResultSet primaryKeys(String schema, String table) throws SQLException {
      String name = table == null ? "" : table.toLowerCase(java.util.Locale.ROOT);
      boolean ours = schema == null || schema.equalsIgnoreCase(io.journeymap.store.JourneyStore
          .CATALOG);
      java.util.List<String> key = ours ? io.journeymap.store.StoreCatalogue.primaryKey(name)
          : java.util.List.of();
      StringBuilder rows = new StringBuilder();
      for (int i = 0; i < key.size(); i++) {
        rows.append(i == 0 ? "" : " UNION ALL ").append("SELECT CAST(NULL AS VARCHAR) AS"
            + " TABLE_CAT, 'journey' AS TABLE_SCHEM, '").append(name).append("' AS TABLE_NAME, '")
            .append(key.get(i)).append("' AS COLUMN_NAME, CAST(").append(i + 1)
            .append(" AS SMALLINT) AS KEY_SEQ, '").append(name).append("_pkey' AS PK_NAME");
      }
      String sql = key.isEmpty() ? "SELECT CAST(NULL AS VARCHAR) AS TABLE_CAT, CAST(NULL AS"
          + " VARCHAR) AS TABLE_SCHEM, CAST(NULL AS VARCHAR) AS TABLE_NAME, CAST(NULL AS VARCHAR)"
          + " AS COLUMN_NAME, CAST(NULL AS SMALLINT) AS KEY_SEQ, CAST(NULL AS VARCHAR) AS PK_NAME"
          + " WHERE false" : rows + " ORDER BY KEY_SEQ";
      Statement s = connection.createStatement();
      s.closeOnCompletion();
      return s.executeQuery(sql);
    }
  }

  /**
   * The server's own error, one line: the client's message names only the request that failed
   * ("while preparing SQL: ..."), the engine's reason travels in the server's stack traces.
   */
  static SQLException serverError(SQLException e) {
    if (!(e instanceof org.apache.calcite.avatica.AvaticaSqlException a)) {
      return e;
    }
    String reason = null;
    for (String trace : a.getStackTraces()) {
      for (String line : trace.split("\\R")) {
        int at = line.indexOf("SQLException: ");
        if (at >= 0) {
          reason = line.substring(at + "SQLException: ".length()).strip();
        }
      }
    }
    return reason == null ? e : new SQLException(reason, a.getSQLState(), e);
  }

  /** A statement whose results read as the driver's do. */
  private static final class RemoteStatement extends Forwarding {
    private final Connection connection;
    /** The row cap, applied here: the server does not apply it to every request. */
    private long maxRows;

    RemoteStatement(Statement target, Connection connection) {
      super(target);
      this.connection = connection;
    }

    @Override
    Object answer(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "executeQuery", "getResultSet", "execute" -> {
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof SQLException x ? serverError(x) : e.getCause();
          }
          if (result instanceof ResultSet rs) {
            return ResultSetHandler.wrap(rs, (Statement) proxy, maxRows);
          }
          return result;
        }
        case "setMaxRows" -> {
          maxRows = (Integer) args[0];
          return FORWARD;
        }
        case "setLargeMaxRows" -> {
          maxRows = (Long) args[0];
          return FORWARD;
        }
        case "getConnection" -> {
          return connection;
        }
        case "setObject", "setTimestamp", "setDate", "setTime" -> {
          // Avatica's client binds java.sql values only: java.time values (what Metabase
          // binds) go as the java.sql value of their UTC wall clock, as the store keeps times
          Object value = args.length == 3 && args[2] instanceof java.util.Calendar c
              ? Temporal.bindable((java.util.Date) args[1], c) : Temporal.bindable(args[1]);
          ((java.sql.PreparedStatement) target).setObject((Integer) args[0], sqlValue(value));
          return null;
        }
        default -> {
          return FORWARD;
        }
      }
    }

    private static Object sqlValue(Object value) {
      if (value instanceof java.time.LocalDateTime t) {
        return java.sql.Timestamp.valueOf(t);
      }
      if (value instanceof java.time.LocalDate d) {
        return java.sql.Date.valueOf(d);
      }
      if (value instanceof java.time.LocalTime t) {
        return java.sql.Time.valueOf(t);
      }
      return value;
    }
  }
}
