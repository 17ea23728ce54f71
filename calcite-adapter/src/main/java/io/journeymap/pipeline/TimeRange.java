package io.journeymap.pipeline;

import io.journeymap.model.Journey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The plausible event times of a build; rows outside are rejected, not trusted. */
final class TimeRange {
  private TimeRange() {}

  /** The model's lower bound, or 1970 (no export's events are older). */
  static Instant lower(Journey journey) {
    return journey.timeFrom() != null ? journey.timeFrom() : Instant.EPOCH;
  }

  /** The model's upper bound, or a year after today (a date further ahead is a typo). */
  static Instant upper(Journey journey) {
    return journey.timeTo() != null ? journey.timeTo()
        : Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(366));
  }
}
