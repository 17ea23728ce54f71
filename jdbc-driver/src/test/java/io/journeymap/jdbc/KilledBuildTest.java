package io.journeymap.jdbc;

import static io.journeymap.jdbc.BuildProcess.buildingFiles;
import static io.journeymap.jdbc.BuildProcess.done;
import static io.journeymap.jdbc.BuildProcess.numbers;
import static io.journeymap.jdbc.BuildProcess.versionFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.demo.DemoWorld;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build killed (SIGKILL) at every phase of {@code journeymap build} leaves the previous store
 * readable with the same numbers, and the next build removes what the killed one left and
 * succeeds.
 */
class KilledBuildTest {
  @TempDir
  Path dir;

  /** Where to kill: at the first line matching {@code line}, after {@code delayMillis}. */
  private record KillPoint(String name, Predicate<String> line, long delayMillis,
      boolean pastStart) {}

  private static final List<KillPoint> POINTS = List.of(
      new KillPoint("while starting", l -> l.startsWith("Building "), 0, false),
      new KillPoint("after the first source", done("ingest crm"), 0, true),
      new KillPoint("after ingest", done("ingest billing"), 0, true),
      new KillPoint("mid identity", done("ingest billing"), 250, true),
      new KillPoint("after identity", done("identity"), 0, true),
      new KillPoint("after journeys", done("journeys"), 0, true),
      new KillPoint("after stages", done("stages"), 0, true),
      new KillPoint("after analyses (publishing)", done("analyses"), 0, true));

  @Test
  void aBuildKilledAtAnyPhaseLeavesThePreviousStoreAndTheNextBuildCleansUp() throws Exception {
    Path model = new DemoWorld(50, 3).writeTo(dir, n -> { }).model();
    Path store = dir.resolve("trial.duckdb");
    StoreLocator.build(ModelLoader.load(model), store, BuildListener.SILENT);
    BuildProcess.Numbers baseline = numbers(store);
    assertTrue(baseline.journeys() > 0 && baseline.stageConversionRows() > 0,
        baseline.toString());

    List<String> report = new ArrayList<>();
    List<String> left = buildingFiles(store);
    for (KillPoint point : POINTS) {
      Path published = store.toRealPath();
      String hash = sha256(published);
      long t = System.nanoTime();
      try (BuildProcess build = BuildProcess.start(model, store)) {
        build.await(point.line(), 120);
        if (point.delayMillis() > 0) {
          Thread.sleep(point.delayMillis());
        }
        build.kill();
        String lastLine = build.lines().get(build.lines().size() - 1).text().trim();

        BuildProcess.Numbers after = numbers(store);
        assertTrue(after.sameCounts(baseline), point.name() + ": " + after + " vs " + baseline);
        boolean republished = !store.toRealPath().equals(published);
        if (!republished) {
          assertEquals(hash, sha256(published), point.name() + ": the store file changed");
          assertEquals(baseline.buildId(), after.buildId(), point.name());
        }
        List<String> now = buildingFiles(store);
        if (point.pastStart()) {
          for (String f : left) {
            assertTrue(!now.contains(f), point.name() + ": the killed build's " + f
                + " is still there after the next build started");
          }
        }
        report.add(String.format(Locale.ROOT, "  killed %-28s last line '%s', %s, left %s"
                + " (%.1f s)", point.name(), lastLine.length() > 40 ? lastLine.substring(0, 40)
                : lastLine, republished ? "new version already published" : "store untouched",
            now, (System.nanoTime() - t) / 1e9));
        left = now;
      }
    }

    try (BuildProcess build = BuildProcess.start(model, store)) {
      assertEquals(0, build.finish(120), build.output());
    }
    BuildProcess.Numbers rebuilt = numbers(store);
    assertTrue(rebuilt.sameCounts(baseline), rebuilt + " vs " + baseline);
    assertNotEquals(baseline.buildId(), rebuilt.buildId());
    assertEquals(List.of(), buildingFiles(store), "the finished build removed every killed one");
    assertEquals(1, versionFiles(store).size(), versionFiles(store).toString());
    assertTrue(Files.isSymbolicLink(store));
    System.out.println("killed builds (" + baseline + "):");
    report.forEach(System.out::println);
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(file)));
  }
}
