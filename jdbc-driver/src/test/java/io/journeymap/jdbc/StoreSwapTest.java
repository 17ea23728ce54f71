package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.journeymap.demo.DemoWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rebuild is seen by new connections while open ones finish on the build they started with. */
class StoreSwapTest {
  @TempDir
  Path dir;

  private static String buildId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT build_id FROM build_info")) {
      r.next();
      return r.getString(1);
    }
  }

  @Test
  void newConnectionsSeeTheNewBuild() throws Exception {
    Path model = new DemoWorld(200, 5).writeTo(dir, n -> { }).model();
    String url = "jdbc:journeymap:model=" + model;
    try (Connection first = DriverManager.getConnection(url)) {
      String before = buildId(first);
      // an edited model is newer than its store: the next connection rebuilds
      Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
      try (Connection second = DriverManager.getConnection(url)) {
        String after = buildId(second);
        assertNotEquals(before, after);
        assertEquals(before, buildId(first), "an open connection keeps its build");
      }
    }
    try (var files = Files.list(dir)) {
      assertEquals(1, files.filter(p -> p.getFileName().toString()
          .matches("journey\\.journeymap\\.duckdb\\.[0-9a-f]{8}")).count(),
          "older builds are removed once replaced");
    }
  }
}
