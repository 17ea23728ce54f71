package io.journeymap.chart;

import static io.journeymap.chart.SvgCheck.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.chart.SankeyChart.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class SankeyChartTest {
  private static final List<Path> PATHS = List.of(
      Path.of("a > b", 100, 40, 0.309, 0.497, false),
      Path.of("a > c > ...", 50, 10, 0.112, 0.331, false),
      Path.of("(nothing)", 25, 0, 0.0, 0.133, true),
      Path.of("b", 25, 25, 0.867, 1.0, true));

  @Test
  void rowsOfPathsAreSplitIntoSteps() {
    assertEquals(List.of("a", "c"), PATHS.get(1).steps());
    assertTrue(PATHS.get(1).cut());
    assertEquals(List.of(), PATHS.get(2).steps());
    assertFalse(PATHS.get(0).cut());
    assertThrows(IllegalArgumentException.class, () -> Path.of("a", 3, 4, null, null, true));
  }

  @Test
  void everyNumberIsLabelled() throws Exception {
    SvgCheck c = new SvgCheck(SankeyChart.svg("Paths", "activated", "engaged", PATHS));
    for (String label : new String[] {"a > b: 100 journeys, 40 reached the next stage (40.0%,"
        + " 95% interval [30.9%, 49.7%])", "a > c > ...: 50 journeys, 10 reached",
        "(nothing): 25 journeys, 0 reached", "[0.0%, 13.3%], small sample",
        "b: 25 journeys, 25 reached", "entered activated", "reached engaged",
        "did not reach engaged", "75 of 200 (37.5%)", "125 of 200 (62.5%)",
        "150 \u00b7 33.3% reached", "All 4 paths drawn."}) {
      c.assertShows(label);
    }
    c.assertInsideViewBox();
  }

  private static List<Element> ribbons(SvgCheck c, String path) {
    return c.withClass("path", "ribbon").stream()
        .filter(r -> r.getTextContent().startsWith(path + ":")).toList();
  }

  @Test
  void widthsAreProportionalToJourneys() throws Exception {
    SvgCheck c = new SvgCheck(SankeyChart.svg("Paths", "activated", "engaged", PATHS));
    // a > b: start -> a -> b, then 40 reached and 60 not; (nothing): 25 not reached
    List<Element> ab = ribbons(c, "a > b");
    assertEquals(4, ab.size());
    List<Element> nothing = ribbons(c, "(nothing)");
    assertEquals(1, nothing.size(), "no ribbon for a part of no journeys");
    // nodes: the first stage carries all 200 journeys, event a 150
    List<Element> nodes = c.withClass("rect", "node");
    Element start = nodes.stream().filter(n -> n.getTextContent().startsWith("entered"))
        .findFirst().orElseThrow();
    Element a = nodes.stream().filter(n -> n.getTextContent().startsWith("a:")).findFirst()
        .orElseThrow();
    double unit = attr(start, "height") / 200;
    assertTrue(unit > 0);
    assertEquals(150 * unit, attr(a, "height"), 0.06);
    assertEquals(25 * unit, attr(nothing.get(0), "stroke-width"), 0.06);
    assertEquals(100 * unit, attr(ab.get(0), "stroke-width"), 0.06);
    assertEquals(100 * unit, attr(ab.get(1), "stroke-width"), 0.06);
    assertEquals(40 * unit, attr(ab.get(2), "stroke-width"), 0.06);
    assertEquals(60 * unit, attr(ab.get(3), "stroke-width"), 0.06);
    assertEquals("#59a14f", ab.get(2).getAttribute("stroke"));
  }

  @Test
  void manyPathsAreCutAndCounted() throws Exception {
    List<Path> many = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(Path.of("e" + i + " > f" + (i % 3), 100 - i, (100 - i) / 2, null, null, false));
    }
    SvgCheck c = new SvgCheck(SankeyChart.svg("Paths", "a", "b", many));
    // the six rarest: 75 + 74 + ... + 71 journeys
    c.assertShows("6 rarer paths (" + (76 + 75 + 74 + 73 + 72 + 71) + " journeys) not drawn.");
    assertTrue(ribbons(c, "e29 > f2").isEmpty());
    assertFalse(ribbons(c, "e0 > f0").isEmpty());
    c.assertInsideViewBox();
  }

  @Test
  void hostileNamesAreEscapedAndCut() throws Exception {
    String hostile = JourneyMapChartTest.HOSTILE;
    SvgCheck c = new SvgCheck(SankeyChart.svg(hostile, hostile, hostile, List.of(
        Path.of(hostile + " > b", 500, 200, 0.3, 0.4, false),
        Path.of("b > " + hostile, 10, 1, 0.0, 0.4, true))));
    c.assertHostileLabelHandled(hostile);
    c.assertInsideViewBox();
  }

  @Test
  void noPathsGiveAnEmptyDiagram() throws Exception {
    SvgCheck c = new SvgCheck(SankeyChart.svg("Paths", "a", "b", List.of()));
    c.assertInsideViewBox();
    assertTrue(c.withClass("path", "ribbon").isEmpty());
  }
}
