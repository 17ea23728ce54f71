package io.journeymap.pipeline;

import io.journeymap.insight.Clustering;
import io.journeymap.insight.Feature;
import io.journeymap.insight.Standardiser;
import io.journeymap.model.JourneyModel;
import io.journeymap.stats.Proportion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Kinds of journeys by what they did in their first days. k-means is fitted on a bounded,
 * repeatable sample (journeys ordered by a hash of their id) of the journeys whose first days
 * are over, then every such journey is assigned to its nearest centroid in one streamed pass,
 * so memory does not grow with the data. Clusters are numbered by size; each is labelled by
 * the behaviours furthest from the average journey and described with its conversion rate
 * over judged journeys only, as every rate.
 */
final class JourneyClusters {
  /** Journeys k-means is fitted on, at most. */
  static final int FIT_SAMPLE = 20_000;
  /** Fewer clusterable journeys than this: no clusters. */
  static final int MIN_JOURNEYS = 50;
  private static final long SEED = 20_240_601L;

  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Instant asOf;

  JourneyClusters(DuckDBConnection store, JourneyModel model, Instant asOf) {
    this.store = store;
    this.model = model;
    this.asOf = asOf;
  }

  /** Clusters written, with the silhouette-chosen k's numbers, in words for the build log. */
  String run() throws SQLException {
    int days = model.insights().clusterDays();
    JourneyFeatures.Table t = JourneyFeatures.create(store, asOf,
        JourneyFeatures.notBehaviour(model.journey()), days, JourneyFeatures.Work.BUILD,
        "cluster_features", false);
    if (t.features().isEmpty()) {
      return "no behaviours to cluster on";
    }
    // the first days are over: at the moment, or the journey ended earlier
    String complete = "f.moment_at <= make_timestamp(" + asOf.toEpochMilli() * 1000 + ")"
        + " OR f.outcome_at < f.moment_at";
    List<double[]> sample = new ArrayList<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT " + t.columns() + " FROM " + t.name() + " f"
             + " WHERE " + complete + " ORDER BY hash(f.journey_id), f.journey_id LIMIT "
             + FIT_SAMPLE)) {
      while (r.next()) {
        sample.add(t.transform(t.raw(r, 1)));
      }
    }
    if (sample.size() < MIN_JOURNEYS) {
      return sample.size() + " journeys with their first " + days + " days observed: too few"
          + " to cluster (at least " + MIN_JOURNEYS + ")";
    }
    long fitStarted = System.nanoTime();
    double[][] x = sample.toArray(double[][]::new);
    Standardiser standardiser = Standardiser.fit(x);
    Clustering clustering = Clustering.fit(standardiser.apply(x), SEED);
    if (clustering == null) {
      return "journeys do not differ in their first " + days + " days: nothing to cluster";
    }
    long assignStarted = System.nanoTime();
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.cluster_raw (journey_id BIGINT, raw_cluster INTEGER)");
    }
    // a second connection streams the features while the first appends (one connection
    // cannot run a statement while a streamed result is open)
    Sql.inTransaction(store, () -> {
      try (DuckDBAppender a = store.createAppender("build", "main", "cluster_raw");
           DuckDBConnection reader = (DuckDBConnection) store.duplicate();
           Statement s = reader.createStatement();
           ResultSet r = s.executeQuery("SELECT f.journey_id, " + t.columns() + " FROM "
               + t.name() + " f WHERE " + complete)) {
        while (r.next()) {
          a.beginRow();
          a.append(r.getLong(1));
          a.append(clustering.assign(standardiser.apply(t.transform(t.raw(r, 2)))));
          a.endRow();
        }
      }
    });
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.cluster_number AS SELECT raw_cluster, row_number() OVER"
          + " (ORDER BY count(*) DESC, raw_cluster) AS cluster FROM build.cluster_raw"
          + " GROUP BY 1");
      s.execute("UPDATE main.journeys SET cluster = n.cluster FROM build.cluster_raw c"
          + " JOIN build.cluster_number n USING (raw_cluster)"
          + " WHERE main.journeys.journey_id = c.journey_id");
    }
    write(t, clustering, standardiser);
    return String.format(Locale.ROOT, "%d clusters of the first %d days (silhouette %.2f,"
            + " stability ARI %.2f); fitting %.1f s, assigning and describing %.1f s",
        clustering.k(), days, clustering.silhouettes().get(clustering.k()),
        clustering.stability(), (assignStarted - fitStarted) / 1e9,
        (System.nanoTime() - assignStarted) / 1e9);
  }

  private void write(JourneyFeatures.Table t, Clustering clustering, Standardiser standardiser)
      throws SQLException {
    List<Feature> features = t.features();
    // per cluster and overall: mean count, and mean day of the first occurrence where it happened
    StringBuilder means = new StringBuilder();
    for (Feature f : features) {
      means.append(", avg(f.").append(Sql.ident(f.column())).append(")");
    }
    String query = "SELECT n.cluster, n.raw_cluster, count(*),"
        + " count(*) FILTER (WHERE f.judged),"
        + " count(*) FILTER (WHERE f.judged AND f.converted),"
        + " median(f.days_to_convert) FILTER (WHERE f.judged AND f.converted)" + means
        + " FROM build.cluster_raw c JOIN build.cluster_number n USING (raw_cluster)"
        + " JOIN " + t.name() + " f USING (journey_id) GROUP BY ALL ORDER BY 1";
    double[] overall = new double[features.size()];
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT 1" + means + " FROM build.cluster_raw c JOIN "
             + t.name() + " f USING (journey_id)")) {
      r.next();
      for (int j = 0; j < overall.length; j++) {
        overall[j] = r.getDouble(2 + j);
      }
    }
    double silhouette = clustering.silhouettes().get(clustering.k());
    long total;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM build.cluster_raw")) {
      r.next();
      total = r.getLong(1);
    }
    List<Object[]> rows = new ArrayList<>(); // at most MAX_K rows
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery(query)) {
      while (r.next()) {
        double[] mean = new double[features.size()];
        for (int j = 0; j < mean.length; j++) {
          mean[j] = r.getDouble(7 + j);
        }
        double median = r.getDouble(6);
        rows.add(new Object[] {r.getInt(1), r.getInt(2), r.getLong(3), r.getLong(4),
            r.getLong(5), r.wasNull() ? Double.NaN : median, mean});
      }
    }
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.journey_clusters"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] row : rows) {
        int cluster = (Integer) row[0];
        double[] centroid = clustering.centroids()[(Integer) row[1]];
        long size = (Long) row[2];
        Proportion rate = Proportion.wilson((Long) row[4], (Long) row[3]);
        double median = (Double) row[5];
        boolean noMedian = Double.isNaN(median);
        double[] mean = (double[]) row[6];
        List<Integer> distinct = distinguishing(features, centroid);
        String label = label(features, centroid, distinct, t.days());
        out.setInt(1, cluster);
        out.setString(2, label);
        out.setInt(3, t.days());
        out.setLong(4, size);
        out.setDouble(5, (double) size / total);
        out.setLong(6, rate.trials());
        out.setLong(7, rate.successes());
        Sql.setRate(out, 8, rate);
        if (noMedian) {
          out.setNull(11, Types.DOUBLE);
        } else {
          out.setDouble(11, median);
        }
        out.setString(12, defining(features, distinct, mean, overall));
        out.setDouble(13, silhouette);
        out.setDouble(14, clustering.stability());
        out.setString(15, rate.trials() > 0 && rate.smallSample() ? "small sample" : null);
        out.setString(16, sentence(cluster, label, size, total, rate, noMedian ? Double.NaN
            : median, silhouette, clustering.stability()));
        out.execute();
      }
    }
  }

  /**
   * Features furthest from the average journey (in standard deviations of the centroid),
   * one per event (a count and a time to first say the same thing), at most four, at least
   * 0.25 standard deviations away.
   */
  static List<Integer> distinguishing(List<Feature> features, double[] centroid) {
    List<Integer> order = new ArrayList<>();
    for (int j = 0; j < centroid.length; j++) {
      order.add(j);
    }
    order.sort(Comparator.comparingDouble(j -> -Math.abs(centroid[j])));
    List<Integer> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (int j : order) {
      Feature f = features.get(j);
      if (out.size() == 4 || Math.abs(centroid[j]) < 0.25) {
        break;
      }
      if (seen.add(f.event() == null ? f.column() : f.event())) {
        out.add(j);
      }
    }
    return out;
  }

  /** e.g. "More setup step completed and fewer page viewed in the first 3 days than average". */
  static String label(List<Feature> features, double[] centroid, List<Integer> distinct,
      int days) {
    String period = days == 1 ? "the first day" : "the first " + days + " days";
    if (distinct.isEmpty()) {
      return "Close to the average journey in " + period;
    }
    List<String> parts = new ArrayList<>();
    for (int j : distinct.subList(0, Math.min(3, distinct.size()))) {
      parts.add(features.get(j).direction(centroid[j] > 0));
    }
    String joined = parts.size() == 1 ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1)) + " and "
            + parts.get(parts.size() - 1);
    return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + " in " + period
        + " than average";
  }

  /** The distinguishing features' cluster means next to the overall means. */
  static String defining(List<Feature> features, List<Integer> distinct, double[] mean,
      double[] overall) {
    List<String> parts = new ArrayList<>();
    for (int j : distinct) {
      Feature f = features.get(j);
      String unit = switch (f.kind()) {
        case COUNT -> " per journey";
        case DAYS_TO_FIRST -> " days after the start, when it happened";
        default -> " per journey";
      };
      parts.add(String.format(Locale.ROOT, "%s: %.2f%s (all: %.2f)", f.subject(), mean[j],
          unit, overall[j]));
    }
    return parts.isEmpty() ? "no feature stands out" : String.join("; ", parts);
  }

  static String sentence(int cluster, String label, long size, long total, Proportion rate,
      double medianDays, double silhouette, double stability) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "Cluster %d (%,d journeys, %.0f%%): %s.", cluster, size, 100.0 * size / total, label));
    if (rate.trials() == 0) {
      s.append(" No judged journeys yet, so no conversion rate.");
    } else {
      s.append(String.format(Locale.ROOT, " %.1f%% converted (95%% CI %.1f-%.1f%%, %,d of %,d"
              + " judged journeys)", 100 * rate.rate(), 100 * rate.low(), 100 * rate.high(),
          rate.successes(), rate.trials()));
      if (!Double.isNaN(medianDays)) {
        s.append(String.format(Locale.ROOT, ", in a median %.1f days", medianDays));
      }
      s.append(rate.smallSample() ? "; a small sample." : ".");
    }
    if (silhouette < 0.25) {
      s.append(String.format(Locale.ROOT, " Journeys differ gradually rather than in distinct"
          + " groups (silhouette %.2f): read the clusters as a rough split.", silhouette));
    }
    s.append(stability >= 0.8 ? " The clusters are stable across resamples."
        : stability >= 0.5 ? " The clusters are moderately stable across resamples."
            : " The clusters change across resamples: read them as a rough split.");
    return s.toString();
  }
}
