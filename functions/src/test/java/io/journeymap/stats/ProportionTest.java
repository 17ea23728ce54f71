package io.journeymap.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProportionTest {
  @Test
  void wilsonMatchesHandComputedValues() {
    // 8/10: centre (0.8 + z^2/20) / (1 + z^2/10), half-width z/(1+z^2/10) * sqrt(.016 + z^2/400)
    Proportion p = Proportion.wilson(8, 10);
    assertEquals(0.8, p.rate(), 1e-12);
    assertEquals(0.4902, p.low(), 1e-4);
    assertEquals(0.9433, p.high(), 1e-4);
    Proportion zero = Proportion.wilson(0, 10);
    assertEquals(0.0, zero.low(), 1e-12);
    assertEquals(0.2775, zero.high(), 1e-4);
    Proportion all = Proportion.wilson(20, 20);
    assertEquals(0.8389, all.low(), 1e-4);
    assertEquals(1.0, all.high(), 1e-12);
  }

  @Test
  void emptyAndSmallSamples() {
    assertTrue(Double.isNaN(Proportion.wilson(0, 0).rate()));
    assertTrue(Proportion.wilson(3, 10).smallSample());
    assertFalse(Proportion.wilson(300, 1000).smallSample());
    // a rare outcome is a small sample while its interval is wide: 0 of 30 spans [0, 11.35%]
    // (3.8415 / 33.8415), 4 of 50 spans [3.2%, 18.8%], 30 of 30 spans [88.65%, 100%]
    assertTrue(Proportion.wilson(0, 30).smallSample());
    assertTrue(Proportion.wilson(4, 50).smallSample());
    assertTrue(Proportion.wilson(30, 30).smallSample());
    // and not once it is narrow: 0 of 40 spans [0, 8.76%], 4 of 100 [1.57%, 9.84%], 0 of
    // 2,922 [0, 0.13%]: nobody converting is then the finding, not noise
    assertFalse(Proportion.wilson(0, 40).smallSample());
    assertFalse(Proportion.wilson(4, 100).smallSample());
    assertFalse(Proportion.wilson(0, 2922).smallSample());
    // a comparison of two rates needs 5 of each outcome on a side, however narrow the interval
    assertTrue(Proportion.wilson(0, 2922).tooFewToCompare());
    assertTrue(Proportion.wilson(4, 100).tooFewToCompare());
    assertTrue(Proportion.wilson(29, 29).tooFewToCompare());
    assertFalse(Proportion.wilson(5, 30).tooFewToCompare());
    assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(5, 3));
  }

  @Test
  void medianAveragesTheMiddlePair() {
    assertEquals(2.5, Medians.of(new double[] {4, 1, 2, 3}), 1e-12);
    assertEquals(3.0, Medians.of(new double[] {5, 3, 1}), 1e-12);
    assertTrue(Double.isNaN(Medians.of(new double[0])));
  }
}
