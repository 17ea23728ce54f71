package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record that carries one identifier in two columns (an address as contact and as work email,
 * in two spellings) counts once for it: identifier counts are counts of records.
 */
class IdentifierRecordsTest {
  @TempDir
  Path dir;

  @Test
  void anIdentifierInTwoColumnsOfOneRecordCountsOnce() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,email,work_email,event
        2024-01-01T10:00:00Z,ann@x.com,ANN@x.com,trial_started
        2024-01-02T10:00:00Z,ann@x.com,ann@corp.com,setup_done
        2024-01-03T10:00:00Z,,ann@corp.com,paid
        2024-01-01T11:00:00Z,bob@x.com,bob@x.com,trial_started
        """);
    StoreQueries.build(dir, """
        journey:
          name: trial
          goal: Trial converts within 10 days
          start_event: trial_started
          success_event: paid
          window: 10 days
          as_of: 2024-03-01
        taxonomy: [trial_started, setup_done, paid]
        identity:
          kinds: {email: {strength: strong, lowercase: true}}
        sources:
          - name: app
            format: csv
            path: app.csv
            time: ts
            event: {column: event}
            identifiers: {email: email, work_email: email}
        stages:
          - name: started
            events: [trial_started]
          - name: converted
            events: [paid]
        """);
    try (Connection c = StoreQueries.open(dir)) {
      // ann@x.com: records 1 and 2 (twice in record 1); ann@corp.com: records 2 and 3;
      // bob@x.com: record 4, in both columns
      assertEquals(List.of("ann@corp.com|2", "ann@x.com|2", "bob@x.com|1"),
          rows(c, "SELECT identifier, events FROM identities ORDER BY 1"));
      assertEquals(List.of("2|1"), rows(c, "SELECT count(DISTINCT person_id),"
          + " count(DISTINCT person_id) FILTER (WHERE identifier LIKE 'ann@%') FROM identities"));
    }
  }

  /**
   * Mail to a sub-address reaches the same mailbox: Jane+app@Mail.com is jane@mail.com, so a
   * payment under the tagged address converts her journey; with {@code plus_tags: keep} it is a
   * person of its own and her journey does not convert. '+1@x.com' (no local part before the
   * tag) and an info+crm@ role address keep their text.
   */
  @Test
  void anEmailsPlusTagNamesTheSameMailbox() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,email,event
        2024-01-01T10:00:00Z,jane@mail.com,trial_started
        2024-01-05T10:00:00Z, Jane+app@Mail.com ,paid
        2024-01-01T11:00:00Z,+1@x.com,trial_started
        """);
    String model = """
        journey:
          name: trial
          goal: Trial converts within 10 days
          start_event: trial_started
          success_event: paid
          window: 10 days
          as_of: 2024-03-01
        taxonomy: [trial_started, paid]
        identity:
          kinds: {email: {strength: strong%s}}
        sources:
          - name: app
            format: csv
            path: app.csv
            time: ts
            event: {column: event}
            identifiers: {email: email}
        stages:
          - name: started
            events: [trial_started]
          - name: converted
            events: [paid]
        """;
    StoreQueries.build(dir, model.formatted(""));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("+1@x.com|1", "jane@mail.com|2"),
          rows(c, "SELECT identifier, events FROM identities ORDER BY 1"));
      assertEquals(List.of("email:+1@x.com|dropped", "email:jane@mail.com|converted"), rows(c, "SELECT"
          + " p.primary_identifier, j.status FROM journeys j JOIN persons p USING (person_id)"
          + " ORDER BY 1"));
    }
    StoreQueries.build(dir, model.formatted(", plus_tags: keep"));
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("+1@x.com|1", "jane+app@mail.com|1", "jane@mail.com|1"),
          rows(c, "SELECT identifier, events FROM identities ORDER BY 1"));
      assertEquals(List.of("email:+1@x.com|dropped", "email:jane@mail.com|dropped"), rows(c, "SELECT"
          + " p.primary_identifier, j.status FROM journeys j JOIN persons p USING (person_id)"
          + " ORDER BY 1"));
    }
  }
}
