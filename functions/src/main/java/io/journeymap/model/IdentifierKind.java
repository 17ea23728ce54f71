package io.journeymap.model;

/**
 * A kind of identifier (customer id, email, cookie, ...).
 *
 * @param strong strong identifiers merge records into one person; weak ones (cookies, devices)
 *     only attach events to a person they point to unambiguously
 * @param lowercase compare values case-insensitively (emails, logins)
 */
public record IdentifierKind(String name, boolean strong, boolean lowercase) {}
