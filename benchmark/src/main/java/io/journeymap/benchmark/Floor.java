package io.journeymap.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The DuckDB floor for a demo world's build: DuckDB alone reads the same CSV files into a store
 * file, maps every row to one event table (the model's time parsing, event names, one
 * normalised identifier) and aggregates it once. No identity, journeys or stages: this is what
 * reading and mapping the data costs in the engine, the least a build can take.
 */
final class Floor {
  /** The offset test the build applies to time text without a format (ISO 8601). */
  private static final String OFFSET_REGEX =
      "[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)$";

  record Result(long rows, long events, double seconds) {}

  private Floor() {}

  /** Source file, time expression over {@code t}, event expression, identifier column. */
  private record Part(String file, String time, String event, String id) {}

  private static String iso(String col) {
    String v = "NULLIF(trim(" + col + "), '')";
    return "CASE WHEN regexp_matches(" + v + ", '" + OFFSET_REGEX + "') THEN TRY_CAST(" + v
        + " AS TIMESTAMPTZ) ELSE CAST(TRY_CAST(" + v + " AS TIMESTAMP) AS TIMESTAMPTZ) END";
  }

  private static final List<Part> PARTS = List.of(
      new Part("crm_contacts.csv", "CAST(CAST(try_strptime(NULLIF(trim(created_at), ''),"
          + " '%Y-%m-%d %H:%M:%S') AS TIMESTAMP) AS TIMESTAMPTZ)", "'lead_created'", "email"),
      new Part("web_events.csv", iso("ts"), "CASE WHEN regexp_matches(page, '^/pricing')"
          + " THEN 'pricing_viewed' WHEN regexp_matches(page, '^/webinar/.*/attended$')"
          + " THEN 'webinar_attended' WHEN regexp_matches(page, '^/') THEN 'page_viewed' END",
          "coalesce(login, cookie_id)"),
      new Part("product_events.csv", "make_timestamp(TRY_CAST(NULLIF(trim(event_time), '')"
          + " AS BIGINT) * 1000)::TIMESTAMPTZ", "CASE event_name WHEN 'Trial Started' THEN"
          + " 'trial_started' WHEN 'Feature Used' THEN 'feature_used' WHEN 'Invite Sent' THEN"
          + " 'teammate_invited' ELSE CASE WHEN regexp_matches(event_name,"
          + " '^setup_step_[0-9]+_done$') THEN 'setup_step_completed' END END", "user_id"),
      new Part("email_events.csv", "timezone('Europe/London', CAST(try_strptime(NULLIF(trim("
          + "occurred), ''), '%d/%m/%Y %H:%M') AS TIMESTAMP))", "CASE type WHEN 'delivered'"
          + " THEN 'email_sent' WHEN 'open' THEN 'email_opened' WHEN 'click' THEN"
          + " 'email_clicked' END", "recipient"),
      new Part("support_tickets.csv", iso("created"), "'support_ticket_opened'",
          "requester_email"),
      new Part("billing_payments.csv", iso("paid_at"), "'subscription_paid'", "customer"));

  static Result run(Path dir) throws SQLException, java.io.IOException {
    Path file = dir.resolve("floor.duckdb");
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir.resolve("floor.duckdb.wal"));
    StringBuilder union = new StringBuilder();
    for (Part p : PARTS) {
      if (union.length() > 0) {
        union.append(" UNION ALL ");
      }
      union.append("SELECT ").append(sql(p.file())).append(" AS source, TRY(CAST(")
          .append(p.time()).append(" AS TIMESTAMP)) AS occurred_at, ").append(p.event())
          .append(" AS event, lower(NULLIF(trim(").append(p.id()).append("), '')) AS id")
          .append(" FROM read_csv(").append(sql(dir.resolve(p.file()).toString()))
          .append(", all_varchar = true, header = true)");
    }
    long t = System.nanoTime();
    long rows;
    long events;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file, new Properties());
         Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      // the build's own bound, so both sides have the same memory and the process's peak
      // resident size reported by the build is not the floor's
      s.execute("SET memory_limit = '"
          + io.journeymap.pipeline.BuildSettings.defaults().memoryMb() + "MB'");
      s.execute("CREATE TABLE events AS " + union);
      long sum = 0;
      try (ResultSet r = s.executeQuery("SELECT event, count(*), count(DISTINCT id),"
          + " min(occurred_at), max(occurred_at) FROM events GROUP BY event")) {
        while (r.next()) {
          sum += r.getLong(2);
        }
      }
      rows = sum;
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM events"
          + " WHERE event IS NOT NULL AND occurred_at IS NOT NULL")) {
        r.next();
        events = r.getLong(1);
      }
      s.execute("CHECKPOINT");
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    Files.deleteIfExists(file);
    return new Result(rows, events, seconds);
  }

  private static String sql(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
