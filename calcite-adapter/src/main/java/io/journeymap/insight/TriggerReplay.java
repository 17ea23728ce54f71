package io.journeymap.insight;

import io.journeymap.model.Trigger;
import io.journeymap.store.KeySlices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Replays triggers over journeys as a daily job would have run them up to a moment {@code until}:
 * each journey started by then is checked once a day at the hour it started (day 1, 2, ... of
 * its window) while it was open and before {@code until}, and journeys still open at {@code
 * until} once more at that moment. A rule sees only what was known at its check: events strictly
 * before it, stages entered before it, and the journey's conversion score once its scoring moment
 * has passed. A trigger fires on a journey at the first check where its rule holds.
 *
 * <p>The build replays up to its as-of over every journey (the history in {@code triggers});
 * {@code triggers_as_of(ts)} replays up to an earlier moment over the journeys open then. Both
 * read only the store's public tables, so they are one computation.
 *
 * <p>Each subject is in the treated group or the holdout by a hash of its stable key and the
 * trigger's name (the first 8 hex digits of {@code md5(subject_key || '|' || trigger)} as a
 * share of 2^32, compared with the holdout share), so the split is the same in every build and
 * at every replayed moment, and independent between triggers.
 */
public final class TriggerReplay {
  private final Connection store;
  private final List<Trigger> triggers;
  private final long windowDays;
  private final Instant until;
  private final boolean openOnly;
  private final Scratch scratch;
  private final long rowsPerSlice;

  /**
   * Where a replay keeps its working tables: a schema of the store being built, or temporary
   * tables of a query session (under a fresh prefix, dropped afterwards).
   */
  public record Scratch(String schema, String prefix) {
    public static Scratch temporary() {
      return new Scratch(null, "trig_" + UUID.randomUUID().toString().substring(0, 8) + "_");
    }

    String create(String name) {
      return schema == null ? "CREATE TEMP TABLE " + prefix + name
          : "CREATE TABLE " + schema + "." + prefix + name;
    }

    /** The qualified name of a working table. */
    public String table(String name) {
      return (schema == null ? "temp.main." : schema + ".") + prefix + name;
    }

    /** Drops the working tables (a build drops its schema instead). */
    public void drop(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        for (String t : List.of("journeys", "fired", "contacts", "counts", "stage", "checks",
            "state")) {
          s.execute("DROP TABLE IF EXISTS " + table(t));
        }
      }
    }
  }

  /** A trigger's rule failed in the engine; {@code index} is its place in the list. */
  public static final class RuleFailed extends SQLException {
    private final int index;

    RuleFailed(int index, SQLException cause) {
      super(cause.getMessage(), cause.getSQLState(), cause);
      this.index = index;
    }

    public int index() {
      return index;
    }
  }

  /**
   * @param windowDays the journey window in whole days, rounded up (how many daily checks a
   *     journey can have)
   * @param openOnly only journeys still open at {@code until} (the list at that moment), else
   *     every journey started by then (the history)
   * @param rowsPerSlice the replay runs per slice of whole journeys with about this many events
   *     (its windows and as-of joins hold their input in memory)
   */
  public TriggerReplay(Connection store, List<Trigger> triggers, long windowDays, Instant until,
      boolean openOnly, Scratch scratch, long rowsPerSlice) {
    this.store = store;
    this.triggers = List.copyOf(triggers);
    this.windowDays = windowDays;
    this.until = until;
    this.openOnly = openOnly;
    this.scratch = scratch;
    this.rowsPerSlice = rowsPerSlice;
  }

  /**
   * Writes the scratch table {@code fired}: trigger_name, journey_id, fired_at, reason, action,
   * holdout, contact_kinds.
   *
   * @throws RuleFailed when a trigger's rule does not run
   */
  public void fire() throws SQLException {
    Set<String> counted = new LinkedHashSet<>();
    for (Trigger t : triggers) {
      for (String name : t.reads()) {
        if (!Trigger.VARIABLES.contains(name)) {
          counted.add(name);
        }
      }
    }
    String untilSql = "make_timestamp(" + until.toEpochMilli() * 1000 + ")";
    String end = "coalesce(converted_at, failed_at, window_ends_at)";
    try (Statement s = store.createStatement()) {
      // the journeys and when each was decided, as seen at 'until' (null: still open then)
      s.execute(scratch.create("journeys") + " AS SELECT journey_id, started_at,"
          + " CASE WHEN " + end + " <= " + untilSql + " THEN " + end + " END AS closed_at"
          + " FROM main.journeys WHERE started_at <= " + untilSql
          + (openOnly ? " AND " + end + " > " + untilSql : ""));
      s.execute(scratch.create("fired") + " (trigger_name VARCHAR, journey_id BIGINT,"
          + " fired_at TIMESTAMP, reason VARCHAR, action VARCHAR, holdout DOUBLE,"
          + " contact_kinds VARCHAR[])");
      // every step below is per journey, so slices of whole journeys give the same firings
      KeySlices slices = KeySlices.of(s, "main.events WHERE occurred_at < " + untilSql,
          "journey_id", rowsPerSlice);
      for (int i = 0; i < slices.count(); i++) {
        for (String t : List.of("counts", "stage", "checks", "state")) {
          s.execute("DROP TABLE IF EXISTS " + scratch.table(t));
        }
        fire(s, counted, untilSql, slices.condition(i, "journey_id"));
      }
      // contacts in the same slices: their ordered lists are held in memory per firing
      s.execute(scratch.create("contacts") + " (trigger_name VARCHAR, journey_id BIGINT,"
          + " contact VARCHAR)");
      for (int i = 0; i < slices.count(); i++) {
        String contacts = contacts(slices.condition(i, "f.journey_id"));
        if (contacts != null) {
          s.execute("INSERT INTO " + scratch.table("contacts") + " " + contacts);
        }
      }
    }
  }

  /** The firings of the journeys whose id meets {@code slice}, added to {@code fired}. */
  private void fire(Statement s, Set<String> counted, String untilSql, String slice)
      throws SQLException {
    // running counts per journey, one row per distinct time (the count after every event
    // at that time), so an as-of join sees all events strictly before a check
    StringBuilder running = new StringBuilder(scratch.create("counts") + " AS SELECT"
        + " journey_id, occurred_at, max(events_so_far) AS events_so_far");
    StringBuilder inner = new StringBuilder("SELECT e.journey_id, e.occurred_at,"
        + " row_number() OVER w AS events_so_far");
    for (String e : counted) {
      inner.append(", sum(CASE WHEN e.event = ").append(Quote.literal(e))
          .append(" THEN 1 ELSE 0 END) OVER w AS ").append(Quote.ident(e));
      running.append(", max(").append(Quote.ident(e)).append(") AS ").append(Quote.ident(e));
    }
    inner.append(" FROM main.events e JOIN ").append(scratch.table("journeys"))
        .append(" USING (journey_id) WHERE e.occurred_at < ").append(untilSql)
        .append(" AND ").append(slice)
        .append(" WINDOW w AS (PARTITION BY e.journey_id ORDER BY e.occurred_at, e.event_id"
            + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
    running.append(" FROM (").append(inner).append(") GROUP BY journey_id, occurred_at");
    s.execute(running.toString());
    s.execute(scratch.create("stage") + " AS SELECT journey_id, entered_at,"
        + " max(max(stage_order)) OVER (PARTITION BY journey_id ORDER BY entered_at ROWS"
        + " BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stage_order"
        + " FROM main.stage_entries JOIN " + scratch.table("journeys") + " USING (journey_id)"
        + " WHERE entered_at < " + untilSql + " AND " + slice + " GROUP BY journey_id, entered_at");
    s.execute(scratch.create("checks") + " AS SELECT DISTINCT journey_id, check_at FROM ("
        + " SELECT j.journey_id, j.started_at + d.day * INTERVAL 1 DAY AS check_at"
        + " FROM " + scratch.table("journeys") + " j, range(1, " + (windowDays + 1)
        + ") d(day) WHERE j.started_at + d.day * INTERVAL 1 DAY < coalesce(j.closed_at, "
        + untilSql + ") AND j.started_at + d.day * INTERVAL 1 DAY <= " + untilSql
        + " UNION ALL SELECT journey_id, " + untilSql + " FROM " + scratch.table("journeys")
        + " WHERE closed_at IS NULL) WHERE " + slice);
    StringBuilder state = new StringBuilder(scratch.create("state") + " AS SELECT"
        + " c.journey_id, c.check_at,"
        + " date_diff('second', j.started_at, c.check_at) / 3600.0 AS hours_since_start,"
        + " date_diff('second', j.started_at, c.check_at) / 86400.0 AS days_since_start,"
        + " date_diff('second', coalesce(r.occurred_at, j.started_at), c.check_at) / 3600.0"
        + " AS hours_since_last_event,"
        + " date_diff('second', coalesce(r.occurred_at, j.started_at), c.check_at) / 86400.0"
        + " AS days_since_last_event,"
        + " coalesce(r.events_so_far, 0) AS events_so_far,"
        + " coalesce(st.stage_order, 0) AS stage_order,"
        // a score is known from its scoring moment on; before it, and without one, null
        + " sc.p_convert AS p_convert, sc.band AS score_band");
    for (String e : counted) {
      state.append(", coalesce(r.").append(Quote.ident(e)).append(", 0) AS ")
          .append(Quote.ident(e));
    }
    state.append(" FROM ").append(scratch.table("checks")).append(" c JOIN ")
        .append(scratch.table("journeys")).append(" j USING (journey_id)")
        .append(" ASOF LEFT JOIN ").append(scratch.table("counts"))
        .append(" r ON c.journey_id = r.journey_id AND c.check_at > r.occurred_at")
        .append(" ASOF LEFT JOIN ").append(scratch.table("stage"))
        .append(" st ON c.journey_id = st.journey_id AND c.check_at > st.entered_at")
        .append(" LEFT JOIN main.scores sc ON sc.journey_id = c.journey_id"
            + " AND sc.as_of <= c.check_at");
    s.execute(state.toString());
    for (int i = 0; i < triggers.size(); i++) {
      Trigger t = triggers.get(i);
      try {
        s.execute("INSERT INTO " + scratch.table("fired") + " SELECT "
            + Quote.literal(t.name()) + ", journey_id, check_at, " + reason(t) + ", "
            + Quote.literal(t.action()) + ", " + t.holdout() + ", " + kinds(t)
            + " FROM (SELECT *, row_number() OVER (PARTITION BY journey_id ORDER BY check_at)"
            + " AS n FROM " + scratch.table("state") + " WHERE (" + t.when() + "))"
            + " WHERE n = 1");
      } catch (SQLException e) {
        throw new RuleFailed(i, e);
      }
    }
  }

  /**
   * The firings as a list: trigger_name, journey_id, subject, subject_id, subject_key,
   * fired_at, reason, action, test_group, contact, then {@code extraColumns} (named SQL over
   * {@code main.journeys j}, each starting with a comma), ordered by trigger, time and journey.
   */
  public String listing(String extraColumns) {
    return "SELECT f.trigger_name, f.journey_id, j.subject, j.subject_id, k.subject_key,"
        + " f.fired_at, f.reason, f.action,"
        + " CASE WHEN ('0x' || left(md5(k.subject_key || '|' || f.trigger_name), 8))::UBIGINT"
        + " < f.holdout * 4294967296 THEN 'holdout' ELSE 'treated' END AS test_group,"
        + " CASE WHEN len(f.contact_kinds) > 0 THEN ct.contact END AS contact" + extraColumns
        + " FROM " + scratch.table("fired") + " f JOIN main.journeys j USING (journey_id)"
        + " JOIN (SELECT j.journey_id, CASE WHEN j.subject = 'person'"
        + " THEN coalesce(p.primary_identifier, 'person:' || j.person_id)"
        + " ELSE 'account:' || j.account_id END AS subject_key FROM main.journeys j"
        + " LEFT JOIN main.persons p ON p.person_id = j.person_id WHERE j.journey_id IN"
        + " (SELECT journey_id FROM " + scratch.table("fired") + ")) k USING (journey_id)"
        + " LEFT JOIN " + scratch.table("contacts") + " ct USING (trigger_name, journey_id)"
        + " ORDER BY f.trigger_name, f.fired_at, f.journey_id";
  }

  /** The values the rule read when it fired, in words ("3 days since start; feature_used 1"). */
  private static String reason(Trigger t) {
    List<String> parts = new ArrayList<>();
    for (String name : t.reads()) {
      String part = switch (name) {
        case "hours_since_start" -> "round(hours_since_start) || ' hours since the start'";
        case "days_since_start" -> "round(days_since_start, 1) || ' days since the start'";
        case "hours_since_last_event" ->
            "round(hours_since_last_event) || ' hours since the last event'";
        case "days_since_last_event" ->
            "round(days_since_last_event, 1) || ' days since the last event'";
        case "events_so_far" -> "events_so_far || ' events so far'";
        case "stage_order" -> "'furthest stage ' || stage_order";
        case "p_convert" -> "'conversion score ' || round(p_convert, 3)";
        case "score_band" -> "'score band ' || score_band";
        default -> Quote.ident(name) + " || ' x " + name.replace("'", "''") + "'";
      };
      parts.add(part);
    }
    return parts.isEmpty() ? "NULL" : "concat_ws('; ', " + String.join(", ", parts) + ")";
  }

  private static String kinds(Trigger t) {
    return t.contact().isEmpty() ? "CAST([] AS VARCHAR[])"
        : "[" + Quote.literals(t.contact()) + "]";
  }

  /**
   * Per firing of the journeys meeting {@code slice} (a condition on {@code f.journey_id}), the
   * subject's value of each contact kind its trigger lists, the one seen on most events, as a
   * JSON object with the kinds in the trigger's order (no row: the subject has none of them);
   * null when no trigger lists a contact. A person's values are all its identifiers; an
   * account's are the account-level ones. Persons and accounts are joined apart, as two
   * equi-joins: one join on "person or account" would be a nested loop over every identity for
   * every firing. Only the subjects of the slice's firings are aggregated.
   */
  private String contacts(String slice) {
    Set<String> kinds = new LinkedHashSet<>();
    for (Trigger t : triggers) {
      kinds.addAll(t.contact());
    }
    if (kinds.isEmpty()) {
      return null;
    }
    String firings = " FROM " + scratch.table("fired") + " f JOIN main.journeys j"
        + " USING (journey_id) WHERE " + slice;
    String best = "arg_max(identifier, (events, identifier)) AS identifier FROM main.identities"
        + " WHERE kind IN (" + Quote.literals(List.copyOf(kinds)) + ")";
    String fired = "SELECT f.trigger_name, f.journey_id, c.kind, c.identifier,"
        + " list_position(f.contact_kinds, c.kind) AS pos FROM "
        + scratch.table("fired") + " f JOIN main.journeys j USING (journey_id) JOIN ";
    // keys in the order the trigger lists its contact kinds, in every build
    return "SELECT trigger_name, journey_id, CAST(to_json(map(list(kind ORDER BY pos),"
        + " list(identifier ORDER BY pos))) AS VARCHAR) AS contact FROM ("
        + fired + "(SELECT person_id, kind, " + best + " AND person_id IN (SELECT j.person_id"
        + firings + ") GROUP BY person_id, kind) c ON j.subject = 'person'"
        + " AND c.person_id = j.person_id AND list_contains(f.contact_kinds, c.kind)"
        + " WHERE " + slice
        + " UNION ALL " + fired + "(SELECT account_id, kind, " + best + " AND level = 'account'"
        + " AND account_id IN (SELECT j.account_id" + firings + ") GROUP BY account_id, kind) c"
        + " ON j.subject = 'account' AND c.account_id = j.account_id"
        + " AND list_contains(f.contact_kinds, c.kind) WHERE " + slice + ")"
        + " GROUP BY trigger_name, journey_id";
  }
}
