package io.journeymap.jdbc;

import io.journeymap.store.JourneyStore;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * A connection to a journey store: read-only, with transactions as harmless no-ops (pools and
 * BI tools call commit and rollback), schema {@value JourneyStore#CATALOG}, and statements and
 * metadata of the driver's own.
 */
final class ConnectionHandler extends Forwarding {
  private final Held held;
  private final String url;
  private boolean closed;

  /**
   * Each statement gets its own engine session: the engine streams one result per session, so
   * two statements sharing one would end each other's results (and their funnel tables).
   */
  private DuckDBConnection session(DuckDBConnection engine) throws SQLException {
    DuckDBConnection reused = idle.pollFirst();
    if (reused != null) {
      return reused;
    }
    DuckDBConnection s = (DuckDBConnection) engine.duplicate();
    try (java.sql.Statement use = s.createStatement()) {
      use.execute("USE " + JourneyStore.CATALOG);
    }
    return s;
  }

  /** Open statements, closed with the connection. */
  private final java.util.Set<java.sql.Statement> statements =
      java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

  private <T extends java.sql.Statement> T track(T statement) {
    statements.add(statement);
    return statement;
  }

  /** Sessions of closed statements, reused by the next: tools open a statement per query. */
  private final java.util.concurrent.ConcurrentLinkedDeque<DuckDBConnection> idle =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  /** Called by a statement when it closes. */
  void forget(java.sql.Statement statement) {
    statements.remove(statement);
  }

  /** Takes back a closed statement's session (its temporary tables already dropped). */
  void release(DuckDBConnection session) throws SQLException {
    if (closed || idle.size() >= 4) {
      session.close();
    } else {
      idle.addFirst(session);
    }
  }

  /** Results in the types the server's protocol carries (see {@link JourneymapDriver#WIRE}). */
  final boolean avaticaTypes;

  private ConnectionHandler(DuckDBConnection engine, JourneyStore store, String url,
      boolean avaticaTypes) {
    super(engine);
    this.url = url;
    this.avaticaTypes = avaticaTypes;
    this.held = new Held(engine, store, idle, new java.util.concurrent.atomic.AtomicBoolean());
  }

  /** Closes what a connection holds when a caller forgets to close it (a leaked connection). */
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  static Connection open(JourneyStore store, String url, boolean avaticaTypes)
      throws SQLException {
    DuckDBConnection engine = store.connect();
    ConnectionHandler handler = new ConnectionHandler(engine, store, url, avaticaTypes);
    Connection connection = proxy(Connection.class, handler);
    CLEANER.register(connection, handler.held);
    return connection;
  }

  /**
   * What a connection holds, released exactly once: by close(), or by the cleaner if the
   * connection is collected unclosed. It must not refer to the connection itself.
   */
  private record Held(DuckDBConnection engine, JourneyStore store,
      java.util.Deque<DuckDBConnection> idle, java.util.concurrent.atomic.AtomicBoolean done)
      implements Runnable {
    @Override
    public void run() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      try {
        for (DuckDBConnection s : idle) {
          s.close();
        }
        idle.clear();
        engine.close();
      } catch (SQLException ignored) {
        // a session that cannot close is gone with the engine
      } finally {
        store.release();
      }
    }
  }

  @Override
  Object answer(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("isClosed")) {
      return closed;
    }
    if (name.equals("isValid")) {
      return !closed;
    }
    if (closed && !name.equals("close") && !name.equals("abort")) {
      throw new SQLException("connection is closed");
    }
    DuckDBConnection engine = (DuckDBConnection) target;
    Connection self = (Connection) proxy;
    switch (name) {
      case "createStatement" -> {
        return track(StatementHandler.plain(self, session(engine)));
      }
      case "prepareStatement" -> {
        DuckDBConnection session = session(engine);
        try {
          return track(StatementHandler.prepared(self, session, (String) args[0]));
        } catch (SQLException | RuntimeException e) {
          release(session);
          throw e;
        }
      }
      case "prepareCall" -> {
        throw new SQLFeatureNotSupportedException("the journey store has no stored procedures;"
            + " call table functions in a query: SELECT * FROM funnel(steps => 'a,b')");
      }
      case "getMetaData" -> {
        return MetadataHandler.wrap(engine.getMetaData(), self, url);
      }
      case "setAutoCommit", "commit", "rollback", "setTransactionIsolation", "setReadOnly",
          "setHoldability", "setClientInfo", "setNetworkTimeout", "releaseSavepoint",
          "clearWarnings", "setTypeMap" -> {
        return null; // nothing is ever written, so there is nothing to commit or undo
      }
      case "getAutoCommit", "isReadOnly" -> {
        return true;
      }
      case "getTransactionIsolation" -> {
        return Connection.TRANSACTION_SERIALIZABLE;
      }
      case "getHoldability" -> {
        return java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT;
      }
      case "getNetworkTimeout" -> {
        return 0;
      }
      case "getWarnings" -> {
        return null;
      }
      case "getSchema" -> {
        return JourneyStore.CATALOG;
      }
      case "setSchema" -> {
        String schema = args[0] == null ? "" : ((String) args[0]).toLowerCase(Locale.ROOT);
        if (!schema.equals(JourneyStore.CATALOG)) {
          throw new SQLException("unknown schema '" + args[0] + "'; the only schema is "
              + JourneyStore.CATALOG);
        }
        return null;
      }
      case "getCatalog" -> {
        return null;
      }
      case "setCatalog" -> {
        return null;
      }
      case "setSavepoint" -> {
        throw new SQLFeatureNotSupportedException("the journey store is read-only: no"
            + " savepoints");
      }
      case "close", "abort" -> {
        if (!closed) {
          closed = true;
          try {
            for (java.sql.Statement s : List.copyOf(statements)) {
              s.close();
            }
          } finally {
            held.run();
          }
        }
        return null;
      }
      default -> {
        return FORWARD;
      }
    }
  }
}
