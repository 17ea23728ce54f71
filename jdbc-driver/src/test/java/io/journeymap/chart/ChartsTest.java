package io.journeymap.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts are well-formed SVG whose geometry says what the numbers say. */
class ChartsTest {
  private static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> all(Document d, String tag) {
    NodeList list = d.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  private static double attr(Element e, String name) {
    return Double.parseDouble(e.getAttribute(name));
  }

  @Test
  void rateBarsAreAsLongAsTheRateAndWhiskersSpanTheInterval() throws Exception {
    String svg = RateChart.svg("Stage conversion", List.of(
        new RateChart.Bar("started -> activated", 0.5, 0.4, 0.6, "50 / 100", false),
        new RateChart.Bar("activated -> paid", 0.25, 0.1, 0.5, "3 / 12", true),
        new RateChart.Bar("paid -> renewed", null, null, null, "0 judged", false)));
    Document d = parse(svg);
    List<Element> rects = all(d, "rect");
    assertEquals(2, rects.size(), "no bar for a rate that cannot be computed");
    double full = 360;
    assertEquals(0.5 * full, attr(rects.get(0), "width"), 0.05);
    assertEquals(0.25 * full, attr(rects.get(1), "width"), 0.05);
    assertEquals("#b9cde3", rects.get(1).getAttribute("fill"), "small samples are pale");
    double x0 = attr(rects.get(0), "x");
    // the first bar's whisker: the horizontal line from low to high
    Element whisker = all(d, "line").stream()
        .filter(l -> attr(l, "y1") == attr(l, "y2") && attr(l, "x1") != attr(l, "x2")
            && Math.abs(attr(l, "x1") - (x0 + 0.4 * full)) < 0.06)
        .findFirst().orElseThrow();
    assertEquals(x0 + 0.6 * full, attr(whisker, "x2"), 0.06);
    assertTrue(svg.contains("3 / 12 \u00b7 small sample"));
  }

  @Test
  void textIsEscapedAndLongLabelsKeepTheirFullTextAsATooltip() throws Exception {
    String hostile = "<script>alert('x')</script> & \"friends\"";
    String longLabel = "x".repeat(80);
    String svg = RateChart.svg("a <b> title", List.of(
        new RateChart.Bar(hostile, 0.1, 0.0, 0.2, "1 / 10", false),
        new RateChart.Bar(longLabel, 0.1, 0.0, 0.2, "1 / 10", false)));
    assertFalse(svg.contains("<script>"));
    Document d = parse(svg); // well-formed despite the markup in the data
    List<String> texts = all(d, "text").stream().map(Element::getTextContent).toList();
    assertTrue(texts.stream().anyMatch(t -> t.contains(hostile)), texts.toString());
    assertTrue(all(d, "title").stream().anyMatch(t -> t.getTextContent().equals(longLabel)));
    new SvgCheck(svg).assertInsideViewBox();
    String forest = ForestPlot.svg(JourneyMapChartTest.HOSTILE, List.of(new ForestPlot.Row(
        JourneyMapChartTest.HOSTILE, 2.0, 1.0, 4.0, JourneyMapChartTest.HOSTILE, true)));
    new SvgCheck(forest).assertHostileLabelHandled(JourneyMapChartTest.HOSTILE);
    new SvgCheck(forest).assertInsideViewBox();
    // long labels and details are cut to keep the widest chart within its limit
    assertTrue(new SvgCheck(forest).width <= ForestPlot.MAX_WIDTH);
    assertTrue(new SvgCheck(RateChart.svg("x", List.of(new RateChart.Bar(
        JourneyMapChartTest.HOSTILE, 0.1, 0.0, 0.2, JourneyMapChartTest.HOSTILE, true))))
        .width <= RateChart.MAX_WIDTH);
  }

  @Test
  void inlineChartsHoldNoAddress() {
    String svg = RateChart.svg("x", List.of(new RateChart.Bar("a", 0.5, 0.4, 0.6, "1 / 2",
        false)));
    String inline = Charts.inline(svg);
    assertTrue(inline.startsWith("<svg role=\"img\""), inline);
    assertFalse(inline.contains("http"), inline);
  }

  @Test
  void forestPlotPlacesEstimatesOnALogAxisAroundOne() throws Exception {
    List<ForestPlot.Row> rows = List.of(
        new ForestPlot.Row("did a twice", 2.0, 1.0, 4.0, "lift 2.0", true),
        new ForestPlot.Row("did b", 0.5, 0.25, 1.0, "lift 0.5", false),
        new ForestPlot.Row("did c", 3.0, 1.5, Double.POSITIVE_INFINITY, "lift 3", false));
    double[] range = ForestPlot.range(rows);
    assertEquals(0.25, range[0]);
    assertEquals(4.0, range[1]);
    assertEquals(List.of(0.25, 0.5, 1.0, 2.0, 4.0), ForestPlot.ticks(range[0], range[1]));
    Document d = parse(ForestPlot.svg("Behaviour lift", rows));
    List<Element> points = all(d, "rect");
    assertEquals(3, points.size());
    // 1 is the middle of [1/4, 4] on a log scale; 2 lies a quarter of the axis right of it
    Element dashed = all(d, "line").stream()
        .filter(l -> l.hasAttribute("stroke-dasharray")).findFirst().orElseThrow();
    double one = attr(dashed, "x1");
    double quarter = 360 / 4.0;
    assertEquals(one + quarter, attr(points.get(0), "x") + 4, 0.06);
    assertEquals(one - quarter, attr(points.get(1), "x") + 4, 0.06);
    assertEquals("#e15759", points.get(0).getAttribute("fill"));
  }
}
