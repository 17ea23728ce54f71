package io.journeymap.zeppelin;

import io.journeymap.pipeline.BuildSummary;
import java.util.Locale;

/** What a paragraph asked of the store with {@code %journey(build=...)} before its SQL. */
enum StoreBuild {
  NONE, REFRESH, FULL;

  static StoreBuild parse(String value) {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "refresh", "yes" -> REFRESH;
      case "full" -> FULL;
      case "false", "no", "none" -> NONE;
      default -> throw new IllegalArgumentException("unknown build '" + value + "'; allowed:"
          + " refresh (or true: read only source files that changed) and full (read every"
          + " source again)");
    };
  }

  /** The build's result in one line, as the command line ends a build. */
  String summary(BuildSummary s) {
    if (s == null) {
      return "The store was already current.";
    }
    return String.format(Locale.ROOT, "Built in %.1f s: %,d events from %,d rows read, %,d"
        + " persons, %,d journeys, judged as of %s (%s).", s.seconds(), s.eventsAccepted(),
        s.rowsRead(), s.persons(), s.journeys(), s.asOf(), s.asOfBasis());
  }
}
