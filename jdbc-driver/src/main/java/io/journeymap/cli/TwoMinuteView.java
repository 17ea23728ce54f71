package io.journeymap.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two-minute view in the terminal: the stage funnel with counts, rates, intervals and median
 * times, the biggest drop-off, and channels ranked by quality next to volume. Read through the
 * JDBC driver from the store tables, the same numbers a dashboard shows.
 */
final class TwoMinuteView {
  private final Connection connection;
  private final PrintStream out;

  TwoMinuteView(Connection connection, PrintStream out) {
    this.connection = connection;
    this.out = out;
  }

  void print() throws SQLException {
    try (Statement s = connection.createStatement()) {
      Map<String, String> info = new HashMap<>();
      try (ResultSet r = s.executeQuery("SELECT fact, detail FROM build_info")) {
        while (r.next()) {
          info.put(r.getString(1), r.getString(2));
        }
      }
      out.println();
      out.println("JOURNEY  " + info.get("journey") + ": " + info.get("goal"));
      try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status ="
          + " 'converted'), count(*) FILTER (WHERE status = 'dropped'),"
          + " count(*) FILTER (WHERE status = 'open') FROM journeys")) {
        r.next();
        out.printf(Locale.ROOT, "as of %s: %,d journeys, %,d converted, %,d dropped, %,d still"
                + " open (open journeys are never counted as drop-offs)%n",
            info.get("as_of"), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
      }
      funnel(s);
      dropOff(s);
      channels(s);
      out.println();
      out.println("Rates show counts and 95% Wilson intervals; 'small sample' marks rates too thin"
          + " to act on. More: SELECT * FROM journey.<table> (see docs/tables.md).");
    }
  }

  private void funnel(Statement s) throws SQLException {
    out.println();
    out.println("STAGE FUNNEL");
    out.printf(Locale.ROOT, "  %-30s %9s %9s %8s %17s %12s  %s%n", "stage -> next", "entered",
        "advanced", "rate", "95% interval", "median time", "");
    try (ResultSet r = s.executeQuery("SELECT from_stage, to_stage, entered, advanced,"
        + " open_excluded, rate, ci_low, ci_high, median_hours, sample_note"
        + " FROM stage_conversion ORDER BY from_order")) {
      while (r.next()) {
        String note = r.getString(10) == null ? "" : r.getString(10);
        if (r.getLong(5) > 0) {
          note = (note.isEmpty() ? "" : note + "; ") + String.format(Locale.ROOT,
              "%,d open excluded", r.getLong(5));
        }
        out.printf(Locale.ROOT, "  %-30s %,9d %,9d %8s %17s %12s  %s%n",
            r.getString(1) + " -> " + r.getString(2), r.getLong(3), r.getLong(4),
            pct(r, 6), interval(r, 7), hours(r, 9), note);
      }
    }
  }

  private void dropOff(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT stage, stalled, entered, share, ci_low, ci_high,"
        + " last_events FROM drop_offs WHERE biggest ORDER BY stage_order LIMIT 1")) {
      out.println();
      if (!r.next()) {
        out.println("BIGGEST DROP-OFF  none: no journey has closed without converting yet.");
        return;
      }
      out.printf(Locale.ROOT, "BIGGEST DROP-OFF  after '%s': %,d of %,d closed journeys stalled"
              + " there (%s, 95%% %s)%n", r.getString(1), r.getLong(2), r.getLong(3),
          pct(r, 4), interval(r, 5));
      if (r.getString(7) != null) {
        out.println("  their last events: " + r.getString(7));
      }
    }
  }

  private void channels(Statement s) throws SQLException {
    out.println();
    out.println("CHANNELS  by quality (conversion of closed journeys) next to volume");
    out.printf(Locale.ROOT, "  %-20s %9s %7s %12s %8s %17s %8s  %s%n", "first-touch channel",
        "journeys", "volume#", "conv/closed", "rate", "95% interval", "quality#", "");
    try (ResultSet r = s.executeQuery("SELECT channel, journeys, volume_rank, conversions,"
        + " closed, rate, ci_low, ci_high, quality_rank, sample_note FROM channel_quality"
        + " ORDER BY quality_rank")) {
      while (r.next()) {
        out.printf(Locale.ROOT, "  %-20s %,9d %7d %12s %8s %17s %8d  %s%n", r.getString(1),
            r.getLong(2), r.getInt(3), String.format(Locale.ROOT, "%,d/%,d", r.getLong(4),
                r.getLong(5)), pct(r, 6), interval(r, 7), r.getInt(9),
            r.getString(10) == null ? "" : r.getString(10));
      }
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
