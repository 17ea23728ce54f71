package io.journeymap.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each phase of the last build took, and over how many rows, so a long build can say
 * what to expect before each phase ("identity: about 50 s") instead of going quiet.
 *
 * @param seconds per phase (and per source for ingest), keyed {@code phase} or {@code phase source}
 * @param rowsRead rows read by that build, to scale the phases whose cost follows the rows
 */
record PhaseTimes(Map<String, Double> seconds, long rowsRead) {
  static final PhaseTimes NONE = new PhaseTimes(Map.of(), 0);

  PhaseTimes {
    seconds = Map.copyOf(seconds);
  }

  /** From a build's log rows ({phase, source, ..., seconds}). */
  static PhaseTimes of(List<Object[]> log, long rowsRead) {
    Map<String, Double> s = new HashMap<>();
    for (Object[] row : log) {
      double took = row[row.length - 1] instanceof Number n ? n.doubleValue() : 0;
      if (took > 0) {
        s.merge(key((String) row[0], (String) row[1]), took, Double::sum);
      }
    }
    return new PhaseTimes(s, rowsRead);
  }

  static String key(String phase, String source) {
    return source == null ? phase : phase + " " + source;
  }

  /** The last build's time of a phase, or NaN when unknown. */
  double seconds(String phase, String source) {
    return seconds.getOrDefault(key(phase, source), Double.NaN);
  }

  /** The last build's time of all its phases, or NaN when there was none. */
  double total() {
    return seconds.isEmpty() ? Double.NaN
        : seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** The last build's time of a phase scaled to this build's rows, or NaN when unknown. */
  double scaled(String phase, long rowsNow) {
    Double s = seconds.get(phase);
    if (s == null || rowsRead <= 0) {
      return Double.NaN;
    }
    return s * rowsNow / rowsRead;
  }
}
