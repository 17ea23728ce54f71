package io.journeymap.stats;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The risk ratio pooled over strata (Mantel-Haenszel), with the Greenland-Robins variance for its
 * 95% interval: the lift of a behaviour once a declared confounder (sales contact, first channel)
 * is held constant. A behaviour that only looks good because talked-to accounts do it more is
 * adjusted toward 1.
 */
public final class MantelHaenszel {
  private static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  private MantelHaenszel() {}

  /** One stratum's counts: conversions and journeys with and without the behaviour. */
  public record Stratum(long convertedWith, long nWith, long convertedWithout, long nWithout) {}

  /** Pooled ratio, low, high; NaN when no stratum holds both groups and a conversion. */
  public record Result(double ratio, double low, double high) {}

  public static Result pooled(List<Stratum> strata) {
    double numerator = 0;
    double denominator = 0;
    double varianceSum = 0;
    for (Stratum s : strata) {
      double n = s.nWith() + s.nWithout();
      if (s.nWith() == 0 || s.nWithout() == 0) {
        continue; // a stratum with one group says nothing about the difference
      }
      double a = s.convertedWith();
      double c = s.convertedWithout();
      numerator += a * s.nWithout() / n;
      denominator += c * s.nWith() / n;
      varianceSum += ((a + c) * s.nWith() * s.nWithout() - a * c * n) / (n * n);
    }
    if (numerator == 0 || denominator == 0) {
      return new Result(Double.NaN, Double.NaN, Double.NaN);
    }
    double ratio = numerator / denominator;
    double se = Math.sqrt(varianceSum / (numerator * denominator));
    return new Result(ratio, ratio * Math.exp(-Z95 * se), ratio * Math.exp(Z95 * se));
  }
}
