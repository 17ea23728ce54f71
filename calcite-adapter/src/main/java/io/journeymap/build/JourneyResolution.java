package io.journeymap.build;

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
 * Cuts each subject's start and success events into journey instances. A start event opens a
 * journey unless one is still running (window not over and not converted); the first success
 * event inside the window converts it. This is a per-subject state machine over events sorted by
 * time, which SQL expresses poorly, so it streams through Java once.
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

  /** Writes {@code build.journeys0}; returns the number of journeys. */
  long run() throws SQLException, IOException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.journeys0 (journey_id BIGINT, subject_id VARCHAR,"
          + " started_ms BIGINT, ends_ms BIGINT, converted_ms BIGINT)");
    }
    String subject = journey.subject().column();
    long window = journey.window().toMillis();
    long journeys;
    String sql = "SELECT CAST(" + subject + " AS VARCHAR), epoch_ms(occurred_at), event = "
        + Sql.literal(journey.startEvent()) + " FROM main.events WHERE " + subject
        + " IS NOT NULL AND event IN (" + Sql.literal(journey.startEvent()) + ", "
        + Sql.literal(journey.successEvent()) + ") AND occurred_at <= "
        + "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")"
        + " ORDER BY " + subject + ", occurred_at, event_id";
    // Journeys go to a scratch CSV and are loaded in one statement: appending to the store while
    // a streamed query on it is open makes every appender flush crawl.
    Path scratch = Files.createTempFile("journeymap-journeys", ".csv");
    try {
      journeys = stream(sql, scratch, window);
      load(scratch);
    } finally {
      Files.deleteIfExists(scratch);
    }
    return journeys;
  }

  private long stream(String sql, Path scratch, long window) throws SQLException, IOException {
    long journeys = 0;
    try (DuckDBConnection reader = (DuckDBConnection) store.duplicate();
         Statement q = reader.createStatement();
         ResultSet r = q.executeQuery(sql);
         Writer out = Files.newBufferedWriter(scratch)) {
      String current = null;
      long started = 0;
      long converted = -1;
      boolean active = false;
      while (r.next()) {
        String subjectId = r.getString(1);
        long at = r.getLong(2);
        boolean isStart = r.getBoolean(3);
        if (!subjectId.equals(current)) {
          if (active) {
            append(out, ++journeys, current, started, started + window, converted);
          }
          current = subjectId;
          active = false;
        }
        boolean running = active && converted < 0 && at <= started + window;
        if (isStart && !running) {
          if (active) {
            append(out, ++journeys, current, started, started + window, converted);
          }
          active = true;
          started = at;
          converted = -1;
        } else if (!isStart && running) {
          converted = at;
        }
      }
      if (active) {
        append(out, ++journeys, current, started, started + window, converted);
      }
    }
    return journeys;
  }

  private void load(Path scratch) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO build.journeys0 SELECT * FROM read_csv(" + Sql.literal(
          scratch.toString()) + ", header = false, columns = {'journey_id': 'BIGINT',"
          + " 'subject_id': 'VARCHAR', 'started_ms': 'BIGINT', 'ends_ms': 'BIGINT',"
          + " 'converted_ms': 'BIGINT'}, quote = '\"', escape = '\"', nullstr = '')");
    }
  }

  private void append(Writer out, long id, String subject, long started, long ends,
      long converted) throws IOException {
    if (id % 100_000 == 0) {
      listener.progress("journeys", id, -1);
    }
    out.write(id + ",\"" + subject.replace("\"", "\"\"") + "\"," + started + "," + ends + ","
        + (converted < 0 ? "" : Long.toString(converted)) + "\n");
  }
}
