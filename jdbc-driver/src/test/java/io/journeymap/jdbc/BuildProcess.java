package io.journeymap.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code journeymap build} in a JVM of its own (the test classpath, the command line's main
 * class), its output lines read as they come with the moment each arrived, so a test can kill it
 * at a chosen point of the build.
 */
final class BuildProcess implements AutoCloseable {
  /** One line the build printed (standard error and output together). */
  record Line(long nanos, String text) {}

  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final Thread reader;

  private BuildProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "build-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  static BuildProcess start(Path model, Path store) {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.journeymap.cli.JourneymapCli",
        "build", "--model", model.toString(), "--store", store.toString());
    try {
      return new BuildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        synchronized (lines) {
          lines.add(new Line(System.nanoTime(), l));
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process was killed: its output ends here
    }
  }

  /** Waits for the first line matching {@code test}; fails when the build ends without one. */
  Line await(Predicate<String> test, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    synchronized (lines) {
      for (int seen = 0; ; ) {
        for (; seen < lines.size(); seen++) {
          if (test.test(lines.get(seen).text())) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError("the build never printed the awaited line; it printed:\n"
              + output());
        }
        lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
      }
    }
  }

  /** A line of a finished phase, as the command line prints it: {@code "  ok identity ..."}. */
  static Predicate<String> done(String phase) {
    return l -> l.startsWith("  ok " + phase + " ");
  }

  /** Kills the build at once (SIGKILL: no shutdown hooks, no cleanup) and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the killed build did not end");
    }
    reader.join(5_000);
  }

  /** Waits for the build to finish on its own and returns its exit code. */
  int finish(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the build did not finish in " + timeoutSeconds + " s:\n"
          + output());
    }
    reader.join(5_000);
    return process.exitValue();
  }

  List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  String output() {
    StringBuilder b = new StringBuilder();
    for (Line l : lines()) {
      b.append(l.text()).append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  // ------------------------------------------------------------ what a test checks afterwards

  /** Journeys, stage_conversion rows and build id of the store, read through the driver. */
  record Numbers(long journeys, long stageConversionRows, String buildId) {
    boolean sameCounts(Numbers other) {
      return journeys == other.journeys && stageConversionRows == other.stageConversionRows;
    }
  }

  static Numbers numbers(Path store) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store=" + store);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM journeys),"
             + " (SELECT count(*) FROM stage_conversion), (SELECT build_id FROM build_info)")) {
      r.next();
      return new Numbers(r.getLong(1), r.getLong(2), r.getString(3));
    }
  }

  /** The files of builds in progress or killed: {@code <store>.<id>.building} and its WAL. */
  static List<String> buildingFiles(Path store) {
    return files(store, "[0-9a-f]{8}\\.building(\\.wal)?");
  }

  /** The published versions behind the store link: {@code <store>.<id>}. */
  static List<String> versionFiles(Path store) {
    return files(store, "[0-9a-f]{8}");
  }

  private static List<String> files(Path store, String suffix) {
    String prefix = store.getFileName() + ".";
    try (Stream<Path> all = Files.list(store.getParent())) {
      return all.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.substring(prefix.length()).matches(suffix))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
