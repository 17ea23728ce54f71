package io.journeymap.pipeline;

import io.journeymap.model.Source;
import io.journeymap.model.Source.EventSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Says it when an entry of a source's event mapping names no row while rows of that source are
 * rejected as unmapped events: a typo in a map key ({@code paywal_shown}) otherwise only empties
 * a stage, and the report reads that as 0% reaching it. Names the entries, the commonest
 * unmapped raw names with their counts, and for a map key the unmapped name one or two edits
 * away (case and separators aside) when there is one. An entry that names no row while every
 * row is mapped says nothing (a map kept for events that have not happened yet).
 */
final class UnmatchedMappings {
  /** How many unmapped raw names the warning lists. */
  private static final int SHOWN = 5;

  private UnmatchedMappings() {}

  /**
   * The warning for one source, else null.
   *
   * @param mapped the relation of the source's mapped rows, with {@code mapped_by} and reason
   * @param read the source's rows read, the base of the unmapped share
   */
  static String describe(Statement s, Source source, String mapped, long read)
      throws SQLException {
    if (source.identityOnly()) {
      return null;
    }
    EventSpec spec = source.event();
    List<String> entries = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    spec.map().forEach((key, to) -> {
      entries.add("event.map key " + quote(key) + " (-> " + to + ")");
      keys.add(key);
    });
    for (int i = 0; i < spec.rules().size(); i++) {
      EventSpec.Rule r = spec.rules().get(i);
      entries.add("event.rules[" + i + "] " + (r.regex() != null ? "regex \"" + r.regex()
          : "when \"" + r.when()) + "\" (-> " + r.to() + ")");
    }
    if (entries.isEmpty()) {
      return null;
    }
    Set<Integer> named = new HashSet<>();
    long unmapped;
    try (ResultSet r = s.executeQuery("SELECT mapped_by, count(*) FILTER (WHERE starts_with("
        + "reason, 'unmapped event')) FROM " + mapped + " WHERE raw_event IS NOT NULL"
        + " GROUP BY 1")) {
      unmapped = 0;
      while (r.next()) {
        int entry = r.getInt(1);
        if (r.wasNull()) {
          unmapped = r.getLong(2);
        } else {
          named.add(entry);
        }
      }
    }
    List<Integer> idle = new ArrayList<>();
    for (int entry = 1; entry <= entries.size(); entry++) {
      if (!named.contains(entry)) {
        idle.add(entry);
      }
    }
    if (unmapped == 0 || idle.isEmpty()) {
      return null;
    }
    String unmappedRows = "(SELECT raw_event, count(*) AS n FROM " + mapped
        + " WHERE starts_with(reason, 'unmapped event') GROUP BY 1)";
    List<String> commonest = new ArrayList<>();
    long names;
    try (ResultSet r = s.executeQuery("SELECT raw_event, n, count(*) OVER () FROM "
        + unmappedRows + " ORDER BY n DESC, raw_event LIMIT " + SHOWN)) {
      names = 0;
      while (r.next()) {
        commonest.add(String.format(Locale.ROOT, "%s (%,d)", quote(r.getString(1)),
            r.getLong(2)));
        names = r.getLong(3);
      }
    }
    List<String> near = new ArrayList<>();
    for (int entry : idle) {
      if (entry <= keys.size()) {
        String key = keys.get(entry - 1);
        String nearest = nearest(s, unmappedRows, key);
        if (nearest != null) {
          near.add("did " + quote(key) + " mean " + nearest + "?");
        }
      }
    }
    List<String> idleEntries = idle.stream().map(e -> entries.get(e - 1)).toList();
    return String.format(Locale.ROOT, "source '%s': %s %s no row, while %,d of its %,d rows"
            + " (%.1f%%) are rejected as unmapped events (rejected_events WHERE source = '%s' AND"
            + " reason LIKE 'unmapped event%%'), by raw name: %s%s%s",
        source.name(), join(idleEntries), idle.size() == 1 ? "names" : "name", unmapped, read,
        100.0 * unmapped / read, source.name().replace("'", "''"),
        String.join(", ", commonest),
        names > SHOWN ? String.format(Locale.ROOT, " and %,d more", names - SHOWN) : "",
        near.isEmpty() ? "" : "; " + String.join(" ", near));
  }

  /**
   * The unmapped raw name nearest to a map key, when it is an obvious slip: at most one edit
   * per five characters of the key (at least one), compared in lower case. Ties go to the
   * commoner name. DuckDB's levenshtein does the counting.
   */
  private static String nearest(Statement s, String unmappedRows, String key)
      throws SQLException {
    String k = "lower(" + Sql.literal(key) + ")";
    try (ResultSet r = s.executeQuery("SELECT raw_event, d FROM (SELECT raw_event, n,"
        + " levenshtein(" + k + ", lower(raw_event)) AS d FROM " + unmappedRows + ")"
        + " WHERE d <= greatest(1, length(" + k + ") // 5) ORDER BY d, n DESC, raw_event"
        + " LIMIT 1")) {
      if (!r.next()) {
        return null;
      }
      int d = r.getInt(2);
      return quote(r.getString(1)) + (d == 0 ? " (case aside)"
          : " (" + d + (d == 1 ? " edit" : " edits") + ")");
    }
  }

  private static String quote(String text) {
    return "'" + text + "'";
  }

  private static String join(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and "
        + items.get(items.size() - 1);
  }
}
