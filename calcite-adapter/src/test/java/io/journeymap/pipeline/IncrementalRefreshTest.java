package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.store.StoreDifference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that takes unchanged files from the ingest cache gives exactly the store a build from
 * scratch gives, and reads only what changed: a new file in a glob, a file that grew, a source
 * whose mapping was edited. Each case builds the refreshed store, then a store from scratch over
 * the same files and model, and compares them table by table.
 *
 * <p>Both sides retrain the conversion model: a saved model is the one thing a build carries
 * over on purpose (a refresh would otherwise score with the model of the first build's data,
 * the scratch store with one of all the data), so refitting on both sides keeps every table a
 * function of the data alone. Reusing a saved model is tested in {@code SavedModelTest}.
 */
class IncrementalRefreshTest {
  private static final int DAYS = 4;

  @TempDir
  Path dir;
  Path modelFile;
  Path refreshed;
  Path scratch;

  /** The demo world with its web export split into one file per "day" under web/. */
  @BeforeEach
  void world() throws IOException {
    modelFile = new DemoWorld(1_500, 11).writeTo(dir, n -> { }).model();
    List<String> lines = Files.readAllLines(dir.resolve("web_events.csv"));
    Files.createDirectories(dir.resolve("web"));
    int perDay = (lines.size() - 1 + DAYS - 1) / DAYS;
    for (int d = 0; d < DAYS; d++) {
      List<String> day = new ArrayList<>();
      day.add(lines.get(0));
      day.addAll(lines.subList(1 + d * perDay, Math.min(lines.size(), 1 + (d + 1) * perDay)));
      Files.write(dir.resolve("web/day-" + (d + 1) + ".csv"), day);
    }
    Files.delete(dir.resolve("web_events.csv"));
    edit("path: web_events.csv", "path: web/*.csv");
    refreshed = dir.resolve("refreshed.duckdb");
    scratch = dir.resolve("scratch.duckdb");
  }

  @Test
  void aNewFileInAGlobIsTheOnlyFileRead() throws Exception {
    Path last = dir.resolve("web/day-" + DAYS + ".csv");
    Path aside = dir.resolve("later.csv.txt");
    Files.move(last, aside);
    build(refreshed, true);
    Files.move(aside, last);
    build(refreshed, true);

    assertEquals(List.of("crm|0", "web|1", "product|0", "users|0", "email|0", "support|0",
        "billing|0"), filesRead(refreshed));
    assertSameAsFromScratch();
  }

  @Test
  void aFileThatGrewIsReadAgainWithItsNewRows() throws Exception {
    build(refreshed, true);
    Path crm = dir.resolve("crm_contacts.csv");
    List<String> rows = Files.readAllLines(crm);
    // a day's appended rows: copies of existing contacts under new ids, and one bad row
    List<String> more = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      more.add(rows.get(i).replaceFirst("^[^,]*,", "new-" + i + ","));
    }
    more.add("not a row");
    String newline = Files.readString(crm).contains("\r\n") ? "\r\n" : "\n";
    Files.writeString(crm, String.join(newline, more) + newline,
        java.nio.file.StandardOpenOption.APPEND);
    Files.setLastModifiedTime(crm, FileTime.from(Instant.now().plusSeconds(5)));
    build(refreshed, true);

    assertEquals(List.of("crm|1", "web|0", "product|0", "users|0", "email|0", "support|0",
        "billing|0"), filesRead(refreshed));
    assertSameAsFromScratch();
  }

  @Test
  void anEditedMappingReadsThatSourceOnlyAndAStageEditReadsNothing() throws Exception {
    build(refreshed, true);
    edit("- {regex: \"^/pricing\", to: pricing_viewed}",
        "- {regex: \"^/pric\", to: pricing_viewed}");
    edit("    min_count: 2\n", "    min_count: 3\n");
    build(refreshed, true);
    assertEquals(List.of("crm|0", "web|4", "product|0", "users|0", "email|0", "support|0",
        "billing|0"), filesRead(refreshed));
    assertSameAsFromScratch();

    edit("    min_count: 3\n", "    min_count: 1\n");
    build(refreshed, true);
    assertEquals(List.of("crm|0", "web|0", "product|0", "users|0", "email|0", "support|0",
        "billing|0"), filesRead(refreshed));
    assertSameAsFromScratch();
  }

  @Test
  void aFileLeavingTheGlobLeavesTheStoreAndTheCache() throws Exception {
    build(refreshed, true);
    Files.delete(dir.resolve("web/day-2.csv"));
    build(refreshed, true);
    assertSameAsFromScratch();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         var s = c.createStatement()) {
      s.execute("ATTACH '" + IngestCache.fileFor(refreshed) + "' AS cache (READ_ONLY)");
      var r = s.executeQuery("SELECT count(*) FILTER (WHERE file LIKE '%day-2.csv'),"
          + " count(*) FROM cache.parts");
      r.next();
      assertEquals(0, r.getLong(1), "the deleted file's rows are dropped from the cache");
      assertEquals(DAYS - 1 + 6, r.getLong(2), "one part per remaining file");
    }
  }

  private void assertSameAsFromScratch() throws Exception {
    BuildSummary full = build(scratch, false);
    assertTrue(StoreDifference.rows(scratch, "events") > 20_000, "a store worth comparing");
    Map<String, String> diff = StoreDifference.between(refreshed, scratch);
    assertEquals(Map.of(), diff, "tables whose rows differ (only refreshed / only scratch)");
    assertTrue(full.rowsRead() > 0);
  }

  private BuildSummary build(Path store, boolean reuse) throws IOException {
    JourneyModel m = ModelLoader.load(modelFile);
    return new JourneyBuilder(m, store, BuildListener.SILENT,
        new BuildSettings(1024, reuse, true)).build();
  }

  /** Per source, how many files the last build read rather than took from the cache. */
  private static List<String> filesRead(Path store) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         var s = c.createStatement()) {
      s.execute("ATTACH '" + store + "' AS st (READ_ONLY)");
      List<String> out = new ArrayList<>();
      var r = s.executeQuery("SELECT source, detail FROM st.build_log WHERE phase = 'ingest'"
          + " AND source IS NOT NULL ORDER BY rowid");
      while (r.next()) {
        String detail = r.getString(2);
        var m = java.util.regex.Pattern.compile(
            "(?:taken from the ingest cache, ([0-9,]+) read|([0-9,]+) files? read)").matcher(detail);
        out.add(r.getString(1) + "|" + (!m.find() ? "all"
            : m.group(1) != null ? m.group(1) : m.group(2)));
      }
      return out;
    }
  }

  private void edit(String from, String to) throws IOException {
    String text = Files.readString(modelFile);
    assertTrue(text.contains(from), "the demo model has " + from);
    Files.writeString(modelFile, text.replace(from, to));
  }
}
