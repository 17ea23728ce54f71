package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Trigger;
import io.journeymap.stats.Lift;
import io.journeymap.stats.Medians;
import io.journeymap.stats.Proportion;
import io.journeymap.stats.RateDifference;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * Measures each trigger against its holdout: among judged journeys the trigger fired on, the
 * conversion of treated subjects against held-out ones. Before the trigger went live nobody was
 * treated, so that period is reported apart as an A/A check of the split; a trigger without
 * {@code live_since} has only that period and the verdict "not live".
 */
final class TriggerImpact {
  /** Fewer judged journeys than this in either group: too few to tell. */
  static final int MIN_GROUP = 30;
  /** Another trigger firing on this share of the same journeys mixes its effect in. */
  static final double OVERLAP_SHARE = 0.25;

  private final DuckDBConnection store;
  private final JourneyModel model;

  TriggerImpact(DuckDBConnection store, JourneyModel model) {
    this.store = store;
    this.model = model;
  }

  void run() throws SQLException {
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.impact VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Trigger t : model.triggers()) {
        String overlap = overlap(t.name());
        boolean live = t.liveSince() != null;
        write(out, t, "before live", live ? "fired_at < ?" : null, overlap, !live);
        if (live) {
          write(out, t, "live", "fired_at >= ?", overlap, false);
        }
      }
    }
  }

  /** One row of impact: the firings of {@code t} meeting {@code sinceLive} (null: all). */
  private void write(PreparedStatement out, Trigger t, String period, String sinceLive,
      String overlap, boolean notLive) throws SQLException {
    long[] counts = new long[4];
    List<Double> treatedDays = new ArrayList<>();
    List<Double> holdoutDays = new ArrayList<>();
    try (PreparedStatement p = store.prepareStatement("SELECT test_group, converted,"
        + " days_to_convert FROM main.triggers WHERE trigger_name = ? AND judged"
        + (sinceLive == null ? "" : " AND " + sinceLive))) {
      p.setString(1, t.name());
      if (sinceLive != null) {
        p.setObject(2, java.time.LocalDateTime.ofInstant(t.liveSince(), java.time.ZoneOffset.UTC));
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          boolean treated = "treated".equals(r.getString(1));
          boolean converted = r.getBoolean(2);
          counts[treated ? 0 : 2]++;
          if (converted) {
            counts[treated ? 1 : 3]++;
            (treated ? treatedDays : holdoutDays).add(r.getDouble(3));
          }
        }
      }
    }
    RateDifference d = RateDifference.of(counts[1], counts[0], counts[3], counts[2]);
    Lift lift = Lift.of(counts[1], counts[0], counts[3], counts[2]);
    boolean fewer = counts[0] < MIN_GROUP || counts[2] < MIN_GROUP;
    boolean differs = d.low() > 0 || d.high() < 0;
    String verdict = notLive ? "not live"
        : fewer ? "too few to tell"
        : period.equals("before live")
            ? differs ? "groups differ before live: check the split" : "split looks fair"
        : d.low() > 0 ? "working" : d.high() < 0 ? "hurting" : "no effect yet";
    int i = 0;
    out.setString(++i, t.name());
    out.setString(++i, period);
    out.setLong(++i, counts[0]);
    out.setLong(++i, counts[1]);
    setDouble(out, ++i, d.first().trials() == 0 ? Double.NaN : d.first().rate());
    out.setLong(++i, counts[2]);
    out.setLong(++i, counts[3]);
    setDouble(out, ++i, d.second().trials() == 0 ? Double.NaN : d.second().rate());
    setDouble(out, ++i, d.difference());
    setDouble(out, ++i, d.low());
    setDouble(out, ++i, d.high());
    boolean liftDefined = counts[0] > 0 && counts[2] > 0 && counts[3] > 0;
    setDouble(out, ++i, liftDefined ? lift.lift() : Double.NaN);
    setDouble(out, ++i, liftDefined ? lift.low() : Double.NaN);
    setDouble(out, ++i, liftDefined ? lift.high() : Double.NaN);
    setDouble(out, ++i, counts[0] > 0 && counts[2] > 0 ? lift.pValue() : Double.NaN);
    setDouble(out, ++i, median(treatedDays));
    setDouble(out, ++i, median(holdoutDays));
    out.setString(++i, overlap);
    out.setString(++i, verdict);
    out.setString(++i, sentence(t, period, verdict, d, counts, overlap));
    out.execute();
  }

  private static String sentence(Trigger t, String period, String verdict, RateDifference d,
      long[] counts, String overlap) {
    String rates = counts[0] == 0 || counts[2] == 0 ? ""
        : String.format(Locale.ROOT, "%s converted %.1f%% of %,d treated journeys against"
            + " %.1f%% of %,d held out: %+.1f points (95%% CI %+.1f to %+.1f)", t.name(),
            100 * d.first().rate(), counts[0], 100 * d.second().rate(), counts[2],
            100 * d.difference(), 100 * d.low(), 100 * d.high());
    String mixed = overlap == null ? "" : " Other triggers fired on many of the same journeys ("
        + overlap + "), so their effects mix with this one's.";
    String small = counts[0] < MIN_GROUP || counts[2] < MIN_GROUP
        ? String.format(Locale.ROOT, " Under %d judged journeys in a group: too few to tell.",
            MIN_GROUP) : "";
    return switch (verdict) {
      case "not live" -> "Not live: the model gives no live_since, so nobody has been treated"
          + " yet. " + (rates.isEmpty() ? "No judged journeys to check the split on."
          : "A/A check of the split: " + rates + "; a difference here is chance or a flawed"
              + " split.") + mixed;
      default -> period.equals("before live")
          ? "Before the trigger went live (A/A check): " + (rates.isEmpty() ? "no judged"
              + " journeys." : rates + "; a difference here is chance or a flawed split.")
          : (rates.isEmpty() ? "No judged journeys since the trigger went live." : rates + ".")
              + " Verdict: " + verdict + "." + small + mixed;
    };
  }

  /** Triggers that fired on at least {@link #OVERLAP_SHARE} of this one's journeys, or null. */
  private String overlap(String trigger) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = store.prepareStatement("SELECT o.trigger_name,"
        + " count(*) / (SELECT count(*) FROM main.triggers WHERE trigger_name = ?) AS share"
        + " FROM main.triggers t JOIN main.triggers o ON o.journey_id = t.journey_id"
        + " AND o.trigger_name <> t.trigger_name WHERE t.trigger_name = ?"
        + " GROUP BY 1 HAVING share >= ? ORDER BY share DESC, 1")) {
      p.setString(1, trigger);
      p.setString(2, trigger);
      p.setDouble(3, OVERLAP_SHARE);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(String.format(Locale.ROOT, "%s %.0f%%", r.getString(1), 100 * r.getDouble(2)));
        }
      }
    }
    return out.isEmpty() ? null : String.join(", ", out);
  }

  private static double median(List<Double> values) {
    return values.isEmpty() ? Double.NaN
        : Medians.of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      p.setNull(i, Types.DOUBLE);
    } else {
      p.setDouble(i, v);
    }
  }

}
