package io.journeymap.report;

import io.journeymap.report.ReportData.Anomaly;
import io.journeymap.report.ReportData.Day;
import io.journeymap.report.ReportData.Timeline;
import io.journeymap.stats.Deviation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A daily series of the anomaly detection read again from the store, with each day's usual
 * range, for the timeline: entries into a stage per day, or the conversion of the 7 cohort days
 * ending on a day. The store keeps only the unusual days; the range of the others is recomputed
 * here the way the build computes it (the same weekday over the 8 weeks before, median and MAD,
 * {@link Deviation}), on the same usable days: entries once the first journeys' windows have
 * closed, conversion only for cohorts whose every window has closed.
 *
 * <p>Segments read: all journeys and first channels. Behaviour segments need the build's
 * membership rules and are listed, not drawn.
 */
final class DailySeries {
  static final String ALL = "all journeys";
  static final String CHANNEL = "first_channel = ";
  private static final String ENTRIES = "entries into ";
  private static final String START = "start -> ";
  private static final String ARROW = " -> ";
  /** Days drawn: the last usable ones. */
  static final int SHOWN_DAYS = 90;
  private static final int WEEKS = 8;
  private static final int MIN_BASELINE = 4;
  private static final int COHORT_DAYS = 7;

  /**
   * The days a series can use.
   *
   * @param lastComplete the day before as-of (the as-of day itself is not over)
   * @param lastMatured the last cohort day whose every journey's window ended before as-of
   * @param firstDay the day the first journey started (null: no journeys)
   */
  record Frame(LocalDate lastComplete, LocalDate lastMatured, LocalDate firstDay,
      long windowDays, String lastStage) {}

  private DailySeries() {}

  static Frame frame(Connection c) throws SQLException {
    return Rows.one(c, "SELECT CAST(as_of AS VARCHAR), window_days, (SELECT CAST(CAST("
        + "min(started_at) AS DATE) AS VARCHAR) FROM journeys), (SELECT stage FROM stages"
        + " ORDER BY stage_order DESC LIMIT 1) FROM build_info", r -> {
          LocalDateTime asOf = LocalDateTime.parse(r.getString(1).replace(' ', 'T'));
          double windowDays = r.getDouble(2);
          Duration window = Duration.ofMillis(Math.round(windowDays * 86_400_000.0));
          return new Frame(asOf.toLocalDate().minusDays(1),
              asOf.minus(window).toLocalDate().minusDays(1),
              r.getString(3) == null ? null : LocalDate.parse(r.getString(3)),
              (long) Math.ceil(windowDays), r.getString(4));
        });
  }

  /** Whether the report can redraw a series of this metric and segment. */
  static boolean drawable(String metric, String segment) {
    return (segment.equals(ALL) || segment.startsWith(CHANNEL))
        && (metric.startsWith(ENTRIES) || metric.contains(ARROW));
  }

  /** The series, its last {@link #SHOWN_DAYS} usable days; empty when it has none. */
  static Optional<Timeline> read(Connection c, Frame f, String metric, String segment,
      List<Anomaly> anomalies) throws SQLException {
    if (f.firstDay() == null || !drawable(metric, segment)) {
      return Optional.empty();
    }
    boolean channel = segment.startsWith(CHANNEL);
    String filter = channel ? " AND j.first_channel = ?" : "";
    List<Object> parameters = new ArrayList<>();
    String sql;
    boolean rate;
    LocalDate from;
    LocalDate to;
    if (metric.startsWith(ENTRIES)) {
      rate = false;
      from = f.firstDay().plusDays(f.windowDays());
      to = f.lastComplete();
      sql = "SELECT CAST(CAST(se.entered_at AS DATE) AS VARCHAR), count(*), NULL FROM"
          + " stage_entries se JOIN journeys j ON j.journey_id = se.journey_id WHERE"
          + " se.stage = ?" + filter + " GROUP BY 1";
      parameters.add(metric.substring(ENTRIES.length()));
    } else if (metric.startsWith(START) && metric.substring(START.length())
        .equals(f.lastStage())) {
      rate = true;
      from = f.firstDay();
      to = f.lastMatured();
      sql = "SELECT CAST(CAST(j.started_at AS DATE) AS VARCHAR), count(*) FILTER (WHERE"
          + " j.status = 'converted'), count(*) FROM journeys j WHERE true" + filter
          + " GROUP BY 1";
    } else {
      rate = true;
      from = f.firstDay();
      to = f.lastMatured();
      int arrow = metric.indexOf(ARROW);
      // as in behaviour lift: a journey that reached B before A never moved from A to B
      sql = "SELECT CAST(CAST(a.entered_at AS DATE) AS VARCHAR), count(b.entered_at), count(*)"
          + " FROM stage_entries a JOIN journeys j ON j.journey_id = a.journey_id"
          + " LEFT JOIN stage_entries b ON b.journey_id = a.journey_id"
          + " AND b.stage_order = a.stage_order + 1 WHERE a.stage = ? AND (b.stage IS NULL OR"
          + " b.stage = ?) AND (b.entered_at IS NULL OR b.entered_at > a.entered_at)" + filter
          + " GROUP BY 1";
      parameters.add(metric.substring(0, arrow));
      parameters.add(metric.substring(arrow + ARROW.length()));
    }
    if (channel) {
      parameters.add(segment.substring(CHANNEL.length()));
    }
    int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
    if (days <= (rate ? COHORT_DAYS - 1 : 0)) {
      return Optional.empty();
    }
    long[] count = new long[days];
    long[] base = new long[days];
    for (Object[] row : Rows.list(c, sql, r -> new Object[] {LocalDate.parse(r.getString(1)),
        r.getLong(2), r.getLong(3)}, parameters.toArray())) {
      int i = (int) ChronoUnit.DAYS.between(from, (LocalDate) row[0]);
      if (i >= 0 && i < days) {
        count[i] = (Long) row[1];
        base[i] = (Long) row[2];
      }
    }
    List<Day> shown = rate ? rates(from, count, base) : counts(from, count);
    List<Anomaly> own = anomalies.stream().filter(a -> a.metric().equals(metric)
        && a.segment().equals(segment)).toList();
    return Optional.of(new Timeline(metric, segment, rate, shown, own));
  }

  private static List<Day> counts(LocalDate from, long[] count) {
    List<Day> out = new ArrayList<>();
    for (int t = Math.max(0, count.length - SHOWN_DAYS); t < count.length; t++) {
      List<Double> history = new ArrayList<>();
      for (int w = 1; w <= WEEKS && t - 7 * w >= 0; w++) {
        history.add((double) count[t - 7 * w]);
      }
      Deviation d = history.size() < MIN_BASELINE ? null
          : Deviation.ofCount(count[t], history.stream().mapToDouble(Double::doubleValue)
              .toArray());
      out.add(new Day(from.plusDays(t), count[t], null, (double) count[t],
          d == null ? null : d.expected(), d == null ? null : finite(d.lower()),
          d == null ? null : finite(d.upper())));
    }
    return out;
  }

  /** Each day's value: the conversion of the 7 cohort days ending on it. */
  private static List<Day> rates(LocalDate from, long[] count, long[] base) {
    long[] c = rolling(count);
    long[] b = rolling(base);
    List<Day> out = new ArrayList<>();
    for (int t = Math.max(COHORT_DAYS - 1, count.length - SHOWN_DAYS); t < count.length; t++) {
      List<Double> history = new ArrayList<>();
      for (int w = 1; w <= WEEKS && t - 7 * w >= COHORT_DAYS - 1; w++) {
        int u = t - 7 * w;
        if (b[u] > 0) {
          history.add((double) c[u] / b[u]);
        }
      }
      Deviation d = history.size() < MIN_BASELINE || b[t] == 0 ? null
          : Deviation.ofRate(c[t], b[t], history.stream().mapToDouble(Double::doubleValue)
              .toArray());
      out.add(new Day(from.plusDays(t), c[t], b[t], b[t] == 0 ? null : (double) c[t] / b[t],
          d == null ? null : finite(d.expected()), d == null ? null : finite(d.lower()),
          d == null ? null : finite(d.upper())));
    }
    return out;
  }

  private static long[] rolling(long[] values) {
    long[] out = new long[values.length];
    long sum = 0;
    for (int i = 0; i < values.length; i++) {
      sum += values[i] - (i >= COHORT_DAYS ? values[i - COHORT_DAYS] : 0);
      out[i] = sum;
    }
    return out;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
