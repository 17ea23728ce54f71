package io.journeymap.insight;

import java.util.Locale;

/**
 * One thing known about a journey at a moment {@code days} after its start, counting only
 * events before that moment and before the journey's outcome.
 *
 * @param column column name in the feature table
 * @param kind what is measured
 * @param event the canonical event of a count or time to first; the channel of a channel flag;
 *     null otherwise
 * @param days the horizon: days after the start the feature looks at
 */
public record Feature(String column, Kind kind, String event, int days)
    implements java.io.Serializable {
  public enum Kind {
    /** How often the event happened: skewed, so log(1 + n) before standardising. */
    COUNT,
    /** Days from the start to the event's first occurrence; censored at the horizon. */
    DAYS_TO_FIRST,
    /** Distinct days (counted from the start) with any behaviour: log(1 + n). */
    ACTIVE_DAYS,
    /** Distinct kinds of behaviour: log(1 + n). */
    BREADTH,
    /** 1 when the journey's first channel is {@code event}, else 0. */
    CHANNEL
  }

  /** Behaviours describe what a journey did; a channel is where it came from. */
  public boolean behavioural() {
    return kind != Kind.CHANNEL;
  }

  /**
   * The value models use. A journey without the event gets the horizon as its time to first:
   * all that is known is that it had not happened by then (the count says whether it did).
   */
  public double transform(double raw) {
    return switch (kind) {
      case COUNT, ACTIVE_DAYS, BREADTH -> Math.log1p(raw);
      case DAYS_TO_FIRST -> Double.isNaN(raw) ? days : raw;
      case CHANNEL -> raw;
    };
  }

  /** The feature's subject in words, e.g. "setup step completed". */
  public String subject() {
    return switch (kind) {
      case COUNT -> words(event);
      case DAYS_TO_FIRST -> "first " + words(event);
      case ACTIVE_DAYS -> "active days";
      case BREADTH -> "kinds of behaviour";
      case CHANNEL -> "first channel " + event;
    };
  }

  /** A direction in words for labels: more or fewer, earlier or later, than {@code than}. */
  public String direction(boolean higher) {
    return switch (kind) {
      case COUNT -> (higher ? "more " : "fewer ") + words(event);
      case DAYS_TO_FIRST -> (higher ? "later or no " : "earlier ") + words(event);
      case ACTIVE_DAYS -> higher ? "more active days" : "fewer active days";
      case BREADTH -> higher ? "more kinds of behaviour" : "fewer kinds of behaviour";
      case CHANNEL -> higher ? "more often from " + event : "less often from " + event;
    };
  }

  /** One journey's raw value in words, e.g. "setup step completed 3 times". */
  public String describe(double raw) {
    return switch (kind) {
      case COUNT -> raw == 0 ? "no " + words(event) : words(event) + " " + times(raw);
      case DAYS_TO_FIRST -> Double.isNaN(raw) ? "no " + words(event) + " by day " + days
          : "first " + words(event) + " on day " + number(raw);
      case ACTIVE_DAYS -> "active on " + number(raw) + (raw == 1 ? " day" : " days");
      case BREADTH -> number(raw) + (raw == 1 ? " kind" : " kinds") + " of behaviour";
      case CHANNEL -> raw == 1 ? "came through " + event : "did not come through " + event;
    };
  }

  /** A typical raw value (a median) in words, e.g. "0", "day 1.5", "not by day 3". */
  public String typical(double raw) {
    return switch (kind) {
      case COUNT -> number(raw);
      case DAYS_TO_FIRST -> Double.isNaN(raw) ? "not by day " + days : "day " + number(raw);
      case ACTIVE_DAYS -> number(raw) + (raw == 1 ? " day" : " days");
      case BREADTH -> number(raw) + (raw == 1 ? " kind" : " kinds");
      case CHANNEL -> raw >= 0.5 ? event : "another channel";
    };
  }

  static String words(String event) {
    return event.replace('_', ' ');
  }

  static String times(double n) {
    return n == 1 ? "once" : number(n) + " times";
  }

  static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
