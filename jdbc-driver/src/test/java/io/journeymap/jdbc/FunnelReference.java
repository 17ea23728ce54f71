package io.journeymap.jdbc;

import io.journeymap.funnel.FunnelMode;
import io.journeymap.funnel.WindowFunnel;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code funnel()} should return, computed without the SQL layer: every event of the store
 * is read as stored, cut at {@code build_info.as_of} and grouped by subject here; each subject's
 * events (all of them, matching a step or not) are evaluated with {@link WindowFunnel}, and the
 * per-step counts, rates and medians are aggregated here.
 */
final class FunnelReference {
  /** One expected row of {@code funnel()}; rates and medians are null where undefined. */
  record Row(int step, String event, long reached, Double rateFromPrevious, Double previousLow,
      Double previousHigh, Double rateFromFirst, Double firstLow, Double firstHigh,
      Double medianHoursFromPrevious, String sampleNote, long stillInWindow) {}

  private record Event(long atMillis, long id, String name) {}

  private static final Comparator<Event> TIME_ORDER =
      Comparator.comparingLong(Event::atMillis).thenComparingLong(Event::id);

  private final Map<String, List<Event>> bySubject;
  private final double journeyWindowDays;
  private final long asOfMillis;

  private FunnelReference(Map<String, List<Event>> bySubject, double journeyWindowDays,
      long asOfMillis) {
    this.bySubject = bySubject;
    this.journeyWindowDays = journeyWindowDays;
    this.asOfMillis = asOfMillis;
  }

  /** Reads the journey's subject, window and as-of, and every event of a subject up to as-of. */
  static FunnelReference read(Connection duck) throws SQLException {
    String subject;
    double windowDays;
    LocalDateTime asOf;
    Map<String, List<Event>> bySubject = new HashMap<>();
    try (Statement s = duck.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT subject, window_days, as_of FROM build_info")) {
        if (!r.next()) {
          throw new IllegalStateException("build_info is empty");
        }
        subject = r.getString(1);
        windowDays = r.getDouble(2);
        asOf = r.getObject(3, LocalDateTime.class);
      }
      String column = switch (subject) {
        case "person" -> "person_id";
        case "account" -> "account_id";
        default -> throw new IllegalStateException("unknown subject " + subject);
      };
      try (ResultSet r = s.executeQuery("SELECT " + column + ", occurred_at, event_id, event"
          + " FROM events")) {
        while (r.next()) {
          String id = r.getString(1);
          LocalDateTime at = r.getObject(2, LocalDateTime.class);
          if (id == null || at.isAfter(asOf)) {
            continue;
          }
          bySubject.computeIfAbsent(id, k -> new ArrayList<>()).add(new Event(
              at.toInstant(ZoneOffset.UTC).toEpochMilli(), r.getLong(3), r.getString(4)));
        }
      }
    }
    bySubject.values().forEach(events -> events.sort(TIME_ORDER));
    return new FunnelReference(bySubject, windowDays,
        asOf.toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  /** Modes as named in the docs, read here rather than by the engine's parser. */
  static Set<FunnelMode> modes(String mode) {
    Set<FunnelMode> modes = EnumSet.noneOf(FunnelMode.class);
    if (mode == null) {
      return modes;
    }
    for (String m : mode.split(",")) {
      switch (m.trim()) {
        case "default" -> { }
        case "strict_order" -> modes.add(FunnelMode.STRICT_ORDER);
        case "strict_deduplication" -> modes.add(FunnelMode.STRICT_DEDUPLICATION);
        case "strict_increase" -> modes.add(FunnelMode.STRICT_INCREASE);
        default -> throw new IllegalArgumentException(m);
      }
    }
    return modes;
  }

  /** The expected rows of {@code funnel(steps, windowDays, mode)}; null means the default. */
  List<Row> rows(String stepList, Integer windowDays, String mode) {
    List<String> steps = Arrays.stream(stepList.split(",")).map(String::trim).toList();
    long windowMillis = windowDays != null ? windowDays * 86_400_000L
        : Math.round(journeyWindowDays * 86_400_000L);
    WindowFunnel funnel = new WindowFunnel(steps.size(), windowMillis, modes(mode));
    long[] reached = new long[steps.size()];
    List<List<Double>> hours = new ArrayList<>();
    steps.forEach(s -> hours.add(new ArrayList<>()));
    // a subject counts once a chain of theirs is final: a step-1 event a whole window before
    // as-of; the others are left out and counted
    long latestStart = asOfMillis - windowMillis;
    long stillInWindow = 0;
    for (List<Event> events : bySubject.values()) {
      List<Long> starts = events.stream().filter(e -> e.name().equals(steps.get(0)))
          .map(Event::atMillis).toList();
      if (starts.isEmpty()) {
        continue;
      }
      if (starts.stream().allMatch(t -> t > latestStart)) {
        stillInWindow++;
        continue;
      }
      long[] times = new long[events.size()];
      int[][] matches = new int[events.size()][];
      for (int i = 0; i < events.size(); i++) {
        times[i] = events.get(i).atMillis();
        String name = events.get(i).name();
        // a funnel may name one event twice: it then matches both steps
        matches[i] = java.util.stream.IntStream.range(0, steps.size())
            .filter(s -> steps.get(s).equals(name)).toArray();
      }
      WindowFunnel.Result result = funnel.evaluate(times, matches, latestStart);
      for (int s = 0; s < result.level(); s++) {
        reached[s]++;
        if (s > 0) {
          hours.get(s).add((result.times()[s] - result.times()[s - 1]) / 3_600_000.0);
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < steps.size(); s++) {
      long previous = s == 0 ? reached[0] : reached[s - 1];
      Proportion fromPrevious = Proportion.wilson(reached[s], previous);
      Proportion fromFirst = Proportion.wilson(reached[s], reached[0]);
      // the documented rule: under 30 trials, or a rare outcome whose interval spans over 10 points
      boolean thin = previous < 30 || (reached[s] < 5 || previous - reached[s] < 5)
          && fromPrevious.high() - fromPrevious.low() > 0.10;
      rows.add(new Row(s + 1, steps.get(s), reached[s], orNull(fromPrevious.rate()),
          orNull(fromPrevious.low()), orNull(fromPrevious.high()), orNull(fromFirst.rate()),
          orNull(fromFirst.low()), orNull(fromFirst.high()), median(hours.get(s)),
          s > 0 && thin ? "small sample" : null, stillInWindow));
    }
    return rows;
  }

  /** Middle value, or the mean of the middle two; null when there are none. */
  static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
