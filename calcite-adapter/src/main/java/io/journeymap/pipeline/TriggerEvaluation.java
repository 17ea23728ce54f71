package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.Trigger;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Replays the model's triggers over every journey as a daily job would have run them: each
 * journey is checked once a day at the hour it started (day 1, 2, ... of its window) while it is
 * open, and open journeys once more at as-of. A trigger fires on a journey at the first check
 * where its rule holds over what was known then (events strictly before the check), so the list
 * of any past day can be rebuilt and the journeys it named followed to their outcome.
 *
 * <p>Each subject is in the treated group or the holdout by a hash of its stable key and the
 * trigger's name (the first 8 hex digits of {@code md5(subject_key || '|' || trigger)} as a
 * share of 2^32, compared with the holdout share), so the split is the same in every build and
 * independent between triggers.
 */
final class TriggerEvaluation {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Instant asOf;

  TriggerEvaluation(DuckDBConnection store, JourneyModel model, Instant asOf) {
    this.store = store;
    this.model = model;
    this.asOf = asOf;
  }

  /** Fills {@code triggers}; returns the firings. */
  long run() throws SQLException {
    if (model.triggers().isEmpty()) {
      return 0;
    }
    Set<String> counted = new LinkedHashSet<>();
    for (Trigger t : model.triggers()) {
      for (String name : ModelLoader.referencedNames(t.when())) {
        if (!Trigger.VARIABLES.contains(name)) {
          counted.add(name);
        }
      }
    }
    String asOfSql = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
    long windowDays = model.journey().window() == null ? 0
        : (model.journey().window().toSeconds() + 86_399) / 86_400;
    try (Statement s = store.createStatement()) {
      // running counts per journey, one row per distinct time (the count after every event
      // at that time), so an as-of join sees all events strictly before a check
      StringBuilder running = new StringBuilder("CREATE TABLE build.trig_counts AS SELECT"
          + " journey_id, occurred_at, max(events_so_far) AS events_so_far");
      StringBuilder inner = new StringBuilder("SELECT journey_id, occurred_at,"
          + " row_number() OVER w AS events_so_far");
      for (String e : counted) {
        inner.append(", sum(CASE WHEN event = ").append(Sql.literal(e))
            .append(" THEN 1 ELSE 0 END) OVER w AS ").append(Sql.ident(e));
        running.append(", max(").append(Sql.ident(e)).append(") AS ").append(Sql.ident(e));
      }
      inner.append(" FROM main.events WHERE journey_id IS NOT NULL WINDOW w AS (PARTITION BY"
          + " journey_id ORDER BY occurred_at, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND"
          + " CURRENT ROW)");
      running.append(" FROM (").append(inner).append(") GROUP BY journey_id, occurred_at");
      s.execute(running.toString());
      s.execute("CREATE TABLE build.trig_stage AS SELECT journey_id, entered_at,"
          + " max(max(stage_order)) OVER (PARTITION BY journey_id ORDER BY entered_at ROWS"
          + " BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stage_order"
          + " FROM main.stage_entries GROUP BY journey_id, entered_at");
      s.execute("CREATE TABLE build.trig_checks AS SELECT DISTINCT journey_id, check_at FROM ("
          + " SELECT j.journey_id, j.started_at + d.day * INTERVAL 1 DAY AS check_at"
          + " FROM main.journeys j, range(1, " + (windowDays + 1) + ") d(day)"
          + " WHERE j.started_at + d.day * INTERVAL 1 DAY < coalesce(j.closed_at, " + asOfSql
          + ") AND j.started_at + d.day * INTERVAL 1 DAY <= " + asOfSql
          + " UNION ALL SELECT journey_id, " + asOfSql + " FROM main.journeys"
          + " WHERE status = 'open')");
      StringBuilder state = new StringBuilder("CREATE TABLE build.trig_state AS SELECT"
          + " c.journey_id, c.check_at,"
          + " date_diff('second', j.started_at, c.check_at) / 3600.0 AS hours_since_start,"
          + " date_diff('second', j.started_at, c.check_at) / 86400.0 AS days_since_start,"
          + " date_diff('second', coalesce(r.occurred_at, j.started_at), c.check_at) / 3600.0"
          + " AS hours_since_last_event,"
          + " date_diff('second', coalesce(r.occurred_at, j.started_at), c.check_at) / 86400.0"
          + " AS days_since_last_event,"
          + " coalesce(r.events_so_far, 0) AS events_so_far,"
          + " coalesce(st.stage_order, 0) AS stage_order");
      for (String e : counted) {
        state.append(", coalesce(r.").append(Sql.ident(e)).append(", 0) AS ")
            .append(Sql.ident(e));
      }
      state.append(" FROM build.trig_checks c JOIN main.journeys j USING (journey_id)"
          + " ASOF LEFT JOIN build.trig_counts r ON c.journey_id = r.journey_id"
          + " AND c.check_at > r.occurred_at"
          + " ASOF LEFT JOIN build.trig_stage st ON c.journey_id = st.journey_id"
          + " AND c.check_at > st.entered_at");
      s.execute(state.toString());
      s.execute("CREATE TABLE build.trig_fired (trigger_name VARCHAR, journey_id BIGINT,"
          + " fired_at TIMESTAMP, reason VARCHAR, action VARCHAR, holdout DOUBLE,"
          + " contact_kinds VARCHAR[])");
      for (int i = 0; i < model.triggers().size(); i++) {
        Trigger t = model.triggers().get(i);
        try {
          s.execute("INSERT INTO build.trig_fired SELECT " + Sql.literal(t.name())
              + ", journey_id, check_at, " + reason(t) + ", " + Sql.literal(t.action()) + ", "
              + t.holdout() + ", " + kinds(t) + " FROM (SELECT *, row_number() OVER"
              + " (PARTITION BY journey_id ORDER BY check_at) AS n FROM build.trig_state"
              + " WHERE (" + t.when() + ")) WHERE n = 1");
        } catch (SQLException e) {
          throw ModelErrors.at(model, "/triggers/" + i + "/when", "trigger '" + t.name()
              + "': rule does not run: " + Sql.firstLine(e));
        }
      }
      s.execute("INSERT INTO main.triggers SELECT f.trigger_name, f.journey_id, j.subject,"
          + " j.subject_id, k.subject_key, f.fired_at, f.reason, f.action,"
          + " CASE WHEN ('0x' || left(md5(k.subject_key || '|' || f.trigger_name), 8))::UBIGINT"
          + " < f.holdout * 4294967296 THEN 'holdout' ELSE 'treated' END,"
          + " j.status = 'open', j.status, j.judged, j.status = 'converted',"
          + " CASE WHEN j.status = 'converted' THEN date_diff('second', f.fired_at,"
          + " j.converted_at) / 86400.0 END,"
          + " " + contact() + " FROM build.trig_fired f JOIN main.journeys j USING (journey_id)"
          + " JOIN (SELECT j.journey_id, CASE WHEN j.subject = 'person'"
          + " THEN coalesce(p.primary_identifier, 'person:' || j.person_id)"
          + " ELSE 'account:' || j.account_id END AS subject_key FROM main.journeys j"
          + " LEFT JOIN main.persons p ON p.person_id = j.person_id) k USING (journey_id)"
          + " ORDER BY f.trigger_name, f.fired_at, f.journey_id");
      try (var r = s.executeQuery("SELECT count(*) FROM main.triggers")) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** The values the rule read when it fired, in words ("3 days since start; feature_used 1"). */
  private static String reason(Trigger t) {
    List<String> parts = new ArrayList<>();
    for (String name : ModelLoader.referencedNames(t.when())) {
      String part = switch (name) {
        case "hours_since_start" -> "round(hours_since_start) || ' hours since the start'";
        case "days_since_start" -> "round(days_since_start, 1) || ' days since the start'";
        case "hours_since_last_event" ->
            "round(hours_since_last_event) || ' hours since the last event'";
        case "days_since_last_event" ->
            "round(days_since_last_event, 1) || ' days since the last event'";
        case "events_so_far" -> "events_so_far || ' events so far'";
        case "stage_order" -> "'furthest stage ' || stage_order";
        default -> Sql.ident(name) + " || ' x " + name.replace("'", "''") + "'";
      };
      parts.add(part);
    }
    return parts.isEmpty() ? "NULL" : "concat_ws('; ', " + String.join(", ", parts) + ")";
  }

  private static String kinds(Trigger t) {
    return t.contact().isEmpty() ? "CAST([] AS VARCHAR[])"
        : "[" + Sql.literals(t.contact()) + "]";
  }

  /**
   * The subject's value of each contact kind, the one seen on most events: a JSON object, or
   * null when the trigger lists no contact kinds.
   */
  private static String contact() {
    return "(SELECT CASE WHEN len(f.contact_kinds) = 0 THEN NULL ELSE CAST(json_group_object("
        + "c.kind, c.identifier) AS VARCHAR) END FROM (SELECT i.kind, arg_max(i.identifier,"
        + " (i.events, i.identifier)) AS identifier FROM main.identities i"
        + " WHERE list_contains(f.contact_kinds, i.kind) AND ((j.subject = 'person'"
        + " AND i.person_id = j.person_id) OR (j.subject = 'account'"
        + " AND i.account_id = j.account_id AND i.level = 'account')) GROUP BY i.kind) c)";
  }

  /** The phase's one-line result. */
  static String describe(long firings, int triggers) {
    return triggers == 0 ? "no triggers declared"
        : String.format(Locale.ROOT, "%,d firings of %d %s", firings, triggers,
            triggers == 1 ? "trigger" : "triggers");
  }
}
