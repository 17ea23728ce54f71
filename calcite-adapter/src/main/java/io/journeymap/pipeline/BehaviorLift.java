package io.journeymap.pipeline;

import io.journeymap.model.Journey;
import io.journeymap.stats.FalseDiscovery;
import io.journeymap.stats.Lift;
import io.journeymap.stats.MantelHaenszel;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Which behaviours early in a journey go with converting. A behaviour is a canonical event done
 * at least k times within d days of the start (k = 1, 2, 3; d = 3, 7, 14 and the window, at
 * most the window), counted only before the journey's outcome, so nothing that happened after
 * converting can explain the conversion. Only judged journeys count, as in every rate. Each
 * behaviour with enough journeys on both sides gets its lift, exact p-value, a q-value across
 * all behaviours tested, and the lift within first channels (Mantel-Haenszel), so a behaviour
 * that only looks good because one channel both does it more and converts more is adjusted.
 */
final class BehaviorLift {
  /** Journeys on each side below which a behaviour is not tested at all. */
  static final int MIN_SUPPORT = 30;
  private static final int[] COUNTS = {1, 2, 3};
  private static final int[] DAYS = {3, 7, 14};

  private final DuckDBConnection store;
  private final Journey journey;

  BehaviorLift(DuckDBConnection store, Journey journey) {
    this.store = store;
    this.journey = journey;
  }

  /** Per behaviour and first channel: journeys with it, converted among them. */
  private record Cell(String channel, long nWith, long convWith) {}

  /**
   * One behaviour: a single event done at least {@code minCount} times, both of two events, or
   * one event then another, within {@code days} of the start.
   */
  private record Candidate(String kind, String first, String second, int minCount, int days,
      Map<String, Cell> cells) {

    String event() {
      return second == null ? first : first + "," + second;
    }
  }

  /** Returns the number of behaviours tested. */
  int run() throws SQLException {
    long windowDays = Math.max(1, journey.window().toDays());
    List<Integer> days = new ArrayList<>();
    for (int d : DAYS) {
      if (d < windowDays) {
        days.add(d);
      }
    }
    days.add((int) Math.min(windowDays, Integer.MAX_VALUE));
    String excluded = Sql.literals(journey.outcomeEvents()) + ", "
        + Sql.literal(journey.startEvent());
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.lift_journeys AS SELECT journey_id, status = 'converted'"
          + " AS converted, first_channel, started_at, coalesce(converted_at, failed_at,"
          + " window_ends_at) AS outcome_at FROM main.journeys WHERE judged");
      // before the outcome: an event at the converting moment or later explains nothing
      s.execute("CREATE TABLE build.lift_counts AS SELECT e.journey_id, e.event, d.days,"
          + " count(*) AS times, min(e.occurred_at) AS first_at, max(e.occurred_at) AS last_at"
          + " FROM build.journey_events e JOIN build.lift_journeys j"
          + " USING (journey_id) JOIN (SELECT unnest(" + intList(days) + ") AS days) d"
          + " ON e.occurred_at <= j.started_at + to_days(d.days)"
          + " WHERE e.occurred_at < j.outcome_at AND e.event NOT IN (" + excluded + ")"
          + " GROUP BY ALL");
    }
    Map<String, long[]> channelTotals = new LinkedHashMap<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT first_channel, count(*),"
             + " count(*) FILTER (WHERE converted) FROM build.lift_journeys GROUP BY 1"
             + " ORDER BY 1")) {
      while (r.next()) {
        channelTotals.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)});
      }
    }
    long total = channelTotals.values().stream().mapToLong(v -> v[0]).sum();
    long converted = channelTotals.values().stream().mapToLong(v -> v[1]).sum();

    Map<String, Candidate> candidates = new LinkedHashMap<>();
    // pairs only of events common enough to be tested alone: it bounds the search by support
    String frequent = "(SELECT event, days FROM build.lift_counts GROUP BY ALL HAVING count(*)"
        + " >= " + MIN_SUPPORT + ")";
    String pairs = "SELECT a.journey_id, a.days, a.event AS first, b.event AS second,"
        + " a.first_at < b.last_at AS ordered FROM build.lift_counts a"
        + " JOIN build.lift_counts b ON a.journey_id = b.journey_id AND a.days = b.days"
        + " AND a.event <> b.event SEMI JOIN " + frequent + " fa ON fa.event = a.event"
        + " AND fa.days = a.days SEMI JOIN " + frequent + " fb ON fb.event = b.event"
        + " AND fb.days = b.days";
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT kind, first, second, k, days, j.first_channel,"
             + " count(*), count(*) FILTER (WHERE j.converted) FROM ("
             + "SELECT 'single' AS kind, c.journey_id, c.event AS first, NULL AS second, k.k,"
             + " c.days FROM build.lift_counts c JOIN (SELECT unnest(" + intList(List.of(
                 COUNTS[0], COUNTS[1], COUNTS[2])) + ") AS k) k ON c.times >= k.k"
             + " UNION ALL SELECT 'both', journey_id, first, second, 1, days FROM (" + pairs
             + ") WHERE first < second"
             + " UNION ALL SELECT 'then', journey_id, first, second, 1, days FROM (" + pairs
             + ") WHERE ordered) x JOIN build.lift_journeys j USING (journey_id)"
             + " GROUP BY ALL ORDER BY 1 DESC, 2, 3, 4, 5, 6")) {
      while (r.next()) {
        String key = r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
            + r.getInt(4) + "|" + r.getInt(5);
        Candidate c = candidates.get(key);
        if (c == null) {
          c = new Candidate(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
              r.getInt(5), new LinkedHashMap<>());
          candidates.put(key, c);
        }
        c.cells().put(r.getString(6), new Cell(r.getString(6), r.getLong(7), r.getLong(8)));
      }
    }

    List<Object[]> rows = new ArrayList<>();
    List<Double> pValues = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (Candidate c : candidates.values()) {
      long nWith = c.cells().values().stream().mapToLong(Cell::nWith).sum();
      long convWith = c.cells().values().stream().mapToLong(Cell::convWith).sum();
      long nWithout = total - nWith;
      if (nWith < MIN_SUPPORT || nWithout < MIN_SUPPORT) {
        continue; // too thin to test: it would only add to the false discoveries
      }
      // a longer window or a higher count that selects the same journeys is the same test
      String selected = c.kind() + "|" + c.event() + "|" + c.cells();
      if (seen.putIfAbsent(selected, describe(c)) != null) {
        continue;
      }
      Lift lift = Lift.of(convWith, nWith, converted - convWith, nWithout);
      List<MantelHaenszel.Stratum> strata = new ArrayList<>();
      channelTotals.forEach((channel, t) -> {
        Cell cell = c.cells().getOrDefault(channel, new Cell(channel, 0, 0));
        strata.add(new MantelHaenszel.Stratum(cell.convWith(), cell.nWith(),
            t[1] - cell.convWith(), t[0] - cell.nWith()));
      });
      rows.add(new Object[] {c, lift, MantelHaenszel.pooled(strata)});
      pValues.add(lift.pValue());
    }
    double[] q = FalseDiscovery.qValues(pValues.stream().mapToDouble(Double::doubleValue)
        .toArray());
    write(rows, q);
    return rows.size();
  }

  private void write(List<Object[]> rows, double[] q) throws SQLException {
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.behavior_lift VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows.size(); i++) {
        Candidate c = (Candidate) rows.get(i)[0];
        Lift l = (Lift) rows.get(i)[1];
        MantelHaenszel.Result adjusted = (MantelHaenszel.Result) rows.get(i)[2];
        String behavior = describe(c);
        String verdict = verdict(l, q[i]);
        out.setString(1, behavior);
        out.setString(2, c.event());
        out.setInt(3, c.minCount());
        out.setInt(4, c.days());
        out.setLong(5, l.with().trials());
        out.setLong(6, l.with().successes());
        out.setLong(7, l.without().trials());
        out.setLong(8, l.without().successes());
        setDouble(out, 9, l.with().rate());
        setDouble(out, 10, l.without().rate());
        setDouble(out, 11, l.lift());
        setDouble(out, 12, l.low());
        setDouble(out, 13, l.high());
        setDouble(out, 14, l.pValue());
        setDouble(out, 15, q[i]);
        setDouble(out, 16, adjusted.ratio());
        setDouble(out, 17, adjusted.low());
        setDouble(out, 18, adjusted.high());
        out.setString(19, verdict);
        out.setString(20, sentence(behavior, l, adjusted, verdict));
        out.execute();
      }
    }
  }

  static String describe(Candidate c) {
    String what = switch (c.kind()) {
      case "both" -> c.first() + " and " + c.second();
      case "then" -> c.first() + ", then " + c.second();
      default -> c.minCount() == 1 ? c.first() : c.first() + " at least " + c.minCount()
          + " times";
    };
    return what + " within " + c.days() + (c.days() == 1 ? " day" : " days");
  }

  /** signal: q < 0.05, the interval excludes 1, and enough journeys and conversions. */
  static String verdict(Lift l, double q) {
    boolean thin = l.with().smallSample() || l.without().smallSample();
    if (thin) {
      return "too few";
    }
    boolean excludesOne = !Double.isNaN(l.low()) && (l.low() > 1 || l.high() < 1);
    return q < 0.05 && excludesOne ? "signal" : "speculation";
  }

  static String sentence(String behavior, Lift l, MantelHaenszel.Result adjusted,
      String verdict) {
    if (Double.isNaN(l.lift())) {
      return "Journeys that did " + behavior + ": no conversions without it to compare with.";
    }
    String direction = l.lift() >= 1 ? String.format(Locale.ROOT, "%.1fx as often", l.lift())
        : String.format(Locale.ROOT, "%.1fx as often (less)", l.lift());
    String text = String.format(Locale.ROOT, "Journeys that did %s converted %s (95%% CI"
            + " %.1f-%.1f; %,d journeys, %.1f%% vs %.1f%%)", behavior, direction, l.low(),
        l.high(), l.with().trials(), 100 * l.with().rate(), 100 * l.without().rate());
    if (!Double.isNaN(adjusted.ratio())) {
      text += String.format(Locale.ROOT, "; %.1fx within the same first channel",
          adjusted.ratio());
    }
    return text + switch (verdict) {
      case "signal" -> ". A signal: unlikely to be chance across everything tested.";
      case "too few" -> ". Too few journeys to tell.";
      default -> ". Speculation: could be chance among everything tested.";
    };
  }

  private static void setDouble(PreparedStatement out, int index, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.setNull(index, Types.DOUBLE);
    } else {
      out.setDouble(index, v);
    }
  }

  private static String intList(List<Integer> values) {
    return "[" + String.join(", ", values.stream().map(String::valueOf).toList()) + "]";
  }
}
