package io.journeymap.insight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Something a lift is adjusted for: a value every judged journey has, so journeys can be
 * compared within groups that share it. Names resolve against the store in this order: a
 * journey column, a stage (reached or not), a canonical event (done before the outcome or not),
 * an event property (its first value in the journey).
 */
public record Confounder(String name, Kind kind) {
  public enum Kind { JOURNEY_COLUMN, STAGE, EVENT, PROPERTY }

  /** Journey columns a lift may be adjusted for. */
  public static final List<String> JOURNEY_COLUMNS =
      List.of("first_channel", "first_campaign", "journey_key");

  /** The name as a sentence shows it. */
  public String words() {
    return name.replace('_', ' ');
  }

  /**
   * The journey's value as SQL over {@code main.journeys} aliased {@code j}; never null, so a
   * missing value is a group of its own rather than a lost journey.
   */
  String sql() {
    String n = Quote.literal(name);
    return switch (kind) {
      case JOURNEY_COLUMN -> "coalesce(CAST(j." + name + " AS VARCHAR), '(none)')";
      case STAGE -> "CASE WHEN EXISTS (SELECT 1 FROM main.stage_entries se WHERE se.journey_id"
          + " = j.journey_id AND se.stage = " + n + ") THEN 'yes' ELSE 'no' END";
      case EVENT -> "CASE WHEN EXISTS (SELECT 1 FROM main.events ce WHERE ce.journey_id"
          + " = j.journey_id AND ce.event = " + n + " AND ce.occurred_at < coalesce("
          + "j.converted_at, j.failed_at, j.window_ends_at)) THEN 'yes' ELSE 'no' END";
      case PROPERTY -> "coalesce((SELECT arg_min(v, (occurred_at, event_id)) FROM (SELECT"
          + " json_extract_string(ce.properties, " + Quote.literal(path(name)) + ") AS v,"
          + " ce.occurred_at, ce.event_id FROM main.events ce WHERE ce.journey_id ="
          + " j.journey_id) WHERE v IS NOT NULL), '(none)')";
    };
  }

  /** The stratum of a journey: every confounder's value, jointly. */
  static String stratumSql(List<Confounder> confounders) {
    if (confounders.isEmpty()) {
      return "'all'";
    }
    List<String> parts = new ArrayList<>();
    confounders.forEach(c -> parts.add(c.sql()));
    return "concat_ws(chr(31), " + String.join(", ", parts) + ")";
  }

  private static String path(String property) {
    return "$.\"" + property.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Resolves names against the store.
   *
   * @throws IllegalArgumentException naming what a confounder may be
   */
  public static List<Confounder> resolve(Connection store, List<String> names)
      throws SQLException {
    List<Confounder> out = new ArrayList<>();
    if (names.isEmpty()) {
      return out;
    }
    Set<String> stages = strings(store, "SELECT stage FROM main.stages");
    Set<String> events = strings(store, "SELECT event FROM main.taxonomy");
    boolean keyed = !strings(store, "SELECT journey_key FROM main.build_info"
        + " WHERE journey_key IS NOT NULL").isEmpty();
    List<String> columns = keyed ? JOURNEY_COLUMNS : JOURNEY_COLUMNS.subList(0, 2);
    for (String raw : names) {
      String name = raw.trim();
      Kind kind;
      if (columns.contains(name)) {
        kind = Kind.JOURNEY_COLUMN;
      } else if (stages.contains(name)) {
        kind = Kind.STAGE;
      } else if (events.contains(name)) {
        kind = Kind.EVENT;
      } else if (isProperty(store, name)) {
        kind = Kind.PROPERTY;
      } else {
        throw new IllegalArgumentException("confounder '" + name + "' is not a journey column ("
            + String.join(", ", columns) + "), a stage (" + String.join(", ", stages)
            + "), a canonical event or an event property");
      }
      Confounder c = new Confounder(name, kind);
      if (out.contains(c)) {
        throw new IllegalArgumentException("confounder '" + name + "' is listed twice");
      }
      out.add(c);
    }
    return out;
  }

  private static boolean isProperty(Connection store, String name) throws SQLException {
    try (PreparedStatement p = store.prepareStatement("SELECT EXISTS (SELECT 1 FROM main.events"
        + " WHERE json_extract_string(properties, ?) IS NOT NULL)")) {
      p.setString(1, path(name));
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  private static Set<String> strings(Connection store, String sql) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getString(1));
      }
    }
    return out;
  }
}
