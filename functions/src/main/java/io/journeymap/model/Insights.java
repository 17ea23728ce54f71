package io.journeymap.model;

import java.util.List;

/**
 * What the model asks of the insight analyses (key {@code insights:}). Each analysis has its own
 * settings record, so adding one is adding a field.
 *
 * @param lift settings of {@code behavior_lift}
 */
public record Insights(LiftSettings lift) {
  public static final Insights DEFAULT = new Insights(LiftSettings.DEFAULT);

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
