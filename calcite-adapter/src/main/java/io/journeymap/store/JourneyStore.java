package io.journeymap.store;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;

/**
 * A built journey store opened read-only. One DuckDB instance per store file and JVM, shared by
 * all connections through {@code duplicate()}; when a new build replaces the file, the next open
 * sees the new build while open connections finish on the old one.
 */
public final class JourneyStore {
  /** Open stores by the path users gave; guarded by its own lock. */
  private static final Map<Path, JourneyStore> OPEN = new HashMap<>();

  private final Path file;
  private final long modified;
  private final DuckDBConnection root;
  /** Open uses (guarded by OPEN): connections that were handed this build. */
  private int users;
  private boolean superseded;

  private JourneyStore(Path file, long modified, DuckDBConnection root) throws SQLException {
    this.file = file;
    this.modified = modified;
    this.root = root;
    requireJourneyStore(root);
  }

  /**
   * Opens (or reuses) the store at {@code file}. A build publishes each version under its own
   * file name behind the store path (a symbolic link), so a changed target means a new build.
   */
  public static JourneyStore open(Path file) throws SQLException {
    Path key = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(key)) {
      throw new SQLException("no journey store at " + key
          + " (build it with: journeymap build --model <model.yaml>)");
    }
    Path target;
    long modified;
    try {
      target = key.toRealPath();
      modified = Files.getLastModifiedTime(target).toMillis();
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read " + key, e);
    }
    synchronized (OPEN) {
      JourneyStore current = OPEN.get(key);
      if (current != null && current.file.equals(target) && current.modified == modified) {
        current.users++;
        return current;
      }
      Properties props = new Properties();
      props.setProperty("duckdb.read_only", "true");
      props.setProperty("jdbc_stream_results", "true");
      DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection(
          "jdbc:duckdb:" + target, props);
      JourneyStore store = new JourneyStore(target, modified, root);
      store.users++;
      OPEN.put(key, store);
      if (current != null) {
        // users of the old build keep it open until they release it
        current.superseded = true;
        current.closeIfUnused();
      }
      return store;
    }
  }

  /** Ends one use begun by {@link #open}; a replaced build is closed after its last user. */
  public void release() {
    synchronized (OPEN) {
      users--;
      closeIfUnused();
    }
  }

  private void closeIfUnused() {
    if (superseded && users <= 0) {
      try {
        root.close();
      } catch (SQLException ignored) {
        // closing a read-only database cannot lose anything
      }
    }
  }

  private static void requireJourneyStore(Connection c) throws SQLException {
    int format;
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM main.build_info")) {
      r.next();
    } catch (SQLException e) {
      c.close();
      throw new SQLException(c + " is not a journey store (no build_info table)", e);
    }
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT max(store_format) FROM main.build_info")) {
      r.next();
      format = r.getInt(1);
    } catch (SQLException e) {
      format = 1; // the first layout had no version column
    }
    if (format != StoreCatalogue.FORMAT) {
      c.close();
      throw new SQLException("this journey store has layout version " + format + " but this"
          + " Journeymap reads version " + StoreCatalogue.FORMAT + ": rebuild it with"
          + " 'journeymap build --model <model file>' (a model= connection rebuilds it itself)");
    }
  }

  public Path file() {
    return file;
  }

  /** A new connection to the store; close it when done. */
  public Connection connect() throws SQLException {
    return root.duplicate();
  }

  /** The store as a DataSource, for Calcite's JDBC adapter. */
  public DataSource dataSource() {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return connect();
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return connect();
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }
}
