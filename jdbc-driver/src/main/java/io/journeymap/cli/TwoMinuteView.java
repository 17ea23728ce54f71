package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The two-minute view in the terminal: the stage funnel with counts, rates, intervals and median
 * times, the biggest drop-off, channels ranked by quality next to volume, the top behaviour
 * signals and the anomalies found. Read through the
 * JDBC driver from the store tables, the same numbers a dashboard shows.
 */
final class TwoMinuteView {
  /** The surest outcome signals that raise conversion, one per event or event pair. */
  static final String TOP_SIGNALS = "SELECT behavior, n_with, lift, lift_low, lift_high,"
      + " adjusted_lift, rate_with, rate_without FROM behavior_lift WHERE transition ="
      + " 'outcome' AND verdict = 'signal' AND lift > 1 QUALIFY row_number() OVER (PARTITION"
      + " BY event ORDER BY lift_low DESC, behavior) = 1 ORDER BY lift_low DESC, behavior"
      + " LIMIT 5";

  private final Connection connection;
  private final PrintStream out;

  TwoMinuteView(Connection connection, PrintStream out) {
    this.connection = connection;
    this.out = out;
  }

  void print() throws SQLException {
    try (Statement s = connection.createStatement()) {
      String asOf;
      String basis;
      try (ResultSet r = s.executeQuery("SELECT journey, goal, CAST(as_of AS VARCHAR), as_of_basis"
          + " FROM build_info")) {
        r.next();
        out.println();
        out.println("JOURNEY  " + r.getString(1) + ": " + r.getString(2));
        asOf = r.getString(3);
        basis = r.getString(4);
      }
      try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status ="
          + " 'converted'), count(*) FILTER (WHERE status = 'failed'),"
          + " count(*) FILTER (WHERE status = 'dropped'),"
          + " count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE NOT judged),"
          + " count(*) FILTER (WHERE NOT judged AND status = 'converted') FROM journeys")) {
        r.next();
        String failed = r.getLong(3) == 0 ? "" : String.format(Locale.ROOT, "%,d failed, ",
            r.getLong(3));
        out.printf(Locale.ROOT, "as of %s UTC (%s): %,d journeys, %,d converted, %s%,d dropped,"
                + " %,d still open%n", asOf, basis, r.getLong(1), r.getLong(2), failed,
            r.getLong(4), r.getLong(5));
        out.printf(Locale.ROOT, "rates judge the %,d journeys whose whole window lies before"
                + " as-of; %,d started too recently (%,d of them already converted)%n",
            r.getLong(1) - r.getLong(6), r.getLong(6), r.getLong(7));
      }
      warnings(s);
      funnel(s);
      bypasses(s);
      dropOff(s);
      channels(s);
      signals(s);
      anomalies(s);
      clusters(s);
      modelHealth(s);
      triggers(s);
      out.println();
      out.println("Rates show counts and 95% Wilson intervals; 'small sample' marks rates too thin"
          + " to act on. More: SELECT * FROM journey.<table> (see docs/tables.md).");
    }
  }

  private void warnings(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT detail FROM build_log WHERE phase = 'coverage'"
        + " AND source IS NULL")) {
      while (r.next()) {
        out.println("  note: " + r.getString(1));
      }
    }
  }

  private void funnel(Statement s) throws SQLException {
    out.println();
    out.println("STAGE FUNNEL  (stages are milestones, not gates: journeys may skip some)");
    out.printf(Locale.ROOT, "  %-30s %9s %9s %15s %8s %17s %12s  %s%n", "stage -> next",
        "entered", "advanced", "adv/judged", "rate", "95% interval", "median time", "");
    try (ResultSet r = s.executeQuery("SELECT from_stage, to_stage, entered, advanced,"
        + " judged_advanced, judged, rate, ci_low, ci_high, median_hours, sample_note, bypassed"
        + " FROM stage_conversion ORDER BY from_order")) {
      while (r.next()) {
        String note = r.getString(11) == null ? "" : r.getString(11);
        if (r.getLong(12) > 0) {
          note = (note.isEmpty() ? "" : note + "; ") + String.format(Locale.ROOT,
              "+%,d reached %s without %s", r.getLong(12), r.getString(2), r.getString(1));
        }
        out.printf(Locale.ROOT, "  %-30s %,9d %,9d %15s %8s %17s %12s  %s%n",
            r.getString(1) + " -> " + r.getString(2), r.getLong(3), r.getLong(4),
            String.format(Locale.ROOT, "%,d/%,d", r.getLong(5), r.getLong(6)),
            pct(r, 7), interval(r, 8), hours(r, 10), note);
      }
    }
  }

  /** How many conversions went around each stage: stages are not prerequisites. */
  private void bypasses(Statement s) throws SQLException {
    out.println();
    out.println("ROADS TO CONVERSION  converted journeys with and without each stage");
    out.printf(Locale.ROOT, "  %-24s %9s %10s %12s %9s%n", "stage", "reached", "conv with",
        "conv without", "without");
    try (ResultSet r = s.executeQuery("SELECT stage, reached, converted_with, converted_without,"
        + " share_converted_without FROM stage_reach ORDER BY stage_order")) {
      while (r.next()) {
        out.printf(Locale.ROOT, "  %-24s %,9d %,10d %,12d %9s%n", r.getString(1),
            r.getLong(2), r.getLong(3), r.getLong(4), pct(r, 5));
      }
    }
  }

  private void dropOff(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT stage_order, stage, stalled, reached, share,"
        + " ci_low, ci_high, last_events, failed FROM drop_offs WHERE biggest"
        + " ORDER BY stage_order LIMIT 1")) {
      out.println();
      if (!r.next()) {
        out.println("BIGGEST DROP-OFF  none: no journey has closed without converting yet.");
        return;
      }
      String where = r.getInt(1) == 0 ? "before reaching any stage"
          : "with '" + r.getString(2) + "' as the furthest stage";
      String failed = r.getLong(9) == 0 ? "" : String.format(Locale.ROOT, " (%,d by a failure"
          + " event)", r.getLong(9));
      out.printf(Locale.ROOT, "BIGGEST DROP-OFF  %s: %,d of %,d judged journeys ended there"
              + " without converting%s (%s, 95%% %s)%n", where, r.getLong(3), r.getLong(4),
          failed, pct(r, 5), interval(r, 6));
      if (r.getString(8) != null) {
        out.println("  their last events: " + r.getString(8));
      }
    }
  }

  private void channels(Statement s) throws SQLException {
    out.println();
    out.println("CHANNELS  by quality (conversion of judged journeys) next to volume");
    out.printf(Locale.ROOT, "  %-20s %9s %7s %12s %8s %17s %8s  %s%n", "first-touch channel",
        "journeys", "volume#", "conv/judged", "rate", "95% interval", "quality#", "");
    try (ResultSet r = s.executeQuery("SELECT channel, journeys, volume_rank, conversions,"
        + " judged, rate, ci_low, ci_high, quality_rank, sample_note FROM channel_quality"
        + " ORDER BY quality_rank")) {
      while (r.next()) {
        out.printf(Locale.ROOT, "  %-20s %,9d %7d %12s %8s %17s %8d  %s%n", r.getString(1),
            r.getLong(2), r.getInt(3), String.format(Locale.ROOT, "%,d/%,d", r.getLong(4),
                r.getLong(5)), pct(r, 6), interval(r, 7), r.getInt(9),
            r.getString(10) == null ? "" : r.getString(10));
      }
    }
  }

  /** The strongest behaviours that go with converting, as far as they are more than chance. */
  private void signals(Statement s) throws SQLException {
    out.println();
    out.println("TOP SIGNALS  early behaviours that go with converting (verdict signal, surest"
        + " first)");
    out.printf(Locale.ROOT, "  %9s %7s %15s %9s %16s  %s%n", "journeys", "lift",
        "95% interval", "adjusted", "rate with/out", "behaviour");
    int shown = 0;
    // one row per event or event pair: its surest day limit and count
    try (ResultSet r = s.executeQuery(TOP_SIGNALS)) {
      while (r.next()) {
        shown++;
        double adjusted = r.getDouble(6);
        String adjustedText = r.wasNull() ? "-" : String.format(Locale.ROOT, "%.2fx", adjusted);
        out.printf(Locale.ROOT, "  %,9d %6.2fx %15s %9s %16s  %s%n", r.getLong(2),
            r.getDouble(3), String.format(Locale.ROOT, "[%.2f, %.2f]", r.getDouble(4),
                r.getDouble(5)), adjustedText, String.format(Locale.ROOT, "%.1f%% / %.1f%%",
                100 * r.getDouble(7), 100 * r.getDouble(8)), r.getString(1));
      }
    }
    if (shown == 0) {
      out.println("  none: no behaviour goes with converting beyond what chance gives");
    }
  }

  private void anomalies(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE severity ="
        + " 'high'), (SELECT sentence FROM anomalies ORDER BY to_day DESC, q_value LIMIT 1)"
        + " FROM anomalies")) {
      r.next();
      out.println();
      if (r.getLong(1) == 0) {
        out.println("ANOMALIES  none: no day broke from its usual range beyond chance");
      } else {
        out.printf(Locale.ROOT, "ANOMALIES  %,d (%,d high); the latest: %s%n", r.getLong(1),
            r.getLong(2), r.getString(3));
      }
    }
  }

  private void clusters(Statement s) throws SQLException {
    out.println();
    try (ResultSet r = s.executeQuery("SELECT cluster, journeys, share, converted, judged, rate,"
        + " ci_low, ci_high, label, within_days, silhouette, stability, sample_note"
        + " FROM journey_clusters ORDER BY cluster")) {
      boolean first = true;
      while (r.next()) {
        if (first) {
          out.printf(Locale.ROOT, "CLUSTERS  kinds of journeys by their first %d days"
                  + " (silhouette %.2f, stability %.2f)%n", r.getInt(10), r.getDouble(11),
              r.getDouble(12));
          out.printf(Locale.ROOT, "  %2s %9s %6s %12s %8s %17s  %s%n", "#", "journeys", "share",
              "conv/judged", "rate", "95% interval", "what sets it apart");
          first = false;
        }
        out.printf(Locale.ROOT, "  %2d %,9d %6s %12s %8s %17s  %s%s%n", r.getInt(1),
            r.getLong(2), pct(r, 3), String.format(Locale.ROOT, "%,d/%,d", r.getLong(4),
                r.getLong(5)), pct(r, 6), interval(r, 7), r.getString(9),
            r.getString(13) == null ? "" : " (" + r.getString(13) + ")");
      }
      if (first) {
        out.println("CLUSTERS  none: too few journeys with their first days observed.");
      }
    }
  }

  /** Today's list per trigger and what its holdout says so far. */
  private void triggers(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT i.trigger_name, (SELECT count(*) FROM triggers t"
        + " WHERE t.trigger_name = i.trigger_name AND t.open_now AND t.test_group = 'treated'),"
        + " (SELECT count(*) FROM triggers t WHERE t.trigger_name = i.trigger_name"
        + " AND t.open_now AND t.test_group = 'holdout'), i.sentence FROM impact i"
        + " WHERE i.period = 'live' OR i.verdict = 'not live' ORDER BY 1")) {
      boolean first = true;
      while (r.next()) {
        if (first) {
          out.println();
          out.println("TRIGGERS  today's lists (journeymap export-triggers --trigger NAME) and"
              + " their measured impact");
          first = false;
        }
        // the sentence carries the verdict in words
        out.printf(Locale.ROOT, "  %s: %,d to contact, %,d held out. %s%n", r.getString(1),
            r.getLong(2), r.getLong(3), r.getString(4));
      }
    }
  }

  private void modelHealth(Statement s) throws SQLException {
    out.println();
    try (ResultSet r = s.executeQuery("SELECT status, at_days, model, version, sentence,"
        + " recommendation, (SELECT count(*) FROM scores WHERE role = 'open'),"
        + " (SELECT count(*) FROM scores WHERE role = 'open' AND band = 'high')"
        + " FROM model_health WHERE chosen OR model IS NULL")) {
      if (!r.next()) {
        return;
      }
      out.printf(Locale.ROOT, "MODEL HEALTH  conversion scores as seen on day %d: %s%n",
          r.getInt(2), r.getString(1));
      if (r.getString(3) == null) {
        out.println("  " + r.getString(5));
        return;
      }
      out.println("  " + r.getString(5) + " Version " + r.getString(4) + ".");
      out.println("  " + r.getString(6));
      out.printf(Locale.ROOT, "  %,d open journeys scored, %,d of them high (SELECT * FROM"
          + " scores WHERE role = 'open' ORDER BY p_convert DESC)%n", r.getLong(7), r.getLong(8));
    }
  }

  private static String pct(ResultSet r, int column) throws SQLException {
    double v = r.getDouble(column);
    return r.wasNull() ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String interval(ResultSet r, int column) throws SQLException {
    double low = r.getDouble(column);
    if (r.wasNull()) {
      return "-";
    }
    double high = r.getDouble(column + 1);
    return String.format(Locale.ROOT, "[%.1f%%, %.1f%%]", 100 * low, 100 * high);
  }

  private static String hours(ResultSet r, int column) throws SQLException {
    double h = r.getDouble(column);
    if (r.wasNull()) {
      return "-";
    }
    return h < 48 ? String.format(Locale.ROOT, "%.1f h", h)
        : String.format(Locale.ROOT, "%.1f days", h / 24);
  }
}
