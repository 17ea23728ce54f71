package io.journeymap.insight;

import io.journeymap.model.Change;
import io.journeymap.stats.Deviation;
import io.journeymap.stats.FalseDiscovery;
import io.journeymap.stats.Medians;
import io.journeymap.stats.RateDifference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Daily series of stage entries and of stage-to-stage conversion, for all journeys and per
 * segment (first channel; journeys that did one of the strongest behaviours), and two readings
 * of them: days that break from their robust baseline ({@code anomalies}) and the last 30 days
 * against the 30 before ({@code changes_30d}).
 *
 * <p>Conversion is read by cohort day (the day journeys entered the first stage, or started) and
 * only for cohorts whose every journey has had its whole window before as-of: a recent cohort
 * still converting must not look like a drop. Entries are read from the day the first journeys'
 * windows have closed (earlier days still fill later stages), and in behaviour segments only up
 * to d days before as-of (membership needs d days to show). A day is compared with the same
 * weekday in the 8 weeks before it (median and MAD, {@link Deviation}); p-values of every day of
 * every series are controlled together (Benjamini-Hochberg), and neighbouring unusual days of a
 * series are one anomaly.
 */
public final class Anomalies {
  /** Weeks of same-weekday history a day is compared with, and how many must exist. */
  private static final int WEEKS = 8;
  private static final int MIN_BASELINE = 4;
  /** Cohort days pooled into one conversion test. */
  private static final int COHORT_DAYS = 7;
  /** Series thinner than this (median per day) are not read: a day of them says nothing. */
  private static final double MIN_DAILY_ENTRIES = 5;
  private static final double MIN_DAILY_COHORT = 3;
  private static final int MAX_CHANNELS = 8;
  private static final int MAX_BEHAVIOURS = 3;
  /** A change this many days before an anomaly (or during it) is named beside it. */
  private static final int CHANGE_DAYS = 7;
  private static final double Q = 0.05;

  /** One daily series over [first, last] (usable days); base is null for counts. */
  record Series(String metric, String segment, LocalDate first, LocalDate last, long[] count,
      long[] base) {
    boolean rate() {
      return base != null;
    }

    int days() {
      return count.length;
    }
  }

  private record Segment(String name, String journeys, int censorDays) {}

  /**
   * One test: a day's entries, or the pooled conversion of the 7 cohort days ending at {@code
   * to} (daily cohorts of a segment are too small to show a drop); {@code from..to} in days of
   * the series.
   */
  private record DayTest(Series series, int from, int to, Deviation deviation, boolean rise) {}

  /** The rows of {@code anomalies} and {@code changes_30d}, in their column order. */
  public record Result(List<Object[]> anomalies, List<Object[]> changes30d, int seriesRead,
      int daysTested) {}

  private Anomalies() {}

  public static Result run(Connection store, List<Change> changes) throws SQLException {
    Instant asOf;
    Duration window;
    LocalDate firstDay;
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " epoch_us(as_of), window_days, (SELECT CAST(min(started_at) AS DATE)"
        + " FROM main.journeys) FROM main.build_info")) {
      r.next();
      asOf = Instant.EPOCH.plus(r.getLong(1), ChronoUnit.MICROS);
      window = Duration.ofMillis(Math.round(r.getDouble(2) * 86_400_000.0));
      firstDay = r.getObject(3, LocalDate.class);
    }
    if (firstDay == null) {
      return new Result(List.of(), List.of(), 0, 0);
    }
    LocalDate asOfDay = asOf.atOffset(ZoneOffset.UTC).toLocalDate();
    LocalDate lastComplete = asOfDay.minusDays(1); // the as-of day itself is not over
    // a cohort day is matured when its last moment plus the window lies before as-of
    LocalDate lastMatured = asOf.minus(window).atOffset(ZoneOffset.UTC).toLocalDate()
        .minusDays(1);
    long windowDays = (long) Math.ceil(window.toMillis() / 86_400_000.0);
    LocalDate entriesFrom = firstDay.plusDays(windowDays);

    List<Series> series = new ArrayList<>();
    for (Segment segment : segments(store)) {
      series.addAll(entries(store, segment, entriesFrom,
          lastComplete.minusDays(segment.censorDays())));
      series.addAll(conversions(store, segment, firstDay, lastMatured));
    }
    series.removeIf(s -> s.days() <= 0 || thin(s));
    // when the first stage is the start, 'start -> B' and the first pair are one series
    java.util.Set<String> distinct = new java.util.HashSet<>();
    series.removeIf(s -> !distinct.add(s.segment() + java.util.Arrays.toString(s.count())
        + java.util.Arrays.toString(s.base())));

    List<DayTest> tests = new ArrayList<>();
    for (Series s : series) {
      int span = s.rate() ? COHORT_DAYS : 1;
      long[] count = rolling(s.count(), span);
      long[] base = s.rate() ? rolling(s.base(), span) : null;
      for (int t = span - 1; t < s.days(); t++) {
        List<Double> history = new ArrayList<>();
        // the same weekday (the same 7-day window) in earlier weeks, never overlapping t's
        for (int w = 1; w <= WEEKS && t - 7 * w >= span - 1; w++) {
          int u = t - 7 * w;
          if (!s.rate()) {
            history.add((double) count[u]);
          } else if (base[u] > 0) {
            history.add((double) count[u] / base[u]);
          }
        }
        if (history.size() < MIN_BASELINE || (s.rate() && base[t] == 0)) {
          continue;
        }
        double[] h = history.stream().mapToDouble(Double::doubleValue).toArray();
        Deviation d = s.rate() ? Deviation.ofRate(count[t], base[t], h)
            : Deviation.ofCount(count[t], h);
        double observed = s.rate() ? (double) count[t] / base[t] : count[t];
        tests.add(new DayTest(s, t - span + 1, t, d, observed > d.expected()));
      }
    }
    double[] q = FalseDiscovery.qValues(tests.stream().mapToDouble(t -> t.deviation().pValue())
        .toArray());
    List<Object[]> anomalies = anomalies(tests, q, changes);
    return new Result(anomalies, changes30d(series), series.size(), tests.size());
  }

  private static long[] rolling(long[] values, int span) {
    long[] out = new long[values.length];
    long sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i] - (i >= span ? values[i - span] : 0);
      out[i] = sum;
    }
    return out;
  }

  private static boolean thin(Series s) {
    double[] daily = new double[s.days()];
    for (int i = 0; i < s.days(); i++) {
      daily[i] = s.rate() ? s.base()[i] : s.count()[i];
    }
    return Medians.of(daily) < (s.rate() ? MIN_DAILY_COHORT : MIN_DAILY_ENTRIES);
  }

  /** All journeys, the largest first channels, journeys that did a strong behaviour. */
  private static List<Segment> segments(Connection store) throws SQLException {
    List<Segment> out = new ArrayList<>();
    out.add(new Segment("all journeys", "SELECT journey_id FROM main.journeys", 0));
    List<String> channels = new ArrayList<>();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " first_channel FROM main.journeys WHERE first_channel IS NOT NULL GROUP BY 1"
        + " ORDER BY count(*) DESC, 1 LIMIT " + MAX_CHANNELS)) {
      while (r.next()) {
        channels.add(r.getString(1));
      }
    }
    if (channels.size() > 1) { // one channel is all journeys again
      for (String channel : channels) {
        out.add(new Segment("first_channel = " + channel, "SELECT journey_id FROM"
            + " main.journeys WHERE first_channel = " + Quote.literal(channel), 0));
      }
    }
    // the strongest outcome signals that raise conversion, one per event (combination)
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT behavior,"
        + " kind, event, min_count, within_days FROM main.behavior_lift WHERE transition ="
        + " 'outcome' AND verdict = 'signal' AND lift > 1 QUALIFY row_number() OVER (PARTITION"
        + " BY kind, event ORDER BY coalesce(adjusted_low, lift_low) DESC) = 1"
        + " ORDER BY coalesce(adjusted_low, lift_low) DESC, behavior"
        + " LIMIT " + MAX_BEHAVIOURS)) {
      while (r.next()) {
        out.add(new Segment("did " + r.getString(1), members(r.getString(2),
            r.getString(3).split(","), r.getInt(4), r.getInt(5)), r.getInt(5)));
      }
    }
    return out;
  }

  /** Journeys that did a behaviour, as behaviour lift defines it (before the outcome). */
  private static String members(String kind, String[] events, int minCount, int days) {
    String a = Quote.literal(events[0]);
    String b = events.length > 1 ? Quote.literal(events[1]) : a;
    String having = switch (kind) {
      case "both" -> "count(*) FILTER (WHERE e.event = " + a + ") > 0 AND count(*) FILTER"
          + " (WHERE e.event = " + b + ") > 0";
      case "then" -> "min(e.occurred_at) FILTER (WHERE e.event = " + a + ") < max(e.occurred_at)"
          + " FILTER (WHERE e.event = " + b + ")";
      default -> "count(*) >= " + minCount;
    };
    return "SELECT j.journey_id FROM main.journeys j JOIN main.events e ON e.journey_id ="
        + " j.journey_id AND e.occurred_at >= j.started_at AND e.occurred_at <= j.started_at"
        + " + to_days(" + days + ") AND e.occurred_at < coalesce(j.converted_at, j.failed_at,"
        + " j.window_ends_at) WHERE e.event IN (" + a + ", " + b + ") GROUP BY j.journey_id"
        + " HAVING " + having;
  }

  private static List<Series> entries(Connection store, Segment segment, LocalDate from,
      LocalDate to) throws SQLException {
    return read(store, "SELECT 'entries into ' || se.stage, CAST(se.entered_at AS DATE),"
        + " count(*), NULL FROM main.stage_entries se WHERE se.journey_id IN ("
        + segment.journeys() + ") GROUP BY ALL", segment, from, to, false);
  }

  private static List<Series> conversions(Connection store, Segment segment, LocalDate from,
      LocalDate to) throws SQLException {
    String in = " IN (" + segment.journeys() + ")";
    return read(store, "SELECT 'start -> ' || (SELECT stage FROM main.stages ORDER BY"
        + " stage_order DESC LIMIT 1), CAST(j.started_at AS DATE), count(*) FILTER (WHERE"
        + " j.status = 'converted'), count(*) FROM main.journeys j WHERE j.journey_id" + in
        + " GROUP BY ALL UNION ALL SELECT sa.stage || ' -> ' || sb.stage,"
        + " CAST(a.entered_at AS DATE), count(b.entered_at), count(*) FROM main.stage_entries a"
        + " JOIN main.stages sa ON sa.stage_order = a.stage_order"
        + " JOIN main.stages sb ON sb.stage_order = a.stage_order + 1"
        + " LEFT JOIN main.stage_entries b ON b.journey_id = a.journey_id"
        + " AND b.stage_order = sb.stage_order WHERE a.journey_id" + in
        // as in behaviour lift: a journey that reached B first never moved from A to B
        + " AND (b.entered_at IS NULL OR b.entered_at > a.entered_at) GROUP BY ALL",
        segment, from, to, true);
  }

  private static List<Series> read(Connection store, String sql, Segment segment,
      LocalDate from, LocalDate to, boolean rate) throws SQLException {
    int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    if (days <= 0) {
      return List.of();
    }
    Map<String, long[][]> byMetric = new LinkedHashMap<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery(sql + " ORDER BY 1, 2")) {
      while (r.next()) {
        LocalDate day = r.getObject(2, LocalDate.class);
        long[][] values = byMetric.computeIfAbsent(r.getString(1),
            m -> new long[][] {new long[days], new long[days]});
        int i = (int) ChronoUnit.DAYS.between(from, day);
        if (i >= 0 && i < days) {
          values[0][i] = r.getLong(3);
          values[1][i] = r.getLong(4);
        }
      }
    }
    List<Series> out = new ArrayList<>();
    byMetric.forEach((metric, v) -> out.add(new Series(metric, segment.name(), from, to, v[0],
        rate ? v[1] : null)));
    return out;
  }

  private static List<Object[]> anomalies(List<DayTest> tests, double[] q,
      List<Change> changes) {
    List<Object[]> rows = new ArrayList<>();
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      if (q[i] < Q) {
        flagged.add(i);
      }
    }
    // overlapping or neighbouring unusual spans of one series, in one direction, are one
    flagged.sort(Comparator.comparing((Integer i) -> tests.get(i).series().metric())
        .thenComparing(i -> tests.get(i).series().segment())
        .thenComparing(i -> tests.get(i).rise())
        .thenComparingInt(i -> tests.get(i).from()));
    int start = 0;
    while (start < flagged.size()) {
      int end = start;
      int reach = tests.get(flagged.get(start)).to();
      while (end + 1 < flagged.size()) {
        DayTest a = tests.get(flagged.get(end));
        DayTest b = tests.get(flagged.get(end + 1));
        if (a.series() != b.series() || a.rise() != b.rise() || b.from() > reach + 1) {
          break;
        }
        reach = Math.max(reach, b.to());
        end++;
      }
      rows.add(anomaly(tests, q, flagged.subList(start, end + 1), tests.size(), changes));
      start = end + 1;
    }
    rows.sort(Comparator.comparing((Object[] r) -> (Double) r[12])
        .thenComparing(r -> (String) r[0]).thenComparing(r -> (String) r[1]));
    return rows;
  }

  private static Object[] anomaly(List<DayTest> tests, double[] q, List<Integer> run,
      int tested, List<Change> changes) {
    DayTest first = tests.get(run.get(0));
    Series s = first.series();
    int fromDay = Integer.MAX_VALUE;
    int toDay = 0;
    double expected = 0;
    double lower = 0;
    double upper = 0;
    double p = 1;
    double minQ = 1;
    for (int i : run) {
      DayTest t = tests.get(i);
      fromDay = Math.min(fromDay, t.from());
      toDay = Math.max(toDay, t.to());
      expected += t.deviation().expected() / run.size();
      lower += t.deviation().lower() / run.size();
      upper += t.deviation().upper() / run.size();
      p = Math.min(p, t.deviation().pValue());
      minQ = Math.min(minQ, q[i]);
    }
    long count = 0;
    long base = 0;
    for (int d = fromDay; d <= toDay; d++) {
      count += s.count()[d];
      base += s.rate() ? s.base()[d] : 0;
    }
    int days = toDay - fromDay + 1;
    double observed = s.rate() ? (double) count / base : (double) count / days;
    LocalDate from = s.first().plusDays(fromDay);
    LocalDate to = s.first().plusDays(toDay);
    boolean rise = first.rise();
    double relative = expected == 0 ? Double.POSITIVE_INFINITY
        : Math.abs(observed - expected) / expected;
    String severity = relative >= 0.5 ? "high" : relative >= 0.25 ? "medium" : "low";
    String nearby = nearbyChange(changes, from, to);
    String span = from.equals(to) ? "on " + from : "from " + from + " to " + to;
    String what = s.rate()
        ? String.format(Locale.ROOT, "Conversion %s (%s) %s to %.1f%% (%,d of %,d journeys,"
            + " cohorts %s) against %.1f%% expected (usual range %.1f%%-%.1f%%)", s.metric(),
            s.segment(), rise ? "rose" : "fell", 100 * observed, count, base, span,
            100 * expected, 100 * lower, 100 * upper)
        : String.format(Locale.ROOT, "%s (%s) %s to %.1f a day %s against %.1f expected (usual"
            + " range %.1f-%.1f)", capitalised(s.metric()), s.segment(), rise ? "rose" : "fell",
            observed, span, expected, lower, upper);
    String sentence = what + String.format(Locale.ROOT, "; q = %.2g across %,d tests",
        minQ, tested) + (nearby == null ? "." : ". Near the change: " + nearby + ".");
    return new Object[] {s.metric(), s.segment(), from.atStartOfDay(), to.atStartOfDay(),
        days, observed, expected, lower, upper, count, s.rate() ? base : null, p, minQ,
        rise ? "rise" : "drop", severity, nearby, sentence};
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String nearbyChange(List<Change> changes, LocalDate from, LocalDate to) {
    Change best = null;
    for (Change c : changes) {
      boolean near = !c.date().isBefore(from.minusDays(CHANGE_DAYS)) && !c.date().isAfter(to);
      if (near && (best == null || c.date().isAfter(best.date()))) {
        best = c;
      }
    }
    return best == null ? null : best.what() + " (" + best.date() + ")";
  }

  /** Each series' last 30 usable days against the 30 before, q across all series. */
  private static List<Object[]> changes30d(List<Series> series) {
    List<Object[]> rows = new ArrayList<>();
    List<Double> p = new ArrayList<>();
    for (Series s : series) {
      if (s.days() < 60) {
        continue;
      }
      long lastCount = 0;
      long lastBase = 0;
      long priorCount = 0;
      long priorBase = 0;
      for (int i = s.days() - 60; i < s.days(); i++) {
        boolean last = i >= s.days() - 30;
        long base = s.rate() ? s.base()[i] : 0;
        if (last) {
          lastCount += s.count()[i];
          lastBase += base;
        } else {
          priorCount += s.count()[i];
          priorBase += base;
        }
      }
      LocalDate lastFrom = s.last().minusDays(29);
      Object[] row;
      if (s.rate()) {
        RateDifference d = RateDifference.of(lastCount, lastBase, priorCount, priorBase);
        row = new Object[] {s.metric(), s.segment(), lastFrom.atStartOfDay(),
            s.last().atStartOfDay(), LiftAnalysis.orNull(d.first().rate()),
            LiftAnalysis.orNull(d.second().rate()), LiftAnalysis.orNull(d.difference()),
            LiftAnalysis.orNull(d.low()), LiftAnalysis.orNull(d.high()), lastCount, lastBase,
            priorCount, priorBase, LiftAnalysis.orNull(d.pValue()), null, null, null};
        p.add(Double.isNaN(d.pValue()) ? 1 : d.pValue());
      } else {
        // two Poisson counts over equal spans: their difference has variance last + prior
        double delta = lastCount - priorCount;
        double se = Math.sqrt(lastCount + priorCount);
        double pValue = se == 0 ? 1 : 2 * (1 - new org.apache.commons.math3.distribution
            .NormalDistribution().cumulativeProbability(Math.abs(delta) / se));
        row = new Object[] {s.metric(), s.segment(), lastFrom.atStartOfDay(),
            s.last().atStartOfDay(), (double) lastCount, (double) priorCount, delta,
            delta - 1.959964 * se, delta + 1.959964 * se, lastCount, null, priorCount, null,
            pValue, null, null, null};
        p.add(pValue);
      }
      rows.add(row);
    }
    double[] q = FalseDiscovery.qValues(p.stream().mapToDouble(Double::doubleValue).toArray());
    for (int i = 0; i < rows.size(); i++) {
      Object[] row = rows.get(i);
      row[14] = q[i];
      boolean excludesZero = row[7] != null && ((Double) row[7] > 0 || (Double) row[8] < 0);
      row[15] = q[i] < Q && excludesZero;
      row[16] = sentence30(row);
    }
    return rows;
  }

  private static String sentence30(Object[] r) {
    boolean rate = r[10] != null;
    boolean significant = (Boolean) r[15];
    String verdict = significant ? "a real change (q < 0.05 across every metric compared)"
        : "within what chance gives";
    if (rate) {
      return String.format(Locale.ROOT, "Conversion %s (%s): %s over the last 30 matured"
              + " cohort days (%,d of %,d) against %s before (%,d of %,d), %s points (95%% CI"
              + " %s to %s): %s.", r[0], r[1], percent(r[4]), (Long) r[9], (Long) r[10],
          percent(r[5]), (Long) r[11], (Long) r[12], signedPoints(r[6]), signedPoints(r[7]),
          signedPoints(r[8]), verdict);
    }
    return String.format(Locale.ROOT, "%s (%s): %,d in the last 30 days against %,d in the 30"
            + " before, %+,.0f (95%% CI %+,.0f to %+,.0f): %s.", capitalised((String) r[0]),
        r[1], (Long) r[9], (Long) r[11], (Double) r[6], (Double) r[7], (Double) r[8], verdict);
  }

  private static String percent(Object v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * (Double) v);
  }

  private static String signedPoints(Object v) {
    return v == null ? "n/a" : String.format(Locale.ROOT, "%+.1f", 100 * (Double) v);
  }
}
