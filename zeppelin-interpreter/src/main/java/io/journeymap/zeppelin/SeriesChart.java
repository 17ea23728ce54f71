package io.journeymap.zeppelin;

import io.journeymap.report.DeclaredChanges;
import io.journeymap.report.ReportCharts;
import io.journeymap.report.ReportData;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of {@code anomalies} or {@code changes_30d} drawn as the daily series they come from: the
 * store keeps only the unusual days, so the series and its usual range are read again from the
 * store (the report's reading, {@link ReportData#timelines}), with the model's declared changes
 * as markers. One timeline per (metric, segment) of the result, the first {@link #MAX} of them.
 */
final class SeriesChart {
  static final int MAX = 3;

  private SeriesChart() {}

  /** Whether a result has the columns of a series table. */
  static boolean shape(List<String> columns) {
    return has(columns, "metric") && has(columns, "segment")
        && (has(columns, "from_day") || has(columns, "last_30"));
  }

  /**
   * The timelines, as SVG; a line of text instead when none of the result's series can be
   * redrawn (behaviour segments are not).
   */
  static List<String> draw(Connection c, List<String> columns, List<Object[]> rows,
      ParagraphOutput out) throws SQLException {
    int metric = index(columns, "metric");
    int segment = index(columns, "segment");
    List<List<String>> series = new ArrayList<>();
    for (Object[] r : rows) {
      if (r[metric] != null && r[segment] != null) {
        series.add(List.of(r[metric].toString(), r[segment].toString()));
      }
    }
    DeclaredChanges declared = DeclaredChanges.of(null, c);
    List<String> svgs = new ArrayList<>();
    for (ReportData.Timeline t : ReportData.timelines(c, series, MAX)) {
      svgs.add(ReportCharts.timeline(t, declared.changes()));
    }
    if (svgs.isEmpty() && !series.isEmpty()) {
      out.text("No timeline: the series of this result cannot be redrawn (only all journeys"
          + " and first-channel segments can).");
    }
    return svgs;
  }

  private static boolean has(List<String> columns, String name) {
    return index(columns, name) >= 0;
  }

  private static int index(List<String> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
