package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store older than its data is rebuilt: appended rows, new files of a glob (whatever their
 * time) and removed files count.
 */
class StaleSourcesTest {
  @TempDir
  Path dir;

  @Test
  void appendedRowsAndNewGlobFilesTriggerARebuild() throws Exception {
    Files.createDirectories(dir.resolve("exports"));
    Files.writeString(dir.resolve("exports/day1.csv"), """
        ts,login,event
        2024-01-01T00:00:00Z,a,trial_started
        """);
    Files.writeString(dir.resolve("m.yaml"), CoverageTest.MODEL.replace("path: leads.csv",
        "path: exports/*.csv").replace("path: billing.csv", "path: exports/*.csv")
        .replace("path: web.csv", "path: exports/*.csv").replace("event: {constant: paid}",
            "event: {column: event}").replace("event: {constant: page_viewed}",
            "event: {column: event}").replace("event: {constant: trial_started}",
            "event: {column: event}"));
    Path model = dir.resolve("m.yaml");
    Path store = StoreLocator.forModel(model, null, BuildListener.SILENT);
    String first = buildId(dir);
    assertEquals(first, buildId(dir)); // nothing changed: the same build is served
    StoreLocator.forModel(model, null, BuildListener.SILENT);
    assertEquals(first, buildId(dir));

    Files.writeString(dir.resolve("exports/day2.csv"), """
        ts,login,event
        2024-01-02T00:00:00Z,b,trial_started
        """);
    Files.setLastModifiedTime(dir.resolve("exports/day2.csv"),
        FileTime.from(Instant.now().plusSeconds(5)));
    StoreLocator.forModel(model, null, BuildListener.SILENT);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("6"), rows(c, "SELECT count(*) FROM events"));
    }
    assertEquals(store, dir.resolve("m.journeymap.duckdb").toAbsolutePath());

    // a file copied in with its old time (cp -p, mv) is new all the same
    Files.writeString(dir.resolve("exports/day0.csv"), """
        ts,login,event
        2023-12-31T00:00:00Z,c,trial_started
        """);
    Files.setLastModifiedTime(dir.resolve("exports/day0.csv"),
        FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    String beforeCopy = buildId(dir);
    StoreLocator.forModel(model, null, BuildListener.SILENT);
    assertNotEquals(beforeCopy, buildId(dir));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("9"), rows(c, "SELECT count(*) FROM events"));
    }

    // a removed file takes its rows with it
    Files.delete(dir.resolve("exports/day2.csv"));
    StoreLocator.forModel(model, null, BuildListener.SILENT);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("6"), rows(c, "SELECT count(*) FROM events"));
    }
    String settled = buildId(dir);
    StoreLocator.forModel(model, null, BuildListener.SILENT);
    assertEquals(settled, buildId(dir));
  }

  private static String buildId(Path dir) throws Exception {
    try (Connection c = StoreQueries.open(dir)) {
      return rows(c, "SELECT build_id FROM build_info").get(0);
    }
  }
}
