package io.journeymap.stats;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Calibration in the large: whether predicted probabilities add up to what happened. Observed
 * positives O against the sum of the predictions E. Were the predictions the true
 * probabilities, O would be a sum of independent Bernoulli draws with mean E and variance
 * V = sum p(1 - p), so z = (O - E) / sqrt(V) is about standard normal (the normal approximation
 * to the Poisson binomial, good once about 10 positives and 10 negatives are expected).
 *
 * <p>The ratio O/E is relative where the expected calibration error is absolute: 3 points too
 * high at a 12% base rate is a quarter too many conversions, at 50% a sixteenth. Its 95%
 * interval is the score interval: the factors r by which scaling every prediction would make O
 * unsurprising, (O - rE)^2 <= z^2 (rE - r^2 S) with S = sum p^2. With equal predictions this is
 * Wilson's interval divided by the prediction, and it leaves out 1 exactly when the test
 * rejects at 5%, so the interval and the verdict never disagree.
 *
 * @param cases predictions judged
 * @param observed of them, positive
 * @param expected the sum of the predictions
 * @param variance sum p(1 - p): the variance of {@code observed} if the predictions are right
 */
public record CalibrationInTheLarge(long cases, long observed, double expected, double variance)
    implements java.io.Serializable {
  /** A ratio within this of 1 (0.9 to 1.1) is immaterial however significant. */
  public static final double MATERIAL = 0.10;
  /** Fewer expected positives or negatives than this leave the count too uncertain to judge. */
  public static final double TOO_FEW_EXPECTED = 10;
  private static final NormalDistribution NORMAL = new NormalDistribution();
  private static final double Z95 = NORMAL.inverseCumulativeProbability(0.975);

  /** What the comparison says, as stored in model_health.calibration. */
  public enum Verdict {
    TOO_FEW_TO_JUDGE, CALIBRATED, OVER_PREDICTS, UNDER_PREDICTS;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CalibrationInTheLarge {
    if (cases < 0 || observed < 0 || observed > cases) {
      throw new IllegalArgumentException(
          "need 0 <= observed <= cases, got " + observed + " of " + cases);
    }
  }

  public static CalibrationInTheLarge of(double[] p, int[] outcomes) {
    if (p.length != outcomes.length) {
      throw new IllegalArgumentException("probabilities and outcomes differ in length");
    }
    long observed = 0;
    double expected = 0;
    double variance = 0;
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new IllegalArgumentException("probability outside [0, 1]: " + p[i]);
      }
      if (outcomes[i] != 0 && outcomes[i] != 1) {
        throw new IllegalArgumentException("outcomes are 0 or 1, got " + outcomes[i]);
      }
      observed += outcomes[i];
      expected += p[i];
      variance += p[i] * (1 - p[i]);
    }
    return new CalibrationInTheLarge(p.length, observed, expected, variance);
  }

  /** O/E: 0.8 means a fifth fewer positives than predicted; NaN when none was expected. */
  public double ratio() {
    return expected > 0 ? observed / expected : Double.NaN;
  }

  /** (O - E) / sqrt(V); infinite when the predictions are all 0 or 1 and O differs from E. */
  public double z() {
    double gap = observed - expected;
    if (variance > 0) {
      return gap / Math.sqrt(variance);
    }
    return gap == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, gap);
  }

  /** Two-sided p-value of the gap under predictions that are right. */
  public double pValue() {
    return cases == 0 ? Double.NaN : 2 * NORMAL.cumulativeProbability(-Math.abs(z()));
  }

  public double low() {
    return bounds()[0];
  }

  public double high() {
    return bounds()[1];
  }

  /** The roots of (E^2 + z^2 S) r^2 - (2 O E + z^2 E) r + O^2 = 0, S = E - V. */
  private double[] bounds() {
    double s = expected - variance;
    double a = expected * expected + Z95 * Z95 * s;
    if (!(a > 0)) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double b = 2 * observed * expected + Z95 * Z95 * expected;
    // negative only in corners where scaled predictions pass 1; the point is then the answer
    double root = Math.sqrt(Math.max(0, b * b - 4 * a * observed * observed));
    return new double[] {Math.max(0, (b - root) / (2 * a)), (b + root) / (2 * a)};
  }

  /**
   * True when fewer than 30 cases, or fewer than 10 expected positives or negatives: the count
   * then swings too much (and the normal approximation is poor) to call a gap.
   */
  public boolean tooFewToJudge() {
    return cases < Proportion.SMALL_SAMPLE || expected < TOO_FEW_EXPECTED
        || cases - expected < TOO_FEW_EXPECTED;
  }

  /**
   * Miscalibrated when the gap is significant at 5% and material (the ratio outside 0.9 to
   * 1.1): a large cohort makes a gap of a few percent significant without its mattering to
   * anyone reading a score.
   */
  public Verdict verdict() {
    if (tooFewToJudge()) {
      return Verdict.TOO_FEW_TO_JUDGE;
    }
    double r = ratio();
    if (pValue() >= 0.05 || Math.abs(r - 1) <= MATERIAL) {
      return Verdict.CALIBRATED;
    }
    return r < 1 ? Verdict.OVER_PREDICTS : Verdict.UNDER_PREDICTS;
  }

  /**
   * In words: "predicted 15.8%, 12.5% converted (660 of 5,300; 0.79 times the 837 predicted,
   * 95% CI 0.74-0.84, p < 0.001)".
   */
  public String words(String happened) {
    if (cases == 0) {
      return "no cases to compare predictions with";
    }
    String text = String.format(Locale.ROOT, "predicted %.1f%%, %.1f%% %s (%,d of %,d; %.2f"
            + " times the %,.0f predicted, 95%% CI %.2f-%.2f, p %s)", 100 * expected / cases,
        100.0 * observed / cases, happened, observed, cases, ratio(), expected, low(), high(),
        pValue() < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", pValue()));
    return tooFewToJudge() ? text + ", too few to judge" : text;
  }
}
