package io.journeymap.sql;

import static io.journeymap.store.ColumnType.BIGINT;
import static io.journeymap.store.ColumnType.TIMESTAMP;
import static io.journeymap.store.ColumnType.VARCHAR;

import io.journeymap.insight.TriggerReplay;
import io.journeymap.model.StageCondition;
import io.journeymap.model.Trigger;
import io.journeymap.store.ColumnSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code triggers_as_of(ts)}: each trigger's list as the daily job would have shown it at an
 * earlier moment: the journeys open then, judged on what was known then (events before ts, the
 * score once its scoring moment had passed), with the same holdout groups. It replays the
 * store's {@code trigger_rules} with the build's own replay, so at the build's as-of it is the
 * {@code open_now} part of {@code triggers}.
 */
final class TriggersAsOfFunction implements JourneyTableFunction {
  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("ts", TIMESTAMP, true, "The moment to replay, UTC: a TIMESTAMP or ISO"
          + " text ('2024-03-01', '2024-03-01 12:00', '2024-03-01T12:00:00Z'), from the first"
          + " event up to build_info.as_of"));

  private static final List<ColumnSpec> COLUMNS = List.of(
      new ColumnSpec("trigger_name", VARCHAR, "Trigger as named in the model"),
      new ColumnSpec("journey_id", BIGINT, "Journey open at ts that the trigger had fired on"),
      new ColumnSpec("subject", VARCHAR, "person or account"),
      new ColumnSpec("subject_id", VARCHAR, "Person id or account id of the subject"),
      new ColumnSpec("subject_key", VARCHAR, "Stable key of the subject: the holdout split"
          + " hashes it"),
      new ColumnSpec("fired_at", TIMESTAMP, "The daily check (or ts itself) at which the rule"
          + " first held, UTC"),
      new ColumnSpec("reason", VARCHAR, "The values that made the rule hold, in words"),
      new ColumnSpec("action", VARCHAR, "What the team does for listed subjects"),
      new ColumnSpec("test_group", VARCHAR, "treated (listed for the action) or holdout (never"
          + " exported): the same as in triggers"),
      new ColumnSpec("contact", VARCHAR, "The model's contact identifiers of the subject, as a"
          + " JSON object of kind to value in the trigger's order of kinds (as the store knows"
          + " them now)"),
      new ColumnSpec("journey_status", VARCHAR, "What became of the journey: its status at the"
          + " store's as-of"));

  private static final DateTimeFormatter WORDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  @Override
  public String name() {
    return "triggers_as_of";
  }

  @Override
  public String description() {
    return "Each trigger's list as it was at an earlier moment: journeys open then, judged on"
        + " events before it and scores whose moment had passed, in the same holdout groups."
        + " At build_info.as_of it equals the open_now rows of triggers.";
  }

  @Override
  public List<Parameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<ColumnSpec> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object[]> rows(Connection c, Map<String, Object> arguments) throws SQLException {
    Instant ts = moment(arguments.get("ts"));
    Instant asOf;
    double windowDays;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT as_of,"
        + " window_days, (SELECT min(occurred_at) FROM main.events) FROM main.build_info")) {
      r.next();
      asOf = r.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC);
      windowDays = r.getDouble(2);
      LocalDateTime first = r.getObject(3, LocalDateTime.class);
      if (first == null || ts.isBefore(first.toInstant(ZoneOffset.UTC))) {
        throw new IllegalArgumentException("triggers_as_of: ts " + words(ts) + " is before"
            + (first == null ? " any event (the store has none)" : " the first event ("
                + words(first.toInstant(ZoneOffset.UTC)) + ")"));
      }
    }
    if (ts.isAfter(asOf)) {
      throw new IllegalArgumentException("triggers_as_of: ts " + words(ts) + " is after the"
          + " store's as-of (" + words(asOf) + "); the store knows nothing later");
    }
    List<Trigger> triggers = triggers(c);
    List<Object[]> rows = new ArrayList<>();
    if (triggers.isEmpty()) {
      return rows;
    }
    TriggerReplay.Scratch scratch = TriggerReplay.Scratch.temporary();
    // in one piece: a query's session has no build memory bound to size slices by, and it
    // replays only the journeys open at ts
    TriggerReplay replay = new TriggerReplay(c, triggers, (long) Math.ceil(windowDays - 1e-9),
        ts, true, scratch, Long.MAX_VALUE);
    try {
      replay.fire();
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery(replay.listing(", j.status AS journey_status"))) {
        while (r.next()) {
          Object[] row = new Object[COLUMNS.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = COLUMNS.get(i).type() == TIMESTAMP
                ? r.getObject(i + 1, LocalDateTime.class) : r.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    } finally {
      scratch.drop(c);
    }
    return rows;
  }

  /** The store's triggers, their rules checked again before they become SQL. */
  private static List<Trigger> triggers(Connection c) throws SQLException {
    List<Trigger> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT trigger_name,"
        + " description, rule, action, holdout, contact FROM main.trigger_rules"
        + " ORDER BY trigger_name")) {
      while (r.next()) {
        String contact = r.getString(6);
        Trigger t = new Trigger(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getDouble(5), contact == null ? List.of() : Arrays.asList(contact.split(",")),
            null);
        try {
          StageCondition.check(t.when(), Trigger.TEXT_VARIABLES);
        } catch (StageCondition.Invalid e) {
          throw new SQLException("triggers_as_of: the store's rule of trigger '" + t.name()
              + "' is not a valid rule (" + e.getMessage() + "); rebuild the store from its"
              + " model");
        }
        out.add(t);
      }
    }
    return out;
  }

  /** A TIMESTAMP value or ISO text as a UTC instant; text without an offset is UTC. */
  static Instant moment(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    if (value instanceof Instant i) {
      return i;
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    String text = value == null ? "" : value.toString().trim();
    String iso = text.length() > 10 && text.charAt(10) == ' '
        ? text.substring(0, 10) + "T" + text.substring(11) : text;
    try {
      if (iso.length() == 10) {
        return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      try {
        return OffsetDateTime.parse(iso.replaceFirst("([+-]\\d\\d)$", "$1:00")).toInstant();
      } catch (DateTimeParseException e) {
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("triggers_as_of: ts must be a TIMESTAMP or ISO text"
          + " such as '2024-03-01' or '2024-03-01T12:00:00Z', got '" + text + "'");
    }
  }

  private static String words(Instant t) {
    return WORDS.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }
}
