package io.journeymap.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lift, Fisher's exact test, Benjamini-Hochberg and Mantel-Haenszel against hand computation. */
class LiftStatisticsTest {
  @Test
  void liftHasKatzIntervalAndFisherPValue() {
    // 30 of 100 with the behaviour convert, 10 of 100 without: lift 3; log-RR se =
    // sqrt(1/30 - 1/100 + 1/10 - 1/100) = 0.33665; exp(ln 3 +- 1.96 se) = [1.5508, 5.8033]
    Lift l = Lift.of(30, 100, 10, 100);
    assertEquals(3.0, l.lift(), 1e-12);
    assertEquals(1.55083, l.low(), 1e-5);
    assertEquals(5.80335, l.high(), 1e-5);
    assertEquals(0.3, l.with().rate(), 1e-12);
    assertEquals(100, l.without().trials());
    assertTrue(l.pValue() < 0.001, "p " + l.pValue());
  }

  @Test
  void fisherMatchesTheTeaTastingTable() {
    // 3 of 4 vs 1 of 4: two-sided p = (1 + 16 + 16 + 1) / 70 = 0.485714
    assertEquals(0.4857142857, Lift.fisherTwoSided(3, 4, 1, 4), 1e-9);
    // 0 of 10 vs 5 of 10: p = 2 * C(10,5) / C(20,5)... = 0.0325077
    assertEquals(0.0325077399, Lift.fisherTwoSided(0, 10, 5, 10), 1e-9);
    assertEquals(1.0, Lift.fisherTwoSided(0, 0, 3, 10), 0);
  }

  @Test
  void anEmptyCellStillGetsAnHonestInterval() {
    // 0 of 10 with vs 5 of 10 without: lift 0; with 0.5 added to each cell the interval is
    // exp(ln((0.5/11)/(5.5/11)) +- 1.96 se) = [0.00569, 1.4534]: it includes 1, and it is
    // widened down to the lift seen, 0, which it would otherwise leave outside
    Lift l = Lift.of(0, 10, 5, 10);
    assertEquals(0.0, l.lift(), 0);
    assertEquals(0.0, l.low(), 0);
    assertEquals(1.4534098, l.high(), 1e-6);
    // all 10 with converting, 5 of 10 without: lift 2 lies inside the corrected interval
    // exp(ln((10.5/11)/(5.5/11)) +- 1.96 * sqrt(1/10.5 - 1/11 + 1/5.5 - 1/11)), left as it is
    Lift all = Lift.of(10, 10, 5, 10);
    assertEquals(2.0, all.lift(), 1e-12);
    assertEquals(1.04265, all.low(), 1e-5);
    assertEquals(3.49553, all.high(), 1e-5);
    assertTrue(Double.isNaN(Lift.of(3, 10, 0, 0).lift()));
  }

  @Test
  void benjaminiHochbergQValues() {
    // sorted p 0.005, 0.01, 0.03, 0.04 (m = 4): 0.02, 0.02, 0.04, 0.04
    assertArrayEquals(new double[] {0.02, 0.04, 0.04, 0.02},
        FalseDiscovery.qValues(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-12);
    assertArrayEquals(new double[] {0.9}, FalseDiscovery.qValues(new double[] {0.9}), 0);
  }

  @Test
  void mantelHaenszelPoolsStrata() {
    // both strata have risk ratio 2: pooled 2; Greenland-Robins variance 3.15 / (6 * 3)
    // gives exp(+-1.96 sqrt(0.175)) around 2: [0.8809, 4.5406]
    MantelHaenszel.Result r = MantelHaenszel.pooled(List.of(
        new MantelHaenszel.Stratum(10, 20, 5, 20), new MantelHaenszel.Stratum(2, 10, 1, 10)));
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(0.88094, r.low(), 1e-5);
    assertEquals(4.54060, r.high(), 1e-5);
    // a confounder that explains it all: within each stratum the behaviour changes nothing
    MantelHaenszel.Result confounded = MantelHaenszel.pooled(List.of(
        new MantelHaenszel.Stratum(40, 80, 10, 20), new MantelHaenszel.Stratum(2, 20, 8, 80)));
    assertEquals(1.0, confounded.ratio(), 1e-12);
  }
}
