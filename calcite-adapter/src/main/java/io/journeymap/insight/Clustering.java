package io.journeymap.insight;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import smile.clustering.KMeans;
import smile.clustering.PartitionClustering;
import smile.math.MathEx;
import smile.validation.metric.AdjustedRandIndex;

/**
 * k-means over standardised journey features with k chosen by the mean silhouette (k = 2..8)
 * and its stability measured by bootstrap: refit on resamples (of at most 5,000 journeys) and
 * compare the assignments with the adjusted Rand index (1: the same partition every time; near
 * 0: no better than chance). Every fit is seeded, so a build is repeatable. Silhouettes and
 * bootstrap comparisons run on a bounded subsample: silhouettes cost the square of its size.
 *
 * @param k chosen number of clusters
 * @param centroids in standardised units
 * @param silhouettes mean silhouette per k tried
 * @param stability mean adjusted Rand index over the bootstrap refits
 * @param stabilityLow lowest adjusted Rand index among them
 */
public record Clustering(int k, double[][] centroids, Map<Integer, Double> silhouettes,
    double stability, double stabilityLow) {
  public static final int MIN_K = 2;
  public static final int MAX_K = 8;
  /** Journeys the silhouette and the bootstrap comparisons are computed on. */
  public static final int SILHOUETTE_SAMPLE = 2_000;
  public static final int BOOTSTRAPS = 10;
  /**
   * Journeys drawn for each bootstrap refit. Fewer than the fit's sample, to keep ten refits
   * cheap; a smaller sample varies more, so the stability reported errs on the low side.
   */
  public static final int BOOTSTRAP_SIZE = 5_000;
  private static final int RUNS = 3;

  /**
   * Clusters {@code rows} (standardised). With fewer than {@code 2 * MIN_K} rows, or fewer than
   * {@code MIN_K} distinct ones, there is nothing to cluster and the result is null.
   */
  public static Clustering fit(double[][] rows, long seed) {
    // k-means cannot place more centroids than there are distinct journeys to place them on
    int distinct = distinct(rows, MAX_K);
    if (rows.length < 2 * MIN_K || distinct < MIN_K) {
      return null;
    }
    double[][] probe = Arrays.copyOf(rows, Math.min(rows.length, SILHOUETTE_SAMPLE));
    Map<Integer, Double> silhouettes = new LinkedHashMap<>();
    KMeans best = null;
    double bestSilhouette = Double.NEGATIVE_INFINITY;
    int maxK = Math.min(Math.min(MAX_K, rows.length / 2), distinct);
    for (int k = MIN_K; k <= maxK; k++) {
      KMeans model = kmeans(rows, k, seed + k, RUNS);
      int[] labels = assign(model.centroids, probe);
      double s = silhouette(probe, labels, k);
      silhouettes.put(k, s);
      // a larger k must earn its place: ties go to fewer clusters
      if (s > bestSilhouette + 1e-9) {
        bestSilhouette = s;
        best = model;
      }
    }
    int k = best.centroids.length;
    int[] reference = assign(best.centroids, probe);
    Random random = new Random(seed);
    double sum = 0;
    double low = 1;
    for (int b = 0; b < BOOTSTRAPS; b++) {
      double[][] resample = new double[Math.min(rows.length, BOOTSTRAP_SIZE)][];
      for (int i = 0; i < resample.length; i++) {
        resample[i] = rows[random.nextInt(rows.length)];
      }
      // the same procedure as the fit itself, so the stability is that of what is reported
      KMeans refit = kmeans(resample, k, seed + 100 + b, RUNS);
      double ari = AdjustedRandIndex.of(reference, assign(refit.centroids, probe));
      sum += ari;
      low = Math.min(low, ari);
    }
    return new Clustering(k, best.centroids, silhouettes, sum / BOOTSTRAPS, low);
  }

  /** Distinct rows, counted up to {@code cap}. */
  private static int distinct(double[][] rows, int cap) {
    java.util.Set<java.util.List<Double>> seen = new java.util.HashSet<>();
    for (double[] r : rows) {
      if (seen.add(Arrays.stream(r).boxed().toList()) && seen.size() >= cap) {
        break;
      }
    }
    return seen.size();
  }

  /** The nearest centroid of {@code row}. */
  public int assign(double[] row) {
    return nearest(centroids, row);
  }

  /**
   * Best of {@code runs} k-means++ starts. Lloyd's iterations rather than Smile's default
   * BBD-tree filtering: with dozens of features the tree prunes little and was 3-8 times slower.
   */
  private static KMeans kmeans(double[][] rows, int k, long seed, int runs) {
    MathEx.setSeed(seed); // k-means++ seeding draws from Smile's per-thread generator
    return PartitionClustering.run(runs, () -> KMeans.lloyd(rows, k, 100, 1e-4));
  }

  private static int[] assign(double[][] centroids, double[][] rows) {
    int[] labels = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      labels[i] = nearest(centroids, rows[i]);
    }
    return labels;
  }

  private static int nearest(double[][] centroids, double[] row) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < centroids.length; c++) {
      double d = MathEx.squaredDistance(centroids[c], row);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  /**
   * Mean silhouette: per row, (b - a) / max(a, b) with a the mean distance to its own cluster
   * and b the smallest mean distance to another; rows alone in their cluster count 0.
   */
  static double silhouette(double[][] rows, int[] labels, int k) {
    int n = rows.length;
    int[] size = new int[k];
    for (int l : labels) {
      size[l]++;
    }
    double total = 0;
    double[] sums = new double[k];
    for (int i = 0; i < n; i++) {
      Arrays.fill(sums, 0);
      for (int j = 0; j < n; j++) {
        if (i != j) {
          sums[labels[j]] += MathEx.distance(rows[i], rows[j]);
        }
      }
      int own = labels[i];
      if (size[own] <= 1) {
        continue;
      }
      double a = sums[own] / (size[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && size[c] > 0) {
          b = Math.min(b, sums[c] / size[c]);
        }
      }
      if (b < Double.POSITIVE_INFINITY && Math.max(a, b) > 0) {
        total += (b - a) / Math.max(a, b);
      }
    }
    return total / n;
  }
}
