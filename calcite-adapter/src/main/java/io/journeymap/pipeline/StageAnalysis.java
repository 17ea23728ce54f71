package io.journeymap.pipeline;

import io.journeymap.model.Journey;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.Stage;
import io.journeymap.stats.Proportion;
import io.journeymap.store.KeySlices;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Places journeys on the map: which stages each journey reached and when, then the journey rows,
 * per-stage reach, stage-to-stage conversion and drop-offs. Stage rules are evaluated in SQL over
 * running per-journey event counts, so a rule such as "2 setup steps within 7 days" is reached at
 * the event that made the count reach 2.
 *
 * <p>Stages are not prerequisites: a journey reaches every stage whose rule holds, in order or
 * not, and the last stage (the outcome) is reached by every converted journey. Tables say who
 * went in order, who skipped, and how many conversions went around each stage, so no
 * conversion is invisible.
 */
final class StageAnalysis {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Journey journey;
  private final String asOf;
  private final long rowsPerSlice;

  StageAnalysis(DuckDBConnection store, JourneyModel model, Instant asOf, long rowsPerSlice) {
    this.store = store;
    this.model = model;
    this.journey = model.journey();
    this.asOf = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
    this.rowsPerSlice = rowsPerSlice;
  }

  void run() throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.journeys1 AS SELECT journey_id, subject_id, journey_key,"
          + " make_timestamp(started_ms * 1000) AS started_at,"
          + " make_timestamp(ends_ms * 1000) AS window_ends_at,"
          + " make_timestamp(converted_ms * 1000) AS converted_at,"
          + " make_timestamp(failed_ms * 1000) AS failed_at, failure_event,"
          // the last moment whose events belong to the journey
          + " least(coalesce(make_timestamp(converted_ms * 1000), make_timestamp(failed_ms"
          + " * 1000), make_timestamp(ends_ms * 1000)), " + asOf + ") AS bound_at,"
          + " lag(make_timestamp(coalesce(converted_ms, failed_ms, ends_ms) * 1000)) OVER"
          + " (PARTITION BY subject_id, journey_key ORDER BY started_ms) AS previous_closed_at"
          + " FROM build.journeys0");
      // only what placing events in journeys reads, and only events with a subject (the
      // others join no journey): a view, as a copy of every event cost a fifth of the phase
      s.execute("CREATE VIEW build.events2 AS SELECT event_id, event, occurred_at, source,"
          + " channel, campaign, " + JourneyResolution.tieRank(journey)
          + " AS tie_rank, key_value,"
          + " CAST(" + journey.subject().column() + " AS VARCHAR) AS subject_id"
          + " FROM build.events1 WHERE " + journey.subject().column() + " IS NOT NULL");
      String keyMatch = journey.key() == null ? ""
          : " AND (e.key_value = j.journey_key OR (e.key_value IS NULL AND e.event NOT IN ("
              + Sql.literals(journey.outcomeEvents()) + ", "
              + Sql.literal(journey.startEvent()) + ")))";
      s.execute("CREATE TABLE build.journey_events AS SELECT j.journey_id, e.event_id,"
          + " e.occurred_at, e.event, e.tie_rank, e.source FROM build.journeys1 j"
          + " JOIN build.events2 e ON e.subject_id = j.subject_id"
          + " AND e.occurred_at >= j.started_at AND e.occurred_at <= j.bound_at" + keyMatch);
      // the windows below hold their input in memory: they run per slice of whole journeys
      KeySlices slices =
          KeySlices.of(s, "build.journey_events", "journey_id", rowsPerSlice);
      stageEntries(s, slices);
      journeys(s, slices);
    }
    reach();
    conversion();
    dropOffs();
  }

  /** The documented order of a journey's events: time, tie rank, name, source, id. */
  private static final String EVENT_ORDER = "occurred_at, tie_rank, event, source, event_id";

  private void stageEntries(Statement s, KeySlices slices) throws SQLException {
    Set<String> counted = new LinkedHashSet<>();
    for (Stage stage : model.stages()) {
      counted.addAll(stage.events());
      if (stage.when() != null) {
        counted.addAll(ModelLoader.referencedNames(stage.when()));
      }
    }
    StringBuilder running = new StringBuilder("SELECT journey_id,"
        + " event_id, occurred_at, event, row_number() OVER w AS seq");
    for (String e : counted) {
      running.append(", sum(CASE WHEN event = ").append(Sql.literal(e))
          .append(" THEN 1 ELSE 0 END) OVER w AS ").append(Sql.ident(e));
    }
    String window = " WINDOW w AS (PARTITION BY journey_id ORDER BY " + EVENT_ORDER
        + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)";
    // a rule reads only counts, which change only at counted events, and a rule true with no
    // counts holds at a journey's first row, its start event: the rows in between cannot be
    // the first where a rule holds, so the running counts skip them (seq keeps the order)
    Set<String> changing = new LinkedHashSet<>(counted);
    changing.add(journey.startEvent());
    String rows = " AND event IN (" + Sql.literals(changing) + ")";
    // nothing reads this scratch table's row order (seq numbers the rows), and keeping its
    // input's order holds more of the window's work in memory
    // the setting is reset on a statement of its own: the engine closes a statement whose
    // execution failed, and that failure (often the memory bound) is what the user must see
    try (Statement setting = store.createStatement()) {
      setting.execute("SET preserve_insertion_order = false");
      try {
        for (int i = 0; i < slices.count(); i++) {
          s.execute((i == 0 ? "CREATE TABLE build.running AS " : "INSERT INTO build.running ")
              + running + " FROM build.journey_events WHERE "
              + slices.condition(i, "journey_id") + rows + window);
        }
      } finally {
        setting.execute("RESET preserve_insertion_order");
      }
    }
    s.execute("CREATE TABLE build.stage_hits (journey_id BIGINT, stage_order INTEGER,"
        + " hit_at TIMESTAMP, seq BIGINT, event_id BIGINT, event VARCHAR)");
    for (int i = 0; i < model.stages().size(); i++) {
      Stage stage = model.stages().get(i);
      String rule = stage.when() != null ? "(" + stage.when() + ")"
          : "(" + String.join(" + ", stage.events().stream().map(Sql::ident).toList()) + ") >= "
              + stage.minCount();
      String within = stage.withinDays() == null ? ""
          : " AND r.occurred_at <= j.started_at + INTERVAL " + stage.withinDays() + " DAY";
      try {
        // the first matching row of each journey (seq is unique in a journey): an aggregate,
        // not a window, so no sort
        s.execute("INSERT INTO build.stage_hits SELECT r.journey_id, " + (i + 1) + ","
            + " arg_min(r.occurred_at, r.seq), min(r.seq), arg_min(r.event_id, r.seq),"
            + " arg_min(r.event, r.seq) FROM build.running r"
            + " JOIN build.journeys1 j USING (journey_id) WHERE " + rule + within
            + " GROUP BY r.journey_id");
      } catch (SQLException e) {
        throw ModelErrors.at(model, "/stages/" + i + (stage.when() != null ? "/when" : ""),
            "stage '" + stage.name() + "': rule does not run: " + Sql.firstLine(e));
      }
    }
    // in order: every earlier stage was reached at or before this one's triggering event
    s.execute("INSERT INTO main.stage_entries SELECT h.journey_id, h.stage_order, st.stage,"
        + " h.hit_at, h.event, h.event_id,"
        + " date_diff('millisecond', j.started_at, h.hit_at) / 3600000.0,"
        + " coalesce(e.earlier, 0) = h.stage_order - 1"
        + " FROM build.stage_hits h JOIN build.journeys1 j USING (journey_id)"
        + " JOIN main.stages st ON st.stage_order = h.stage_order"
        + " LEFT JOIN (SELECT a.journey_id, a.stage_order, count(*) AS earlier"
        + " FROM build.stage_hits a JOIN build.stage_hits b ON a.journey_id = b.journey_id"
        + " AND b.stage_order < a.stage_order AND b.seq <= a.seq GROUP BY 1, 2) e"
        + " ON e.journey_id = h.journey_id AND e.stage_order = h.stage_order"
        + " ORDER BY h.journey_id, h.stage_order");
  }

  private void journeys(Statement s, KeySlices slices) throws SQLException {
    // this journey's first touch: the earliest touch since the subject's previous journey
    // closed, preferring touches up to the start over those inside the journey
    for (int i = 0; i < slices.count(); i++) {
      s.execute((i == 0 ? "CREATE TABLE build.first_touch AS " : "INSERT INTO build.first_touch ")
          + "SELECT journey_id, channel, campaign FROM ("
          + "SELECT j.journey_id, e.channel, e.campaign, row_number() OVER (PARTITION BY"
          + " j.journey_id ORDER BY e.occurred_at > j.started_at, e.occurred_at, e.tie_rank,"
          + " e.event, e.source, e.event_id) AS rn FROM build.journeys1 j JOIN build.events2 e"
          + " ON e.subject_id = j.subject_id AND e.channel IS NOT NULL"
          + " AND e.occurred_at <= j.bound_at AND (j.previous_closed_at IS NULL"
          + " OR e.occurred_at > j.previous_closed_at)"
          + (journey.key() == null ? "" : " AND e.key_value = j.journey_key")
          + " WHERE " + slices.condition(i, "j.journey_id") + ") WHERE rn = 1");
    }
    boolean person = journey.subject() == Journey.Subject.PERSON;
    String personId = person ? "CAST(j.subject_id AS BIGINT)" : "CAST(NULL AS BIGINT)";
    String accountId = person
        ? "(SELECT p.account_id FROM main.persons p WHERE p.person_id = "
            + "CAST(j.subject_id AS BIGINT))"
        : "j.subject_id";
    s.execute("INSERT INTO main.journeys SELECT j.journey_id, "
        + Sql.literal(journey.subject().name().toLowerCase(Locale.ROOT))
        + ", j.subject_id, " + personId + ", " + accountId + ", j.journey_key, j.started_at,"
        + " j.window_ends_at, CASE WHEN j.converted_at IS NOT NULL THEN 'converted'"
        + " WHEN j.failed_at IS NOT NULL THEN 'failed'"
        + " WHEN j.window_ends_at <= " + asOf + " THEN 'dropped' ELSE 'open' END,"
        + " CASE WHEN coalesce(j.converted_at, j.failed_at) IS NOT NULL"
        + " THEN coalesce(j.converted_at, j.failed_at) WHEN j.window_ends_at <= " + asOf
        + " THEN j.window_ends_at END, j.window_ends_at <= " + asOf + ","
        + " j.converted_at, j.failed_at, j.failure_event,"
        + " date_diff('millisecond', j.started_at, j.converted_at) / 86400000.0,"
        + " st.stage, coalesce(cs.stage_order, 0), coalesce(cs.reached, 0), sk.skipped,"
        + " coalesce(ft.channel, 'unknown'), ft.campaign,"
        + " coalesce(ev.n, 0), NULL FROM build.journeys1 j"
        + " LEFT JOIN (SELECT journey_id, max(stage_order) AS stage_order, count(*) AS reached"
        + " FROM main.stage_entries GROUP BY 1) cs USING (journey_id)"
        + " LEFT JOIN main.stages st ON st.stage_order = cs.stage_order"
        + " LEFT JOIN (SELECT c.journey_id, string_agg(st2.stage, ',' ORDER BY st2.stage_order)"
        + " AS skipped FROM (SELECT journey_id, max(stage_order) AS furthest"
        + " FROM main.stage_entries GROUP BY 1) c JOIN main.stages st2"
        + " ON st2.stage_order < c.furthest WHERE NOT EXISTS (SELECT 1 FROM main.stage_entries x"
        + " WHERE x.journey_id = c.journey_id AND x.stage_order = st2.stage_order)"
        + " GROUP BY 1) sk USING (journey_id)"
        + " LEFT JOIN build.first_touch ft USING (journey_id)"
        + " LEFT JOIN (SELECT journey_id, count(*) AS n FROM build.journey_events GROUP BY 1) ev"
        + " USING (journey_id) ORDER BY j.journey_id");
  }

  /** Per stage: reached in and out of order, skipped, conversions with and without it. */
  private void reach() throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO main.stage_reach SELECT st.stage_order, st.stage,"
          + " count(se.journey_id), count(se.journey_id) FILTER (WHERE se.in_order),"
          + " count(se.journey_id) FILTER (WHERE NOT se.in_order),"
          + " count(*) FILTER (WHERE se.journey_id IS NULL"
          + " AND j.furthest_stage_order > st.stage_order),"
          + " any_value(c.converted), count(*) FILTER (WHERE se.journey_id IS NOT NULL"
          + " AND j.status = 'converted'), any_value(c.converted) - count(*) FILTER (WHERE"
          + " se.journey_id IS NOT NULL AND j.status = 'converted'),"
          + " CASE WHEN any_value(c.converted) > 0 THEN (any_value(c.converted) - count(*)"
          + " FILTER (WHERE se.journey_id IS NOT NULL AND j.status = 'converted'))"
          + " / any_value(c.converted) END"
          + " FROM main.stages st CROSS JOIN main.journeys j"
          + " LEFT JOIN main.stage_entries se ON se.journey_id = j.journey_id"
          + " AND se.stage_order = st.stage_order"
          + " CROSS JOIN (SELECT count(*) FILTER (WHERE status = 'converted') AS converted"
          + " FROM main.journeys) c GROUP BY st.stage_order, st.stage ORDER BY st.stage_order");
    }
  }

  /** Consecutive pairs: counts in SQL, intervals in Java. */
  private void conversion() throws SQLException {
    List<Stage> stages = model.stages();
    String sql = "SELECT count(s.journey_id), count(n.journey_id),"
        + " count(*) FILTER (WHERE NOT j.judged),"
        + " count(n.journey_id) FILTER (WHERE j.judged),"
        + " median(date_diff('millisecond', s.entered_at, n.entered_at) / 3600000.0)"
        + " FILTER (WHERE j.judged AND n.triggering_event_id IS NOT NULL"
        + " AND n.entered_at >= s.entered_at),"
        + " count(*) FILTER (WHERE n.journey_id IS NULL AND j.furthest_stage_order > ?)"
        + " FROM main.stage_entries s JOIN main.journeys j USING (journey_id)"
        + " LEFT JOIN main.stage_entries n ON n.journey_id = s.journey_id"
        + " AND n.stage_order = s.stage_order + 1 WHERE s.stage_order = ?";
    String bypassed = "SELECT count(*) FROM main.stage_entries n WHERE n.stage_order = ?"
        + " AND NOT EXISTS (SELECT 1 FROM main.stage_entries s WHERE s.journey_id = n.journey_id"
        + " AND s.stage_order = ?)";
    try (PreparedStatement q = store.prepareStatement(sql);
         PreparedStatement b = store.prepareStatement(bypassed);
         PreparedStatement out = store.prepareStatement(
             "INSERT INTO main.stage_conversion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                 + " ?)")) {
      for (int k = 1; k < stages.size(); k++) {
        q.setInt(1, k + 1);
        q.setInt(2, k);
        b.setInt(1, k + 1);
        b.setInt(2, k);
        long around;
        try (ResultSet r = b.executeQuery()) {
          r.next();
          around = r.getLong(1);
        }
        try (ResultSet r = q.executeQuery()) {
          r.next();
          long entered = r.getLong(1);
          long advanced = r.getLong(2);
          long inWindow = r.getLong(3);
          long judgedAdvanced = r.getLong(4);
          double median = r.getDouble(5);
          boolean noMedian = r.wasNull();
          long wentAround = r.getLong(6);
          Proportion p = Proportion.wilson(judgedAdvanced, entered - inWindow);
          out.setInt(1, k);
          out.setString(2, stages.get(k - 1).name());
          out.setString(3, stages.get(k).name());
          out.setLong(4, entered);
          out.setLong(5, advanced);
          out.setLong(6, inWindow);
          out.setLong(7, entered - inWindow);
          out.setLong(8, judgedAdvanced);
          Sql.setRate(out, 9, p);
          if (noMedian) {
            out.setNull(12, Types.DOUBLE);
          } else {
            out.setDouble(12, median);
          }
          out.setLong(13, wentAround);
          out.setLong(14, around);
          out.setString(15, p.smallSample() ? "small sample" : null);
          out.execute();
        }
      }
    }
  }

  /** Closed, unconverted journeys by the furthest stage they reached. */
  private void dropOffs() throws SQLException {
    List<Stage> stages = model.stages();
    long lost;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM main.journeys"
             + " WHERE judged AND status IN ('dropped', 'failed')")) {
      r.next();
      lost = r.getLong(1);
    }
    // a share that rounds to 0 still happened: it reads '<1%', never '0%'
    String lastEvents = "SELECT string_agg(event || ' (' || CASE WHEN 100.0 * n / total < 0.5"
        + " THEN '<1' ELSE CAST(CAST(round(100.0 * n / total) AS INTEGER) AS VARCHAR) END"
        + " || '%)', ', ' ORDER BY n DESC, event) FROM (SELECT event, count(*) AS n,"
        + " sum(count(*)) OVER () AS total FROM (SELECT je.journey_id, arg_max(je.event,"
        + " (je.occurred_at, je.tie_rank, je.event, je.source, je.event_id)) AS event"
        + " FROM build.journey_events je JOIN main.journeys j USING (journey_id)"
        + " WHERE j.judged AND j.status IN ('dropped', 'failed') AND j.furthest_stage_order = ?"
        + " GROUP BY 1) GROUP BY event ORDER BY n DESC, event LIMIT 3)";
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement counts = store.prepareStatement("SELECT"
             + " count(*) FILTER (WHERE ? = 0 OR EXISTS (SELECT 1 FROM"
             + " main.stage_entries se WHERE se.journey_id = j.journey_id"
             + " AND se.stage_order = ?)),"
             + " count(*) FILTER (WHERE j.status IN ('dropped', 'failed')"
             + " AND j.furthest_stage_order = ?),"
             + " count(*) FILTER (WHERE j.status = 'failed' AND j.furthest_stage_order = ?)"
             + " FROM main.journeys j WHERE j.judged");
         PreparedStatement last = store.prepareStatement(lastEvents)) {
      for (int k = 0; k < stages.size(); k++) {
        for (int i = 1; i <= 4; i++) {
          counts.setInt(i, k);
        }
        long reached;
        long stalled;
        long failed;
        try (ResultSet r = counts.executeQuery()) {
          r.next();
          reached = r.getLong(1);
          stalled = r.getLong(2);
          failed = r.getLong(3);
        }
        if (k == 0 && stalled == 0) {
          continue;
        }
        last.setInt(1, k);
        String lastText;
        try (ResultSet r = last.executeQuery()) {
          r.next();
          lastText = r.getString(1);
        }
        rows.add(new Object[] {k, k == 0 ? "(no stage reached)" : stages.get(k - 1).name(),
            reached, stalled, failed, lastText});
      }
    }
    long most = rows.stream().mapToLong(r -> (Long) r[3]).max().orElse(0);
    try (PreparedStatement out = store.prepareStatement(
        "INSERT INTO main.drop_offs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] row : rows) {
        long reached = (Long) row[2];
        long stalled = (Long) row[3];
        out.setInt(1, (Integer) row[0]);
        out.setString(2, (String) row[1]);
        out.setLong(3, reached);
        out.setLong(4, stalled);
        out.setLong(5, (Long) row[4]);
        Sql.setRate(out, 6, Proportion.wilson(stalled, reached));
        if (lost == 0) {
          out.setNull(9, Types.DOUBLE);
        } else {
          out.setDouble(9, stalled / (double) lost);
        }
        out.setString(10, (String) row[5]);
        out.setBoolean(11, most > 0 && stalled == most);
        out.execute();
      }
    }
  }
}
