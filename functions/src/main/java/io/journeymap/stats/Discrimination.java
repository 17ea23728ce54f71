package io.journeymap.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * How well scores separate positives from negatives: the area under the ROC curve (the chance
 * that a random positive scores above a random negative, ties counting half) with DeLong's 95%
 * interval. DeLong's variance comes from each case's own placement among the other class, so it
 * needs no assumption about the score distributions (Hanley-McNeil's does).
 *
 * @param auc {@code NaN} without both classes
 */
public record Discrimination(double auc, double low, double high, long positives,
    long negatives) implements java.io.Serializable {
  private static final double Z95 = new NormalDistribution().inverseCumulativeProbability(0.975);

  public static Discrimination of(double[] scores, int[] outcomes) {
    if (scores.length != outcomes.length) {
      throw new IllegalArgumentException("scores and outcomes differ in length");
    }
    int n1 = 0;
    for (int y : outcomes) {
      if (y != 0 && y != 1) {
        throw new IllegalArgumentException("outcomes are 0 or 1, got " + y);
      }
      n1 += y;
    }
    int n0 = outcomes.length - n1;
    if (n1 == 0 || n0 == 0) {
      return new Discrimination(Double.NaN, Double.NaN, Double.NaN, n1, n0);
    }
    double[] pos = new double[n1];
    double[] neg = new double[n0];
    for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
      if (outcomes[i] == 1) {
        pos[a++] = scores[i];
      } else {
        neg[b++] = scores[i];
      }
    }
    NaturalRanking ranking = new NaturalRanking(TiesStrategy.AVERAGE);
    double[] all = ranking.rank(scores);
    double[] withinPos = ranking.rank(pos);
    double[] withinNeg = ranking.rank(neg);
    // a positive's placement: the share of negatives below it (ties half) = its rank among all
    // minus its rank among positives, over n0; a negative's: the share of positives above it
    double[] v10 = new double[n1];
    double[] v01 = new double[n0];
    for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
      if (outcomes[i] == 1) {
        v10[a] = (all[i] - withinPos[a]) / n0;
        a++;
      } else {
        v01[b] = 1 - (all[i] - withinNeg[b]) / n1;
        b++;
      }
    }
    double auc = mean(v10);
    double variance = (n1 > 1 ? variance(v10, auc) / n1 : 0)
        + (n0 > 1 ? variance(v01, auc) / n0 : 0);
    double half = Z95 * Math.sqrt(variance);
    return new Discrimination(auc, Math.max(0, auc - half), Math.min(1, auc + half), n1, n0);
  }

  /** True when the interval leaves out 0.5: the scores separate better (or worse) than chance. */
  public boolean betterThanChance() {
    return low > 0.5;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double variance(double[] v, double mean) {
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return s / (v.length - 1);
  }
}
