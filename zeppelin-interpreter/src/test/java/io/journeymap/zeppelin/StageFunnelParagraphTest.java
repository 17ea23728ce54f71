package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.stats.Proportion;
import io.journeymap.zeppelin.Paragraphs.Shown;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zeppelin.display.GUI;
import org.apache.zeppelin.display.ui.CheckBox;
import org.apache.zeppelin.interpreter.InterpreterContext;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.InterpreterResult.Code;
import org.apache.zeppelin.interpreter.InterpreterResult.Type;
import org.apache.zeppelin.interpreter.InterpreterOutput;
import org.apache.zeppelin.user.AuthenticationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code %journey(chart=stages)}: a checkbox of the model's stages and the funnel of the picked
 * ones, checked against a recomputation from the raw stage entries read by DuckDB itself.
 */
class StageFunnelParagraphTest {
  static JourneyInterpreter journey;

  @BeforeAll
  static void open() throws InterpreterException {
    journey = StoreFixture.interpreter(Map.of());
    Paragraphs.run(journey, "SELECT 1"); // builds the fixture's store if no test did yet
  }

  @AfterAll
  static void close() throws InterpreterException {
    journey.close();
  }

  @Test
  void allStagesArePickedAtFirstAndTheCountsFollowTheStageEntries() throws Exception {
    GUI gui = new GUI();
    Shown shown = run("", gui);
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<String> stages = stages();
    CheckBox box = (CheckBox) gui.getForms().get("stages");
    assertEquals(stages.size(), box.getOptions().length, "every stage is offered");
    assertEquals(Type.HTML, shown.messages().get(0).getType(), "the chart comes first");
    assertTrue(shown.of(Type.HTML).get(0).getData().startsWith("<svg"));
    assertEquals(expected(stages, null), counts(shown));
  }

  @Test
  void thePickedStagesAloneMakeTheFunnelInTheModelsOrder() throws Exception {
    List<String> stages = stages();
    // picked out of order on purpose: the funnel follows the model's order
    List<String> picked = List.of(stages.get(stages.size() - 1), stages.get(0));
    GUI gui = new GUI();
    Map<String, Object> params = new HashMap<>();
    params.put("stages", new ArrayList<Object>(picked));
    gui.setParams(params);
    Shown shown = run("", gui);
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<String[]> table = shown.table(0);
    assertEquals(3, table.size(), "header and two steps");
    assertEquals(stages.get(0), table.get(1)[1]);
    assertEquals(stages.get(stages.size() - 1), table.get(2)[1]);
    List<Long> want = expected(List.of(stages.get(0), stages.get(stages.size() - 1)), null);
    assertEquals(want, counts(shown));
    // the rate and its Wilson interval, from the counts by the statistics library
    Proportion p = Proportion.wilson(want.get(1), want.get(0));
    assertEquals(p.rate(), Double.parseDouble(table.get(2)[3]), 1e-4);
    assertEquals(p.low(), Double.parseDouble(table.get(2)[4]), 1e-4);
    assertEquals(p.high(), Double.parseDouble(table.get(2)[5]), 1e-4);
  }

  @Test
  void theParagraphsQueryChoosesTheJourneys() throws Exception {
    String channel = (String) StoreFixture.direct("SELECT first_channel FROM journey.journeys"
        + " WHERE judged GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").get(0)[0];
    Shown shown = run("SELECT journey_id FROM journeys WHERE first_channel = '" + channel
        + "';", new GUI());
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    assertEquals(expected(stages(), channel), counts(shown));
    assertTrue(shown.of(Type.HTML).get(0).getData().contains("of the paragraph"));
  }

  @Test
  void fewerThanTwoStagesOrABadQueryAreErrorsThatSaySo() throws Exception {
    GUI gui = new GUI();
    Map<String, Object> params = new HashMap<>();
    params.put("stages", new ArrayList<Object>(List.of(stages().get(0))));
    gui.setParams(params);
    Shown one = run("", gui);
    assertEquals(Code.ERROR, one.code());
    assertTrue(one.text().contains("pick at least two stages"), one.text());
    Shown bad = run("SELECT nothing FROM nowhere", new GUI());
    assertEquals(Code.ERROR, bad.code());
    assertTrue(bad.text().contains("nowhere"), bad.text());
  }

  private static Shown run(String text, GUI gui) {
    InterpreterContext ctx = InterpreterContext.builder()
        .setNoteId("note")
        .setParagraphId("stages-" + System.nanoTime())
        .setAuthenticationInfo(new AuthenticationInfo("analyst"))
        .setLocalProperties(Map.of("chart", "stages"))
        .setGUI(gui)
        .setInterpreterOut(new InterpreterOutput())
        .build();
    return Paragraphs.run(journey, text, ctx);
  }

  private static List<String> stages() throws Exception {
    List<String> out = new ArrayList<>();
    for (Object[] r : StoreFixture.direct("SELECT stage FROM journey.stages ORDER BY"
        + " stage_order")) {
      out.add((String) r[0]);
    }
    return out;
  }

  private static List<Long> counts(Shown shown) {
    List<Long> out = new ArrayList<>();
    List<String[]> table = shown.table(0);
    for (String[] row : table.subList(1, table.size())) {
      out.add(Long.parseLong(row[2]));
    }
    return out;
  }

  /** Journeys that reached each stage no earlier than the one before, walked in Java. */
  private static List<Long> expected(List<String> picked, String channel) throws Exception {
    Map<Long, Map<String, Timestamp>> entries = new HashMap<>();
    for (Object[] r : StoreFixture.direct("SELECT j.journey_id, e.stage, e.entered_at FROM"
        + " journey.journeys j LEFT JOIN journey.stage_entries e USING (journey_id) WHERE"
        + " j.judged" + (channel == null ? "" : " AND j.first_channel = '" + channel + "'"))) {
      Map<String, Timestamp> m = entries.computeIfAbsent(((Number) r[0]).longValue(),
          k -> new HashMap<>());
      if (r[1] != null) {
        m.put((String) r[1], toTimestamp(r[2]));
      }
    }
    long[] reached = new long[picked.size()];
    for (Map<String, Timestamp> m : entries.values()) {
      Timestamp last = null;
      for (int i = 0; i < picked.size(); i++) {
        Timestamp t = m.get(picked.get(i));
        if (t == null || last != null && t.before(last)) {
          break;
        }
        reached[i]++;
        last = t;
      }
    }
    List<Long> out = new ArrayList<>();
    for (long n : reached) {
      out.add(n);
    }
    assertTrue(out.get(0) > 0, "the fixture has judged journeys at the first stage");
    return out;
  }

  private static Timestamp toTimestamp(Object v) {
    return v instanceof Timestamp t ? t : Timestamp.valueOf(v.toString().replace('T', ' '));
  }
}
