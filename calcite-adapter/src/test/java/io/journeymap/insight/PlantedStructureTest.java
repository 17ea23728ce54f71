package io.journeymap.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.insight.Feature.Kind;
import io.journeymap.stats.Discrimination;
import java.util.List;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import smile.validation.metric.AdjustedRandIndex;

/**
 * Recovery on generated journeys: planted journey types come back as clusters, a planted
 * predictive behaviour gives a discriminating, calibrated score, and without any signal the
 * AUC interval covers 0.5.
 */
class PlantedStructureTest {
  private static final List<Feature> FEATURES = List.of(
      new Feature("n_setup", Kind.COUNT, "setup", 3),
      new Feature("n_webinar", Kind.COUNT, "webinar", 3),
      new Feature("n_page", Kind.COUNT, "page", 3),
      new Feature("t_setup", Kind.DAYS_TO_FIRST, "setup", 3));

  private final MersenneTwister random = new MersenneTwister(11);

  private int poisson(double mean) {
    return new PoissonDistribution(random, mean, 1e-12, 1000).sample();
  }

  /** Raw values of FEATURES: counts, and the first setup's day (NaN: none by day 3). */
  private double[] journey(double setup, double webinar) {
    int s = poisson(setup);
    return new double[] {s, poisson(webinar), poisson(2), s == 0 ? Double.NaN
        : random.nextDouble() * 3};
  }

  private static double[] transform(double[] raw) {
    double[] x = new double[raw.length];
    for (int j = 0; j < raw.length; j++) {
      x[j] = FEATURES.get(j).transform(raw[j]);
    }
    return x;
  }

  @Test
  void twoPlantedJourneyTypesBecomeTwoClusters() {
    int n = 3000;
    double[][] x = new double[n][];
    int[] truth = new int[n];
    for (int i = 0; i < n; i++) {
      truth[i] = random.nextDouble() < 0.35 ? 1 : 0;
      // type 1 sets up a lot early and skips webinars; type 0 attends webinars
      x[i] = transform(truth[i] == 1 ? journey(6, 0.05) : journey(0.05, 5));
    }
    double[][] z = Standardiser.fit(x).apply(x);
    Clustering c = Clustering.fit(z, 42);
    assertEquals(2, c.k(), "silhouettes " + c.silhouettes());
    int[] found = new int[n];
    for (int i = 0; i < n; i++) {
      found[i] = c.assign(z[i]);
    }
    double ari = AdjustedRandIndex.of(truth, found);
    assertTrue(ari > 0.9, "ARI " + ari);
    assertTrue(c.stability() > 0.9, "stability " + c.stability());
    assertEquals(Clustering.MAX_K - Clustering.MIN_K + 1, c.silhouettes().size());
    // repeatable: the same data and seed give the same partition
    assertEquals(c.k(), Clustering.fit(z, 42).k());
    assertEquals(c.centroids()[0][0], Clustering.fit(z, 42).centroids()[0][0], 0);
  }

  @Test
  void identicalJourneysAreNotClusteredAndFewDistinctOnesCapK() {
    assertEquals(null, Clustering.fit(new double[100][3], 1));
    double[][] three = new double[300][];
    for (int i = 0; i < three.length; i++) {
      three[i] = new double[] {i % 3, 0};
    }
    Clustering c = Clustering.fit(three, 1);
    assertEquals(3, c.k(), "silhouettes " + c.silhouettes());
    assertEquals(2, c.silhouettes().size()); // k = 2 and 3 only
  }

  @Test
  void silhouetteOfATinyPartitionByHand() {
    // points 0, 1 (cluster 0) and 5 (cluster 1) on a line: for 0, a = 1, b = 5: 4/5; for 1,
    // a = 1, b = 4: 3/4; 5 is alone: 0. Mean (0.8 + 0.75 + 0) / 3 = 0.516667
    double s = Clustering.silhouette(new double[][] {{0}, {1}, {5}}, new int[] {0, 0, 1}, 2);
    assertEquals((0.8 + 0.75) / 3, s, 1e-12);
  }

  /** Journeys in time order: setup raises the odds when {@code effect} is not 0. */
  private Propensity.Data cohort(int n, double effect) {
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double[] raw = journey(1.2, 1);
      double logit = -1.6 + effect * raw[0];
      y[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      x[i] = transform(raw);
    }
    return new Propensity.Data(x, y);
  }

  @Test
  void aPlantedBehaviourGivesADiscriminatingCalibratedScore() {
    Propensity p = Propensity.train(FEATURES, cohort(3000, 0.9), cohort(1000, 0.9),
        cohort(1000, 0.9), 5);
    Propensity.Evaluation e = p.evaluation();
    assertTrue(e.discrimination().low() > 0.6, "AUC " + e.discrimination());
    assertTrue(e.calibration().ece() < 0.05, "ECE " + e.calibration().ece());
    // the planted behaviour ranks first and explains a high score
    assertEquals(0, p.ranking()[0], "ranking " + java.util.Arrays.toString(p.ranking()));
    double[] busy = {6, 1, 2, 0.5};
    double[] c = p.contributions(transform(busy));
    String why = p.reasons(busy, c, new double[] {1, 1, 2, 1.4}, 2);
    assertTrue(why.startsWith("setup 6 times (typical: 1) raised it")
        || why.startsWith("first setup on day 0.5"), why);
    assertTrue(p.probability(transform(busy)) > p.probability(transform(new double[] {0, 1, 2,
        Double.NaN})));
    assertEquals(2, p.evaluations().size());
  }

  @Test
  void withoutSignalTheAucIntervalCoversOneHalf() {
    Propensity p = Propensity.train(FEATURES, cohort(3000, 0), cohort(1000, 0),
        cohort(1000, 0), 5);
    Discrimination d = p.evaluation().discrimination();
    assertTrue(d.low() < 0.5 && d.high() > 0.5, "AUC " + d);
    // calibrated to the base rate: no journey scores far from it
    assertTrue(p.evaluation().calibration().ece() < 0.05, "ECE " + p.evaluation());
  }
}
