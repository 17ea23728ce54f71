package io.journeymap.jdbc;

import io.journeymap.sql.JourneyQuery;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;

/**
 * A statement (plain or prepared) on the journey store. Each execution checks the SQL with
 * {@link JourneyQuery}, computes journey table functions, and runs the query on the engine as a
 * prepared statement, so one code path serves both kinds: binds are converted to what the engine
 * takes, the row cap and the timeout apply everywhere, and {@code cancel()} from another thread
 * interrupts the engine's query.
 */
final class StatementHandler extends Forwarding {
  private static final AtomicLong IDS = new AtomicLong();

  private final Connection connection;
  private final DuckDBConnection engine;
  /** The prepared SQL, or null for a plain statement. */
  private final JourneyQuery prepared;
  private final List<Object> parameters = new ArrayList<>();
  private final String tempPrefix = "journey_fn_" + IDS.incrementAndGet() + "_";
  private final List<String> tempTables = new ArrayList<>();

  private volatile PreparedStatement running;
  private volatile boolean cancelled;
  /** Stops table functions while they compute, before {@link #running} exists. */
  private final CancelGuard guard = new CancelGuard();
  private ResultSet current;
  private java.sql.ParameterMetaData parameterMetaData;
  private long maxRows;
  private int timeoutSeconds;
  private int fetchSize;
  private boolean closed;
  private boolean closeOnCompletion;

  private StatementHandler(Connection connection, DuckDBConnection engine, JourneyQuery prepared,
      PreparedStatement placeholder) {
    super(placeholder);
    this.connection = connection;
    this.engine = engine;
    this.prepared = prepared;
  }

  static Statement plain(Connection connection, DuckDBConnection engine) throws SQLException {
    return proxy(Statement.class, new StatementHandler(connection, engine, null,
        placeholder(engine)));
  }

  static PreparedStatement prepared(Connection connection, DuckDBConnection engine, String sql)
      throws SQLException {
    JourneyQuery query = JourneyQuery.parse(engine, sql);
    return proxy(PreparedStatement.class, new StatementHandler(connection, engine, query,
        placeholder(engine)));
  }

  /** Forwarded calls (warnings, metadata the engine knows) go to an idle engine statement. */
  private static PreparedStatement placeholder(DuckDBConnection engine) throws SQLException {
    return engine.prepareStatement("SELECT 1");
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("isClosed")) {
      return closed;
    }
    if (closed && !name.equals("close")) {
      throw new SQLException("statement is closed");
    }
    switch (name) {
      case "executeQuery" -> {
        ResultSet rs = execute(proxy, sqlArgument(args));
        if (rs == null) {
          throw new SQLException("the statement returned no result set");
        }
        return rs;
      }
      case "execute" -> {
        return execute(proxy, sqlArgument(args)) != null;
      }
      case "executeUpdate", "executeLargeUpdate", "addBatch", "executeBatch",
          "executeLargeBatch" -> {
        throw new SQLException("the journey store is read-only: " + name + " is not"
            + " available; queries run with executeQuery", "25006");
      }
      case "clearBatch" -> {
        return null;
      }
      case "getResultSet" -> {
        return current;
      }
      case "getUpdateCount" -> {
        return -1;
      }
      case "getLargeUpdateCount" -> {
        return -1L;
      }
      case "getMoreResults" -> {
        closeCurrent();
        return false;
      }
      case "setMaxRows" -> {
        maxRows = nonNegative("max rows", (Integer) args[0]);
        return null;
      }
      case "setLargeMaxRows" -> {
        maxRows = nonNegative("max rows", (Long) args[0]);
        return null;
      }
      case "getMaxRows" -> {
        return (int) Math.min(Integer.MAX_VALUE, maxRows);
      }
      case "getLargeMaxRows" -> {
        return maxRows;
      }
      case "setQueryTimeout" -> {
        timeoutSeconds = (int) nonNegative("query timeout", (Integer) args[0]);
        return null;
      }
      case "getQueryTimeout" -> {
        return timeoutSeconds;
      }
      case "setFetchSize" -> {
        fetchSize = (int) nonNegative("fetch size", (Integer) args[0]);
        return null;
      }
      case "getFetchSize" -> {
        return fetchSize;
      }
      case "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName" -> {
        return null;
      }
      case "getFetchDirection" -> {
        return ResultSet.FETCH_FORWARD;
      }
      case "getResultSetType" -> {
        return ResultSet.TYPE_FORWARD_ONLY;
      }
      case "getResultSetConcurrency" -> {
        return ResultSet.CONCUR_READ_ONLY;
      }
      case "getResultSetHoldability" -> {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      }
      case "isPoolable" -> {
        return false;
      }
      case "closeOnCompletion" -> {
        closeOnCompletion = true;
        return null;
      }
      case "isCloseOnCompletion" -> {
        return closeOnCompletion;
      }
      case "cancel" -> {
        guard.cancel();
        PreparedStatement r = running;
        if (r != null) {
          cancelled = true;
          r.cancel();
        }
        return null;
      }
      case "getConnection" -> {
        return connection;
      }
      case "close" -> {
        ConnectionHandler owner = java.lang.reflect.Proxy.isProxyClass(connection.getClass())
            && java.lang.reflect.Proxy.getInvocationHandler(connection)
                instanceof ConnectionHandler h ? h : null;
        close(owner);
        if (owner != null) {
          owner.forget((Statement) proxy);
        }
        return null;
      }
      case "getGeneratedKeys" -> {
        throw new SQLFeatureNotSupportedException("the journey store generates no keys");
      }
      case "clearParameters" -> {
        parameters.clear();
        return null;
      }
      case "getMetaData" -> {
        return metaData();
      }
      case "getParameterMetaData" -> {
        if (prepared == null) {
          throw new SQLException("a plain statement has no parameters");
        }
        if (parameterMetaData == null) {
          parameterMetaData = describeParameters();
        }
        return parameterMetaData;
      }
      default -> {
        if (prepared != null && name.startsWith("set") && args.length >= 2
            && args[0] instanceof Integer index) {
          bind(name, index, args);
          return null;
        }
        return FORWARD;
      }
    }
  }

  private String sqlArgument(Object[] args) throws SQLException {
    if (prepared != null) {
      if (args.length > 0) {
        throw new SQLException("a prepared statement runs its own SQL: call executeQuery()"
            + " without arguments");
      }
      return null;
    }
    if (args.length == 0 || args[0] == null) {
      throw new SQLException("no SQL given");
    }
    return (String) args[0];
  }

  private static long nonNegative(String what, long value) throws SQLException {
    if (value < 0) {
      throw new SQLException(what + " must be 0 or more, got " + value);
    }
    return value;
  }

  private void bind(String setter, int index, Object[] args) throws SQLException {
    if (index < 1) {
      throw new SQLException("parameter index " + index + " is not valid: parameters count"
          + " from 1");
    }
    Object value = switch (setter) {
      case "setNull" -> null;
      case "setTimestamp", "setDate" -> args.length == 3 && args[2] instanceof Calendar c
          ? Temporal.bindable((java.util.Date) args[1], c) : Temporal.bindable(args[1]);
      case "setObject" -> Temporal.bindable(args[1]);
      case "setBytes", "setString", "setNString", "setBoolean", "setByte", "setShort",
          "setInt", "setLong", "setFloat", "setDouble", "setBigDecimal", "setTime" ->
          Temporal.bindable(args[1]);
      default -> throw new SQLFeatureNotSupportedException(setter + " is not supported;"
          + " bind with setObject, setString or a typed setter");
    };
    while (parameters.size() < index) {
      parameters.add(null);
    }
    parameters.set(index - 1, value);
  }

  private ResultSet execute(Object proxy, String sql) throws SQLException {
    closeCurrent();
    JourneyQuery query = prepared != null ? prepared : JourneyQuery.parse(engine, sql);
    dropTemps();
    guard.reset();
    JourneyQuery.Rewritten run;
    try {
      run = query.materialize(guard.wrap(engine), parameters, tempPrefix);
      guard.check();
    } catch (SQLException e) {
      if (guard.cancelled()) {
        throw guard.cancelledException(e);
      }
      throw e;
    }
    tempTables.addAll(run.tempTables());
    PreparedStatement p = engine.prepareStatement(run.sql());
    try {
      List<Integer> order = run.parameters();
      for (int i = 0; i < order.size(); i++) {
        int caller = order.get(i);
        p.setObject(i + 1, caller <= parameters.size() ? parameters.get(caller - 1) : null);
      }
      if (timeoutSeconds > 0) {
        p.setQueryTimeout(timeoutSeconds);
      }
      cancelled = false;
      running = p;
      if (guard.cancelled()) { // cancelled after the table functions, before running was set
        throw guard.cancelledException(null);
      }
      ResultSet rs;
      try {
        rs = p.executeQuery();
      } catch (SQLTimeoutException e) {
        throw SqlErrors.interrupted(e, cancelled, timeoutSeconds);
      } catch (SQLException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("INTERRUPT")) {
          throw SqlErrors.interrupted(e, cancelled, timeoutSeconds);
        }
        throw e;
      }
      current = ResultSetHandler.wrap(rs, (Statement) proxy, maxRows,
          java.lang.reflect.Proxy.isProxyClass(connection.getClass())
              && java.lang.reflect.Proxy.getInvocationHandler(connection)
                  instanceof ConnectionHandler h && h.avaticaTypes);
      return current;
    } catch (SQLException | RuntimeException e) {
      running = null;
      p.close();
      throw e;
    }
  }

  /**
   * The parameters' types. Asked while a result is open (servers describe a statement after
   * running it), the engine prepares on a session of its own: preparing on this one would end
   * the open result. A query calling a table function reports how many parameters it has,
   * typed VARCHAR: their types are known only when the functions run.
   */
  private java.sql.ParameterMetaData describeParameters() throws SQLException {
    boolean busy = current != null || running != null;
    DuckDBConnection on = busy ? (DuckDBConnection) engine.duplicate() : engine;
    try {
      if (busy) {
        try (Statement use = on.createStatement()) {
          use.execute("USE " + io.journeymap.store.JourneyStore.CATALOG);
        }
      }
      if (!prepared.callsTableFunctions()) {
        try (PreparedStatement p = on.prepareStatement(prepared.sql())) {
          return p.getParameterMetaData();
        }
      }
      return UntypedParameters.of(parameterCount(on, prepared.sql()));
    } finally {
      if (busy) {
        on.close();
      }
    }
  }

  /** How many distinct {@code ?} parameters the engine's parser finds in {@code sql}. */
  private static int parameterCount(DuckDBConnection on, String sql) throws SQLException {
    try (PreparedStatement p = on.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      p.setString(1, sql);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        java.util.Set<String> ids = new java.util.HashSet<>();
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getString(1));
        for (var node : tree.findParents("class")) {
          if ("PARAMETER".equals(node.path("class").asText())) {
            ids.add(node.path("identifier").asText());
          }
        }
        return ids.size();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("cannot read the engine's syntax tree: " + e.getOriginalMessage());
      }
    }
  }

  /**
   * The result's columns before execution. A query calling a table function has its calls
   * computed first, once every parameter is bound, because tools such as Metabase read the
   * columns of a native question this way and cannot take "unknown" for an answer.
   */
  private Object metaData() throws SQLException {
    if (current != null) {
      return current.getMetaData();
    }
    if (prepared == null) {
      return null; // allowed by JDBC: a plain statement has no SQL until executed
    }
    if (!prepared.callsTableFunctions()) {
      try (PreparedStatement p = engine.prepareStatement(prepared.sql())) {
        return p.getMetaData();
      }
    }
    int needed = parameterCount(engine, prepared.sql());
    if (parameters.size() < needed || parameters.subList(0, needed).contains(null)) {
      return null; // allowed by JDBC: unknown until every parameter is bound
    }
    dropTemps();
    JourneyQuery.Rewritten run = prepared.materialize(engine, parameters, tempPrefix);
    tempTables.addAll(run.tempTables());
    try (PreparedStatement p = engine.prepareStatement(run.sql())) {
      return p.getMetaData();
    }
  }

  private void closeCurrent() throws SQLException {
    if (current != null) {
      current.close();
      current = null;
    }
    PreparedStatement r = running;
    running = null;
    if (r != null) {
      r.close();
    }
  }

  private void dropTemps() throws SQLException {
    if (tempTables.isEmpty()) {
      return;
    }
    try (Statement s = engine.createStatement()) {
      for (String t : tempTables) {
        s.execute("DROP TABLE IF EXISTS temp.main." + t);
      }
    }
    tempTables.clear();
  }

  /** Closes the statement and hands its session back to the connection (or closes it). */
  private void close(ConnectionHandler owner) throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeCurrent();
      dropTemps();
    } finally {
      try {
        ((Statement) target).close();
      } finally {
        if (owner != null) {
          owner.release(engine);
        } else {
          engine.close();
        }
      }
    }
  }
}
