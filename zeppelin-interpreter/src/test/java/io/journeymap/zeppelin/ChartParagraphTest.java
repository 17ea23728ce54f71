package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.zeppelin.Paragraphs.Shown;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.InterpreterResult.Code;
import org.apache.zeppelin.interpreter.InterpreterResult.Type;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Journey results drawn as journey charts above their tables, with the store's numbers. */
class ChartParagraphTest {
  static final double BAR_AREA = 360;
  static JourneyInterpreter journey;

  @BeforeAll
  static void open() throws InterpreterException {
    journey = StoreFixture.interpreter(Map.of());
  }

  @AfterAll
  static void close() throws InterpreterException {
    journey.close();
  }

  static Document svg(Shown shown) throws Exception {
    List<org.apache.zeppelin.interpreter.InterpreterResultMessage> html = shown.of(Type.HTML);
    assertEquals(1, html.size(), shown.text());
    String data = html.get(0).getData();
    assertTrue(data.startsWith("<svg"), data);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> all(Document d, String tag) {
    NodeList list = d.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  @Test
  void stageConversionIsDrawnAsRateBarsAboveItsTable() throws Exception {
    Shown shown = Paragraphs.run(journey, "SELECT * FROM stage_conversion ORDER BY from_order");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    assertEquals(1, shown.of(Type.TABLE).size(), "the table stays, for the numbers");
    assertEquals(Type.HTML, shown.messages().get(0).getType(), "the chart comes first");
    List<Object[]> rows = StoreFixture.direct("SELECT from_stage, to_stage, rate FROM"
        + " journey.stage_conversion WHERE rate IS NOT NULL ORDER BY from_order");
    assertFalse(rows.isEmpty());
    List<Element> bars = all(svg(shown), "rect");
    assertEquals(rows.size(), bars.size());
    for (int i = 0; i < rows.size(); i++) {
      double rate = ((Number) rows.get(i)[2]).doubleValue();
      assertEquals(rate * BAR_AREA, Double.parseDouble(bars.get(i).getAttribute("width")), 0.06);
    }
    String text = shown.of(Type.HTML).get(0).getData();
    assertTrue(text.contains(rows.get(0)[0] + " \u2192 " + rows.get(0)[1]), text);
  }

  @Test
  void aFunnelIsDrawnAsTheShareOfStepOneWithItsIntervals() throws Exception {
    List<Object[]> top = StoreFixture.direct("SELECT event FROM journey.taxonomy"
        + " ORDER BY events DESC, event LIMIT 3");
    String steps = String.join(",", top.stream().map(r -> (String) r[0]).toList());
    Shown shown = Paragraphs.run(journey, "SELECT * FROM funnel(steps => '" + steps + "')",
        Map.of("chart", "funnel"));
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<String[]> table = shown.table(0);
    List<String> header = List.of(table.get(0));
    int rate = header.indexOf("rate_from_first");
    List<Element> bars = all(svg(shown), "rect");
    assertEquals(3, bars.size());
    for (int i = 0; i < 3; i++) {
      double shownRate = Double.parseDouble(table.get(i + 1)[rate]);
      assertEquals(shownRate * BAR_AREA, Double.parseDouble(bars.get(i).getAttribute("width")),
          0.05);
    }
    assertTrue(shown.of(Type.HTML).get(0).getData().contains("1. " + top.get(0)[0]));
  }

  @Test
  void behaviorLiftIsAForestPlotOfItsLifts() throws Exception {
    List<Object[]> rows = StoreFixture.direct("SELECT lift FROM journey.behavior_lift"
        + " ORDER BY q_value, behavior LIMIT 12");
    Shown shown = Paragraphs.run(journey, "SELECT * FROM behavior_lift ORDER BY q_value,"
        + " behavior LIMIT 12");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    assertFalse(rows.isEmpty(), "the fixture tests behaviours");
    long drawable = rows.stream().filter(r -> r[0] instanceof Number n
        && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())).count();
    assertEquals(drawable, all(svg(shown), "rect").size());
    assertTrue(shown.of(Type.HTML).get(0).getData().contains("no effect (1)"));
  }

  @Test
  void pathsAreASankeyBetweenTheStagesTheCallNames() throws Exception {
    List<Object[]> stages = StoreFixture.direct("SELECT stage FROM journey.stages ORDER BY"
        + " stage_order");
    String from = (String) stages.get(0)[0];
    String to = (String) stages.get(stages.size() - 1)[0];
    Shown shown = Paragraphs.run(journey, "SELECT * FROM paths(from_stage => '" + from
        + "', to_stage => '" + to + "', max_steps => 3) ORDER BY journeys DESC, path");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<String[]> table = shown.table(0);
    assertTrue(table.size() > 2, "the fixture has several paths: " + shown.text());
    Document d = svg(shown);
    String data = shown.of(Type.HTML).get(0).getData();
    assertTrue(data.contains("entered " + from) && data.contains("reached " + to), data);
    // the first stage's node is as tall as all drawn journeys: its tooltip counts them
    int journeys = List.of(table.get(0)).indexOf("journeys");
    long total = 0;
    for (String[] row : table.subList(1, Math.min(table.size(), 25))) {
      total += Long.parseLong(row[journeys]);
    }
    assertTrue(data.contains(String.format(java.util.Locale.ROOT, "%,d", total)),
        "total " + total + " in " + data);
    assertFalse(all(d, "path").isEmpty(), "ribbons are drawn");

    Shown positional = Paragraphs.run(journey, "SELECT * FROM paths('" + from + "', '" + to
        + "')", Map.of("chart", "sankey"));
    assertTrue(positional.of(Type.HTML).get(0).getData().contains("entered " + from));
    Shown refused = Paragraphs.run(journey, "SELECT 1 AS x", Map.of("chart", "sankey"));
    assertTrue(refused.of(Type.TEXT).get(0).getData().startsWith("chart=sankey needs"),
        refused.text());
  }

  @Test
  void theJourneyMapShowsEveryStageWithTheJourneysThatReachedIt() throws Exception {
    Shown shown = Paragraphs.run(journey, "", Map.of("chart", "map"));
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    Document d = svg(shown);
    assertFalse(all(d, "rect").isEmpty());
    String data = shown.of(Type.HTML).get(0).getData();
    List<Object[]> reach = StoreFixture.direct("SELECT stage, reached, reached_in_order FROM"
        + " journey.stage_reach ORDER BY stage_order");
    for (Object[] r : reach) {
      String line = String.format(java.util.Locale.ROOT, "%,d reached (%,d in order)",
          ((Number) r[1]).longValue(), ((Number) r[2]).longValue());
      assertTrue(data.contains((String) r[0]) && data.contains(line), line + " in " + data);
    }
    Shown withSql = Paragraphs.run(journey, "SELECT count(*) AS n FROM stages",
        Map.of("chart", "map"));
    assertEquals(List.of(Type.HTML, Type.TABLE), withSql.messages().stream()
        .map(m -> m.getType()).toList(), "the map, then the paragraph's own result");
  }

  @Test
  void seriesTablesAreDrawnAsTheirDailyTimelines() throws Exception {
    // rows shaped like anomalies (the small fixture has none): the series are read again
    Shown shown = Paragraphs.run(journey, "SELECT 'entries into ' || stage AS metric, 'all"
        + " journeys' AS segment, NULL AS from_day FROM stages ORDER BY stage_order");
    assertEquals(Code.SUCCESS, shown.code(), shown.text());
    List<Object[]> stages = StoreFixture.direct("SELECT stage FROM journey.stages ORDER BY"
        + " stage_order");
    List<org.apache.zeppelin.interpreter.InterpreterResultMessage> charts = shown.of(Type.HTML);
    assertEquals(Math.min(SeriesChart.MAX, stages.size()), charts.size(), shown.text());
    for (int i = 0; i < charts.size(); i++) {
      String caption = "Entries into " + stages.get(i)[0] + " per day, all journeys";
      assertTrue(charts.get(i).getData().contains(caption), caption + " in "
          + charts.get(i).getData());
      assertTrue(charts.get(i).getData().startsWith("<svg"));
    }
    Shown behaviour = Paragraphs.run(journey, "SELECT 'entries into x' AS metric, 'did y' AS"
        + " segment, 0.5 AS last_30");
    assertTrue(behaviour.of(Type.HTML).isEmpty());
    assertTrue(behaviour.of(Type.TEXT).get(0).getData().startsWith("No timeline"),
        behaviour.text());
    Shown refused = Paragraphs.run(journey, "SELECT 1 AS x", Map.of("chart", "timeline"));
    assertTrue(refused.of(Type.TEXT).get(0).getData().startsWith("chart=timeline needs"),
        refused.text());
  }

  @Test
  void otherRatesGetBarsPlainResultsNoneAndChartNoneTurnsChartsOff() throws Exception {
    Shown channels = Paragraphs.run(journey, "SELECT * FROM channel_quality");
    List<Object[]> rated = StoreFixture.direct("SELECT count(*) FROM journey.channel_quality"
        + " WHERE rate IS NOT NULL");
    assertEquals(((Number) rated.get(0)[0]).intValue(), all(svg(channels), "rect").size());
    assertTrue(Paragraphs.run(journey, "SELECT * FROM journeys LIMIT 3").of(Type.HTML)
        .isEmpty());
    assertTrue(Paragraphs.run(journey, "SELECT * FROM stage_conversion", Map.of("chart",
        "none")).of(Type.HTML).isEmpty());
    Shown asked = Paragraphs.run(journey, "SELECT 1 AS x", Map.of("chart", "forest"));
    assertEquals(Code.SUCCESS, asked.code());
    assertTrue(asked.of(Type.TEXT).get(0).getData().startsWith("chart=forest needs"),
        asked.text());
    assertEquals(1, asked.of(Type.TABLE).size());
  }
}
