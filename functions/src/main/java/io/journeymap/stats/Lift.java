package io.journeymap.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How much more often journeys with a behaviour convert than journeys without it: the risk
 * ratio of two proportions, its 95% interval (Katz's log method, with 0.5 added to every cell
 * when one is empty, so a ratio with no conversions on one side still has an honest, wide
 * interval, widened where needed to hold the ratio seen) and Fisher's exact two-sided p-value, which stays right for small counts where a
 * chi-square approximation does not.
 *
 * @param with conversions among journeys with the behaviour
 * @param without conversions among journeys without it
 * @param lift rate with / rate without; {@code NaN} when either side has no journeys or the
 *     rate without is 0
 */
public record Lift(Proportion with, Proportion without, double lift, double low, double high,
    double pValue) {

  private static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  /**
   * @param convertedWith converted journeys with the behaviour
   * @param nWith journeys with the behaviour
   * @param convertedWithout converted journeys without it
   * @param nWithout journeys without it
   */
  public static Lift of(long convertedWith, long nWith, long convertedWithout, long nWithout) {
    Proportion with = Proportion.wilson(convertedWith, nWith);
    Proportion without = Proportion.wilson(convertedWithout, nWithout);
    double p = fisherTwoSided(convertedWith, nWith, convertedWithout, nWithout);
    if (nWith == 0 || nWithout == 0) {
      return new Lift(with, without, Double.NaN, Double.NaN, Double.NaN, p);
    }
    double a = convertedWith;
    double b = nWith - convertedWith;
    double c = convertedWithout;
    double d = nWithout - convertedWithout;
    double lift = c == 0 ? Double.NaN : (a / nWith) / (c / nWithout);
    if (a == 0 || c == 0 || b == 0 || d == 0) {
      a += 0.5;
      b += 0.5;
      c += 0.5;
      d += 0.5;
    }
    double log = Math.log((a / (a + b)) / (c / (c + d)));
    double se = Math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d));
    double low = Math.exp(log - Z95 * se);
    double high = Math.exp(log + Z95 * se);
    if (!Double.isNaN(lift)) {
      // the 0.5 added to an empty cell moves the interval off the ratio seen (no conversions
      // with the behaviour: a lift of 0 above an interval starting at 0.03); the interval is
      // widened to the ratio seen, so an estimate never lies outside its own interval
      low = Math.min(low, lift);
      high = Math.max(high, lift);
    }
    return new Lift(with, without, lift, low, high, p);
  }

  /**
   * Fisher's exact test, two-sided: the probability, with the margins fixed, of a table at most
   * as likely as the one seen.
   */
  static double fisherTwoSided(long convertedWith, long nWith, long convertedWithout,
      long nWithout) {
    long total = nWith + nWithout;
    long converted = convertedWith + convertedWithout;
    if (total == 0 || nWith == 0 || nWithout == 0 || converted == 0 || converted == total) {
      return 1.0;
    }
    HypergeometricDistribution h = new HypergeometricDistribution(null, (int) total,
        (int) converted, (int) nWith);
    double seen = h.probability((int) convertedWith);
    double p = 0;
    int lowest = (int) Math.max(0, converted - nWithout);
    int highest = (int) Math.min(converted, nWith);
    for (int k = lowest; k <= highest; k++) {
      double q = h.probability(k);
      if (q <= seen * (1 + 1e-7)) {
        p += q;
      }
    }
    return Math.min(1.0, p);
  }
}
