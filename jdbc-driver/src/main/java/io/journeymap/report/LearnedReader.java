package io.journeymap.report;

import static io.journeymap.report.Rows.dbl;

import io.journeymap.report.ReportData.Cluster;
import io.journeymap.report.ReportData.Health;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** What the learned analyses say: kinds of journeys and how far the scores can be trusted. */
final class LearnedReader {
  private LearnedReader() {}

  static List<Cluster> clusters(Connection c) throws SQLException {
    return Rows.list(c, "SELECT cluster, label, within_days, journeys, share, converted,"
        + " judged, rate, ci_low, ci_high, median_days_to_convert, silhouette, stability,"
        + " sample_note, sentence FROM journey_clusters ORDER BY cluster", r -> new Cluster(
        r.getInt(1), r.getString(2), r.getInt(3), r.getLong(4), r.getDouble(5),
        Rows.rate(r, 6, 7, 8, 9, r.getString(14) != null), dbl(r, 11), r.getDouble(12),
        r.getDouble(13), r.getString(15)));
  }

  /** The chosen model's health, or the row saying why there is no model; null without rows. */
  static Health health(Connection c) throws SQLException {
    return Rows.one(c, "SELECT model, status, version, at_days, auc, auc_low, auc_high, brier,"
        + " ece, base_rate, validation_journeys, max_psi, retrain_recommended, recommendation,"
        + " sentence, (SELECT count(*) FROM scores WHERE role = 'open'), (SELECT count(*)"
        + " FROM scores WHERE role = 'open' AND band = 'high') FROM model_health"
        + " WHERE chosen OR model IS NULL ORDER BY chosen DESC NULLS LAST LIMIT 1",
        r -> new Health(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
            dbl(r, 5), dbl(r, 6), dbl(r, 7), dbl(r, 8), dbl(r, 9), dbl(r, 10), Rows.lng(r, 11),
            dbl(r, 12), (Boolean) r.getObject(13), r.getString(14), r.getString(15),
            r.getLong(16), r.getLong(17)));
  }
}
