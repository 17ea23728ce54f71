package io.journeymap.zeppelin;

import io.journeymap.cli.SqlScript;
import io.journeymap.jdbc.JourneymapDriver;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The interpreter's connection to the journey store: opened on first use (building the store
 * when the model is newer, which can take a while, so not in {@code open()}), reopened if it
 * was lost, with {@code journey.precode} run once on each new connection.
 */
final class StoreSession implements AutoCloseable {
  private final Settings settings;
  private Connection connection;
  private int precodeRuns;

  StoreSession(Settings settings) {
    this.settings = settings;
  }

  /** The open connection, connecting (and running the precode) when there is none. */
  synchronized Connection connection() throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    // the driver directly: DriverManager would look in the caller's class loader, which in
    // Zeppelin need not be the one that loaded this jar
    Connection c = new JourneymapDriver().connect(settings.url(), new Properties());
    try {
      runPrecode(c);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    connection = c;
    return c;
  }

  private void runPrecode(Connection c) throws SQLException {
    List<SqlScript.Statement> statements = SqlScript.split(settings.precode());
    if (!statements.isEmpty()) {
      precodeRuns++;
    }
    for (SqlScript.Statement st : statements) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(st.sql())) {
        while (rs.next()) {
          // read to the end: the precode runs for its effect on the session, not its rows
        }
      } catch (SQLException e) {
        SQLException out = new SQLException(Settings.PRECODE + " failed: "
            + ErrorText.of(st, statements.size(), e).substring("ERROR in ".length()),
            e.getSQLState());
        out.initCause(e);
        throw out;
      }
    }
  }

  /** How many connections ran the precode, for tests that it runs once per connection. */
  synchronized int precodeRuns() {
    return precodeRuns;
  }

  @Override
  public synchronized void close() throws SQLException {
    if (connection != null) {
      try {
        connection.close();
      } finally {
        connection = null;
      }
    }
  }
}
