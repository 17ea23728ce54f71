package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.zeppelin.Paragraphs.Shown;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zeppelin.interpreter.InterpreterContext;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.InterpreterResult.Code;
import org.apache.zeppelin.interpreter.InterpreterResult.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code %journey} paragraphs in process against a real built store (a small demo world). */
class JourneyInterpreterTest {
  /** Runs for minutes unless stopped: a three-way cross product of the events. */
  static final String SLOW = "SELECT count(*) FROM events a, events b, events c"
      + " WHERE a.event_id + b.event_id * 3 + c.event_id * 7 = -1";

  static JourneyInterpreter journey;

  @BeforeAll
  static void open() throws Exception {
    journey = interpreter(Map.of());
  }

  @AfterAll
  static void close() throws InterpreterException {
    journey.close();
  }

  static JourneyInterpreter interpreter(Map<String, String> settings)
      throws InterpreterException {
    return StoreFixture.interpreter(settings);
  }

  static List<Object[]> direct(String sql) throws Exception {
    return StoreFixture.direct(sql);
  }

  @Test
  void eachStatementOfAParagraphIsItsOwnTableWithTheStoresNumbers() throws Exception {
    Shown shown = Paragraphs.run(journey, "SELECT count(*) AS journeys FROM journeys;\n"
        + "-- a comment; with a semicolon\n"
        + "SELECT stage, stage_order FROM stages ORDER BY stage_order;");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    assertEquals(2, shown.of(Type.TABLE).size(), shown.text());
    List<String[]> first = shown.table(0);
    assertArrayEquals(new String[] {"journeys"}, first.get(0));
    long expected = ((Number) direct("SELECT count(*) FROM journey.journeys").get(0)[0])
        .longValue();
    assertEquals(String.valueOf(expected), first.get(1)[0]);
    List<Object[]> stages = direct("SELECT stage FROM journey.stages ORDER BY stage_order");
    List<String[]> second = shown.table(1);
    assertEquals(stages.size() + 1, second.size());
    for (int i = 0; i < stages.size(); i++) {
      assertEquals(stages.get(i)[0], second.get(i + 1)[0]);
      assertEquals(String.valueOf(i + 1), second.get(i + 1)[1]);
    }
    assertTrue(shown.of(Type.HTML).isEmpty(), "plain tables get no journey chart");
  }

  @Test
  void valuesAreFormattedForReadingAndCannotBreakTheTable() {
    Shown shown = Paragraphs.run(journey, "SELECT 0.4725590955806783::DOUBLE AS rate,"
        + " NULL::VARCHAR AS nothing, 'a' || chr(9) || 'b' || chr(10) || 'c' AS messy,"
        + " 1.5e-9::DOUBLE AS p, '%html <b>x</b>' AS markup, 2.0::DOUBLE AS whole,"
        + " count(*) FROM (SELECT 1)");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<String[]> t = shown.table(0);
    assertEquals(2, t.size(), "one header and one row: the tab and newline stayed inside");
    assertArrayEquals(new String[] {"rate", "nothing", "messy", "p", "markup", "whole",
        "count_star()"}, t.get(0));
    assertArrayEquals(new String[] {"0.4726", "", "a\\tb\\nc", "1.50e-09", " %html <b>x</b>",
        "2", "1"}, t.get(1));
  }

  @Test
  void rowsBeyondTheCapAreCutWithAVisibleNotice() throws Exception {
    JourneyInterpreter capped = interpreter(Map.of(Settings.MAX_ROWS, "25"));
    try {
      long events = ((Number) direct("SELECT count(*) FROM journey.events").get(0)[0])
          .longValue();
      assertTrue(events > 25);
      Shown shown = Paragraphs.run(capped, "SELECT * FROM events ORDER BY event_id");
      assertEquals(26, shown.table(0).size());
      String notice = shown.of(Type.TEXT).get(0).getData();
      assertTrue(notice.contains("first 25 rows"), notice);
      // exactly the cap: no notice
      Shown exact = Paragraphs.run(capped, "SELECT * FROM events LIMIT 25");
      assertEquals(26, exact.table(0).size());
      assertTrue(exact.of(Type.TEXT).isEmpty(), exact.text());
    } finally {
      capped.close();
    }
    JourneyInterpreter small = interpreter(Map.of(Settings.MAX_RESULT_BYTES, "2000"));
    try {
      Shown shown = Paragraphs.run(small, "SELECT * FROM events");
      String table = shown.of(Type.TABLE).get(0).getData();
      assertTrue(table.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 2000);
      assertTrue(shown.of(Type.TEXT).get(0).getData().contains("output limit of 2,000 bytes"));
    } finally {
      small.close();
    }
  }

  @Test
  void anErrorStopsTheParagraphWithItsMessageAndPositionAndNoStackTrace() {
    Shown shown = Paragraphs.run(journey, "SELECT 1 AS one;\n\nSELECT count(*)\nFORM journeys;"
        + "\nSELECT 2");
    assertEquals(Code.ERROR, shown.code());
    assertEquals(1, shown.of(Type.TABLE).size(), "the statement before the error is shown");
    String error = shown.of(Type.TEXT).get(0).getData();
    assertTrue(error.startsWith("ERROR in statement 2 of 3 (line 3, \"SELECT count(*)\"): "
        + "syntax error"), error);
    assertTrue(error.contains("(paragraph line 4, column"), error);
    assertFalse(error.contains("\tat ") || error.contains("Exception"), error);
    Shown missing = Paragraphs.run(journey, "-- which column?\nSELECT journey_id,\n       nope FROM journeys");
    assertEquals(Code.ERROR, missing.code());
    String m = missing.text();
    assertTrue(m.startsWith("ERROR in line 2: ") && m.contains("nope"), m);
    assertTrue(m.contains("(paragraph line 3, column 8)"), m);
    Shown write = Paragraphs.run(journey, "DROP TABLE journeys");
    assertTrue(write.text().contains("read-only"), write.text());
  }

  @Test
  void explainShowsThePlanAsTextWithItsShape() {
    Shown shown = Paragraphs.run(journey, "EXPLAIN SELECT event, count(*) FROM events"
        + " GROUP BY event");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    assertTrue(shown.of(Type.TABLE).isEmpty());
    String plan = shown.of(Type.TEXT).get(0).getData();
    assertTrue(plan.lines().count() > 5, plan);
    assertTrue(plan.contains("\u250c") && plan.contains("\u2502"), plan); // the plan's boxes
    assertTrue(plan.contains("HASH_GROUP_BY") || plan.contains("GROUP"), plan);
  }

  @Test
  void precodeRunsOncePerConnectionAndItsErrorsAreReported() throws Exception {
    JourneyInterpreter withPrecode = interpreter(Map.of(Settings.PRECODE,
        "SELECT count(*) FROM journeys; SELECT 1"));
    try {
      for (int k = 0; k < 3; k++) {
        assertEquals(Code.SUCCESS, Paragraphs.run(withPrecode, "SELECT 1").code());
      }
      assertEquals(1, withPrecode.session().precodeRuns());
    } finally {
      withPrecode.close();
    }
    JourneyInterpreter broken = interpreter(Map.of(Settings.PRECODE, "SELECT 1;\nSELEC 2"));
    try {
      Shown shown = Paragraphs.run(broken, "SELECT 1");
      assertEquals(Code.ERROR, shown.code());
      assertTrue(shown.text().contains("journey.precode failed: statement 2 of 2 (line 2"),
          shown.text());
    } finally {
      broken.close();
    }
  }

  @Test
  void cancelStopsARunningStatementAndIsHarmlessWhenNothingRuns() throws Exception {
    InterpreterContext idle = Paragraphs.context("idle", Map.of());
    journey.cancel(idle);
    assertEquals(0, journey.getProgress(idle));

    InterpreterContext ctx = Paragraphs.context("slow", Map.of());
    CompletableFuture<Shown> done = CompletableFuture.supplyAsync(
        () -> Paragraphs.run(journey, "SELECT 1;\nSELECT 2;\n" + SLOW, ctx));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (journey.getProgress(ctx) < 66 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEquals(66, journey.getProgress(ctx), "two of three statements done");
    Thread.sleep(500);
    assertFalse(done.isDone(), "the slow statement ended by itself");
    long t = System.nanoTime();
    journey.cancel(ctx);
    Shown shown = done.get(10, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - t) / 1e9;
    assertTrue(seconds < 2, "cancel took " + seconds + " s");
    assertEquals(Code.ERROR, shown.code());
    assertEquals(2, shown.of(Type.TABLE).size());
    assertTrue(shown.text().contains("Cancelled: statement 3 of 3"), shown.text());
    assertEquals(Code.SUCCESS, Paragraphs.run(journey, "SELECT 1").code(), "goes on after");
  }

  @Test
  void theQueryTimeoutStopsALongStatementWithAnErrorThatSaysSo() throws Exception {
    JourneyInterpreter timed = interpreter(Map.of(Settings.QUERY_TIMEOUT, "1"));
    try {
      long t = System.nanoTime();
      Shown shown = Paragraphs.run(timed, SLOW);
      double seconds = (System.nanoTime() - t) / 1e9;
      assertEquals(Code.ERROR, shown.code());
      assertTrue(shown.text().startsWith("ERROR in line 1: query timed out after 1 s"),
          shown.text());
      assertTrue(seconds < 5, "stopped after " + seconds + " s");
    } finally {
      timed.close();
    }
  }

  @Test
  void unknownChartAndBadPropertiesAreRefusedByName() throws Exception {
    Shown shown = Paragraphs.run(journey, "SELECT 1", Map.of("chart", "pie"));
    assertEquals(Code.ERROR, shown.code());
    assertTrue(shown.text().contains("unknown chart 'pie'"), shown.text());
    Properties p = new Properties();
    p.setProperty(Settings.MAX_ROWS, "lots");
    InterpreterException e = org.junit.jupiter.api.Assertions.assertThrows(
        InterpreterException.class, () -> new JourneyInterpreter(p).open());
    assertTrue(e.getMessage().contains("journey.max_rows must be a whole number"),
        e.getMessage());
  }

  @Test
  void aMissingStoreIsReportedAsAnError() throws Exception {
    JourneyInterpreter nowhere = interpreter(Map.of(Settings.MODEL,
        StoreFixture.dir().resolve("missing.yaml").toString()));
    try {
      Shown shown = Paragraphs.run(nowhere, "SELECT 1");
      assertEquals(Code.ERROR, shown.code());
      assertTrue(shown.text().startsWith("ERROR: cannot open the journey store"), shown.text());
      assertTrue(nowhere.completion("SEL", 3, Paragraphs.context("c", Map.of())).isEmpty());
    } finally {
      nowhere.close();
    }
  }
}
