package io.journeymap.model;

import java.time.Instant;
import java.util.List;

/**
 * An intervention the team can run: journeys whose state meets {@code when} at a daily check are
 * listed for {@code action}, except a stable {@code holdout} share kept untouched so the effect
 * can be measured.
 *
 * @param when a condition over counts of canonical events so far and the journey variables in
 *     {@link #VARIABLES} (same grammar as stage rules)
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
      "hours_since_last_event", "days_since_last_event", "events_so_far", "stage_order");
}
