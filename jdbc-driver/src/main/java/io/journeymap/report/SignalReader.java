package io.journeymap.report;

import static io.journeymap.report.Rows.dbl;

import io.journeymap.report.ReportData.Behaviours;
import io.journeymap.report.ReportData.Channel;
import io.journeymap.report.ReportData.Channels;
import io.journeymap.report.ReportData.Lift;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What goes with converting: behaviour lift and channel quality. */
final class SignalReader {
  private static final String LIFT_COLUMNS = "transition, behavior, n_with, conv_with,"
      + " n_without, conv_without, rate_with, rate_without, lift, lift_low, lift_high,"
      + " adjusted_lift, adjusted_low, adjusted_high, q_value, verdict, sentence";

  /** How sure a lift is: its lower bound within the confounders' groups, else overall. */
  static final String SURE = "coalesce(adjusted_low, lift_low)";

  /** The surest outcome signals that raise conversion, one per event or event pair. */
  // one row per event (its surest), and one per set of journeys: behaviours with the same
  // counts with and without are the same journeys in other words ("invited", "invited and
  // created a project"), shown once in their shortest wording
  // surest by the lower bound of the lift within the confounders' groups: a behaviour that a
  // confounder flatters would otherwise lead
  static final String TOP_SIGNALS = "SELECT " + LIFT_COLUMNS + " FROM (SELECT *,"
      + " row_number() OVER (PARTITION BY event ORDER BY " + SURE + " DESC, behavior) AS by_event"
      + " FROM behavior_lift WHERE transition = 'outcome' AND verdict = 'signal' AND lift > 1)"
      + " WHERE by_event = 1 QUALIFY row_number() OVER (PARTITION BY n_with,"
      + " conv_with, n_without, conv_without ORDER BY length(behavior), behavior) = 1"
      + " ORDER BY " + SURE + " DESC, behavior LIMIT 5";

  /** Rows in the forest plot, and how many of them are kept for speculation. */
  static final int FOREST_ROWS = 12;
  static final int FOREST_SPECULATION = 3;

  /**
   * Outcome behaviours that go with converting more, one per event or event pair (its surest
   * row), signals first: the tested ones that are not too thin to test, confounded ones among
   * the rest.
   */
  static final String FOREST = "SELECT " + LIFT_COLUMNS + " FROM behavior_lift WHERE"
      + " transition = 'outcome' AND lift > 1 AND verdict <> 'too few'"
      + " QUALIFY row_number() OVER (PARTITION BY event ORDER BY verdict = 'signal' DESC,"
      + " " + SURE + " DESC, behavior) = 1 ORDER BY verdict = 'signal' DESC, " + SURE
      + " DESC, behavior";

  private SignalReader() {}

  static Behaviours behaviours(Connection c) throws SQLException {
    long[] n = Rows.one(c, "SELECT count(*), count(*) FILTER (WHERE verdict = 'signal'),"
        + " count(*) FILTER (WHERE verdict = 'signal' AND lift < 1) FROM behavior_lift"
        + " WHERE transition = 'outcome'", r -> new long[] {r.getLong(1), r.getLong(2),
        r.getLong(3)});
    return new Behaviours(forest(lifts(c, FOREST)), lifts(c, TOP_SIGNALS), n[0], n[1], n[2]);
  }

  /**
   * The strongest signals and, so the difference shows, the strongest speculation: at most
   * {@link #FOREST_ROWS} rows, {@link #FOREST_SPECULATION} of them kept for speculation when
   * there is any.
   */
  static List<Lift> forest(List<Lift> ranked) {
    List<Lift> signals = ranked.stream().filter(Lift::signal).toList();
    List<Lift> speculation = ranked.stream().filter(l -> !l.signal()).toList();
    int keep = Math.min(speculation.size(), FOREST_SPECULATION);
    List<Lift> out = new java.util.ArrayList<>(signals.subList(0, Math.min(signals.size(),
        FOREST_ROWS - keep)));
    out.addAll(speculation.subList(0, Math.min(speculation.size(), FOREST_ROWS - out.size())));
    return List.copyOf(out);
  }

  private static List<Lift> lifts(Connection c, String sql) throws SQLException {
    return Rows.list(c, sql, r -> new Lift(r.getString(1), r.getString(2), r.getLong(3),
        r.getLong(4), r.getLong(5), r.getLong(6), dbl(r, 7), dbl(r, 8), dbl(r, 9), dbl(r, 10),
        dbl(r, 11), dbl(r, 12), dbl(r, 13), dbl(r, 14), dbl(r, 15), r.getString(16),
        r.getString(17)));
  }

  static Channels channels(Connection c) throws SQLException {
    List<Channel> rows = Rows.list(c, "SELECT channel, journeys, volume_rank, conversions,"
        + " judged, rate, ci_low, ci_high, quality_rank, recent_conversions, sample_note"
        + " FROM channel_quality ORDER BY quality_rank NULLS LAST, channel", r -> new Channel(
        r.getString(1), r.getLong(2), r.getInt(3), Rows.rate(r, 4, 5, 6, 7,
        r.getString(11) != null), (Integer) r.getObject(9), r.getLong(10)));
    long conversions = rows.stream().mapToLong(ch -> ch.rate().successes()).sum();
    long judged = rows.stream().mapToLong(ch -> ch.rate().trials()).sum();
    Proportion all = Proportion.wilson(conversions, judged);
    return new Channels(rows, new Rate(conversions, judged, judged == 0 ? null : all.rate(),
        judged == 0 ? null : all.low(), judged == 0 ? null : all.high(), all.smallSample()));
  }
}
