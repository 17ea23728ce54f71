package io.journeymap.jdbc;

import io.journeymap.build.BuildListener;
import io.journeymap.build.StoreLocator;
import io.journeymap.model.ModelException;
import io.journeymap.sql.JourneySchemas;
import io.journeymap.store.JourneyStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.JourneymapMeta;

/**
 * The {@code jdbc:journeymap:} driver: Calcite's driver with the journey store registered as
 * schema {@code journey} on every connection, BI-friendly SQL defaults (double-quoted
 * identifiers, case-insensitive names, lenient conformance) and read-only behaviour.
 */
public class JourneymapDriver extends org.apache.calcite.jdbc.Driver {
  public static final String PREFIX = "jdbc:journeymap:";
  public static final String VERSION = "0.1.0";
  private static final String STORE_PROPERTY = "journeymap.store";

  static {
    new JourneymapDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Journeymap JDBC Driver", VERSION, "Journeymap", VERSION, false, 0, 1,
        0, 1);
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return JourneymapMeta.create(connection);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    ConnectionTarget target = ConnectionTarget.parse(url.substring(PREFIX.length()));
    Path store;
    try {
      store = resolve(target);
    } catch (ModelException e) {
      throw new SQLException("the model file has problems:\n" + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SQLException(e.getMessage(), e);
    }
    Properties props = new Properties();
    props.setProperty("quoting", "DOUBLE_QUOTE");
    props.setProperty("unquotedCasing", "UNCHANGED");
    props.setProperty("quotedCasing", "UNCHANGED");
    props.setProperty("caseSensitive", "false");
    props.setProperty("conformance", "LENIENT");
    props.setProperty("schema", JourneySchemas.SCHEMA);
    if (info != null) {
      props.putAll(info);
    }
    props.setProperty(STORE_PROPERTY, store.toString());
    return super.connect(PREFIX, props);
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
  protected Handler createHandler() {
    Handler calcite = super.createHandler();
    Map<AvaticaConnection, JourneyStore> stores = new ConcurrentHashMap<>();
    return new Handler() {
      @Override
      public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        calcite.onConnectionInit(connection);
        CalciteConnection c = (CalciteConnection) connection;
        JourneyStore store = JourneyStore.open(Path.of(
            c.getProperties().getProperty(STORE_PROPERTY)));
        stores.put(connection, store);
        JourneySchemas.register(c.getRootSchema(), store);
        c.setSchema(JourneySchemas.SCHEMA);
      }

      @Override
      public void onConnectionClose(AvaticaConnection connection) {
        calcite.onConnectionClose(connection);
        JourneyStore store = stores.remove(connection);
        if (store != null) {
          store.release();
        }
      }

      @Override
      public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
        calcite.onStatementExecute(statement, resultSink);
      }

      @Override
      public void onStatementClose(AvaticaStatement statement) {
        calcite.onStatementClose(statement);
      }
    };
  }
}
