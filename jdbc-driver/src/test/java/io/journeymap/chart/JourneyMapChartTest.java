package io.journeymap.chart;

import static io.journeymap.chart.SvgCheck.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.chart.JourneyMapChart.Stage;
import io.journeymap.chart.JourneyMapChart.Step;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class JourneyMapChartTest {
  static final String HOSTILE = "<script>&\"'" + "x".repeat(300);

  private static final List<Stage> STAGES = List.of(
      new Stage("trial_started", 1000, 1000, 0),
      new Stage("activated", 400, 380, 120),
      new Stage("converted", 250, 130, 0));
  private static final List<Step> STEPS = List.of(
      new Step(350, 900, 350 / 900.0, 0.357, 0.4204, 30.5, false),
      new Step(12, 20, 0.6, 0.3866, 0.7812, 100.0, true));

  @Test
  void everyNumberIsLabelled() throws Exception {
    SvgCheck c = new SvgCheck(JourneyMapChart.svg("The journey", STAGES, STEPS));
    for (String label : new String[] {"1,000 reached (1,000 in order)",
        "400 reached (380 in order)", "250 reached (130 in order)", "120 conversions",
        "120 converted journeys never reached activated", "38.9% moved on",
        "[35.7%, 42.0%]", "350 of 900 judged", "median 30.5 h", "60.0% moved on",
        "[38.7%, 78.1%]", "12 of 20 judged", "median 4.2 days", "small sample"}) {
      c.assertShows(label);
    }
    c.assertInsideViewBox();
  }

  @Test
  void geometryIsProportional() throws Exception {
    SvgCheck c = new SvgCheck(JourneyMapChart.svg("The journey", STAGES, STEPS));
    List<Element> reach = c.withClass("rect", "reach");
    assertEquals(3, reach.size());
    double full = JourneyMapChart.BOX_W - 20;
    for (int i = 0; i < 3; i++) {
      assertEquals(full * STAGES.get(i).reached() / 1000.0, attr(reach.get(i), "width"), 0.05);
    }
    // the rate dot sits at its rate on a 0-100% track
    List<Element> dots = c.withClass("circle", "rate");
    assertEquals(2, dots.size());
    Element track = c.all("line").stream().filter(l -> l.getAttribute("stroke")
        .equals("#cccccc")).findFirst().orElseThrow();
    double x0 = attr(track, "x1");
    double width = attr(track, "x2") - x0;
    assertEquals(JourneyMapChart.TRACK, width, 0.05);
    assertEquals(350 / 900.0 * width, attr(dots.get(0), "cx") - x0, 0.06);
    assertEquals(0.6 * width, attr(dots.get(1), "cx") - x0, 0.06);
    // one curve: only activated was gone around
    List<Element> around = c.withClass("path", "around");
    assertEquals(1, around.size());
    assertTrue(around.get(0).getTextContent().contains("activated"));
    // boxes in order, one below the other
    assertTrue(attr(reach.get(0), "y") < attr(reach.get(1), "y"));
    assertTrue(attr(reach.get(1), "y") < attr(reach.get(2), "y"));
  }

  @Test
  void hostileNamesAreEscapedAndCut() throws Exception {
    List<Stage> stages = List.of(new Stage(HOSTILE, 10, 10, 0), new Stage("b", 5, 5, 3),
        new Stage(HOSTILE + "2", 4, 2, 0));
    List<Step> steps = List.of(new Step(5, 10, 0.5, 0.2, 0.8, null, true),
        new Step(2, 5, null, null, null, null, true));
    SvgCheck c = new SvgCheck(JourneyMapChart.svg(HOSTILE, stages, steps));
    c.assertHostileLabelHandled(HOSTILE);
    c.assertInsideViewBox();
    c.assertShows("median -");
  }

  @Test
  void stepsMustMatchTheStages() {
    assertThrows(IllegalArgumentException.class, () -> JourneyMapChart.svg("x", STAGES,
        STEPS.subList(0, 1)));
    assertThrows(IllegalArgumentException.class, () -> JourneyMapChart.svg("x", List.of(),
        List.of()));
  }
}
