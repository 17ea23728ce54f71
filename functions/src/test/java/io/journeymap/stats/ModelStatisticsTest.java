package io.journeymap.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** AUC with DeLong's interval, Brier, ECE, log-loss and PSI against numbers worked by hand. */
class ModelStatisticsTest {
  @Test
  void aucAndDeLongIntervalOnATinySample() {
    // positives 0.8, 0.6, 0.4; negatives 0.5, 0.2. Pairs won: 0.8 beats both, 0.6 both, 0.4
    // only 0.2: AUC = 5/6. Placements: positives 1, 1, 1/2 (variance 1/12); negatives: share
    // of positives above 0.5 = 2/3, above 0.2 = 1 (variance 1/18). var = (1/12)/3 + (1/18)/2
    // = 1/18, se = 0.23570; 5/6 - 1.959964 * se = 0.37137; the upper bound clips at 1
    Discrimination d = Discrimination.of(new double[] {0.8, 0.5, 0.6, 0.2, 0.4},
        new int[] {1, 0, 1, 0, 1});
    assertEquals(5.0 / 6, d.auc(), 1e-12);
    assertEquals(0.37137, d.low(), 1e-5);
    assertEquals(1.0, d.high(), 0);
    assertEquals(3, d.positives());
    assertEquals(2, d.negatives());
    // a tie between classes counts half: 1 positive, 1 negative, same score
    assertEquals(0.5, Discrimination.of(new double[] {0.3, 0.3}, new int[] {1, 0}).auc(), 0);
    assertTrue(Double.isNaN(Discrimination.of(new double[] {0.3}, new int[] {1}).auc()));
  }

  @Test
  void aucAgreesWithCountingPairs() {
    Random r = new Random(7);
    int n = 300;
    double[] s = new double[n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextDouble() < 0.3 ? 1 : 0;
      s[i] = Math.round((r.nextGaussian() + y[i]) * 4) / 4.0; // rounded: many ties
    }
    double won = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (y[i] == 1 && y[j] == 0) {
          pairs++;
          won += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    assertEquals(won / pairs, Discrimination.of(s, y).auc(), 1e-12);
  }

  @Test
  void brierEceAndLogLossOnATinySample() {
    // bins: [0, 0.1) holds 0.05 (y 0): gap 0.05; [0.1, 0.2) holds 0.15, 0.15 (y 0, 1): gap
    // |0.15 - 0.5| = 0.35 for 2 of 5; [0.8, 0.9) 0.85 (y 1): 0.15; [0.9, 1] 0.95 (y 1): 0.05.
    // ECE = (0.05 + 2 * 0.35 + 0.15 + 0.05) / 5 = 0.19. Brier = (0.0025 + 0.0225 + 0.7225
    // + 0.0225 + 0.0025) / 5 = 0.1545
    double[] p = {0.05, 0.15, 0.15, 0.85, 0.95};
    int[] y = {0, 0, 1, 1, 1};
    Calibration c = Calibration.of(p, y);
    assertEquals(0.19, c.ece(), 1e-12);
    assertEquals(0.1545, c.brier(), 1e-12);
    assertEquals(0.6, c.baseRate(), 1e-12);
    assertEquals(5, c.cases());
    // -(ln 0.95 + ln 0.85 + ln 0.15 + ln 0.85 + ln 0.95) / 5
    double expected = -(2 * Math.log(0.95) + 2 * Math.log(0.85) + Math.log(0.15)) / 5;
    assertEquals(expected, Calibration.logLoss(p, y), 1e-12);
    // a probability of exactly 1 lands in the last bin
    assertEquals(0.0, Calibration.of(new double[] {1.0}, new int[] {1}).ece(), 0);
  }

  @Test
  void psiOnATinySample() {
    // reference 1, 2, 3, 4 in 2 bins: the edge is the value at rank ceil(2 * 4 / 2... = 2),
    // i.e. 2: bins (-inf, 2] and (2, inf) hold 1/2 and 1/2. Recent 1, 1, 1, 4: 3/4 and 1/4.
    // PSI = (0.75 - 0.5) ln 1.5 + (0.25 - 0.5) ln 0.5 = 0.101366 + 0.173287 = 0.274653
    double psi = Stability.psi(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 4}, 2);
    assertEquals(0.25 * Math.log(1.5) + 0.25 * Math.log(2), psi, 1e-12);
    assertEquals(0.274653, psi, 1e-6);
    assertEquals(0.0, Stability.psi(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}, 4),
        1e-12);
    // mostly zeros: edges 0, 0, 0 merge into one; reference shares 3/4 (<= 0) and 1/4; recent
    // has no zero, so its first bin counts half a case of 2: 0.25 and 1 (sum > 1 is the price
    // of finiteness): (0.25 - 0.75) ln(1/3) + (1 - 0.25) ln 4 = 0.549306 + 1.039721
    double zeros = Stability.psi(new double[] {0, 0, 0, 5}, new double[] {5, 6}, 4);
    assertEquals(0.5 * Math.log(3) + 0.75 * Math.log(4), zeros, 1e-9);
    assertFalse(Double.isNaN(zeros));
  }

  @Test
  void aKeptReferenceGivesThePsiOfTheSampleItCameFrom() {
    // the same mostly-zero reference, kept: one edge (0), shares 3/4 and 1/4 of 4 cases
    Stability.Reference kept = Stability.reference(new double[] {0, 0, 0, 5}, 4);
    assertArrayEquals(new double[] {0}, kept.edges(), 0);
    assertArrayEquals(new double[] {0.75, 0.25}, kept.shares(), 0);
    assertEquals(4, kept.cases());
    assertEquals(0.5 * Math.log(3) + 0.75 * Math.log(4), Stability.psi(kept,
        new double[] {5, 6}), 1e-9);
    assertEquals(Stability.psi(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 4}, 2),
        Stability.psi(Stability.reference(new double[] {1, 2, 3, 4}, 2),
            new double[] {1, 1, 1, 4}), 0);
    assertTrue(Double.isNaN(Stability.psi(kept, new double[0])));
  }
}
