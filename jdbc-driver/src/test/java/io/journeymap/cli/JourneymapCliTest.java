package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JourneymapCliTest {
  @TempDir
  static Path dir;
  static Path model;

  /** Output of one command line run. */
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = JourneymapCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @BeforeAll
  static void world() {
    model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
  }

  @Test
  void buildPrintsPerSourceCountsThatAddUp() {
    Run r = run("build", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("ok ingest crm"), r.err());
    assertTrue(r.err().contains("ok identity"), r.err());
    for (String source : new String[] {"crm", "web", "product", "email", "support", "billing"}) {
      String line = r.out().lines().filter(l -> l.startsWith(source + " ")).findFirst()
          .orElseThrow();
      String[] n = line.substring(source.length()).trim().replace(",", "").split("\\s+");
      assertEquals(Long.parseLong(n[0]), Long.parseLong(n[1]) + Long.parseLong(n[2]), line);
    }
    assertTrue(r.out().contains("journeys"), r.out());
  }

  @Test
  void sqlPrintsAnAlignedTable() {
    Run r = run("sql", "--model", model.toString(),
        "SELECT stage_order, stage FROM stages ORDER BY stage_order");
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("\n",
        "stage_order | stage",
        "------------+--------------",
        "          1 | trial_started",
        "          2 | activated",
        "          3 | engaged",
        "          4 | converted",
        "(4 rows)", ""), r.out());
  }

  @Test
  void reportShowsTheTwoMinuteView() {
    Run r = run("report", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("STAGE FUNNEL"), r.out());
    assertTrue(r.out().contains("trial_started -> activated"), r.out());
    assertTrue(r.out().contains("BIGGEST DROP-OFF"), r.out());
    assertTrue(r.out().contains("CHANNELS"), r.out());
  }

  @Test
  void userMistakesGiveMessagesNotStackTraces() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(model).replace("window: 21 days", "window: soon"));
    Run r = run("build", "--model", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.yaml:8:11: window 'soon' is not a positive duration"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    Run q = run("sql", "--model", model.toString(), "SELECT nope FROM journeys");
    assertEquals(1, q.code());
    assertTrue(q.err().contains("Column 'nope' not found"), q.err());
    assertFalse(q.err().contains("\tat "), q.err());
  }
}
