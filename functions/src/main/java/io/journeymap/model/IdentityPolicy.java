package io.journeymap.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How records are matched across systems.
 *
 * @param blocklist junk values (compared after trimming, case-insensitively) that never identify
 *     anyone: empty strings, "null", "anonymous", a shared test address
 * @param maxPersonsPerIdentifier a value that would join more than this many otherwise distinct
 *     persons is refused (a role mailbox, a shared login) and listed in identity_conflicts
 */
public record IdentityPolicy(
    Map<String, IdentifierKind> kinds, Set<String> blocklist, int maxPersonsPerIdentifier) {

  public static final List<String> DEFAULT_BLOCKLIST =
      List.of("", "null", "none", "nil", "undefined", "0", "-", "n/a", "na", "unknown",
          "anonymous", "guest", "test", "[]", "{}");

  public static final int DEFAULT_MAX_PERSONS = 3;

  public IdentityPolicy {
    kinds = Map.copyOf(kinds);
    blocklist = Set.copyOf(blocklist);
    if (maxPersonsPerIdentifier < 2) {
      throw new IllegalArgumentException("max_persons_per_identifier must be at least 2");
    }
  }
}
