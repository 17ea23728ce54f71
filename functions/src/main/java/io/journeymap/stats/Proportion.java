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
  /** Below this many trials a rate is labelled a small sample. */
  public static final int SMALL_SAMPLE = 30;
  /**
   * With fewer than 5 successes or failures, a rate whose interval is wider than this (in rate
   * units: 10 points) is a small sample too.
   */
  public static final double WIDE = 0.10;

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

  /**
   * True when counts are too small for the rate to be read as a signal: fewer than 30 trials,
   * or a rare outcome (fewer than 5 successes or failures) that leaves the interval wide. A rare
   * outcome in many trials is itself the finding: 0 of 2,922 converting has the interval
   * [0, 0.13%], and calling it a small sample would tell the reader to ignore it.
   */
  public boolean smallSample() {
    if (trials < SMALL_SAMPLE) {
      return true;
    }
    boolean rare = successes < 5 || trials - successes < 5;
    return rare && high - low > WIDE;
  }

  /**
   * True when this rate's counts are too few for a comparison with another rate (a lift, a
   * change) to rest on: fewer than 30 trials, or fewer than 5 successes or failures. Stricter
   * than {@link #smallSample}: a ratio of rates swings with each single conversion where there
   * are few, however narrow the rate's own interval.
   */
  public boolean tooFewToCompare() {
    return trials < SMALL_SAMPLE || successes < 5 || trials - successes < 5;
  }
}
