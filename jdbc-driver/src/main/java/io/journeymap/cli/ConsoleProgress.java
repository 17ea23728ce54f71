package io.journeymap.cli;

import io.journeymap.pipeline.BuildListener;
import java.io.PrintStream;
import java.util.Locale;

/** Prints build phases as they start and finish, with counters for long phases. */
final class ConsoleProgress implements BuildListener {
  private final PrintStream out;
  private final boolean live = System.console() != null;
  private String current;

  ConsoleProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void phase(String name) {
    phase(name, Double.NaN);
  }

  /**
   * Live, the phase and what to expect overwrite one line; in a log, a phase expected to take
   * a while gets a line of its own when it starts, so a long build never looks stuck.
   */
  @Override
  public void phase(String name, double expectedSeconds) {
    current = name;
    String expect = Double.isNaN(expectedSeconds) ? "" : String.format(Locale.ROOT,
        " (about %.0f s, going by the last build)", Math.max(1, expectedSeconds));
    if (live) {
      out.print("  .. " + name + expect + "\r");
      out.flush();
    } else if (expectedSeconds >= 10) {
      out.println("  .. " + name + expect);
    }
  }

  @Override
  public void progress(String unit, long done, long total) {
    if (live) {
      out.print(String.format(Locale.ROOT, "  .. %s: %,d%s %s\r", current, done,
          total > 0 ? " of " + String.format(Locale.ROOT, "%,d", total) : "", unit));
      out.flush();
    }
  }

  @Override
  public void warning(String message) {
    out.println("  !! " + message + (live ? "          " : ""));
  }

  @Override
  public void done(String name, String result, double seconds) {
    out.println(String.format(Locale.ROOT, "  ok %-18s %s (%.1f s)%s", name, result, seconds,
        live ? "          " : ""));
  }
}
