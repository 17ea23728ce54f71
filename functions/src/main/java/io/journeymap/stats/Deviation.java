package io.journeymap.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;

/**
 * How unusual one day's value is against a robust baseline: the median of comparable earlier
 * days (the same weekday in earlier weeks) and their median absolute deviation (MAD), so one
 * earlier outlier does not move the baseline. The p-value is the larger of two: an exact test
 * (Poisson for counts, binomial for rates) against the median, and a normal test whose spread
 * is the larger of the MAD-based one and the sampling one, widened for the baseline's own
 * uncertainty. Taking the larger keeps both day-to-day swings and small counts from passing as
 * anomalies.
 *
 * @param expected the baseline median
 * @param lower lower end of the usual range (expected - 1.96 spread, at least 0)
 * @param upper upper end of the usual range
 * @param pValue two-sided
 */
public record Deviation(double expected, double lower, double upper, double pValue) {
  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);
  /** MAD times this estimates a normal standard deviation. */
  private static final double MAD_SCALE = 1.4826;

  /** Median and median absolute deviation of a sample (NaN when empty). */
  public record Baseline(double median, double mad, int size) {
    public static Baseline of(double[] values) {
      double median = Medians.of(values);
      double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
      return new Baseline(median, Medians.of(deviations), values.length);
    }

    /** The median's variance relative to one value's: about pi / 2n for a normal sample. */
    double medianInflation() {
      return 1 + Math.PI / (2.0 * size);
    }
  }

  /** A day's count (entries, events) against the counts of comparable earlier days. */
  public static Deviation ofCount(long observed, double[] baselineCounts) {
    Baseline b = Baseline.of(baselineCounts);
    double expected = b.median();
    double variance = Math.max(Math.pow(MAD_SCALE * b.mad(), 2), Math.max(expected, 1))
        * b.medianInflation();
    double spread = Math.sqrt(variance);
    double z = (Math.abs(observed - expected) - 0.5) / spread;
    double normal = z <= 0 ? 1 : 2 * (1 - NORMAL.cumulativeProbability(z));
    double exact = 1;
    if (expected > 0) {
      PoissonDistribution poisson = new PoissonDistribution(null, expected,
          PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS);
      int k = (int) Math.min(observed, Integer.MAX_VALUE);
      double below = poisson.cumulativeProbability(k);
      double above = 1 - (k == 0 ? 0 : poisson.cumulativeProbability(k - 1));
      exact = Math.min(1, 2 * Math.min(below, above));
    }
    return new Deviation(expected, Math.max(0, expected - Z95 * spread), expected + Z95 * spread,
        Math.max(normal, exact));
  }

  /** A day's rate (successes of trials) against the rates of comparable earlier days. */
  public static Deviation ofRate(long successes, long trials, double[] baselineRates) {
    Baseline b = Baseline.of(baselineRates);
    double p0 = b.median();
    if (trials == 0 || Double.isNaN(p0)) {
      return new Deviation(p0, Double.NaN, Double.NaN, 1);
    }
    double sampling = p0 * (1 - p0) / trials;
    double spread = Math.sqrt(Math.max(Math.pow(MAD_SCALE * b.mad(), 2), sampling)
        * b.medianInflation());
    double rate = (double) successes / trials;
    double normal = 1;
    if (spread > 0) {
      double z = (Math.abs(rate - p0) - 0.5 / trials) / spread;
      normal = z <= 0 ? 1 : 2 * (1 - NORMAL.cumulativeProbability(z));
    }
    // a baseline of exactly 0 or 1 would make any other day impossible; keep it just inside
    double clamped = Math.min(1 - 1e-9, Math.max(1e-9, p0));
    double exact = new BinomialTest().binomialTest((int) trials, (int) successes, clamped,
        AlternativeHypothesis.TWO_SIDED);
    return new Deviation(p0, Math.max(0, p0 - Z95 * spread), Math.min(1, p0 + Z95 * spread),
        Math.max(normal, exact));
  }
}
