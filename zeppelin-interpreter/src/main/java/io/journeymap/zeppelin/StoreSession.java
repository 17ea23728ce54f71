package io.journeymap.zeppelin;

import io.journeymap.cli.SqlScript;
import io.journeymap.jdbc.ConnectionTarget;
import io.journeymap.jdbc.JourneymapDriver;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.BuildSettings;
import io.journeymap.pipeline.BuildSummary;
import io.journeymap.pipeline.StoreLocator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The interpreter's connection to the journey store: opened on first use (building the store
 * when the model or its data are newer, which can take a while, so not in {@code open()} and
 * with the paragraph told each phase), reopened if it was lost, with {@code journey.precode}
 * run once on each new connection. A paragraph may also ask for a rebuild.
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
    return connection(BuildListener.SILENT);
  }

  /**
   * The open connection; when there is none and the store must first be built from its model,
   * the build reports to {@code listener}.
   */
  synchronized Connection connection(BuildListener listener) throws SQLException {
    if (connection != null && !connection.isClosed()) {
      return connection;
    }
    Path model = model();
    if (model != null) {
      try {
        StoreLocator.forModel(model, target().store(), listener);
      } catch (RuntimeException e) {
        throw new SQLException("cannot build the journey store of " + model + ": "
            + e.getMessage(), "08001", e);
      }
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

  /**
   * Builds the store again from its model (only source files that changed are read again,
   * unless {@code full}); connections opened after it see the new store.
   *
   * @throws IllegalStateException when the interpreter names a store or a server, not a model
   */
  synchronized BuildSummary rebuild(BuildListener listener, boolean full) throws SQLException {
    Path model = model();
    if (model == null) {
      throw new IllegalStateException("build= needs a model: set " + Settings.MODEL + " (or "
          + Settings.URL + " to jdbc:journeymap:model=... or jdbc:journeymap:demo); this"
          + " interpreter reads " + settings.url() + ", which it cannot rebuild");
    }
    close();
    JourneyModel m = ModelLoader.load(model);
    Path store = target().store();
    return StoreLocator.build(m, store != null ? store : m.defaultStore(), listener,
        BuildSettings.defaults().withReuseFiles(!full));
  }

  /** Sources of the model behind the URL (0 for a store or a server), for progress estimates. */
  int sources() {
    try {
      Path model = model();
      return model == null ? 0 : ModelLoader.load(model).sources().size();
    } catch (SQLException | RuntimeException e) {
      return 0; // the connection attempt reports what is wrong
    }
  }

  private ConnectionTarget target() throws SQLException {
    return ConnectionTarget.parse(settings.url().substring("jdbc:journeymap:".length()));
  }

  /** The model file behind the URL, or null for a store or a server. */
  private Path model() throws SQLException {
    ConnectionTarget t = target();
    return t.demo() ? StoreLocator.demoModel(BuildListener.SILENT) : t.model();
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
