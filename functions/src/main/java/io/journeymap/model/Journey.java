package io.journeymap.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one journey a model describes: who travels it, where it starts, what counts as success
 * (and, optionally, failure) and how long a journey has to get there.
 *
 * @param failureEvents events that close a running journey as failed (declined, cancelled)
 * @param key an event attribute start and success must share ({@code campaign}, {@code channel}
 *     or a source property): one journey per subject and key value; {@code null} for none
 * @param timeFrom earliest plausible event time; earlier rows are rejected ({@code null}: 1970)
 * @param timeTo latest plausible event time; later rows are rejected ({@code null}: a year after
 *     the build), so one row dated 9999 cannot move the as-of moment
 * @param asOf the moment the build looks from; {@code null} means "where the outcome data end"
 */
public record Journey(
    String name,
    String goal,
    Subject subject,
    String startEvent,
    String successEvent,
    List<String> failureEvents,
    String key,
    Duration window,
    Instant timeFrom,
    Instant timeTo,
    Instant asOf) {

  public Journey {
    failureEvents = List.copyOf(failureEvents);
  }

  /** The events that decide a journey's outcome: success and every failure event. */
  public List<String> outcomeEvents() {
    List<String> out = new java.util.ArrayList<>();
    out.add(successEvent);
    out.addAll(failureEvents);
    return out;
  }

  /** Whose journey it is: one person, or the account (company) several persons belong to. */
  public enum Subject {
    PERSON, ACCOUNT;

    public String column() {
      return this == PERSON ? "person_id" : "account_id";
    }
  }
}
