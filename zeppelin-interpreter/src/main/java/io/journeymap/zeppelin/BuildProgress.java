package io.journeymap.zeppelin;

import io.journeymap.pipeline.BuildListener;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A store build seen from a paragraph: each finished phase as a line of text (streamed, so a
 * long build never looks stuck) and a share done for Zeppelin's progress bar. The share goes by
 * the last build's phase times (elapsed over their sum), else by phases finished, and stays
 * under 100 until the build ends: an estimate must not claim the work is done.
 */
final class BuildProgress implements BuildListener {
  /** Phases a build has besides one per source, for the estimate without an earlier build. */
  private static final int FIXED_PHASES = 10;

  private final Consumer<String> lines;
  private final LongSupplier nanoTime;
  private final IntSupplier sources;
  private int phasesExpected;
  private final long started;
  private volatile double expectedSeconds = Double.NaN;
  private volatile int phasesDone;
  private volatile boolean finished;

  /**
   * @param lines where each line goes
   * @param sources the model's sources (one ingest phase each), asked only when there is no
   *     earlier build to go by, so a paragraph that builds nothing never reads the model
   * @param nanoTime the clock, {@link System#nanoTime} outside tests
   */
  BuildProgress(Consumer<String> lines, IntSupplier sources, LongSupplier nanoTime) {
    this.lines = lines;
    this.nanoTime = nanoTime;
    this.sources = sources;
    this.started = nanoTime.getAsLong();
  }

  @Override
  public void plan(double seconds) {
    expectedSeconds = seconds;
  }

  @Override
  public void phase(String name) {}

  @Override
  public void phase(String name, double seconds) {
    if (seconds >= 10) {
      lines.accept(String.format(Locale.ROOT, "  .. %s (about %.0f s, going by the last build)",
          name, seconds));
    }
  }

  @Override
  public void warning(String message) {
    lines.accept("  !! " + message);
  }

  @Override
  public void done(String name, String result, double seconds) {
    phasesDone++;
    lines.accept(String.format(Locale.ROOT, "  ok %-18s %s (%.1f s)", name, result, seconds));
  }

  /** The build has ended (well or not): from now on the share is 100. */
  void finish() {
    finished = true;
  }

  private synchronized int phasesExpected() {
    if (phasesExpected == 0) {
      phasesExpected = sources.getAsInt() + FIXED_PHASES;
    }
    return phasesExpected;
  }

  /** Share of the build done, 0 to 100. */
  int percent() {
    if (finished) {
      return 100;
    }
    double share = expectedSeconds > 0
        ? (nanoTime.getAsLong() - started) / 1e9 / expectedSeconds
        : (double) phasesDone / phasesExpected();
    return (int) Math.max(0, Math.min(99, Math.floor(share * 100)));
  }
}
