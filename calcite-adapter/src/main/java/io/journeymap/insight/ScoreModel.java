package io.journeymap.insight;

import io.journeymap.stats.Stability;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A fitted conversion model with everything scoring later journeys and reporting on it needs:
 * the calibrated model (features and standardiser inside), the typical values its reasons
 * compare with, the base rate its bands are cut at, how its journeys were split, and the
 * training journeys' distributions of its most important features, so drift can be measured
 * long after those journeys were read.
 *
 * @param version a hash of settings, features and training journeys
 * @param trainedAt when it was fitted
 * @param scope what its features mean in terms of the model file
 * @param typical median raw value of each feature over matured journeys (NaN: not typical)
 * @param baseRate share converted of the matured journeys it learnt from
 * @param drift reference distributions of the chosen model's most important features
 */
public record ScoreModel(String version, Instant trainedAt, Scope scope, Propensity propensity,
    double[] typical, double baseRate, Split split, List<Drift> drift) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ScoreModel {
    drift = List.copyOf(drift);
    if (typical.length != propensity.features().size()) {
      throw new IllegalArgumentException("one typical value per feature is needed");
    }
  }

  /**
   * What the features depend on in the model file and the code: change any and the saved
   * model no longer reads journeys the way it learnt them.
   *
   * @param settings the model and feature settings (Propensity.CONFIG and the feature
   *     definition)
   */
  public record Scope(String settings, int atDays, double windowDays, String startEvent,
      List<String> outcomeEvents) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Scope {
      outcomeEvents = List.copyOf(outcomeEvents);
    }
  }

  /**
   * The matured journeys by start time: training started at or before {@code trainingUntil},
   * calibration after it up to {@code calibrationUntil}, validation after that up to {@code
   * validationUntil}; later matured journeys were not seen. Counts are journeys read.
   */
  public record Split(Instant trainingUntil, Instant calibrationUntil, Instant validationUntil,
      Instant validationFrom, long training, long trainingConverted, long calibration,
      long validation, long validationConverted) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The training journeys' distribution of feature {@code feature} (an index). */
  public record Drift(int feature, Stability.Reference reference) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  public List<Feature> features() {
    return propensity.features();
  }

  /** Calibrated probability of converting for transformed features {@code x}. */
  public double probability(double[] x) {
    return propensity.probability(x);
  }

  /** high (at least 1.5 times the base rate), low (at most the base rate / 1.5) or medium. */
  public String band(double p) {
    return p >= 1.5 * baseRate ? "high" : p <= baseRate / 1.5 ? "low" : "medium";
  }

  /** The three features that pulled hardest, in words (raw and transformed values). */
  public String reasons(double[] raw, double[] x) {
    return propensity.reasons(raw, propensity.contributions(x), typical, 3);
  }

  /**
   * Why this model cannot score journeys as the model file now defines them, in words; null
   * when it can. Events the model file added do not matter (a refit will use them); events
   * the model counts that the taxonomy no longer has, or a changed moment, window, start,
   * outcome or setting, do.
   */
  public String mismatch(Scope now, Collection<String> taxonomy) {
    List<String> why = new ArrayList<>();
    if (!scope.settings().equals(now.settings())) {
      why.add("the model or feature settings of this Journeymap differ from those it was"
          + " fitted with");
    }
    if (scope.atDays() != now.atDays()) {
      why.add(String.format(Locale.ROOT, "insights.scores.at_days is %d, the saved model"
          + " scores on day %d", now.atDays(), scope.atDays()));
    }
    if (scope.windowDays() != now.windowDays()) {
      why.add(String.format(Locale.ROOT, "the journey window is %s days, the saved model"
          + " learnt %s-day windows", Feature.number(now.windowDays()),
          Feature.number(scope.windowDays())));
    }
    if (!scope.startEvent().equals(now.startEvent())
        || !scope.outcomeEvents().equals(now.outcomeEvents())) {
      why.add("the journey's start or outcome events changed");
    }
    List<String> gone = features().stream()
        .filter(f -> f.kind() != Feature.Kind.CHANNEL && f.event() != null
            && !taxonomy.contains(f.event()))
        .map(Feature::event).distinct().toList();
    if (!gone.isEmpty()) {
      why.add("the taxonomy no longer has " + String.join(", ", gone)
          + ", which the saved model counts");
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }
}
