package io.journeymap.model;

import java.util.List;

/**
 * What the model asks of the insight analyses (key {@code insights:}). Each analysis has its own
 * settings, so adding one is adding a field.
 *
 * @param lift settings of {@code behavior_lift}
 * @param clusterDays days after the start whose behaviour clusters compare (1 to the window)
 * @param scoreDays the scoring moment: days after the start (1 to the window, exclusive)
 */
public record Insights(LiftSettings lift, int clusterDays, int scoreDays) {
  /** Days after the start clusters and scores look at unless the model says otherwise. */
  public static final int DEFAULT_DAYS = 3;

  public Insights {
    if (clusterDays < 1 || scoreDays < 1) {
      throw new IllegalArgumentException("insight days must be >= 1");
    }
  }

  /** The defaults for a journey window of {@code windowDays} whole days. */
  public static Insights defaults(long windowDays) {
    int clusters = (int) Math.max(1, Math.min(DEFAULT_DAYS, windowDays));
    int scores = (int) Math.max(1, Math.min(DEFAULT_DAYS, windowDays - 1));
    return new Insights(LiftSettings.DEFAULT, clusters, scores);
  }

  /**
   * @param withinDays day limits behaviours are counted within after the start; empty means 3, 7
   *     and 14 days (those shorter than the window) and the whole window
   * @param minSupport journeys needed on each side (with and without) for a behaviour to be
   *     tested at all
   * @param confounders what the adjusted lift holds constant, jointly: a journey column
   *     ({@code first_channel}, {@code first_campaign}, {@code journey_key}), a stage (reached or
   *     not), a canonical event (done before the outcome or not) or a source property (its first
   *     value in the journey)
   */
  public record LiftSettings(List<Integer> withinDays, int minSupport, List<String> confounders) {
    public static final int DEFAULT_MIN_SUPPORT = 30;
    public static final LiftSettings DEFAULT =
        new LiftSettings(List.of(), DEFAULT_MIN_SUPPORT, List.of("first_channel"));

    public LiftSettings {
      withinDays = List.copyOf(withinDays);
      confounders = List.copyOf(confounders);
    }
  }
}
