package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.demo.DemoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and properties that try to make the driver do more than read a journey store. */
class HostileStoreTest {
  @TempDir
  Path dir;

  @Test
  void aFileWithABuildInfoTableAndFileReadingViewsIsNoStore() throws Exception {
    Path hostile = dir.resolve("hostile.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + hostile);
         Statement s = c.createStatement()) {
      s.execute("CREATE VIEW build_info AS SELECT * FROM read_text('/etc/hostname')");
      s.execute("CREATE VIEW passwd AS SELECT * FROM read_csv('/etc/passwd')");
    }
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:store=" + hostile));
    assertTrue(e.getMessage().contains("not a journey store"), e.getMessage());
    assertTrue(e.getCause() != null && e.getCause().getMessage()
        .contains("disabled by configuration"), String.valueOf(e.getCause()));
  }

  @Test
  void aHalfBuiltStoreIsRefusedAndTheNextBuildClearsKilledBuilds() throws Exception {
    Path model = new DemoWorld(40, 5).writeTo(dir, n -> { }).model();
    Path store = dir.resolve("j.duckdb");
    // what a killed build leaves: the tables exist, the finished build's facts do not
    Path killed = dir.resolve("j.duckdb.0badf00d.building");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + killed);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE build_info (build_id VARCHAR, store_format INTEGER)");
    }
    Files.writeString(dir.resolve("j.duckdb.0badf00d.building.wal"), "x");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:journeymap:store=" + killed));
    assertTrue(e.getMessage().contains("its build did not finish"), e.getMessage());
    StoreLocator.forModel(model, store, BuildListener.SILENT);
    assertFalse(Files.exists(killed));
    assertFalse(Files.exists(dir.resolve("j.duckdb.0badf00d.building.wal")));
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store=" + store)) {
      assertTrue(c.isReadOnly());
    }
  }

  @Test
  void onlyUserAndPasswordMayBePassed() throws Exception {
    Path model = new DemoWorld(40, 5).writeTo(dir, n -> { }).model();
    String url = "jdbc:journeymap:model=" + model;
    Properties tools = new Properties();
    tools.setProperty("user", "analyst");
    tools.setProperty("password", "");
    try (Connection c = DriverManager.getConnection(url, tools)) {
      assertEquals("journey", c.getSchema());
    }
    for (String name : new String[] {"model", "fun", "schemaFactory", "duckdb.read_only"}) {
      Properties p = new Properties();
      p.setProperty(name, "x");
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url, p), name);
      assertTrue(e.getMessage().startsWith("unknown connection property '" + name + "'"),
          e.getMessage());
    }
  }
}
