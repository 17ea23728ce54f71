package io.journeymap.insight;

import io.journeymap.stats.Calibration;
import io.journeymap.stats.Discrimination;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import smile.classification.GradientTreeBoost;
import smile.classification.LogisticRegression;
import smile.classification.PlattScaling;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;
import smile.regression.RegressionTree;

/**
 * The chance a journey converts, from what it did before its scoring moment. Two Smile models
 * are fitted on the oldest matured journeys, each calibrated with Platt scaling on the next
 * cohort, and the one with the lower log-loss on the most recent matured cohort (validation)
 * is kept; validation is never seen by fitting or calibration, and the split follows time, so
 * the reported numbers are those of predicting later journeys from earlier ones.
 *
 * <p>Why a score is what it is: for logistic regression, each feature's coefficient times its
 * standardised value (its pull on the log-odds relative to an average journey); for the trees,
 * TreeSHAP, the Shapley values of each tree summed over the trees.
 */
public final class Propensity implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum Method {
    LOGISTIC_REGRESSION("logistic_regression"), GRADIENT_BOOSTED_TREES("gradient_boosted_trees");

    private final String label;

    Method(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Transformed features (not yet standardised) and outcomes (1: converted). */
  public record Data(double[][] x, int[] y) {
    public Data {
      if (x.length != y.length) {
        throw new IllegalArgumentException("rows and outcomes differ in length");
      }
    }

    public int positives() {
      return Arrays.stream(y).sum();
    }
  }

  /** One candidate's numbers on the validation cohort, after calibration. */
  public record Evaluation(Method method, double logLoss, Discrimination discrimination,
      Calibration calibration) implements java.io.Serializable {}

  /** Settings that define the models; part of the model version. */
  public static final String CONFIG = "logistic(lambda=1.0); trees(n=100, max_depth=20,"
      + " max_nodes=8, node_size=10, shrinkage=0.05, subsample=0.7); platt; smile 2.6.0";

  private final List<Feature> features;
  private final Standardiser standardiser;
  private final List<Candidate> candidates;
  private final Candidate chosen;

  private Propensity(List<Feature> features, Standardiser standardiser,
      List<Candidate> candidates) {
    this.features = List.copyOf(features);
    this.standardiser = standardiser;
    this.candidates = candidates;
    this.chosen = candidates.stream()
        .min(Comparator.comparingDouble(c -> c.evaluation.logLoss())).orElseThrow();
  }

  /**
   * Fits both models on {@code train}, calibrates them on {@code calibration} and evaluates
   * them on {@code validation}. Each part needs both outcomes.
   */
  public static Propensity train(List<Feature> features, Data train, Data calibration,
      Data validation, long seed) {
    for (Data d : List.of(train, calibration, validation)) {
      int pos = d.positives();
      if (pos == 0 || pos == d.y().length) {
        throw new IllegalArgumentException("each part needs converted and unconverted journeys");
      }
    }
    Standardiser standardiser = Standardiser.fit(train.x());
    double[][] z = standardiser.apply(train.x());
    List<Candidate> candidates = new ArrayList<>();
    candidates.add(new Candidate(Method.LOGISTIC_REGRESSION, new Logistic(
        LogisticRegression.binomial(z, train.y(), 1.0, 1e-5, 500))));
    candidates.add(new Candidate(Method.GRADIENT_BOOSTED_TREES, Trees.fit(z, train.y(), seed)));
    double[][] zCal = standardiser.apply(calibration.x());
    double[][] zVal = standardiser.apply(validation.x());
    for (Candidate c : candidates) {
      c.calibrate(zCal, calibration.y());
      c.evaluation = c.evaluate(zVal, validation.y());
    }
    return new Propensity(features, standardiser, candidates);
  }

  /**
   * The chosen model's numbers on other journeys, e.g. an older model on a newer validation
   * cohort, so two models can be compared on the same journeys.
   */
  public Evaluation evaluate(Data journeys) {
    return chosen.evaluate(standardiser.apply(journeys.x()), journeys.y());
  }

  /** The features the model reads, in the order of its inputs. */
  public List<Feature> features() {
    return features;
  }

  public Method method() {
    return chosen.method;
  }

  public Evaluation evaluation() {
    return chosen.evaluation;
  }

  /** Every candidate's validation numbers, the chosen one included. */
  public List<Evaluation> evaluations() {
    return candidates.stream().map(c -> c.evaluation).toList();
  }

  /** Calibrated probability of converting for transformed features {@code x}. */
  public double probability(double[] x) {
    return chosen.probability(standardiser.apply(x));
  }

  /** Each feature's pull on the score (log-odds scale, relative to an average journey). */
  public double[] contributions(double[] x) {
    return chosen.model.contributions(standardiser.apply(x));
  }

  /** Feature indexes, most important first, in the chosen model. */
  public int[] ranking() {
    double[] importance = chosen.model.importance();
    return java.util.stream.IntStream.range(0, importance.length).boxed()
        .sorted(Comparator.comparingDouble(j -> -importance[j]))
        .mapToInt(Integer::intValue).toArray();
  }

  /**
   * The {@code max} features that pulled hardest, in words, each with the typical (median)
   * value of matured journeys, e.g. "webinar attended 3 times (typical: 0) raised it".
   */
  public String reasons(double[] raw, double[] contributions, double[] typical, int max) {
    Integer[] order = new Integer[contributions.length];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, Comparator.comparingDouble(j -> -Math.abs(contributions[j])));
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int j : order) {
      Feature f = features.get(j);
      if (out.size() == max || Math.abs(contributions[j]) < 1e-3) {
        break;
      }
      if (f.kind() == Feature.Kind.CHANNEL && raw[j] == 0) {
        continue; // "did not come through X" explains little; the journey's own channel does
      }
      if (f.kind() != Feature.Kind.CHANNEL && f.event() != null && !seen.add(f.event())) {
        continue; // an event's count and its first time tell one story: the stronger is told
      }
      out.add(f.describe(raw[j]) + " (typical: " + f.typical(typical[j]) + ") "
          + (contributions[j] > 0 ? "raised it" : "lowered it"));
    }
    return out.isEmpty() ? "close to an average journey on every feature"
        : String.join("; ", out);
  }

  /** How the chosen model explains a score, for the documentation of its reasons. */
  public String reasonMethod() {
    return chosen.method == Method.LOGISTIC_REGRESSION
        ? "coefficient x standardised value" : "TreeSHAP (Shapley values of the trees)";
  }

  private static final class Candidate implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Method method;
    final Model model;
    PlattScaling platt;
    Evaluation evaluation;

    Candidate(Method method, Model model) {
      this.method = method;
      this.model = model;
    }

    void calibrate(double[][] z, int[] y) {
      double[] raw = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        raw[i] = model.logit(z[i]);
      }
      platt = PlattScaling.fit(raw, y);
    }

    double probability(double[] z) {
      return platt.scale(model.logit(z));
    }

    Evaluation evaluate(double[][] z, int[] y) {
      double[] p = new double[z.length];
      for (int i = 0; i < p.length; i++) {
        p[i] = probability(z[i]);
      }
      return new Evaluation(method, Calibration.logLoss(p, y), Discrimination.of(p, y),
          Calibration.of(p, y));
    }
  }

  private interface Model extends java.io.Serializable {
    double logit(double[] z);

    double[] contributions(double[] z);

    double[] importance();
  }

  private record Logistic(LogisticRegression.Binomial fit) implements Model {
    @Override
    public double logit(double[] z) {
      double[] w = fit.coefficients(); // weights, then the intercept
      double s = w[w.length - 1];
      for (int j = 0; j < z.length; j++) {
        s += w[j] * z[j];
      }
      return s;
    }

    @Override
    public double[] contributions(double[] z) {
      double[] w = fit.coefficients();
      double[] c = new double[z.length];
      for (int j = 0; j < z.length; j++) {
        c[j] = w[j] * z[j];
      }
      return c;
    }

    @Override
    public double[] importance() {
      double[] w = fit.coefficients();
      double[] out = new double[w.length - 1];
      for (int j = 0; j < out.length; j++) {
        out[j] = Math.abs(w[j]);
      }
      return out;
    }
  }

  private record Trees(GradientTreeBoost fit, StructType schema) implements Model {
    static Trees fit(double[][] z, int[] y, long seed) {
      String[] names = new String[z[0].length];
      for (int j = 0; j < names.length; j++) {
        names[j] = "f" + j;
      }
      DataFrame x = DataFrame.of(z, names);
      MathEx.setSeed(seed); // subsampling draws from Smile's per-thread generator
      GradientTreeBoost g = GradientTreeBoost.fit(Formula.lhs("converted"),
          x.merge(IntVector.of("converted", y)), 100, 20, 8, 10, 0.05, 0.7);
      return new Trees(g, x.schema());
    }

    @Override
    public double logit(double[] z) {
      double[] posteriori = new double[2];
      fit.predict(Tuple.of(z, schema), posteriori);
      double p = Math.min(1 - 1e-12, Math.max(1e-12, posteriori[1]));
      return Math.log(p / (1 - p));
    }

    /**
     * Smile 2.6.0's own {@code shap} fails for two classes (it sizes its result for one
     * value per class), so the trees' Shapley values are summed here; each tree adds to the
     * same log-odds, so sign and order are the model's.
     */
    @Override
    public double[] contributions(double[] z) {
      Tuple t = Tuple.of(z, schema);
      double[] phi = new double[z.length];
      for (RegressionTree tree : fit.trees()) {
        double[] v = tree.shap(t);
        for (int j = 0; j < phi.length; j++) {
          phi[j] += v[j];
        }
      }
      return phi;
    }

    @Override
    public double[] importance() {
      return fit.importance();
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (validation log-loss %.4f)", chosen.method.label(),
        chosen.evaluation.logLoss());
  }
}
