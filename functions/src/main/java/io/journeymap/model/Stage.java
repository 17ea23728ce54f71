package io.journeymap.model;

import java.util.List;

/**
 * One stage of the map: an observable threshold, never a slogan. A journey enters the stage when
 * the rule first holds, counting only events within {@code withinDays} of the journey start.
 *
 * @param events canonical events that count toward the threshold (empty when {@code when} is used)
 * @param minCount how many of those events are needed
 * @param withinDays days after the journey start in which they must happen; {@code null} means the
 *     whole journey window
 * @param when a SQL boolean over running per-journey event counts, one column per canonical event
 *     (e.g. {@code webinar_attended >= 1 AND setup_step_completed >= 2}); exclusive with events
 */
public record Stage(
    String name,
    String description,
    List<String> events,
    int minCount,
    Integer withinDays,
    String when) {

  public Stage {
    events = List.copyOf(events);
  }

  /** The rule as people read it in the {@code stages} table. */
  public String ruleText() {
    String base = when != null
        ? when
        : (minCount > 1 ? "at least " + minCount + " x " : "") + String.join(" or ", events);
    return withinDays == null ? base : base + " within " + withinDays + " days of start";
  }
}
