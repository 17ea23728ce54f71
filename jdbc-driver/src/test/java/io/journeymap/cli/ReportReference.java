package io.journeymap.cli;

import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The numbers of the {@code report} view recomputed from the store's base tables only
 * ({@code build_info}, {@code stages}, {@code journeys}, {@code stage_entries}, {@code events}),
 * never from the analysis tables the view prints ({@code stage_conversion}, {@code stage_reach},
 * {@code drop_offs}, {@code channel_quality}). Rates are formatted as the view prints them.
 */
final class ReportReference {
  /**
   * {@code recent}: journeys whose window had not ended at as-of (left out of rates), of them
   * {@code recentConverted} already converted.
   */
  record Totals(LocalDateTime asOf, String basis, long journeys, long converted, long failed,
      long dropped, long open, long recent, long recentConverted) {}

  record Pair(String from, String to, long entered, long advanced, long judgedAdvanced,
      long judged, String rate, String interval, String median, String note) {}

  record Reach(String stage, long reached, long convertedWith, long convertedWithout,
      String shareWithout) {}

  /** The biggest drop-off; {@code stage} is null for journeys that reached no stage. */
  record DropOff(String stage, long stalled, long reached, long failed, String share,
      String interval, String lastEvents) {}

  /** {@code minRank..maxRank}: the ranks a channel may take when it ties with others. */
  record Channel(String channel, long journeys, int minVolumeRank, int maxVolumeRank,
      long conversions, long judged, String rate, String interval, int minQualityRank,
      int maxQualityRank, String note) {}

  /** {@code judged}: the whole window lies before as-of, recomputed from window_ends_at. */
  private record Journey(String status, String channel, boolean judged) {}

  /** An event inside a journey, with the keys that order events at one instant. */
  private record Event(LocalDateTime at, int tieRank, String name, String source, long row) {}

  /**
   * Events at one instant in the documented order: the start event, other events, the success
   * event, failure events; then by event name, source and row.
   */
  private static final Comparator<Event> EVENT_ORDER = Comparator.comparing(Event::at)
      .thenComparingInt(Event::tieRank).thenComparing(Event::name)
      .thenComparing(Event::source).thenComparingLong(Event::row);

  final Totals totals;
  final List<Pair> pairs = new ArrayList<>();
  final List<Reach> reach = new ArrayList<>();
  /** Null when no journey closed without converting. */
  final DropOff biggestDropOff;
  final Map<String, Channel> channels = new TreeMap<>();

  ReportReference(Connection duck) throws SQLException {
    LocalDateTime asOf;
    String basis;
    String startEvent;
    String successEvent;
    Set<String> failureEvents = new HashSet<>();
    // journey -> its last event in the documented order
    Map<Long, Event> lastEvent = new HashMap<>();
    List<String> stages = new ArrayList<>();
    Map<Long, Journey> journeys = new HashMap<>();
    // journey -> stage order -> entered_at
    Map<Long, Map<Integer, LocalDateTime>> entries = new HashMap<>();
    try (Statement s = duck.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT as_of, as_of_basis, start_event,"
          + " success_event, failure_events FROM build_info")) {
        r.next();
        asOf = r.getObject(1, LocalDateTime.class);
        basis = r.getString(2);
        startEvent = r.getString(3);
        successEvent = r.getString(4);
        if (r.getString(5) != null) {
          failureEvents.addAll(List.of(r.getString(5).split(",")));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT journey_id, occurred_at, event, source,"
          + " source_row FROM events WHERE journey_id IS NOT NULL")) {
        while (r.next()) {
          String name = r.getString(3);
          int tieRank = name.equals(startEvent) ? 0 : name.equals(successEvent) ? 2
              : failureEvents.contains(name) ? 3 : 1;
          Event e = new Event(r.getObject(2, LocalDateTime.class), tieRank, name,
              r.getString(4), r.getLong(5));
          lastEvent.merge(r.getLong(1), e, (a, b) -> EVENT_ORDER.compare(a, b) >= 0 ? a : b);
        }
      }
      try (ResultSet r = s.executeQuery("SELECT stage_order, stage FROM stages")) {
        Map<Integer, String> byOrder = new TreeMap<>();
        while (r.next()) {
          byOrder.put(r.getInt(1), r.getString(2));
        }
        stages.addAll(byOrder.values());
        if (!byOrder.keySet().equals(new TreeSet<>(
            IntStream.rangeClosed(1, stages.size()).boxed().toList()))) {
          throw new IllegalStateException("stage orders are not 1..n: " + byOrder);
        }
      }
      try (ResultSet r = s.executeQuery("SELECT journey_id, status, first_channel,"
          + " window_ends_at FROM journeys")) {
        while (r.next()) {
          journeys.put(r.getLong(1), new Journey(r.getString(2), r.getString(3),
              !r.getObject(4, LocalDateTime.class).isAfter(asOf)));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT journey_id, stage_order, entered_at"
          + " FROM stage_entries")) {
        while (r.next()) {
          LocalDateTime before = entries.computeIfAbsent(r.getLong(1), k -> new HashMap<>())
              .put(r.getInt(2), r.getObject(3, LocalDateTime.class));
          if (before != null) {
            throw new IllegalStateException("journey " + r.getLong(1) + " enters stage "
                + r.getInt(2) + " twice");
          }
        }
      }
    }
    Map<Integer, LocalDateTime> none = Map.of();

    totals = new Totals(asOf, basis, journeys.size(), count(journeys, "converted"),
        count(journeys, "failed"), count(journeys, "dropped"), count(journeys, "open"),
        journeys.values().stream().filter(j -> !j.judged()).count(),
        journeys.values().stream().filter(j -> !j.judged() && j.status().equals("converted"))
            .count());

    // STAGE FUNNEL: consecutive pairs
    for (int from = 1; from < stages.size(); from++) {
      int to = from + 1;
      long entered = 0;
      long advanced = 0;
      long judged = 0;
      long judgedAdvanced = 0;
      long bypassed = 0;
      List<Double> hours = new ArrayList<>();
      for (Map.Entry<Long, Journey> j : journeys.entrySet()) {
        Map<Integer, LocalDateTime> e = entries.getOrDefault(j.getKey(), none);
        boolean reachedFrom = e.containsKey(from);
        boolean reachedTo = e.containsKey(to);
        boolean counts = j.getValue().judged();
        if (reachedFrom) {
          entered++;
          judged += counts ? 1 : 0;
          if (reachedTo) {
            advanced++;
            judgedAdvanced += counts ? 1 : 0;
            if (counts && !e.get(to).isBefore(e.get(from))) {
              hours.add(Duration.between(e.get(from), e.get(to)).toNanos() / 3.6e12);
            }
          }
        } else if (reachedTo) {
          bypassed++;
        }
      }
      Proportion p = Proportion.wilson(judgedAdvanced, judged);
      List<String> note = new ArrayList<>();
      if (thin(judgedAdvanced, judged)) {
        note.add("small sample");
      }
      if (bypassed > 0) {
        note.add(String.format(Locale.ROOT, "+%,d reached %s without %s", bypassed,
            stages.get(to - 1), stages.get(from - 1)));
      }
      pairs.add(new Pair(stages.get(from - 1), stages.get(to - 1), entered, advanced,
          judgedAdvanced, judged, pct(p.rate()), interval(p), duration(median(hours)),
          String.join("; ", note)));
    }

    // ROADS TO CONVERSION
    long converted = totals.converted();
    for (int stage = 1; stage <= stages.size(); stage++) {
      long reached = 0;
      long with = 0;
      for (Map.Entry<Long, Journey> j : journeys.entrySet()) {
        if (entries.getOrDefault(j.getKey(), none).containsKey(stage)) {
          reached++;
          if (j.getValue().status().equals("converted")) {
            with++;
          }
        }
      }
      reach.add(new Reach(stages.get(stage - 1), reached, with, converted - with,
          converted == 0 ? "-" : pct((converted - with) / (double) converted)));
    }

    // BIGGEST DROP-OFF: judged journeys that did not convert, by the furthest stage reached;
    // the outcome (last) stage has no row
    DropOff biggest = null;
    for (int stage = 0; stage < stages.size(); stage++) {
      long reached = 0;
      long stalled = 0;
      long failed = 0;
      Map<String, Long> lastNames = new HashMap<>();
      for (Map.Entry<Long, Journey> j : journeys.entrySet()) {
        String status = j.getValue().status();
        if (!j.getValue().judged()) {
          continue;
        }
        Map<Integer, LocalDateTime> e = entries.getOrDefault(j.getKey(), none);
        if (stage == 0 || e.containsKey(stage)) {
          reached++;
        }
        int furthest = e.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (furthest == stage && (status.equals("dropped") || status.equals("failed"))) {
          stalled++;
          if (status.equals("failed")) {
            failed++;
          }
          Event last = lastEvent.get(j.getKey());
          if (last != null) {
            lastNames.merge(last.name(), 1L, Long::sum);
          }
        }
      }
      // the first stage losing the most journeys, as the view shows the lowest order on ties
      if (stalled > 0 && (biggest == null || stalled > biggest.stalled())) {
        Proportion p = Proportion.wilson(stalled, reached);
        // the three most common last events (then by name), each with its share, rounded
        long withEvents = lastNames.values().stream().mapToLong(Long::longValue).sum();
        String top = lastNames.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey()))
            .limit(3)
            .map(e -> e.getKey() + " (" + (100.0 * e.getValue() / withEvents < 0.5 ? "<1"
                : Long.toString(Math.round(100.0 * e.getValue() / withEvents))) + "%)")
            .collect(Collectors.joining(", "));
        biggest = new DropOff(stage == 0 ? null : stages.get(stage - 1), stalled, reached,
            failed, pct(p.rate()), interval(p), top);
      }
    }
    biggestDropOff = biggest;

    // CHANNELS: first-touch channel of each journey
    Map<String, long[]> byChannel = new TreeMap<>(); // journeys, conversions, judged
    for (Journey j : journeys.values()) {
      long[] c = byChannel.computeIfAbsent(j.channel(), k -> new long[3]);
      c[0]++;
      if (j.judged() && j.status().equals("converted")) {
        c[1]++;
      }
      if (j.judged()) {
        c[2]++;
      }
    }
    // a channel without judged journeys has no lower bound and no quality rank: it is listed
    // after the ranked ones (Integer.MAX_VALUE stands for the '-' printed)
    Map<String, Double> low = new HashMap<>();
    byChannel.forEach((name, c) -> {
      if (c[2] > 0) {
        low.put(name, Proportion.wilson(c[1], c[2]).low());
      }
    });
    for (Map.Entry<String, long[]> c : byChannel.entrySet()) {
      long n = c.getValue()[0];
      long more = byChannel.values().stream().filter(o -> o[0] > n).count();
      long same = byChannel.values().stream().filter(o -> o[0] == n).count();
      Proportion p = Proportion.wilson(c.getValue()[1], c.getValue()[2]);
      int minQuality = Integer.MAX_VALUE;
      int maxQuality = Integer.MAX_VALUE;
      if (low.containsKey(c.getKey())) {
        double l = low.get(c.getKey());
        minQuality = (int) low.values().stream().filter(o -> o > l).count() + 1;
        maxQuality = minQuality - 1 + (int) low.values().stream().filter(o -> o == l).count();
      }
      channels.put(c.getKey(), new Channel(c.getKey(), n, (int) more + 1, (int) (more + same),
          c.getValue()[1], c.getValue()[2], pct(p.rate()), interval(p), minQuality, maxQuality,
          c.getValue()[2] == 0 ? "none judged yet"
              : thin(c.getValue()[1], c.getValue()[2]) ? "small sample" : ""));
    }
  }

  private static long count(Map<Long, Journey> journeys, String status) {
    return journeys.values().stream().filter(j -> j.status().equals(status)).count();
  }

  /**
   * The documented small-sample rule: under 30 trials, or under 5 successes or failures with a
   * 95% interval wider than 10 points.
   */
  private static boolean thin(long successes, long trials) {
    if (trials < 30) {
      return true;
    }
    Proportion p = Proportion.wilson(successes, trials);
    return (successes < 5 || trials - successes < 5) && p.high() - p.low() > 0.10;
  }

  private static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  static String pct(double rate) {
    return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  static String interval(Proportion p) {
    return Double.isNaN(p.low()) ? "-"
        : String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * p.low(), 100 * p.high());
  }

  static String duration(Double hours) {
    if (hours == null) {
      return "-";
    }
    return hours < 48 ? String.format(Locale.ROOT, "%.1f h", hours)
        : String.format(Locale.ROOT, "%.1f days", hours / 24);
  }
}
