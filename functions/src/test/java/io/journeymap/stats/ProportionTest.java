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
    assertThrows(IllegalArgumentException.class, () -> Proportion.wilson(5, 3));
  }

  @Test
  void medianAveragesTheMiddlePair() {
    assertEquals(2.5, Medians.of(new double[] {4, 1, 2, 3}), 1e-12);
    assertEquals(3.0, Medians.of(new double[] {5, 3, 1}), 1e-12);
    assertTrue(Double.isNaN(Medians.of(new double[0])));
  }
}
