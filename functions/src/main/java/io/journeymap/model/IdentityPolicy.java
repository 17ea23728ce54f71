package io.journeymap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How records are matched across systems.
 *
 * @param kinds identifier kinds in declaration order, which is also their priority: when one
 *     record's identifiers belong to persons kept apart, the first declared kind decides
 * @param blocklist junk values (compared after trimming, case-insensitively) that never identify
 *     anyone: empty strings, "null", "anonymous", a shared test address
 * @param maxPersonsPerIdentifier a value that would join more than this many otherwise distinct
 *     persons is refused (a shared login, a team address not on the role list) and listed in
 *     identity_conflicts
 * @param roleLocalParts local parts of role addresses (info, sales, ...): such an address names
 *     a team, so it attaches events to an account and never merges persons
 * @param freeMailDomains domains that never define an account (gmail.com, ...)
 */
public record IdentityPolicy(
    Map<String, IdentifierKind> kinds,
    Set<String> blocklist,
    int maxPersonsPerIdentifier,
    Set<String> roleLocalParts,
    Set<String> freeMailDomains) {

  public static final List<String> DEFAULT_BLOCKLIST =
      List.of("", "null", "none", "nil", "undefined", "0", "-", "n/a", "na", "unknown",
          "anonymous", "guest", "test", "[]", "{}");

  /** Team and system mailboxes: shared by colleagues, never one person. */
  public static final List<String> DEFAULT_ROLE_LOCAL_PARTS =
      List.of("info", "sales", "support", "admin", "hello", "team", "office", "billing",
          "noreply", "no-reply", "donotreply", "do-not-reply", "contact", "accounts",
          "accounting", "finance", "hr", "jobs", "careers", "marketing", "help", "enquiries",
          "inquiries", "service", "mail", "webmaster", "postmaster", "it", "ops", "dev",
          "security", "legal", "press", "media", "orders", "invoices", "purchasing", "reception");

  /** Free-mail providers: a shared domain there says nothing about a company. */
  public static final List<String> DEFAULT_FREE_MAIL_DOMAINS =
      List.of("gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com",
          "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com",
          "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net", "gmx.com", "web.de",
          "t-online.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "proton.me",
          "protonmail.com", "zoho.com", "qq.com", "163.com", "126.com", "orange.fr",
          "free.fr", "laposte.net", "libero.it", "naver.com", "fastmail.com", "hey.com");

  public static final int DEFAULT_MAX_PERSONS = 3;

  public IdentityPolicy {
    kinds = Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    // sorted: these lists go into the mapping SQL, which must not change between JVMs
    // (Set.copyOf's iteration order does)
    blocklist = Collections.unmodifiableSortedSet(new TreeSet<>(blocklist));
    roleLocalParts = Collections.unmodifiableSortedSet(new TreeSet<>(roleLocalParts));
    freeMailDomains = Collections.unmodifiableSortedSet(new TreeSet<>(freeMailDomains));
    if (maxPersonsPerIdentifier < 2) {
      throw new IllegalArgumentException("max_persons_per_identifier must be at least 2");
    }
  }

  /** Priority of a kind: its position in the declaration, 0 = decides first. */
  public int priority(String kind) {
    int i = 0;
    for (String k : kinds.keySet()) {
      if (k.equals(kind)) {
        return i;
      }
      i++;
    }
    return i;
  }
}
