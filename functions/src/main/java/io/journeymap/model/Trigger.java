package io.journeymap.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An intervention the team can run: journeys whose state meets {@code when} at a daily check are
 * listed for {@code action}, except a stable {@code holdout} share kept untouched so the effect
 * can be measured.
 *
 * @param when a condition over counts of canonical events so far and the journey variables in
 *     {@link #VARIABLES} (the grammar of stage rules; {@link #TEXT_VARIABLES} compare with quoted
 *     values)
 * @param action what the team does, in words (lifecycle email, in-app prompt, sales outreach)
 * @param holdout share of subjects never listed for export (0 to 0.5)
 * @param contact identifier kinds exported with each listed subject (e.g. email, customer_id)
 * @param liveSince when the team started acting on the list; firings before it measure nothing
 *     but chance (an A/A check), null while the trigger is not live
 */
public record Trigger(String name, String description, String when, String action,
    double holdout, List<String> contact, Instant liveSince) {

  public Trigger {
    contact = List.copyOf(contact);
  }

  /** Default holdout share: one in ten subjects is kept out to measure the effect. */
  public static final double DEFAULT_HOLDOUT = 0.1;

  /** Journey variables a trigger may use besides event counts. */
  public static final List<String> VARIABLES = List.of("hours_since_start", "days_since_start",
      "hours_since_last_event", "days_since_last_event", "events_so_far", "stage_order",
      "p_convert", "score_band");

  /**
   * Variables read from the journey's conversion score ({@code scores}): known from its scoring
   * moment on; a journey without a score satisfies no comparison that reads them.
   */
  public static final Set<String> SCORE_VARIABLES = Set.of("p_convert", "score_band");

  /** Variables holding text, compared with = or != against a quoted value. */
  public static final Set<String> TEXT_VARIABLES = Set.of("score_band");

  /** The values {@code score_band} takes ({@code scores.band}). */
  public static final List<String> SCORE_BANDS = List.of("high", "medium", "low");

  /**
   * The names the rule reads, in order of appearance (empty when the rule does not parse: the
   * loader has reported it).
   */
  public List<String> reads() {
    try {
      return List.copyOf(StageCondition.check(when, TEXT_VARIABLES).names());
    } catch (StageCondition.Invalid e) {
      return List.of();
    }
  }

  /** True when the rule reads the journey's score. */
  public boolean usesScores() {
    return reads().stream().anyMatch(SCORE_VARIABLES::contains);
  }
}
