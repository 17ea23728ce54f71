package io.journeymap.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The one journey a model describes: who travels it, where it starts, what counts as success and
 * how long a journey has to get there.
 *
 * @param asOf the moment the build looks from; {@code null} means "the latest event in the data",
 *     which keeps historical exports from looking artificially complete
 */
public record Journey(
    String name,
    String goal,
    Subject subject,
    String startEvent,
    String successEvent,
    Duration window,
    Instant asOf) {

  /** Whose journey it is: one person, or the account (company) several persons belong to. */
  public enum Subject {
    PERSON, ACCOUNT;

    public String column() {
      return this == PERSON ? "person_id" : "account_id";
    }
  }
}
