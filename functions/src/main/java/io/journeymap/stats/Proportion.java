package io.journeymap.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A rate with its counts and a Wilson score interval. Wilson rather than the normal approximation
 * because journey rates are often near 0 or 1 and samples small, where Wald intervals collapse or
 * leave [0, 1].
 *
 * @param rate {@code NaN} when there are no trials
 */
public record Proportion(long successes, long trials, double rate, double low, double high) {
  /** Below this many trials (or 5 successes or failures) a rate is labelled a small sample. */
  public static final int SMALL_SAMPLE = 30;

  private static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  public Proportion {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "need 0 <= successes <= trials, got " + successes + " of " + trials);
    }
  }

  /** Wilson 95% interval for {@code successes} out of {@code trials}. */
  public static Proportion wilson(long successes, long trials) {
    return wilson(successes, trials, Z95);
  }

  public static Proportion wilson(long successes, long trials, double z) {
    if (trials == 0) {
      if (successes != 0) {
        throw new IllegalArgumentException("successes without trials");
      }
      return new Proportion(0, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // at 0 or n successes the bound is exactly 0 or 1; the formula leaves rounding dust there
    double low = successes == 0 ? 0 : Math.max(0, centre - half);
    double high = successes == trials ? 1 : Math.min(1, centre + half);
    return new Proportion(successes, trials, p, low, high);
  }

  /** True when counts are too small for the rate to be read as a signal. */
  public boolean smallSample() {
    return trials < SMALL_SAMPLE || successes < 5 || trials - successes < 5;
  }
}
