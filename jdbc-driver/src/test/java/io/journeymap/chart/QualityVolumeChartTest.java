package io.journeymap.chart;

import static io.journeymap.chart.SvgCheck.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.chart.QualityVolumeChart.Channel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class QualityVolumeChartTest {
  /** A big channel with poor journeys, a small good one, and a thin one. */
  private static final List<Channel> CHANNELS = List.of(
      new Channel("events", 20, 15, 3, 0.2, 0.0706, 0.4519, true),
      new Channel("search", 5000, 4000, 200, 0.05, 0.0437, 0.0571, false),
      new Channel("referral", 800, 700, 140, 0.2, 0.1726, 0.2305, false));
  private static final double OVERALL = 343 / 4715.0;

  @Test
  void everyNumberIsLabelled() throws Exception {
    SvgCheck c = new SvgCheck(QualityVolumeChart.svg("Channels", CHANNELS, OVERALL));
    for (String label : new String[] {"5,000", "800", "20", "5.0% [4.4%, 5.7%]",
        "200 of 4,000 judged", "20.0% [17.3%, 23.1%]", "140 of 700 judged",
        "20.0% [7.1%, 45.2%]", "3 of 15 judged \u00b7 small sample", "all channels (7.3%)",
        "search: 5,000 journeys"}) {
      c.assertShows(label);
    }
    c.assertInsideViewBox();
  }

  @Test
  void volumeAndQualityAreDrawnToScale() throws Exception {
    SvgCheck c = new SvgCheck(QualityVolumeChart.svg("Channels", CHANNELS, OVERALL));
    List<Element> bars = c.withClass("rect", "volume");
    // most journeys first
    assertTrue(bars.get(0).getTextContent().startsWith("search"));
    assertTrue(bars.get(2).getTextContent().startsWith("events"));
    assertEquals(QualityVolumeChart.VOLUME_W, attr(bars.get(0), "width"), 0.05);
    assertEquals(QualityVolumeChart.VOLUME_W * 800 / 5000, attr(bars.get(1), "width"), 0.05);
    assertEquals(QualityVolumeChart.VOLUME_W * 20 / 5000, attr(bars.get(2), "width"), 0.05);
    double max = QualityVolumeChart.axisMax(CHANNELS, OVERALL);
    assertEquals(0.5, max);
    List<Element> dots = c.withClass("circle", "quality");
    double[] rates = {0.05, 0.2, 0.2};
    for (int i = 0; i < 3; i++) {
      assertEquals(QualityVolumeChart.RATE_X + QualityVolumeChart.RATE_W * rates[i] / max,
          attr(dots.get(i), "cx"), 0.06);
    }
    // the big poor channel is red, bar and point; the good one green; the thin one grey, hollow
    assertEquals(QualityVolumeChart.BELOW, bars.get(0).getAttribute("fill"));
    assertEquals(QualityVolumeChart.BELOW, dots.get(0).getAttribute("fill"));
    assertEquals(QualityVolumeChart.ABOVE, dots.get(1).getAttribute("fill"));
    assertEquals("#ffffff", dots.get(2).getAttribute("fill"));
    assertEquals(QualityVolumeChart.WITHIN, dots.get(2).getAttribute("stroke"));
    Element overall = c.all("line").stream().filter(l -> l.hasAttribute("stroke-dasharray"))
        .findFirst().orElseThrow();
    assertEquals(QualityVolumeChart.RATE_X + QualityVolumeChart.RATE_W * OVERALL / max,
        attr(overall, "x1"), 0.06);
  }

  @Test
  void hostileNamesAreEscapedAndCut() throws Exception {
    String hostile = JourneyMapChartTest.HOSTILE;
    SvgCheck c = new SvgCheck(QualityVolumeChart.svg(hostile, List.of(
        new Channel(hostile, 1_234_567_890L, 10, 1, 0.1, 0.0, 0.4, true),
        new Channel("x", 0, 0, 0, null, null, null, true)), null));
    c.assertHostileLabelHandled(hostile);
    c.assertInsideViewBox();
    c.assertShows("not judged yet");
  }
}
