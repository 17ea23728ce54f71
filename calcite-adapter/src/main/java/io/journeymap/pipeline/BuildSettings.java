package io.journeymap.pipeline;

import io.journeymap.store.JourneyStore;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of the machine a build may take. Memory belongs to the machine that builds, not to the
 * journey, so it is a command-line or system setting rather than a model key.
 *
 * @param memoryMb the store engine's memory bound; beyond it DuckDB spills to a folder beside the
 *     store (the JVM's own heap is bounded by {@code -Xmx} as usual)
 * @param reuseFiles take source files the previous build already mapped from the store's ingest
 *     cache (false reads every file again)
 * @param retrain fit a new conversion model on the current matured journeys and save it, even
 *     when the saved one still fits the model file (false scores with the saved model)
 * @param rowsPerSlice how many rows the engine's operators that do not spill (a window over
 *     every journey's events, a sort of every event) take at once; larger inputs are processed
 *     in slices of whole journeys or events. By default in proportion to the memory bound
 */
public record BuildSettings(long memoryMb, boolean reuseFiles, boolean retrain,
    long rowsPerSlice) {
  /** The system property read by {@link #defaults()}: a size such as {@code 2GB} or {@code 1500MB}. */
  public static final String MEMORY_PROPERTY = "journeymap.build.memory";

  public static final long MINIMUM_MB = 256;

  private static final Pattern SIZE =
      Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(k|kb|m|mb|g|gb|t|tb)?\\s*",
          Pattern.CASE_INSENSITIVE);

  public BuildSettings {
    // reading a CSV source takes a 64 MB buffer per thread (lines of up to 64 MB are allowed)
    if (memoryMb < MINIMUM_MB) {
      throw new IllegalArgumentException("a build needs at least " + MINIMUM_MB + " MB of"
          + " memory, not " + memoryMb + " MB");
    }
    if (rowsPerSlice < 1) {
      throw new IllegalArgumentException("a slice needs at least one row, not " + rowsPerSlice);
    }
  }

  /** Settings that slice in proportion to {@code memoryMb}. */
  public BuildSettings(long memoryMb, boolean reuseFiles, boolean retrain) {
    // about 400 bytes of engine memory per row: at 50M events a window over 5M rows of
    // journey events ran within 2 GB where the whole ran out of it
    this(memoryMb, reuseFiles, retrain, memoryMb * 2_500);
  }

  /** Settings that score with the saved model, if there is one. */
  public BuildSettings(long memoryMb, boolean reuseFiles) {
    this(memoryMb, reuseFiles, false);
  }

  /** {@code -Djourneymap.build.memory=<size>} if set, else half of the machine's memory. */
  public static BuildSettings defaults() {
    String configured = System.getProperty(MEMORY_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new BuildSettings(parseMegabytes(configured), true);
    }
    return new BuildSettings(JourneyStore.halfOfMachineMemoryMb(), true);
  }

  /** The same settings with file reuse switched on or off. */
  public BuildSettings withReuseFiles(boolean reuse) {
    return new BuildSettings(memoryMb, reuse, retrain, rowsPerSlice);
  }

  /** The same settings, fitting a new conversion model or not. */
  public BuildSettings withRetrain(boolean fit) {
    return new BuildSettings(memoryMb, reuseFiles, fit, rowsPerSlice);
  }

  /**
   * A size in megabytes from text such as {@code 2GB}, {@code 1500MB} or {@code 1500} (MB).
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static long parseMegabytes(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a memory size; write e.g. 2GB,"
          + " 1500MB or 1500 (megabytes)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "mb" : m.group(2).toLowerCase(Locale.ROOT);
    double mb = switch (unit.charAt(0)) {
      case 'k' -> value / 1024;
      case 'g' -> value * 1024;
      case 't' -> value * 1024 * 1024;
      default -> value;
    };
    return Math.round(mb);
  }
}
