package io.journeymap.jdbc;

import static io.journeymap.jdbc.BuildProcess.buildingFiles;
import static io.journeymap.jdbc.BuildProcess.done;
import static io.journeymap.jdbc.BuildProcess.numbers;
import static io.journeymap.jdbc.BuildProcess.versionFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two {@code journeymap build} runs of one store at once: both finish, one after the other. */
class ConcurrentBuildsTest {
  @TempDir
  Path dir;

  @Test
  void twoBuildsOfOneStoreRunOneAfterTheOtherAndBothSucceed() throws Exception {
    Path model = new DemoWorld(50, 3).writeTo(dir, n -> { }).model();
    Path store = dir.resolve("trial.duckdb");
    try (BuildProcess a = BuildProcess.start(model, store);
         BuildProcess b = BuildProcess.start(model, store)) {
      assertEquals(0, a.finish(120), a.output());
      assertEquals(0, b.finish(120), b.output());
      long aFirst = a.await(done("ingest crm"), 1).nanos();
      long aLast = a.await(done("analyses"), 1).nanos();
      long bFirst = b.await(done("ingest crm"), 1).nanos();
      long bLast = b.await(done("analyses"), 1).nanos();
      assertTrue(aLast < bFirst || bLast < aFirst, "the builds overlapped:\n" + a.output()
          + "---\n" + b.output());
      // the same model and data: the same summary
      assertEquals(summary(a.output()), summary(b.output()));
      System.out.printf(Locale.ROOT, "concurrent builds: build %s ran first, build %s started"
              + " ingesting %.1f s after it ended; %s%n", aLast < bFirst ? "a" : "b",
          aLast < bFirst ? "b" : "a",
          Math.abs(aLast < bFirst ? bFirst - aLast : aFirst - bLast) / 1e9, summary(a.output()));
    }
    BuildProcess.Numbers n = numbers(store);
    assertTrue(n.journeys() > 0 && n.stageConversionRows() > 0, n.toString());
    assertEquals(List.of(), buildingFiles(store));
    assertEquals(1, versionFiles(store).size(), versionFiles(store).toString());
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(DISTINCT build_id), min(build_id)"
             + " FROM build_log")) {
      r.next();
      assertEquals(1, r.getInt(1), "the store holds one build's log");
      assertEquals(n.buildId(), r.getString(2));
    }
  }

  private static String summary(String output) {
    return output.lines().filter(l -> l.startsWith("identifiers ")).findFirst().orElse("?");
  }
}
