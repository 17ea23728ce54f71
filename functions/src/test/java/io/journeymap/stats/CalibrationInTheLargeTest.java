package io.journeymap.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.stats.CalibrationInTheLarge.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Observed against expected positives, its test and interval, against numbers worked by hand. */
class CalibrationInTheLargeTest {
  @Test
  void overPredictionIsFlagged() {
    // 200 cases all predicted 0.2: E = 40, V = 200 * 0.2 * 0.8 = 32. 24 positive:
    // z = (24 - 40) / sqrt(32) = -2.828427, p = 2 * Phi(-2.828427) = 0.004678; O/E = 0.6
    CalibrationInTheLarge c = CalibrationInTheLarge.of(constant(200, 0.2), outcomes(200, 24));
    assertEquals(24, c.observed());
    assertEquals(40, c.expected(), 1e-9);
    assertEquals(32, c.variance(), 1e-9);
    assertEquals(0.6, c.ratio(), 1e-12);
    assertEquals(-2.828427, c.z(), 1e-6);
    assertEquals(0.004678, c.pValue(), 1e-6);
    // equal predictions: the interval is Wilson's for 24 of 200 (0.08198-0.17234) over 0.2
    Proportion wilson = Proportion.wilson(24, 200);
    assertEquals(wilson.low() / 0.2, c.low(), 1e-9);
    assertEquals(wilson.high() / 0.2, c.high(), 1e-9);
    assertEquals(0.40990, c.low(), 1e-5);
    assertEquals(0.86171, c.high(), 1e-5);
    assertEquals(Verdict.OVER_PREDICTS, c.verdict());
    assertEquals("predicted 20.0%, 12.0% converted (24 of 200; 0.60 times the 40 predicted,"
        + " 95% CI 0.41-0.86, p 0.005)", c.words("converted"));
  }

  @Test
  void underPredictionWithUnequalPredictionsIsFlagged() {
    // 100 cases at 0.1 and 100 at 0.3: E = 10 + 30 = 40, V = 100 * 0.09 + 100 * 0.21 = 30,
    // S = sum p^2 = 1 + 9 = 10. 55 positive: z = 15 / sqrt(30) = 2.738613, p = 0.006170;
    // O/E = 1.375. Interval: roots of (1600 + 1.96^2 * 10) r^2 - (4400 + 1.96^2 * 40) r
    // + 3025 = 0: 1.09838 and 1.68093 (at r = 1.09838 the mean is 43.935, the variance
    // 43.935 - 1.09838^2 * 10 = 31.871, and (55 - 43.935) / sqrt(31.871) = 1.96)
    double[] p = new double[200];
    Arrays.fill(p, 0, 100, 0.1);
    Arrays.fill(p, 100, 200, 0.3);
    CalibrationInTheLarge c = CalibrationInTheLarge.of(p, outcomes(200, 55));
    assertEquals(40, c.expected(), 1e-9);
    assertEquals(30, c.variance(), 1e-9);
    assertEquals(2.738613, c.z(), 1e-6);
    assertEquals(0.006170, c.pValue(), 1e-6);
    assertEquals(1.375, c.ratio(), 1e-12);
    assertEquals(1.09838, c.low(), 1e-5);
    assertEquals(1.68093, c.high(), 1e-5);
    assertEquals(Verdict.UNDER_PREDICTS, c.verdict());
  }

  @Test
  void aGapThatCouldBeChanceIsNotFlagged() {
    // 200 at 0.2, 34 positive: O/E = 0.85, material, but z = -6 / sqrt(32) = -1.06066,
    // p = 0.28884; the interval 0.6214-1.1408 holds 1
    CalibrationInTheLarge c = CalibrationInTheLarge.of(constant(200, 0.2), outcomes(200, 34));
    assertEquals(0.28884, c.pValue(), 1e-5);
    assertTrue(c.low() < 1 && c.high() > 1);
    assertEquals(Verdict.CALIBRATED, c.verdict());
  }

  @Test
  void aSignificantButSmallGapIsNotFlagged() {
    // 100,000 at 0.2, 19,000 positive: z = -1,000 / sqrt(16,000) = -7.9, p < 0.001, but
    // O/E = 0.95 is within a tenth of 1
    CalibrationInTheLarge c = new CalibrationInTheLarge(100_000, 19_000, 20_000, 16_000);
    assertEquals(-7.905694, c.z(), 1e-6);
    assertTrue(c.pValue() < 1e-10);
    assertTrue(c.high() < 1);
    assertEquals(Verdict.CALIBRATED, c.verdict());
    // the same ratio a tenth further off is flagged
    assertEquals(Verdict.OVER_PREDICTS,
        new CalibrationInTheLarge(100_000, 17_000, 20_000, 16_000).verdict());
  }

  @Test
  void smallCohortsAreTooFewToJudge() {
    // 100 at 0.05: E = 5 < 10. None positive would be p = 2 * Phi(-5 / sqrt(4.75)) = 0.0218,
    // O/E = 0, yet 5 expected is too few to call a gap
    CalibrationInTheLarge c = CalibrationInTheLarge.of(constant(100, 0.05), outcomes(100, 0));
    assertEquals(0.021781, c.pValue(), 1e-6);
    assertEquals(0, c.low(), 0);
    assertTrue(c.tooFewToJudge());
    assertEquals(Verdict.TOO_FEW_TO_JUDGE, c.verdict());
    assertTrue(c.words("converted").endsWith(", too few to judge"));
    // 25 cases, even with 12.5 expected either way: fewer than 30
    assertEquals(Verdict.TOO_FEW_TO_JUDGE,
        CalibrationInTheLarge.of(constant(25, 0.5), outcomes(25, 2)).verdict());
    // expected negatives count too: 100 at 0.95, E = 95, 5 expected unconverted
    assertEquals(Verdict.TOO_FEW_TO_JUDGE,
        CalibrationInTheLarge.of(constant(100, 0.95), outcomes(100, 70)).verdict());
    // the same gap on a large enough cohort is flagged: 400 at 0.05, E = 20, none positive
    assertEquals(Verdict.OVER_PREDICTS,
        CalibrationInTheLarge.of(constant(400, 0.05), outcomes(400, 0)).verdict());
  }

  @Test
  void calibrationCarriesItAndBadInputIsRefused() {
    Calibration c = Calibration.of(constant(200, 0.2), outcomes(200, 24));
    assertEquals(24, c.inTheLarge().observed());
    assertEquals(40, c.inTheLarge().expected(), 1e-9);
    assertFalse(Calibration.of(new double[0], new int[0]).inTheLarge().ratio() >= 0);
    assertThrows(IllegalArgumentException.class,
        () -> CalibrationInTheLarge.of(new double[] {0.5}, new int[] {2}));
    assertThrows(IllegalArgumentException.class,
        () -> CalibrationInTheLarge.of(new double[] {1.5}, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new CalibrationInTheLarge(3, 4, 1, 1));
  }

  private static double[] constant(int n, double p) {
    double[] a = new double[n];
    Arrays.fill(a, p);
    return a;
  }

  /** The first {@code positives} of {@code n} cases positive. */
  private static int[] outcomes(int n, int positives) {
    int[] y = new int[n];
    Arrays.fill(y, 0, positives, 1);
    return y;
  }
}
