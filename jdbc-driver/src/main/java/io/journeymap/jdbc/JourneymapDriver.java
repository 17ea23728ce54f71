package io.journeymap.jdbc;

import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.model.ModelException;
import io.journeymap.store.JourneyStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:journeymap:} driver. A connection is a session of the store engine (DuckDB)
 * with the journey store attached read-only: queries are written in the engine's
 * PostgreSQL-flavoured dialect and answered by the engine itself, so the driver's numbers are the
 * store's numbers. The driver adds what BI tools and analysts need around it: the journey
 * table functions, read-only guarding, catalogue metadata, java.time values, cancel, timeouts
 * and row caps. See docs/sql.md. With {@code server=} the connection goes to a journeymap server
 * that owns the store ({@link JourneyServer}).
 */
public final class JourneymapDriver implements Driver {
  public static final String PREFIX = "jdbc:journeymap:";
  public static final String VERSION = "0.1.0";
  static final int MAJOR = 0;
  static final int MINOR = 1;
  private static final java.util.concurrent.atomic.AtomicBoolean WARM =
      new java.util.concurrent.atomic.AtomicBoolean();

  static {
    try {
      DriverManager.registerDriver(new JourneymapDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    checkProperties(info);
    ConnectionTarget target = ConnectionTarget.parse(url.substring(PREFIX.length()));
    if (target.server() != null) {
      return RemoteConnection.open(target.server(), info);
    }
    Path store;
    try {
      store = resolve(target);
    } catch (ModelException e) {
      throw new SQLException("the model file has problems:\n" + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SQLException(e.getMessage(), e);
    }
    JourneyStore opened = JourneyStore.open(store);
    try {
      Connection connection = ConnectionHandler.open(opened, url,
          info != null && "avatica".equalsIgnoreCase(info.getProperty(WIRE)));
      if (WARM.compareAndSet(false, true)) {
        // the first query of a JVM pays for loading the driver's path; pay it while connecting
        try (var s = connection.createStatement(); var r = s.executeQuery("SELECT 1")) {
          r.next();
        }
        // and for reading a table function call's syntax tree (parsed, not run)
        try (var p = connection.prepareStatement("SELECT * FROM funnel(steps => ?)")) {
          p.getParameterMetaData();
        } catch (SQLException expected) {
          // parameter types of a table function call are known only when it runs
        }
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      opened.release();
      throw e;
    }
  }

  /**
   * {@code wire=avatica}: results in the types the server's protocol (Avatica) carries: 128-bit
   * integers (what {@code sum()} of a BIGINT gives) as DECIMAL(38, 0), TIMESTAMP WITH TIME ZONE
   * as TIMESTAMP (the UTC wall clock). The server sets it; other clients need not.
   */
  static final String WIRE = "wire";

  /** Tools send a user and password; nothing else may change how a connection behaves. */
  static final java.util.Set<String> PROPERTIES = java.util.Set.of("user", "password", WIRE);

  private static void checkProperties(Properties info) throws SQLException {
    if (info == null) {
      return;
    }
    for (String name : info.stringPropertyNames()) {
      if (!PROPERTIES.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        throw new SQLException("unknown connection property '" + name + "'; allowed: user,"
            + " password, wire=avatica (the password is the server's token with server=;"
            + " otherwise ignored: the store is read-only for everyone who can open it)",
            "08001");
      }
    }
    String wire = info.getProperty(WIRE);
    if (wire != null && !wire.equalsIgnoreCase("avatica")) {
      throw new SQLException("connection property wire takes one value, avatica; got '" + wire
          + "'", "08001");
    }
  }

  private static Path resolve(ConnectionTarget target) {
    if (target.demo()) {
      return StoreLocator.forModel(StoreLocator.demoModel(BuildListener.SILENT), null,
          BuildListener.SILENT);
    }
    if (target.model() != null) {
      return StoreLocator.forModel(target.model(), target.store(), BuildListener.SILENT);
    }
    return target.store();
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return MINOR;
  }

  @Override
  public boolean jdbcCompliant() {
    return false; // read-only by design: no updates, no transactions
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the driver does not log through java.util.logging");
  }
}
