package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The share of a build shown in Zeppelin's progress bar, on a clock the test moves. */
class BuildProgressTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<String> lines = new ArrayList<>();

  @Test
  void withAnEarlierBuildTheShareIsTheElapsedTimeOverItsTotalAndNeverClaimsTheEnd() {
    BuildProgress p = new BuildProgress(lines::add, () -> 3, now::get);
    p.plan(40);
    assertEquals(0, p.percent());
    seconds(10);
    assertEquals(25, p.percent());
    seconds(39);
    assertEquals(97, p.percent());
    seconds(50); // slower than last time: still under 100 until the build ends
    assertEquals(99, p.percent());
    p.finish();
    assertEquals(100, p.percent());
  }

  @Test
  void withoutOneItCountsPhasesOfWhichThereAreOnePerSourceAndTenMore() {
    BuildProgress p = new BuildProgress(lines::add, () -> 2, now::get);
    p.plan(Double.NaN);
    for (int i = 0; i < 3; i++) {
      p.done("phase " + i, "ok", 0.5);
    }
    assertEquals(25, p.percent()); // 3 of 12
    assertEquals(3, lines.size());
    assertTrue(lines.get(0).startsWith("  ok phase 0"), lines.get(0));
  }

  @Test
  void longPhasesAndWarningsAreAnnouncedShortOnesOnlyWhenDone() {
    BuildProgress p = new BuildProgress(lines::add, () -> 1, now::get);
    p.phase("identity", 42);
    p.phase("journeys", 2);
    p.warning("web runs 18 days longer");
    assertEquals(List.of("  .. identity (about 42 s, going by the last build)",
        "  !! web runs 18 days longer"), lines);
  }

  private void seconds(double s) {
    now.set(1_000_000_000L + (long) (s * 1e9));
  }
}
