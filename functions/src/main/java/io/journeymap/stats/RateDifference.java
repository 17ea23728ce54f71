package io.journeymap.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The difference of two rates (first minus second) with Newcombe's hybrid score interval (his
 * method 10, built from the two Wilson intervals), which keeps its coverage near 0 and 1 where
 * the Wald interval does not, and the two-sided p-value of the pooled two-proportion z-test.
 */
public record RateDifference(Proportion first, Proportion second, double difference,
    double low, double high, double pValue) {
  private static final NormalDistribution NORMAL = new NormalDistribution();

  public static RateDifference of(long successes1, long trials1, long successes2,
      long trials2) {
    Proportion a = Proportion.wilson(successes1, trials1);
    Proportion b = Proportion.wilson(successes2, trials2);
    if (trials1 == 0 || trials2 == 0) {
      return new RateDifference(a, b, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double d = a.rate() - b.rate();
    double low = d - Math.sqrt(Math.pow(a.rate() - a.low(), 2) + Math.pow(b.high() - b.rate(), 2));
    double high = d + Math.sqrt(Math.pow(a.high() - a.rate(), 2) + Math.pow(b.rate() - b.low(), 2));
    double pooled = (double) (successes1 + successes2) / (trials1 + trials2);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2));
    double p = se == 0 ? 1 : 2 * (1 - NORMAL.cumulativeProbability(Math.abs(d) / se));
    return new RateDifference(a, b, d, low, high, p);
  }
}
