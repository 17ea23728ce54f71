package io.journeymap.stats;

import java.util.Arrays;

/**
 * Population stability index (PSI) between a reference sample (the training data) and a recent
 * one: {@code sum (recent - reference) * ln(recent / reference)} over bins of the reference's
 * quantiles. Conventional reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, above 0.25 a
 * major one.
 */
public final class Stability {
  public static final double MODERATE = 0.1;
  public static final double MAJOR = 0.25;

  private Stability() {}

  /**
   * The reference side of a PSI, kept so later samples can be compared with data no longer at
   * hand (a saved model's training journeys): the bins' upper edges and the reference's share
   * in each bin (one more share than edges: the last bin is open above).
   *
   * @param cases reference values the shares were counted on
   */
  public record Reference(double[] edges, double[] shares, int cases)
      implements java.io.Serializable {
    public Reference {
      if (shares.length != edges.length + 1) {
        throw new IllegalArgumentException("one more share than edges is needed");
      }
    }
  }

  /**
   * At most {@code bins} bins whose upper edges are reference quantiles (the value at rank
   * ceil(i n / bins)); repeated edges merge, so a count that is mostly 0 gets a bin of its own
   * instead of several empty ones. Null for an empty reference.
   */
  public static Reference reference(double[] values, int bins) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins];
    int e = 0;
    for (int i = 1; i < bins; i++) {
      double edge = sorted[(int) Math.ceil((double) i * sorted.length / bins) - 1];
      if (e == 0 || edge > edges[e - 1]) {
        edges[e++] = edge;
      }
    }
    edges = Arrays.copyOf(edges, e);
    return new Reference(edges, shares(values, edges), values.length);
  }

  /** PSI of {@code recent} against a reference sample over at most {@code bins} bins. */
  public static double psi(double[] reference, double[] recent, int bins) {
    return psi(reference(reference, bins), recent);
  }

  /**
   * PSI of {@code recent} against a kept reference. A bin empty on one side counts half a case
   * there, so the index stays finite. NaN when either side has no values.
   */
  public static double psi(Reference reference, double[] recent) {
    if (reference == null || recent.length == 0) {
      return Double.NaN;
    }
    double[] ref = reference.shares();
    double[] rec = shares(recent, reference.edges());
    double psi = 0;
    for (int b = 0; b < ref.length; b++) {
      double r = ref[b] > 0 ? ref[b] : 0.5 / reference.cases();
      double a = rec[b] > 0 ? rec[b] : 0.5 / recent.length;
      psi += (a - r) * Math.log(a / r);
    }
    return psi;
  }

  private static double[] shares(double[] values, double[] edges) {
    double[] out = new double[edges.length + 1];
    for (double v : values) {
      int at = Arrays.binarySearch(edges, v);
      out[at >= 0 ? at : -at - 1]++; // a value on an edge belongs to the bin it closes
    }
    for (int b = 0; b < out.length; b++) {
      out[b] /= values.length;
    }
    return out;
  }
}
