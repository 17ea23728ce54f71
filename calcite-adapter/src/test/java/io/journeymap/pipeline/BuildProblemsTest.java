package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.ModelProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes only the data can reveal are located in the model file too, and lose nothing. */
class BuildProblemsTest {
  @TempDir
  Path dir;

  private ModelProblem problemBuilding(String model) throws Exception {
    Files.writeString(dir.resolve("crm.csv"), TrialFixture.CRM);
    Files.writeString(dir.resolve("app.csv"), TrialFixture.APP);
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, model);
    JourneyModel m = ModelLoader.load(file);
    ModelException e = assertThrows(ModelException.class,
        () -> new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build());
    assertFalse(Files.exists(m.defaultStore()), "a failed build leaves no store behind");
    return e.problems().get(0);
  }

  @Test
  void missingColumnNamesTheLineAndTheColumnsThatExist() throws Exception {
    ModelProblem p = problemBuilding(TrialFixture.MODEL.replace("channel: channel",
        "channel: lead_source"));
    assertEquals(23, p.line());
    assertTrue(p.message().contains("source 'crm' has no column 'lead_source'; its columns are:"
        + " customer_id, email, created, channel"), p.message());
  }

  @Test
  void missingFileIsLocated() throws Exception {
    ModelProblem p = problemBuilding(TrialFixture.MODEL.replace("path: app.csv",
        "path: apps.csv"));
    assertTrue(p.message().contains("file not found"), p.message());
    assertEquals(26, p.line());
  }

  @Test
  void brokenStageRuleIsLocatedBeforeTheBuild() throws Exception {
    // rules are checked when the model loads, so a broken one never reaches the store
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, TrialFixture.MODEL.replace("""
            events: [setup_done]
            min_count: 2
        """, """
            when: "setup_done >>= 2"
        """));
    ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(file));
    ModelProblem p = e.problems().get(0);
    assertTrue(p.message().contains("stage rule 'setup_done >>= 2': unexpected '>='"),
        p.message());
    assertEquals(34, p.line());
  }

  @Test
  void messyCsvLosesNothing() throws Exception {
    // BOM, semicolons, CRLF, a quoted line break, a line that cannot be parsed, blank identifier
    Files.write(dir.resolve("raw.csv"), ("\uFEFFWhen;User Email;What\r\n"
        + "\"2024-01-05 10:00\";\" Ann@X.com \";signup\r\n"
        + "\"2024-01-06 11:00\";ann@x.com;\"paid\r\nlate\"\r\n"
        + "2024-01-07 12:00;bob@x.com;signup\r\n"
        + "broken line without separators\r\n"
        + "2024-01-09;;signup\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, """
        journey: {name: t, goal: g, start_event: signup, success_event: paid, window: 7 days}
        taxonomy: [signup, paid]
        identity: {kinds: {email: {strength: strong, lowercase: true}}}
        sources:
          - name: raw
            format: csv
            path: raw.csv
            time: When
            event: {column: What, rules: [{regex: "^paid", to: paid}]}
            identifiers: {User Email: email}
        stages:
          - {name: signed_up, events: [signup]}
          - {name: paid, events: [paid]}
        """);
    JourneyModel m = ModelLoader.load(file);
    BuildSummary s = new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build();
    assertEquals(new BuildSummary.SourceCount("raw", 5, 3, 2), s.sources().get(0));
    assertEquals(2, s.persons());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + m.defaultStore());
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT string_agg(reason, ' | ' ORDER BY reason)"
             + " FROM rejected_events")) {
      r.next();
      assertEquals("no usable identifier (all blank) | unreadable line 5: Expected Number of"
          + " Columns: 3 Found: 1; Expected Number of Columns: 3 Found: 2", r.getString(1));
    }
  }

  @Test
  void aSubjectCanStartAgainAfterItsJourneyClosed() throws Exception {
    Files.writeString(dir.resolve("crm.csv"), "customer_id,email,created,channel\n");
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,email,cookie,event
        2024-01-01T00:00:00Z,zed,,,trial_started
        2024-01-02T00:00:00Z,zed,,,trial_started
        2024-01-25T00:00:00Z,zed,,,trial_started
        2024-01-26T00:00:00Z,zed,,,paid
        2024-01-27T00:00:00Z,zed,,,paid
        2024-01-28T00:00:00Z,zed,,,trial_started
        """);
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, TrialFixture.MODEL);
    JourneyModel m = ModelLoader.load(file);
    BuildSummary s = new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build();
    // Jan 1 opens one (Jan 2 repeats it), it closes Jan 22; Jan 25 opens a second, paid Jan 26;
    // Jan 28 opens a third, still open on the as-of date (window ends Feb 18 < Mar 1: dropped)
    assertEquals(3, s.journeys());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + m.defaultStore());
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT string_agg(status || '@' ||"
             + " strftime(started_at, '%m-%d'), ',' ORDER BY started_at) FROM journeys")) {
      r.next();
      assertEquals("dropped@01-01,converted@01-25,dropped@01-28", r.getString(1));
    }
  }
}
