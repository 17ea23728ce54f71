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
    current = name;
    if (live) {
      out.print("  .. " + name + "\r");
      out.flush();
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
