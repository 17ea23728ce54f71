package io.journeymap.report;

import static io.journeymap.report.Rows.dbl;

import io.journeymap.report.ReportData.Anomaly;
import io.journeymap.report.ReportData.Change30;
import io.journeymap.report.ReportData.ChangeEffect;
import io.journeymap.report.ReportData.Changes;
import io.journeymap.report.ReportData.Timeline;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What changed: anomalies, the last 30 days against the 30 before, and their daily series. */
final class ChangeReader {
  /** Daily series drawn at most. */
  static final int TIMELINES = 3;

  private ChangeReader() {}

  static Changes changes(Connection c, DeclaredChanges declared) throws SQLException {
    List<Anomaly> anomalies = anomalies(c);    List<Change30> changes = Rows.list(c, "SELECT metric, segment, last_from, last_to,"
        + " last_30, prior_30, delta, delta_low, delta_high, last_count, last_base,"
        + " prior_count, prior_base, q_value, significant, sentence FROM changes_30d"
        + " ORDER BY significant DESC, q_value, metric, segment", r -> new Change30(
        r.getString(1), r.getString(2), Rows.day(r, 3), Rows.day(r, 4), dbl(r, 5), dbl(r, 6),
        dbl(r, 7), dbl(r, 8), dbl(r, 9), r.getLong(10), Rows.lng(r, 11), r.getLong(12),
        Rows.lng(r, 13), dbl(r, 14), r.getBoolean(15), r.getString(16)));

    DailySeries.Frame frame = DailySeries.frame(c);
    // the series worth a look: with anomalies (latest first), then with a real 30-day change;
    // when there are none, the entries into the first stage, the journey's pulse
    Set<List<String>> keys = new LinkedHashSet<>();
    for (Anomaly a : anomalies) {
      if (DailySeries.drawable(a.metric(), a.segment())) {
        keys.add(List.of(a.metric(), a.segment()));
      }
    }
    for (Change30 ch : changes) {
      if (ch.significant() && DailySeries.drawable(ch.metric(), ch.segment())) {
        keys.add(List.of(ch.metric(), ch.segment()));
      }
    }
    if (keys.isEmpty()) {
      String first = Rows.one(c, "SELECT stage FROM stages ORDER BY stage_order LIMIT 1",
          r -> r.getString(1));
      if (first != null) {
        keys.add(List.of("entries into " + first, DailySeries.ALL));
      }
    }
    List<Timeline> timelines = new ArrayList<>();
    for (List<String> key : keys) {
      if (timelines.size() == TIMELINES) {
        break;
      }
      DailySeries.read(c, frame, key.get(0), key.get(1), anomalies).ifPresent(timelines::add);
    }
    return new Changes(anomalies, changes, timelines, declared.changes(), declared.known(),
        frame.lastComplete().plusDays(1), effects(c));
  }

  /** Before and after each declared change, the latest change first, the outcome first. */
  private static List<ChangeEffect> effects(Connection c) throws SQLException {
    return Rows.list(c, "SELECT change_date, what, transition, before_judged,"
        + " before_converted, before_rate, after_judged, after_converted, after_rate,"
        + " difference, difference_low, difference_high, sample_note IS NOT NULL, note,"
        + " sentence FROM change_impact ORDER BY change_date DESC, transition <> 'outcome',"
        + " transition", r -> new ChangeEffect(Rows.day(r, 1), r.getString(2), r.getString(3),
        r.getLong(4), r.getLong(5), dbl(r, 6), r.getLong(7), r.getLong(8), dbl(r, 9),
        dbl(r, 10), dbl(r, 11), dbl(r, 12), r.getBoolean(13), r.getString(14),
        r.getString(15)));
  }

  /**
   * The daily series of the given (metric, segment) pairs, in order, at most {@code max}; pairs
   * that cannot be redrawn (behaviour segments, unknown metrics) are left out.
   */
  static List<Timeline> timelines(Connection c, List<List<String>> series, int max)
      throws SQLException {
    List<Anomaly> anomalies = anomalies(c);
    DailySeries.Frame frame = DailySeries.frame(c);
    List<Timeline> out = new ArrayList<>();
    for (List<String> key : new LinkedHashSet<>(series)) {
      if (out.size() == max) {
        break;
      }
      if (DailySeries.drawable(key.get(0), key.get(1))) {
        DailySeries.read(c, frame, key.get(0), key.get(1), anomalies).ifPresent(out::add);
      }
    }
    return out;
  }

  private static List<Anomaly> anomalies(Connection c) throws SQLException {
    return Rows.list(c, "SELECT metric, segment, from_day, to_day, days,"
        + " observed, expected, lower, upper, observed_count, observed_base, q_value,"
        + " direction, severity, nearby_change, sentence FROM anomalies"
        + " ORDER BY to_day DESC, q_value, metric, segment", r -> new Anomaly(r.getString(1),
        r.getString(2), Rows.day(r, 3), Rows.day(r, 4), r.getInt(5), r.getDouble(6),
        r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getLong(10), Rows.lng(r, 11),
        r.getDouble(12), r.getString(13), r.getString(14), r.getString(15), r.getString(16)));
  }
}
