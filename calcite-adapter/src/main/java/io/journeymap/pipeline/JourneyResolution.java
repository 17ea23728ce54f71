package io.journeymap.pipeline;

import io.journeymap.model.Journey;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.duckdb.DuckDBConnection;

/**
 * Cuts each subject's start, success and failure events into journey instances. A start event
 * opens a journey unless one is still running (window not over, no outcome yet); the first
 * success event inside the window converts it, a failure event before that closes it as failed.
 * With a journey key, each subject has one such sequence per key value, and only events carrying
 * that value start or decide it. This is a per-subject state machine over events in time order,
 * which SQL expresses poorly, so it streams through Java once.
 */
final class JourneyResolution {
  private final DuckDBConnection store;
  private final Journey journey;
  private final Instant asOf;
  private final BuildListener listener;

  JourneyResolution(DuckDBConnection store, Journey journey, Instant asOf,
      BuildListener listener) {
    this.store = store;
    this.journey = journey;
    this.asOf = asOf;
    this.listener = listener;
  }

  /**
   * What the stream produced, for the build log, and the start and outcome events that could
   * not take part because no subject (person or account) was resolved for them.
   */
  record Result(long journeys, long startsWithoutKey, long startsWithoutSubject,
      long outcomesWithoutSubject) {}

  /**
   * Events of the same instant are ordered start, other events, success, failure; then by
   * event name, source and row. A start and a success at one instant therefore convert,
   * whatever order the rows came in.
   */
  static String tieRank(Journey journey) {
    return "CASE WHEN event = " + Sql.literal(journey.startEvent()) + " THEN 0 WHEN event = "
        + Sql.literal(journey.successEvent()) + " THEN 2"
        + (journey.failureEvents().isEmpty() ? ""
            : " WHEN event IN (" + Sql.literals(journey.failureEvents()) + ") THEN 3")
        + " ELSE 1 END";
  }

  /** The journey key of an event: campaign, channel or a property; NULL without a key. */
  static String keyExpression(Journey journey) {
    String key = journey.key();
    if (key == null) {
      return "CAST(NULL AS VARCHAR)";
    }
    if (key.equals("campaign") || key.equals("channel")) {
      return key;
    }
    return "NULLIF(trim(json_extract_string(properties, "
        + Sql.literal("$.\"" + key.replace("\"", "\\\"") + "\"") + ")), '')";
  }

  /** Writes {@code build.journeys0}. */
  Result run() throws SQLException, IOException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.journeys0 (journey_id BIGINT, subject_id VARCHAR,"
          + " journey_key VARCHAR, started_ms BIGINT, ends_ms BIGINT, converted_ms BIGINT,"
          + " failed_ms BIGINT, failure_event VARCHAR)");
    }
    String subject = journey.subject().column();
    String sql = "SELECT CAST(" + subject + " AS VARCHAR), key_value, epoch_ms(occurred_at),"
        + " " + tieRank(journey) + " AS rank, event FROM build.events1 WHERE " + subject
        + " IS NOT NULL AND event IN (" + Sql.literals(journey.outcomeEvents()) + ", "
        + Sql.literal(journey.startEvent()) + ") AND occurred_at <= "
        + "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")"
        + " ORDER BY 1, 2, 3, 4, event, source, source_row";
    // Journeys go to a scratch CSV and are loaded in one statement: appending to the store while
    // a streamed query on it is open makes every appender flush crawl.
    Path scratch = Files.createTempFile("journeymap-journeys", ".csv");
    try {
      Result streamed = stream(sql, scratch, journey.window().toMillis());
      long[] orphans = withoutSubject(subject);
      Result result = new Result(streamed.journeys(), streamed.startsWithoutKey(), orphans[0],
          orphans[1]);
      if (result.journeys() > 0) {
        load(scratch); // an empty file has nothing to read (and the CSV reader refuses it)
      }
      return result;
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private long[] withoutSubject(String subject) throws SQLException {
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE event = "
             + Sql.literal(journey.startEvent()) + "), count(*) FILTER (WHERE event IN ("
             + Sql.literals(journey.outcomeEvents()) + ")) FROM build.events1 WHERE " + subject
             + " IS NULL AND occurred_at <= make_timestamp(" + asOf.toEpochMilli() * 1000
             + ")")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    }
  }

  /** The state of one subject's (and key value's) current journey. */
  private static final class Current {
    String subject;
    String key;
    boolean active;
    long started;
    long converted = -1;
    long failed = -1;
    String failureEvent;

    boolean running(long at, long window) {
      return active && converted < 0 && failed < 0 && at <= started + window;
    }
  }

  private Result stream(String sql, Path scratch, long window) throws SQLException, IOException {
    long journeys = 0;
    long withoutKey = 0;
    boolean keyed = journey.key() != null;
    try (DuckDBConnection reader = (DuckDBConnection) store.duplicate();
         Statement q = reader.createStatement();
         ResultSet r = q.executeQuery(sql);
         Writer out = Files.newBufferedWriter(scratch)) {
      Current c = new Current();
      while (r.next()) {
        String subjectId = r.getString(1);
        String key = r.getString(2);
        long at = r.getLong(3);
        int rank = r.getInt(4);
        if (keyed && key == null) {
          withoutKey += rank == 0 ? 1 : 0;
          continue;
        }
        if (!subjectId.equals(c.subject) || (keyed && !key.equals(c.key))) {
          if (c.active) {
            append(out, ++journeys, c, window);
          }
          c = new Current();
          c.subject = subjectId;
          c.key = key;
        }
        boolean running = c.running(at, window);
        if (rank == 0 && !running) {
          if (c.active) {
            append(out, ++journeys, c, window);
          }
          c.active = true;
          c.started = at;
          c.converted = -1;
          c.failed = -1;
          c.failureEvent = null;
        } else if (rank == 2 && running) {
          c.converted = at;
        } else if (rank == 3 && running) {
          c.failed = at;
          c.failureEvent = r.getString(5);
        }
      }
      if (c.active) {
        append(out, ++journeys, c, window);
      }
    }
    return new Result(journeys, withoutKey, 0, 0);
  }

  private void load(Path scratch) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO build.journeys0 SELECT * FROM read_csv(" + Sql.literal(
          scratch.toString()) + ", header = false, columns = {'journey_id': 'BIGINT',"
          + " 'subject_id': 'VARCHAR', 'journey_key': 'VARCHAR', 'started_ms': 'BIGINT',"
          + " 'ends_ms': 'BIGINT', 'converted_ms': 'BIGINT', 'failed_ms': 'BIGINT',"
          + " 'failure_event': 'VARCHAR'}, quote = '\"', escape = '\"', nullstr = '',"
          + " allow_quoted_nulls = false)");
    }
  }

  private void append(Writer out, long id, Current c, long window) throws IOException {
    if (id % 100_000 == 0) {
      listener.progress("journeys", id, -1);
    }
    out.write(id + "," + quoted(c.subject) + "," + quoted(c.key) + "," + c.started + ","
        + (c.started + window) + "," + (c.converted < 0 ? "" : Long.toString(c.converted)) + ","
        + (c.failed < 0 ? "" : Long.toString(c.failed)) + "," + quoted(c.failureEvent) + "\n");
  }

  /** CSV field; null stays empty (read as NULL), an empty string is quoted. */
  private static String quoted(String value) {
    return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
  }
}
