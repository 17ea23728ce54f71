package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.store.StoreDifference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build under a small memory bound spills instead of failing, and gives exactly the tables of
 * a build with plenty of memory; its windows and its sort of events run in slices (thousands of
 * rows here, millions in a real build), the roomy build's in one. Each store is new, so both builds fit their conversion model
 * (none is saved beside either): the scores compare two fits on the same data.
 */
class BoundedMemoryTest {
  @TempDir
  Path dir;

  @Test
  void smallBoundGivesTheSameStore() throws Exception {
    Path modelFile = new DemoWorld(3_000, 7).writeTo(dir, n -> { }).model();
    JourneyModel model = ModelLoader.load(modelFile);
    Path roomy = dir.resolve("roomy.duckdb");
    Path tight = dir.resolve("tight.duckdb");
    new JourneyBuilder(model, roomy, BuildListener.SILENT, new BuildSettings(4096, true)).build();
    BuildSummary s =
        new JourneyBuilder(model, tight, BuildListener.SILENT,
            new BuildSettings(BuildSettings.MINIMUM_MB, true, false, 7_000)).build();

    assertTrue(s.resources().startsWith("engine memory limit 256 MB"), s.resources());
    assertTrue(StoreDifference.rows(tight, "events") > 50_000, "a store worth comparing");
    Map<String, String> diff = StoreDifference.between(roomy, tight);
    assertEquals(Map.of(), diff, "tables whose rows differ (only roomy / only tight)");
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".spill")),
          "the spill folder is removed after the build");
    }
  }

  @Test
  void sizesAreReadWithTheirUnits() {
    assertEquals(2048, BuildSettings.parseMegabytes("2GB"));
    assertEquals(1500, BuildSettings.parseMegabytes("1500MB"));
    assertEquals(1500, BuildSettings.parseMegabytes("1500"));
    assertEquals(512, BuildSettings.parseMegabytes("0.5 g"));
    assertEquals(1, BuildSettings.parseMegabytes("1024kb"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BuildSettings.parseMegabytes("lots"));
    assertTrue(e.getMessage().contains("2GB"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BuildSettings(100, true));
    assertThrows(IllegalArgumentException.class, () -> new BuildSettings(512, true, false, 0));
    assertEquals(2048 * 2_500, new BuildSettings(2048, true).rowsPerSlice());
  }
}
