package io.journeymap.model;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human durations model files use: "21 days", "72 hours", "2 weeks", "P21D". */
public final class Durations {
  private static final Pattern HUMAN =
      Pattern.compile("(\\d+)\\s*(d|day|days|h|hour|hours|w|week|weeks|m|min|minute|minutes)");

  private Durations() {}

  /** Returns the duration, or {@code null} when the text is not a duration. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = HUMAN.matcher(t);
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).charAt(0)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          case 'w' -> Duration.ofDays(Math.multiplyExact(7, n));
          default -> Duration.ofMinutes(n);
        };
      } catch (ArithmeticException | NumberFormatException e) {
        // more than any duration holds: callers refuse it as too long
        return java.time.temporal.ChronoUnit.FOREVER.getDuration();
      }
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** "21 days", "36 hours": the form used in reports. */
  public static String format(Duration d) {
    if (d.toHours() % 24 == 0) {
      long days = d.toDays();
      return days + (days == 1 ? " day" : " days");
    }
    return d.toHours() + " hours";
  }
}
