package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.cli.JourneymapCliTest.Run;
import io.journeymap.demo.DemoWorld;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journeymap export-triggers}: exactly the treated part of today's list, compared row by
 * row with the store's own triggers table; never a holdout subject.
 */
class TriggerExportTest {
  @TempDir
  static Path dir;
  static String model;

  @BeforeAll
  static void world() {
    model = new DemoWorld(1_500, 9).writeTo(dir, n -> { }).model().toString();
    assertEquals(0, JourneymapCliTest.run("build", "--model", model).code());
  }

  @Test
  void writesTheTreatedOpenJourneysOfOneTrigger() throws Exception {
    Run r = JourneymapCliTest.run("export-triggers", "--model", model, "--trigger",
        "setup_stalled");
    assertEquals(0, r.code(), r.err());
    List<String> lines = List.of(r.out().split("\n"));
    assertEquals("trigger_name,action,subject,subject_key,journey_id,fired_at,reason,"
        + "contact_email", lines.get(0));
    List<String> expected = new ArrayList<>();
    long holdout;
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
         ResultSet rs = c.createStatement().executeQuery("SELECT subject_key,"
             + " json_extract_string(contact, '$.email') FROM triggers WHERE trigger_name ="
             + " 'setup_stalled' AND test_group = 'treated' AND open_now"
             + " ORDER BY fired_at, subject_key")) {
      while (rs.next()) {
        expected.add(rs.getString(1) + "|" + rs.getString(2));
      }
      ResultSet h = c.createStatement().executeQuery("SELECT count(*) FROM triggers WHERE"
          + " test_group = 'holdout' AND open_now");
      h.next();
      holdout = h.getLong(1);
    }
    assertTrue(expected.size() > 10, "a list worth exporting: " + expected.size());
    assertTrue(holdout > 0, "some open journeys are held out");
    List<String> got = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals("setup_stalled", cells[0]);
      got.add(cells[3] + "|" + cells[cells.length - 1]);
    }
    assertEquals(expected, got);
  }

  @Test
  void jsonLinesAndAnUnknownTrigger() {
    Run r = JourneymapCliTest.run("export-triggers", "--model", model, "--trigger",
        "setup_stalled", "--format", "jsonl");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("{\"trigger_name\":\"setup_stalled\""), r.out());
    Run wrong = JourneymapCliTest.run("export-triggers", "--model", model, "--trigger",
        "nope");
    assertEquals(2, wrong.code());
    assertTrue(wrong.err().contains("no trigger 'nope' in this store; its triggers:"
        + " setup_stalled"), wrong.err());
  }
}
