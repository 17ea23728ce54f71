package io.journeymap.jdbc;

import io.journeymap.store.JourneyStore;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * A connection to a journey store: read-only, with transactions as harmless no-ops (pools and
 * BI tools call commit and rollback), schema {@value JourneyStore#CATALOG}, and statements and
 * metadata of the driver's own.
 */
final class ConnectionHandler extends Forwarding {
  private final JourneyStore store;
  private final String url;
  private boolean closed;

  private ConnectionHandler(DuckDBConnection engine, JourneyStore store, String url) {
    super(engine);
    this.store = store;
    this.url = url;
  }

  static Connection open(JourneyStore store, String url) throws SQLException {
    DuckDBConnection engine = store.connect();
    return proxy(Connection.class, new ConnectionHandler(engine, store, url));
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
        return StatementHandler.plain(self, engine);
      }
      case "prepareStatement" -> {
        return StatementHandler.prepared(self, engine, (String) args[0]);
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
            engine.close();
          } finally {
            store.release();
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
