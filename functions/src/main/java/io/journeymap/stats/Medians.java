package io.journeymap.stats;

import org.apache.commons.math3.stat.descriptive.rank.Median;

/** Median of a sample, {@code NaN} when empty (middle-two average for even sizes). */
public final class Medians {
  private Medians() {}

  public static double of(double[] values) {
    return values.length == 0 ? Double.NaN : new Median().evaluate(values);
  }
}
