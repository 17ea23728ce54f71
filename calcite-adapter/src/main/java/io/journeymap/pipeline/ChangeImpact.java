package io.journeymap.pipeline;

import io.journeymap.model.Change;
import io.journeymap.stats.Lift;
import io.journeymap.stats.Proportion;
import io.journeymap.stats.RateDifference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Before and after each declared change: the outcome rate and each consecutive stage-to-stage
 * rate of judged journeys started in the {@link #DAYS} days before the change's day against
 * those started in the {@link #DAYS} days from it, with the difference (Newcombe's interval),
 * the relative lift (Katz's interval) and Fisher's exact p. Nothing was held out, so this is
 * observational: a season, another change or a shift in who arrives can move the rates as well.
 */
final class ChangeImpact {
  /** Days compared on each side of a change. */
  static final int DAYS = 30;

  static final String NOTE = "Observational: journeys started before the change against"
      + " journeys started after it, not a controlled test; seasonality, other changes and a"
      + " shift in who arrives can explain a difference as well.";

  private final DuckDBConnection store;
  private final List<Change> changes;

  ChangeImpact(DuckDBConnection store, List<Change> changes) {
    this.store = store;
    this.changes = List.copyOf(changes);
  }

  /** One side of one transition: judged journeys, how many moved on, the median days. */
  private record Side(long judged, long converted, long stillInWindow, Double medianDays) {
    static final Side NONE = new Side(0, 0, 0, null);
  }

  /** Fills {@code change_impact}; returns its rows. */
  int run() throws SQLException {
    List<String> transitions = transitions();
    int rows = 0;
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.change_impact VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Change change : changes) {
        Map<String, Side> before = sides(change.date().minusDays(DAYS), change.date());
        Map<String, Side> after = sides(change.date(), change.date().plusDays(DAYS));
        String others = othersNearby(change);
        for (String transition : transitions) {
          write(out, change, transition, before.getOrDefault(transition, Side.NONE),
              after.getOrDefault(transition, Side.NONE), others);
          rows++;
        }
      }
    }
    return rows;
  }

  /** 'outcome', then 'A -> B' for each consecutive stage pair, in stage order. */
  private List<String> transitions() throws SQLException {
    List<String> out = new ArrayList<>();
    out.add("outcome");
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT a.stage"
        + " || ' -> ' || b.stage FROM main.stages a JOIN main.stages b"
        + " ON b.stage_order = a.stage_order + 1 ORDER BY a.stage_order")) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }

  /**
   * Journeys started from {@code from} (inclusive) to {@code to} (exclusive), per transition:
   * for the outcome every journey, converted or not; for a stage pair the journeys that reached
   * the first stage, and whether they reached the next (as in stage_conversion).
   */
  private Map<String, Side> sides(LocalDate from, LocalDate to) throws SQLException {
    Map<String, Side> out = new LinkedHashMap<>();
    try (PreparedStatement p = store.prepareStatement("WITH j AS (SELECT journey_id, judged,"
        + " status = 'converted' AS converted, days_to_convert FROM main.journeys"
        + " WHERE started_at >= ? AND started_at < ?)"
        + " SELECT 'outcome', count(*) FILTER (WHERE judged),"
        + " count(*) FILTER (WHERE judged AND converted), count(*) FILTER (WHERE NOT judged),"
        + " median(days_to_convert) FILTER (WHERE judged AND converted) FROM j"
        + " UNION ALL SELECT sa.stage || ' -> ' || sb.stage, count(*) FILTER (WHERE j.judged),"
        + " count(*) FILTER (WHERE j.judged AND b.entered_at IS NOT NULL),"
        + " count(*) FILTER (WHERE NOT j.judged),"
        + " median(date_diff('millisecond', a.entered_at, b.entered_at) / 86400000.0)"
        + " FILTER (WHERE j.judged AND b.entered_at > a.entered_at)"
        + " FROM j JOIN main.stage_entries a USING (journey_id)"
        + " JOIN main.stages sa ON sa.stage_order = a.stage_order"
        + " JOIN main.stages sb ON sb.stage_order = a.stage_order + 1"
        + " LEFT JOIN main.stage_entries b ON b.journey_id = j.journey_id"
        + " AND b.stage_order = sb.stage_order GROUP BY sa.stage, sb.stage")) {
      p.setObject(1, from.atStartOfDay());
      p.setObject(2, to.atStartOfDay());
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          double median = r.getDouble(5);
          out.put(r.getString(1), new Side(r.getLong(2), r.getLong(3), r.getLong(4),
              r.wasNull() ? null : median));
        }
      }
    }
    return out;
  }

  /** Other declared changes inside the compared days, in words, or null. */
  private String othersNearby(Change change) {
    List<String> out = new ArrayList<>();
    for (Change other : changes) {
      if (other != change && other.date().isAfter(change.date().minusDays(DAYS + 1))
          && other.date().isBefore(change.date().plusDays(DAYS))) {
        out.add(other.what() + " (" + other.date() + ")");
      }
    }
    return out.isEmpty() ? null : String.join(", ", out);
  }

  private void write(PreparedStatement out, Change change, String transition, Side before,
      Side after, String others) throws SQLException {
    RateDifference d = RateDifference.of(after.converted(), after.judged(), before.converted(),
        before.judged());
    Lift lift = Lift.of(after.converted(), after.judged(), before.converted(), before.judged());
    boolean both = before.judged() > 0 && after.judged() > 0;
    boolean liftDefined = both && before.converted() > 0;
    boolean small = d.first().tooFewToCompare() || d.second().tooFewToCompare();
    int i = 0;
    out.setObject(++i, change.date().atStartOfDay());
    out.setString(++i, change.what());
    out.setString(++i, transition);
    out.setInt(++i, DAYS);
    out.setLong(++i, before.judged());
    out.setLong(++i, before.converted());
    setDouble(out, ++i, d.second().rate());
    out.setLong(++i, after.judged());
    out.setLong(++i, after.converted());
    setDouble(out, ++i, d.first().rate());
    out.setLong(++i, before.stillInWindow() + after.stillInWindow());
    setDouble(out, ++i, d.difference());
    setDouble(out, ++i, d.low());
    setDouble(out, ++i, d.high());
    setDouble(out, ++i, liftDefined ? lift.lift() : Double.NaN);
    setDouble(out, ++i, liftDefined ? lift.low() : Double.NaN);
    setDouble(out, ++i, liftDefined ? lift.high() : Double.NaN);
    setDouble(out, ++i, both ? lift.pValue() : Double.NaN);
    setDouble(out, ++i, before.medianDays() == null ? Double.NaN : before.medianDays());
    setDouble(out, ++i, after.medianDays() == null ? Double.NaN : after.medianDays());
    out.setString(++i, others);
    out.setString(++i, small ? "small sample" : null);
    out.setString(++i, NOTE);
    out.setString(++i, sentence(change, transition, d, lift, liftDefined, small, others));
    out.execute();
  }

  private static String sentence(Change change, String transition, RateDifference d, Lift lift,
      boolean liftDefined, boolean small, String others) {
    String what = transition.equals("outcome") ? "converted"
        : "of those that reached " + transition.substring(0, transition.indexOf(" -> "))
            + " went on to " + transition.substring(transition.indexOf(" -> ") + 4);
    String head = String.format(Locale.ROOT, "%s (%s), %s: ", change.what(), change.date(),
        transition);
    if (d.first().trials() == 0 || d.second().trials() == 0) {
      return head + String.format(Locale.ROOT, "%,d judged journeys started in the %d days"
          + " before and %,d in the %d days after; nothing to compare yet.",
          d.second().trials(), DAYS, d.first().trials(), DAYS);
    }
    StringBuilder b = new StringBuilder(head).append(String.format(Locale.ROOT, "%.1f%% %s"
        + " among %,d judged journeys started in the %d days after, against %.1f%% of %,d"
        + " before: %+.1f points (95%% CI %+.1f to %+.1f)", 100 * d.first().rate(), what,
        d.first().trials(), DAYS, 100 * d.second().rate(), d.second().trials(),
        100 * d.difference(), 100 * d.low(), 100 * d.high()));
    if (liftDefined) {
      b.append(String.format(Locale.ROOT, ", %.2f times the rate before (%.2f\u2013%.2f)",
          lift.lift(), lift.low(), lift.high()));
    }
    b.append(String.format(Locale.ROOT, ", Fisher p %s.", p(lift.pValue())));
    if (small) {
      b.append(" Small sample: read with care.");
    }
    if (others != null) {
      b.append(" Other declared changes fall within these days (").append(others)
          .append("), so their effects mix.");
    }
    return b.append(" Before/after, not a controlled test.").toString();
  }

  private static String p(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "= %.3f", p);
  }

  private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      p.setNull(i, Types.DOUBLE);
    } else {
      p.setDouble(i, v);
    }
  }
}
