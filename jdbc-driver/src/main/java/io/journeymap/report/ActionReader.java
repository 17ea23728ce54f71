package io.journeymap.report;

import static io.journeymap.report.Rows.dbl;

import io.journeymap.report.ReportData.Action;
import io.journeymap.report.ReportData.Impact;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.report.ReportData.Segment;
import io.journeymap.report.ReportData.Trigger;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What to do now: the segments needing action and the triggers with their measured impact. */
final class ActionReader {
  static final String SEGMENTS = "segments_needing_action";
  /** Segments shown. */
  static final int SEGMENT_ROWS = 10;

  private ActionReader() {}

  static Action action(Connection c) throws SQLException {
    Optional<List<Segment>> segments = Optional.empty();
    String note;
    if (!hasTable(c, SEGMENTS)) {
      note = "The ranking of segments that need action (" + SEGMENTS + ") is not in this"
          + " store; below are the triggers and their measured impact.";
    } else {
      try {
        segments = Optional.of(segments(c));
        note = null;
      } catch (SQLException e) {
        // a store built before the table existed: say so, show the rest
        note = "The ranking of segments that need action could not be read from this store ("
            + e.getMessage().lines().findFirst().orElse("") + "); rebuild it to get it.";
      }
    }
    return new Action(segments, note, triggers(c));
  }

  private static boolean hasTable(Connection c, String table) throws SQLException {
    try (ResultSet r = c.getMetaData().getTables(null, null, table, null)) {
      while (r.next()) {
        if (r.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          return true;
        }
      }
      return false;
    }
  }

  static List<Segment> segments(Connection c) throws SQLException {
    return Rows.list(c, "SELECT rank, segment_kind, segment, open_journeys, judged, converted,"
        + " rate, rate_low, rate_high, benchmark_rate, expected_lost, expected_lost_low,"
        + " expected_lost_high, small_sample, suggestion, sentence FROM " + SEGMENTS
        + " ORDER BY rank LIMIT " + SEGMENT_ROWS, r -> new Segment(r.getInt(1),
        r.getString(2), r.getString(3), r.getLong(4), new Rate(r.getLong(6), r.getLong(5),
        dbl(r, 7), dbl(r, 8), dbl(r, 9), Rows.flag(r, 14)), dbl(r, 10), dbl(r, 11),
        dbl(r, 12), dbl(r, 13), r.getString(15), r.getString(16)));
  }

  private static List<Trigger> triggers(Connection c) throws SQLException {
    // name -> action, treated and held out on today's lists
    Map<String, Object[]> lists = new TreeMap<>();
    for (Object[] row : Rows.list(c, "SELECT trigger_name, min(action), count(*) FILTER"
        + " (WHERE open_now AND test_group = 'treated'), count(*) FILTER (WHERE open_now AND"
        + " test_group = 'holdout') FROM triggers GROUP BY 1", r -> new Object[] {
        r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)})) {
      lists.put((String) row[0], row);
    }
    Map<String, List<Impact>> impact = new TreeMap<>();
    for (Impact i : Rows.list(c, "SELECT trigger_name, period, treated, treated_converted,"
        + " holdout, holdout_converted, difference, difference_low, difference_high,"
        + " relative_lift, lift_low, lift_high, p_value, median_days_treated,"
        + " median_days_holdout, overlap, verdict, sentence FROM impact"
        + " ORDER BY trigger_name, period DESC", r -> new Impact(r.getString(1), r.getString(2),
        wilson(r.getLong(4), r.getLong(3)), wilson(r.getLong(6), r.getLong(5)), dbl(r, 7),
        dbl(r, 8), dbl(r, 9), dbl(r, 10), dbl(r, 11), dbl(r, 12), dbl(r, 13), dbl(r, 14),
        dbl(r, 15), r.getString(16), r.getString(17), r.getString(18)))) {
      impact.computeIfAbsent(i.trigger(), k -> new ArrayList<>()).add(i);
    }
    Map<String, Trigger> out = new TreeMap<>();
    for (String name : union(lists.keySet(), impact.keySet())) {
      Object[] l = lists.get(name);
      List<Impact> rows = impact.getOrDefault(name, List.of());
      // today's word on a trigger: its live comparison, or the A/A check while not live
      Impact current = rows.stream().filter(i -> "live".equals(i.period())).findFirst()
          .orElse(rows.stream().filter(i -> "not live".equals(i.verdict())).findFirst()
              .orElse(null));
      out.put(name, new Trigger(name, l == null ? null : (String) l[1],
          l == null ? 0 : (Long) l[2], l == null ? 0 : (Long) l[3], rows, current));
    }
    return List.copyOf(out.values());
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  private static Rate wilson(long successes, long trials) {
    Proportion p = Proportion.wilson(successes, trials);
    return new Rate(successes, trials, trials == 0 ? null : p.rate(),
        trials == 0 ? null : p.low(), trials == 0 ? null : p.high(), p.smallSample());
  }
}
