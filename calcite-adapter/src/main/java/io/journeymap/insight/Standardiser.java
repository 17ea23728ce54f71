package io.journeymap.insight;

/**
 * Centres and scales each column to mean 0 and standard deviation 1 on the data it was fitted
 * on, so distances (clusters) and coefficients (scores) compare features measured in different
 * units. A constant column maps to 0.
 */
public record Standardiser(double[] mean, double[] sd) implements java.io.Serializable {
  public static Standardiser fit(double[][] rows) {
    int p = rows.length == 0 ? 0 : rows[0].length;
    double[] mean = new double[p];
    double[] sd = new double[p];
    for (double[] r : rows) {
      for (int j = 0; j < p; j++) {
        mean[j] += r[j];
      }
    }
    for (int j = 0; j < p; j++) {
      mean[j] /= Math.max(1, rows.length);
    }
    for (double[] r : rows) {
      for (int j = 0; j < p; j++) {
        sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
      }
    }
    for (int j = 0; j < p; j++) {
      sd[j] = Math.sqrt(sd[j] / Math.max(1, rows.length - 1));
    }
    return new Standardiser(mean, sd);
  }

  public double[] apply(double[] row) {
    double[] z = new double[row.length];
    for (int j = 0; j < row.length; j++) {
      z[j] = sd[j] > 1e-12 ? (row[j] - mean[j]) / sd[j] : 0;
    }
    return z;
  }

  public double[][] apply(double[][] rows) {
    double[][] z = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      z[i] = apply(rows[i]);
    }
    return z;
  }
}
