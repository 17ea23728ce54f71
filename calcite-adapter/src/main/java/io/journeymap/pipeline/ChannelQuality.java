package io.journeymap.pipeline;

import io.journeymap.stats.Proportion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Ranks first-touch channels by the quality of the journeys they bring next to their volume.
 * Quality is ranked by the Wilson lower bound, so a channel with 3 of 4 converted does not
 * outrank one with 300 of 1,000 on luck alone. Only journeys whose whole window lies before
 * as-of count: leaving out just the unconverted recent ones would keep their early conversions
 * and flatter channels with many recent journeys. A channel with no judged journey has no
 * quality rank: 0 of 0 is no evidence, and ranking it first (or last) would read as a finding.
 */
final class ChannelQuality {
  private final DuckDBConnection store;

  ChannelQuality(DuckDBConnection store) {
    this.store = store;
  }

  private record Row(String channel, long journeys, long inWindow, long failed, long recent,
      Proportion rate) {}

  void run() throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT first_channel, count(*),"
             + " count(*) FILTER (WHERE NOT judged),"
             + " count(*) FILTER (WHERE judged AND status = 'converted'),"
             + " count(*) FILTER (WHERE judged AND status = 'failed'),"
             + " count(*) FILTER (WHERE NOT judged AND status = 'converted') FROM main.journeys"
             + " GROUP BY 1 ORDER BY 1")) {
      while (r.next()) {
        long journeys = r.getLong(2);
        long inWindow = r.getLong(3);
        rows.add(new Row(r.getString(1), journeys, inWindow, r.getLong(5), r.getLong(6),
            Proportion.wilson(r.getLong(4), journeys - inWindow)));
      }
    }
    List<Row> byVolume = new ArrayList<>(rows);
    byVolume.sort(Comparator.comparingLong(Row::journeys).reversed()
        .thenComparing(Row::channel));
    List<Row> byQuality = new ArrayList<>(rows.stream().filter(r -> r.rate().trials() > 0)
        .toList());
    byQuality.sort(Comparator.comparingDouble((Row r) -> r.rate().low()).reversed()
        .thenComparing(Row::channel));
    List<Row> ordered = new ArrayList<>(byQuality);
    rows.stream().filter(r -> r.rate().trials() == 0).forEach(ordered::add);
    try (PreparedStatement out = store.prepareStatement(
        "INSERT INTO main.channel_quality VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Row row : ordered) {
        out.setString(1, row.channel());
        out.setLong(2, row.journeys());
        out.setLong(3, row.inWindow());
        out.setLong(4, row.rate().trials());
        out.setLong(5, row.rate().successes());
        out.setLong(6, row.failed());
        Sql.setRate(out, 7, row.rate());
        out.setInt(10, byVolume.indexOf(row) + 1);
        int quality = byQuality.indexOf(row);
        if (quality < 0) {
          out.setNull(11, java.sql.Types.INTEGER);
        } else {
          out.setInt(11, quality + 1);
        }
        out.setLong(12, row.recent());
        out.setString(13, row.rate().smallSample() ? "small sample" : null);
        out.execute();
      }
    }
  }
}
