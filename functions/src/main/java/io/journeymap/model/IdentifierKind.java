package io.journeymap.model;

/**
 * A kind of identifier (customer id, email, cookie, company id, ...).
 *
 * @param strong strong person identifiers merge records into one person; weak ones (cookies,
 *     devices) only attach events to a person they point to unambiguously
 * @param lowercase compare values case-insensitively (emails, logins)
 * @param level whether the values name a person or an account (company, workspace)
 * @param maxPerPerson at most this many values of the kind per person (a person has one
 *     login): a merge that would exceed it is refused; {@code null} means no limit
 * @param email values are email addresses: role addresses (info@, sales@) never merge persons
 * @param accountDomain the address's domain also names an account (free-mail domains never do)
 * @param maxPerAccount for account kinds: at most this many values of the kind per account (one
 *     company id; a company may run several workspaces); a person whose records would exceed it
 *     links none of their accounts; {@code null} means no limit
 * @param stripPlusTags for email kinds: {@code jane+news@x.com} is {@code jane@x.com}, as mail
 *     to a sub-address reaches the same mailbox (RFC 5233); the default for email kinds
 */
public record IdentifierKind(
    String name,
    boolean strong,
    boolean lowercase,
    Level level,
    Integer maxPerPerson,
    boolean email,
    boolean accountDomain,
    Integer maxPerAccount,
    boolean stripPlusTags) {

  /** What an identifier names. */
  public enum Level {
    PERSON, ACCOUNT
  }

  /**
   * A person-level kind with no limits, as the short form {@code name: strong} declares it. A
   * kind named like an email is an email kind, and email addresses compare case-insensitively.
   */
  public static IdentifierKind person(String name, boolean strong, boolean lowercase) {
    boolean email = name.contains("email");
    return new IdentifierKind(name, strong, lowercase || email, Level.PERSON, null, email, false,
        null, email);
  }

  /** An account kind with the default limit of one value per account. */
  public static IdentifierKind account(String name) {
    return new IdentifierKind(name, true, false, Level.ACCOUNT, null, false, false, 1, false);
  }

  public boolean isAccount() {
    return level == Level.ACCOUNT;
  }

  /** The account kind an email domain becomes: {@code <kind>_domain}. */
  public String domainKind() {
    return name + "_domain";
  }
}
