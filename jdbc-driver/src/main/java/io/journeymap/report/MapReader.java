package io.journeymap.report;

import static io.journeymap.report.Rows.dbl;

import io.journeymap.report.ReportData.DropOff;
import io.journeymap.report.ReportData.JourneyMap;
import io.journeymap.report.ReportData.Overview;
import io.journeymap.report.ReportData.Pair;
import io.journeymap.report.ReportData.Path;
import io.journeymap.report.ReportData.Paths;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.report.ReportData.Stage;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The journey, its stages and where journeys leave it: build_info to paths(). */
final class MapReader {
  /** Events per path at the biggest drop-off: more steps split the paths too thin to read. */
  static final int PATH_STEPS = 2;

  private MapReader() {}

  static Overview overview(Connection c) throws SQLException {
    List<String> notes = new ArrayList<>(Rows.list(c, "SELECT detail FROM build_log WHERE"
        + " phase = 'coverage' AND source IS NULL", r -> r.getString(1)));
    notes.addAll(readingWarnings(c));
    notes.addAll(outsideJourneys(c));
    long[] n = Rows.one(c, "SELECT count(*), count(*) FILTER (WHERE status = 'converted'),"
        + " count(*) FILTER (WHERE status = 'failed'), count(*) FILTER (WHERE status ="
        + " 'dropped'), count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE NOT"
        + " judged), count(*) FILTER (WHERE NOT judged AND status = 'converted'),"
        + " count(*) FILTER (WHERE judged AND status = 'converted') FROM journeys",
        r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
            r.getLong(6), r.getLong(7), r.getLong(8)});
    long judged = n[0] - n[5];
    Proportion all = Proportion.wilson(n[7], judged);
    Rate overall = new Rate(n[7], judged, nan(all.rate()), nan(all.low()), nan(all.high()),
        all.smallSample());
    return Rows.one(c, "SELECT journey, goal, CAST(as_of AS VARCHAR), as_of_basis"
        + " FROM build_info", r -> new Overview(r.getString(1), r.getString(2), r.getString(3),
        r.getString(4), n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], overall, notes));
  }

  /**
   * The build's warnings about reading and mapping the sources and about stages no journey
   * reached (a map key that names no row, rows rejected): what a rate of 0% may owe to the
   * model rather than to behaviour. Warnings are the log's rows with no time of their own.
   */
  static List<String> readingWarnings(Connection c) throws SQLException {
    return Rows.list(c, "SELECT detail FROM build_log WHERE phase IN ('ingest', 'stages') AND"
        + " source IS NULL AND rows_read IS NULL AND seconds = 0 ORDER BY phase, detail",
        r -> r.getString(1));
  }

  /**
   * Start and success events that no journey holds, in words: every rate leaves them out, and
   * a reader of the funnel would not know (a start with no subject: an install with only a
   * device id; a success outside every journey: after the window, or before any start).
   */
  static List<String> outsideJourneys(Connection c) throws SQLException {
    String[] info = Rows.one(c, "SELECT subject, start_event, success_event FROM build_info",
        r -> new String[] {r.getString(1), r.getString(2), r.getString(3)});
    String subject = "account".equals(info[0]) ? "account" : "person";
    String column = subject + "_id";
    long[] n = Rows.one(c, "SELECT count(*) FILTER (WHERE event = ? AND " + column + " IS NULL),"
        + " count(*) FILTER (WHERE event = ?), count(*) FILTER (WHERE event = ? AND journey_id"
        + " IS NULL), count(*) FILTER (WHERE event = ?) FROM events WHERE occurred_at <="
        + " (SELECT as_of FROM build_info)", r -> new long[] {r.getLong(1), r.getLong(2),
            r.getLong(3), r.getLong(4)}, info[1], info[1], info[2], info[2]);
    List<String> out = new ArrayList<>();
    if (n[0] > 0) {
      out.add(String.format(Locale.ROOT, "%,d of %,d '%s' events (%s) have no %s, so they start"
          + " no journey and every rate leaves them out: their records carry no identifier that"
          + " resolves to a %s (e.g. only a device id or cookie, which are weak links). SELECT *"
          + " FROM events WHERE event = '%s' AND %s IS NULL", n[0], n[1], info[1],
          Format.pct((double) n[0] / n[1]), subject, subject, info[1].replace("'", "''"),
          column));
    }
    if (n[2] > 0) {
      out.add(String.format(Locale.ROOT, "%,d of %,d '%s' events (%s) fall in no journey and"
          + " count as no conversion: after the journey's window closed, with no '%s' before"
          + " them, or with no %s. SELECT * FROM events WHERE event = '%s' AND journey_id IS"
          + " NULL", n[2], n[3], info[2], Format.pct((double) n[2] / n[3]), info[1], subject,
          info[2].replace("'", "''")));
    }
    return out;
  }

  static JourneyMap map(Connection c) throws SQLException {
    List<Stage> stages = Rows.list(c, "SELECT stage_order, stage, reached, reached_in_order,"
        + " converted_with, converted_without, share_converted_without FROM stage_reach"
        + " ORDER BY stage_order", r -> new Stage(r.getInt(1), r.getString(2), r.getLong(3),
        r.getLong(4), r.getLong(5), r.getLong(6), dbl(r, 7)));
    List<Pair> pairs = Rows.list(c, "SELECT from_stage, to_stage, entered, advanced,"
        + " judged_advanced, judged, rate, ci_low, ci_high, sample_note, median_hours,"
        + " went_around, bypassed FROM stage_conversion ORDER BY from_order",
        r -> new Pair(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
            Rows.rate(r, 5, 6, 7, 8, r.getString(10) != null), dbl(r, 11), r.getLong(12),
            r.getLong(13)));
    List<DropOff> dropOffs = Rows.list(c, "SELECT stage_order, stage, stalled, failed,"
        + " reached, share, ci_low, ci_high, share_of_all_drop_offs, last_events, biggest"
        + " FROM drop_offs ORDER BY stage_order", r -> new DropOff(r.getInt(1), r.getString(2),
        r.getLong(3), r.getLong(4), new Rate(r.getLong(3), r.getLong(5), dbl(r, 6), dbl(r, 7),
        dbl(r, 8), Proportion.wilson(r.getLong(3), r.getLong(5)).smallSample()), dbl(r, 9),
        r.getString(10), r.getBoolean(11)));
    return new JourneyMap(stages, pairs, dropOffs, paths(c, pairs, dropOffs));
  }

  /**
   * The paths journeys took from the stage with the biggest drop-off to the next one; when the
   * biggest drop-off lies before any stage, from the pair with the lowest rate.
   */
  private static Paths paths(Connection c, List<Pair> pairs, List<DropOff> dropOffs)
      throws SQLException {
    Optional<String> biggest = dropOffs.stream().filter(DropOff::biggest)
        .map(DropOff::stage).findFirst();
    Optional<Pair> pair = pairs.stream().filter(p -> biggest.isPresent()
        && p.from().equals(biggest.get())).findFirst();
    if (pair.isEmpty()) {
      pair = pairs.stream().filter(p -> p.rate().rate() != null)
          .min(Comparator.comparingDouble(p -> p.rate().rate()));
    }
    if (pair.isEmpty()) {
      return null;
    }
    String from = pair.get().from();
    String to = pair.get().to();
    List<Path> rows = Rows.list(c, "SELECT path, journeys, reached, rate, ci_low, ci_high,"
        + " sample_note FROM paths(from_stage => ?, to_stage => ?, max_steps => "
        + PATH_STEPS + ") ORDER BY journeys DESC, path", r -> new Path(r.getString(1),
        r.getLong(2), Rows.rate(r, 3, 2, 4, 5, r.getString(7) != null)), from, to);
    return new Paths(from, to, PATH_STEPS, rows);
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
