package io.journeymap.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Benjamini-Hochberg q-values: when hundreds of behaviours are tested at once, some look
 * significant by chance; a q-value is the smallest false discovery rate at which a result would
 * still be called a discovery.
 */
public final class FalseDiscovery {
  private FalseDiscovery() {}

  /** The q-value of each p-value, in the same order. */
  public static double[] qValues(double[] pValues) {
    int m = pValues.length;
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
    double[] q = new double[m];
    double running = 1.0;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      running = Math.min(running, pValues[i] * m / rank);
      q[i] = Math.min(1.0, running);
    }
    return q;
  }
}
