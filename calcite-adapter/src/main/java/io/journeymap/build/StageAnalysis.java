package io.journeymap.build;

import io.journeymap.model.Journey;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.Stage;
import io.journeymap.stats.Proportion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Places journeys on the map: which stages each journey entered and when, then the journey rows,
 * stage-to-stage conversion and drop-offs. Stage rules are evaluated in SQL over running
 * per-journey event counts, so a rule such as "2 setup steps within 7 days" enters the stage at
 * the event that made the count reach 2.
 */
final class StageAnalysis {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Journey journey;
  private final String asOf;

  StageAnalysis(DuckDBConnection store, JourneyModel model, Instant asOf) {
    this.store = store;
    this.model = model;
    this.journey = model.journey();
    this.asOf = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
  }

  void run() throws SQLException {
    try (Statement s = store.createStatement()) {
      String subject = journey.subject().column();
      s.execute("CREATE TABLE build.journeys1 AS SELECT journey_id, subject_id,"
          + " make_timestamp(started_ms * 1000) AS started_at,"
          + " make_timestamp(ends_ms * 1000) AS window_ends_at,"
          + " make_timestamp(converted_ms * 1000) AS converted_at FROM build.journeys0");
      s.execute("CREATE TABLE build.journey_events AS SELECT j.journey_id, e.event_id,"
          + " e.occurred_at, e.event FROM build.journeys1 j JOIN main.events e"
          + " ON CAST(e." + subject + " AS VARCHAR) = j.subject_id"
          + " AND e.occurred_at >= j.started_at"
          + " AND e.occurred_at <= coalesce(j.converted_at, j.window_ends_at)"
          + " AND e.occurred_at <= " + asOf);
      stageEntries(s);
      journeys(s, subject);
    }
    conversion();
    dropOffs();
  }

  private void stageEntries(Statement s) throws SQLException {
    Set<String> counted = new LinkedHashSet<>();
    for (Stage stage : model.stages()) {
      counted.addAll(stage.events());
      if (stage.when() != null) {
        counted.addAll(ModelLoader.referencedNames(stage.when()));
      }
    }
    StringBuilder running = new StringBuilder("CREATE TABLE build.running AS SELECT journey_id,"
        + " event_id, occurred_at, event");
    for (String e : counted) {
      running.append(", sum(CASE WHEN event = ").append(Sql.literal(e))
          .append(" THEN 1 ELSE 0 END) OVER w AS ").append(Sql.ident(e));
    }
    running.append(" FROM build.journey_events WINDOW w AS (PARTITION BY journey_id"
        + " ORDER BY occurred_at, event_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
    s.execute(running.toString());
    s.execute("CREATE TABLE build.stage_hits (journey_id BIGINT, stage_order INTEGER,"
        + " hit_at TIMESTAMP, event_id BIGINT, event VARCHAR)");
    for (int i = 0; i < model.stages().size(); i++) {
      Stage stage = model.stages().get(i);
      String rule = stage.when() != null ? "(" + stage.when() + ")"
          : "(" + String.join(" + ", stage.events().stream().map(Sql::ident).toList()) + ") >= "
              + stage.minCount();
      String within = stage.withinDays() == null ? ""
          : " AND r.occurred_at <= j.started_at + INTERVAL " + stage.withinDays() + " DAY";
      try {
        s.execute("INSERT INTO build.stage_hits SELECT r.journey_id, " + (i + 1) + ","
            + " r.occurred_at, r.event_id, r.event FROM build.running r"
            + " JOIN build.journeys1 j USING (journey_id) WHERE " + rule + within
            + " QUALIFY row_number() OVER (PARTITION BY r.journey_id"
            + " ORDER BY r.occurred_at, r.event_id) = 1");
      } catch (SQLException e) {
        throw ModelErrors.at(model, "/stages/" + i + (stage.when() != null ? "/when" : ""),
            "stage '" + stage.name() + "': rule does not run: " + Sql.firstLine(e));
      }
    }
    // a stage counts only once every earlier stage is reached, and never before them
    s.execute("INSERT INTO main.stage_entries SELECT h.journey_id, h.stage_order, st.stage,"
        + " h.entered_at, h.event, h.event_id,"
        + " date_diff('millisecond', j.started_at, h.entered_at) / 3600000.0"
        + " FROM (SELECT *, count(*) OVER (PARTITION BY journey_id ORDER BY stage_order)"
        + " AS reached, max(hit_at) OVER (PARTITION BY journey_id ORDER BY stage_order)"
        + " AS entered_at FROM build.stage_hits) h JOIN build.journeys1 j USING (journey_id)"
        + " JOIN main.stages st ON st.stage_order = h.stage_order"
        + " WHERE h.reached = h.stage_order ORDER BY h.journey_id, h.stage_order");
  }

  private void journeys(Statement s, String subject) throws SQLException {
    s.execute("CREATE TABLE build.first_touch AS SELECT journey_id, channel, campaign FROM ("
        + "SELECT j.journey_id, e.channel, e.campaign, row_number() OVER (PARTITION BY"
        + " j.journey_id ORDER BY e.occurred_at > j.started_at, e.occurred_at, e.event_id) AS rn"
        + " FROM build.journeys1 j JOIN main.events e ON CAST(e." + subject
        + " AS VARCHAR) = j.subject_id AND e.channel IS NOT NULL"
        + " AND e.occurred_at <= j.window_ends_at) WHERE rn = 1");
    boolean person = journey.subject() == Journey.Subject.PERSON;
    String personId = person ? "CAST(j.subject_id AS BIGINT)" : "CAST(NULL AS BIGINT)";
    String accountId = person
        ? "(SELECT p.account_id FROM main.persons p WHERE p.person_id = "
            + "CAST(j.subject_id AS BIGINT))"
        : "j.subject_id";
    s.execute("INSERT INTO main.journeys SELECT j.journey_id, "
        + Sql.literal(journey.subject().name().toLowerCase(java.util.Locale.ROOT))
        + ", j.subject_id, " + personId + ", " + accountId + ", j.started_at, j.window_ends_at,"
        + " CASE WHEN j.converted_at IS NOT NULL THEN 'converted'"
        + " WHEN j.window_ends_at <= " + asOf + " THEN 'dropped' ELSE 'open' END,"
        + " j.converted_at, date_diff('millisecond', j.started_at, j.converted_at) / 86400000.0,"
        + " cs.stage, coalesce(cs.stage_order, 0), coalesce(ft.channel, 'unknown'), ft.campaign,"
        + " coalesce(ev.n, 0) FROM build.journeys1 j"
        + " LEFT JOIN (SELECT journey_id, arg_max(stage, stage_order) AS stage,"
        + " max(stage_order) AS stage_order FROM main.stage_entries GROUP BY 1) cs"
        + " USING (journey_id) LEFT JOIN build.first_touch ft USING (journey_id)"
        + " LEFT JOIN (SELECT journey_id, count(*) AS n FROM build.journey_events GROUP BY 1) ev"
        + " USING (journey_id) ORDER BY j.journey_id");
  }

  /** Counts in SQL, intervals in Java. */
  private void conversion() throws SQLException {
    List<Stage> stages = model.stages();
    String sql = "SELECT count(*), count(n.journey_id),"
        + " count(*) FILTER (WHERE n.journey_id IS NULL AND j.status = 'open'),"
        + " median(date_diff('millisecond', s.entered_at, n.entered_at)) / 3600000.0"
        + " FROM main.stage_entries s JOIN main.journeys j USING (journey_id)"
        + " LEFT JOIN main.stage_entries n ON n.journey_id = s.journey_id"
        + " AND n.stage_order = s.stage_order + 1 WHERE s.stage_order = ?";
    try (PreparedStatement q = store.prepareStatement(sql);
         PreparedStatement out = store.prepareStatement(
             "INSERT INTO main.stage_conversion VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int k = 1; k < stages.size(); k++) {
        q.setInt(1, k);
        try (ResultSet r = q.executeQuery()) {
          r.next();
          long entered = r.getLong(1);
          long advanced = r.getLong(2);
          long open = r.getLong(3);
          double median = r.getDouble(4);
          boolean noMedian = r.wasNull();
          Proportion p = Proportion.wilson(advanced, entered - open);
          out.setInt(1, k);
          out.setString(2, stages.get(k - 1).name());
          out.setString(3, stages.get(k).name());
          out.setLong(4, entered);
          out.setLong(5, advanced);
          out.setLong(6, open);
          Sql.setRate(out, 7, p);
          if (noMedian) {
            out.setNull(10, Types.DOUBLE);
          } else {
            out.setDouble(10, median);
          }
          out.setString(11, p.smallSample() ? "small sample" : null);
          out.execute();
        }
      }
    }
  }

  private void dropOffs() throws SQLException {
    List<Stage> stages = model.stages();
    long dropped;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM main.journeys"
             + " WHERE status = 'dropped'")) {
      r.next();
      dropped = r.getLong(1);
    }
    String lastEvents = "SELECT string_agg(event || ' (' || CAST(round(100.0 * n / total) AS INTEGER) || '%)',"
        + " ', ' ORDER BY n DESC, event) FROM (SELECT event, count(*) AS n,"
        + " sum(count(*)) OVER () AS total FROM (SELECT je.journey_id, arg_max(je.event,"
        + " je.occurred_at) AS event FROM build.journey_events je JOIN main.journeys j"
        + " USING (journey_id) WHERE j.status = 'dropped' AND j.current_stage_order = ?"
        + " GROUP BY 1) GROUP BY event ORDER BY n DESC, event LIMIT 3)";
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement counts = store.prepareStatement("SELECT"
             + " count(*) FILTER (WHERE status <> 'open' AND current_stage_order >= ?),"
             + " count(*) FILTER (WHERE status = 'dropped' AND current_stage_order = ?)"
             + " FROM main.journeys");
         PreparedStatement last = store.prepareStatement(lastEvents)) {
      for (int k = 0; k <= stages.size(); k++) {
        counts.setInt(1, k);
        counts.setInt(2, k);
        long entered;
        long stalled;
        try (ResultSet r = counts.executeQuery()) {
          r.next();
          entered = r.getLong(1);
          stalled = r.getLong(2);
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
        rows.add(new Object[] {k, k == 0 ? "(before " + stages.get(0).name() + ")"
            : stages.get(k - 1).name(), entered, stalled, lastText});
      }
    }
    long most = rows.stream().mapToLong(r -> (Long) r[3]).max().orElse(0);
    try (PreparedStatement out = store.prepareStatement(
        "INSERT INTO main.drop_offs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] row : rows) {
        long entered = (Long) row[2];
        long stalled = (Long) row[3];
        out.setInt(1, (Integer) row[0]);
        out.setString(2, (String) row[1]);
        out.setLong(3, entered);
        out.setLong(4, stalled);
        Sql.setRate(out, 5, Proportion.wilson(stalled, entered));
        if (dropped == 0) {
          out.setNull(8, Types.DOUBLE);
        } else {
          out.setDouble(8, stalled / (double) dropped);
        }
        out.setString(9, (String) row[4]);
        out.setBoolean(10, most > 0 && stalled == most);
        out.execute();
      }
    }
  }
}
