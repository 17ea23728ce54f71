package io.journeymap.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Robust day baselines and the difference of two rates against hand computation. */
class DeviationTest {
  @Test
  void aCountIsJudgedAgainstTheMedianAndMadOfComparableDays() {
    // sorted 9 10 11 11 12 12 13 30: median 11.5, absolute deviations' median 1.0 (the 30 moves
    // neither); spread^2 = max((1.4826 * 1.0)^2, 11.5) * (1 + pi / 16) = 13.7580
    double[] baseline = {10, 12, 11, 30, 9, 13, 11, 12};
    Deviation.Baseline b = Deviation.Baseline.of(baseline);
    assertEquals(11.5, b.median(), 1e-12);
    assertEquals(1.0, b.mad(), 1e-12);
    Deviation d = Deviation.ofCount(2, baseline);
    assertEquals(11.5, d.expected(), 1e-12);
    assertEquals(4.230140, d.lower(), 1e-6);
    assertEquals(18.769860, d.upper(), 1e-6);
    // normal: z = (9.5 - 0.5) / 3.70918 = 2.4264, p = 0.015249; Poisson(11.5) P(X <= 2) * 2 =
    // 0.001593; the larger one stands
    assertEquals(0.0152489, d.pValue(), 1e-6);
    assertEquals(1.0, Deviation.ofCount(12, baseline).pValue(), 1e-12);
  }

  @Test
  void aRateIsJudgedWithTheLargerOfTheSpreadsAndTheBinomialTest() {
    // rates' median 0.30 (the 0.05 day does not move it), MAD 0.015: 1.4826 * 0.015 = 0.02224
    // is below the sampling spread sqrt(0.3 * 0.7 / 200) = 0.03240, so that one is used,
    // widened for the median: sqrt(0.00105 * 1.19635) = 0.035443; 30 of 200 = 0.15:
    // z = (0.15 - 0.0025) / 0.035443 = 4.1616, p = 3.1592e-5
    double[] baseline = {0.30, 0.32, 0.28, 0.31, 0.29, 0.33, 0.30, 0.05};
    Deviation d = Deviation.ofRate(30, 200, baseline);
    assertEquals(0.30, d.expected(), 1e-12);
    assertEquals(0.230534, d.lower(), 1e-6);
    assertEquals(0.369466, d.upper(), 1e-6);
    assertEquals(3.1592e-5, d.pValue(), 1e-8);
    assertTrue(Deviation.ofRate(60, 200, baseline).pValue() > 0.5);
  }

  @Test
  void rateDifferenceHasNewcombesInterval() {
    // 45/300 - 30/300 = 0.05; Wilson intervals [0.11404, 0.19476] and [0.07098, 0.13959];
    // low = 0.05 - sqrt(0.03596^2 + 0.03959^2), high = 0.05 + sqrt(0.04476^2 + 0.02902^2)
    RateDifference r = RateDifference.of(45, 300, 30, 300);
    assertEquals(0.05, r.difference(), 1e-12);
    assertEquals(-0.0031759, r.low(), 1e-6);
    assertEquals(0.1034101, r.high(), 1e-6);
    // pooled 75/600: z = 0.05 / sqrt(0.125 * 0.875 * 2 / 300) = 1.8516, p = 0.064078
    assertEquals(0.0640775, r.pValue(), 1e-6);
  }
}
