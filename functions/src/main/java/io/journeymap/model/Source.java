package io.journeymap.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One raw export and how its rows become canonical events.
 *
 * @param location file path or glob (csv, parquet, json), DuckDB database file (duckdb), or JDBC
 *     URL (jdbc); relative paths resolve against the model file's folder
 * @param table table name for duckdb and jdbc sources
 * @param query a DuckDB query for the query format (relative file paths resolve against the
 *     model's folder), for exports that need a join or unnesting before they are events
 * @param time the time column; {@code null} (with {@code event}) for an identity-only source
 * @param identifiers source column to identifier kind
 * @param account column naming the account (read as identifier kind {@value #ACCOUNT_KIND})
 * @param properties extra columns kept as event properties (JSON)
 * @param incremental for a jdbc source, a column whose values only grow (an id sequence, a
 *     creation time): a build reads only rows past the previous build's highest value
 */
public record Source(
    String name,
    Format format,
    String location,
    String table,
    String query,
    String user,
    String password,
    TimeSpec time,
    EventSpec event,
    Map<String, String> identifiers,
    String account,
    String channel,
    String campaign,
    List<String> properties,
    String incremental) {

  public Source {
    // declaration order, not Map.copyOf's: its iteration order changes from one JVM to the
    // next, and the mapping SQL built from these maps must be the same in every build (the
    // ingest cache is keyed by it)
    identifiers = Collections.unmodifiableMap(new LinkedHashMap<>(identifiers));
    properties = List.copyOf(properties);
  }

  /** The kind {@code account:} columns are read as: an account-level identifier. */
  public static final String ACCOUNT_KIND = "account";

  /**
   * A source without time and event: a user directory or contact list whose rows only link
   * identifiers (login, email, workspace) and never become events.
   */
  public boolean identityOnly() {
    return time == null && event == null;
  }

  /** Identifier columns including the {@code account} column (as kind {@value #ACCOUNT_KIND}). */
  public Map<String, String> allIdentifiers() {
    Map<String, String> all = new java.util.LinkedHashMap<>(identifiers);
    if (account != null) {
      all.putIfAbsent(account, ACCOUNT_KIND);
    }
    return all;
  }

  /** Where a source's rows come from. */
  public enum Format {
    CSV, PARQUET, JSON, DUCKDB, JDBC, QUERY;

    public boolean isFile() {
      return this == CSV || this == PARQUET || this == JSON;
    }
  }

  /**
   * The time column and how to read it.
   *
   * @param format strptime pattern ({@code %Y-%m-%d %H:%M:%S}), {@code epoch_s}, {@code epoch_ms},
   *     or {@code null} for ISO-8601 (with or without offset)
   * @param zone zone for values without an offset; {@code null} means UTC
   */
  public record TimeSpec(String column, String format, String zone) {}

  /**
   * How the raw event name is found and mapped to the taxonomy. Exactly one of column, constant
   * and sql gives the raw name; {@code map} (exact) and {@code rules} (regex or SQL condition, in
   * order) turn it into a canonical name. A raw name that already is a canonical name is kept.
   */
  public record EventSpec(
      String column, String constant, String sql, Map<String, String> map, List<Rule> rules) {

    public EventSpec {
      map = Collections.unmodifiableMap(new LinkedHashMap<>(map)); // as for identifiers
      rules = List.copyOf(rules);
    }

    /** A mapping rule: {@code regex} over the raw name, or {@code when}, a SQL condition over the row. */
    public record Rule(String regex, String when, String to) {}
  }
}
