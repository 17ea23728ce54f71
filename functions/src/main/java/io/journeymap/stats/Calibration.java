package io.journeymap.stats;

/**
 * Whether predicted probabilities mean what they say. Brier score: mean squared difference
 * between probability and outcome. Expected calibration error (ECE): predictions grouped in
 * equal-width probability bins, the gap between mean prediction and observed rate per bin,
 * weighted by the bin's share of cases. Base rate: the observed share of positives. In the
 * large: observed positives against the sum of the predictions, with its test.
 */
public record Calibration(double brier, double ece, double baseRate, int cases,
    CalibrationInTheLarge inTheLarge)
    implements java.io.Serializable {
  public static final int BINS = 10;

  public static Calibration of(double[] p, int[] outcomes) {
    if (p.length != outcomes.length) {
      throw new IllegalArgumentException("probabilities and outcomes differ in length");
    }
    if (p.length == 0) {
      return new Calibration(Double.NaN, Double.NaN, Double.NaN, 0,
          CalibrationInTheLarge.of(p, outcomes));
    }
    double[] sumP = new double[BINS];
    double[] sumY = new double[BINS];
    int[] count = new int[BINS];
    double brier = 0;
    double positives = 0;
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException("probability outside [0, 1]: " + p[i]);
      }
      double y = outcomes[i];
      brier += (p[i] - y) * (p[i] - y);
      positives += y;
      int bin = Math.min(BINS - 1, (int) (p[i] * BINS)); // [0, 0.1), ..., [0.9, 1]
      sumP[bin] += p[i];
      sumY[bin] += y;
      count[bin]++;
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      ece += Math.abs(sumP[b] - sumY[b]) / p.length; // = share * |mean p - mean y|
    }
    return new Calibration(brier / p.length, ece, positives / p.length, p.length,
        CalibrationInTheLarge.of(p, outcomes));
  }

  /** Mean log-loss (cross-entropy) of probabilities, clipped away from 0 and 1. */
  public static double logLoss(double[] p, int[] outcomes) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
      s -= outcomes[i] == 1 ? Math.log(q) : Math.log(1 - q);
    }
    return s / p.length;
  }
}
