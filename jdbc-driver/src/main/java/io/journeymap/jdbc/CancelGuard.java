package io.journeymap.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the work a table function does before the query runs cancellable. A table function
 * reads the store through the connection this guard wraps: each statement it opens is
 * cancelled with the query (stopping the engine while it sorts or scans), and each row it
 * reads first checks whether the query was cancelled, because the engine's cancel does not
 * reach a result that is being streamed between fetches.
 */
final class CancelGuard {
  private final Set<Statement> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  /** Starts a new execution: earlier cancels no longer apply. */
  void reset() {
    cancelled = false;
    open.clear();
  }

  void cancel() {
    cancelled = true;
    for (Statement s : open) {
      try {
        s.cancel();
      } catch (SQLException e) {
        // closed meanwhile: nothing left to stop there
      }
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  /** The exception a cancelled query ends with, whatever the engine said on the way. */
  SQLException cancelledException(SQLException cause) {
    SQLException out = new SQLException("query cancelled", "57014");
    if (cause != null) {
      out.initCause(cause);
    }
    return out;
  }

  void check() throws SQLException {
    if (cancelled) {
      throw cancelledException(null);
    }
  }

  /** The engine session as table functions see it. */
  Connection wrap(Connection engine) {
    return wrap(Connection.class, engine);
  }

  private <T> T wrap(Class<T> type, Object target) {
    return type.cast(Proxy.newProxyInstance(CancelGuard.class.getClassLoader(),
        new Class<?>[] {type}, (proxy, method, args) -> call(target, method, args)));
  }

  private Object call(Object target, Method method, Object[] args) throws Throwable {
    if (method.getName().equals("next") && target instanceof ResultSet) {
      check();
    }
    Object out;
    try {
      out = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    Class<?> returned = method.getReturnType();
    if (out instanceof Statement s && (returned == Statement.class
        || returned == PreparedStatement.class)) {
      open.add(s);
      return wrap(returned, out);
    }
    if (out instanceof ResultSet && returned == ResultSet.class) {
      return wrap(ResultSet.class, out);
    }
    return out;
  }
}
