package io.journeymap.chart;

import static io.journeymap.chart.SvgCheck.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.chart.AnomalyTimeline.Anomaly;
import io.journeymap.chart.AnomalyTimeline.Day;
import io.journeymap.chart.AnomalyTimeline.Marker;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class AnomalyTimelineTest {
  private static final LocalDate FIRST = LocalDate.of(2024, 3, 1);

  /** 60 days: no baseline for the first 28, a spike on day 45. */
  private static List<Day> days() {
    List<Day> days = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      double value = i == 45 ? 50 : 20 + i % 7;
      boolean baseline = i >= 28;
      days.add(new Day(FIRST.plusDays(i), value, baseline ? 22.5 : null, baseline ? 15.0 : null,
          baseline ? 30.25 : null));
    }
    return days;
  }

  private static final List<Anomaly> ANOMALIES = List.of(
      new Anomaly(FIRST.plusDays(45), FIRST.plusDays(45), true, "high", "Entries rose to 50"),
      new Anomaly(FIRST.plusDays(50), FIRST.plusDays(52), false, "low", "Entries fell"));
  private static final List<Marker> MARKERS = List.of(
      new Marker(FIRST.plusDays(40), "new pricing page"),
      new Marker(FIRST.minusDays(30), "long ago"));

  @Test
  void everyNumberIsLabelled() throws Exception {
    SvgCheck c = new SvgCheck(AnomalyTimeline.svg("Entries into activated", false, days(),
        ANOMALIES, MARKERS));
    c.assertShows("2024-04-15: 50 (expected 22.5, usual range 15 to 30.3)");
    c.assertShows("2024-03-01: 20 (no baseline yet)");
    c.assertShows("Entries rose to 50");
    c.assertShows("Entries fell");
    c.assertShows("new pricing page");
    c.assertShows("rise (high)");
    c.assertShows("drop (low)");
    c.assertShows("1 declared change lies outside these days.");
    assertEquals(60, c.withClass("circle", "day").size());
    c.assertInsideViewBox();
  }

  @Test
  void ratesAreShownAsPercentages() throws Exception {
    List<Day> days = List.of(new Day(FIRST, 0.1234, 0.2, 0.15, 0.25),
        new Day(FIRST.plusDays(1), 0.2, 0.2, 0.15, 0.25), new Day(FIRST.plusDays(3), null,
            null, null, null));
    SvgCheck c = new SvgCheck(AnomalyTimeline.svg("Conversion", true, days, List.of(),
        List.of()));
    c.assertShows("2024-03-01: 12.3% (expected 20.0%, usual range 15.0% to 25.0%)");
    assertEquals(2, c.withClass("circle", "day").size(), "a day without a value has no point");
    c.assertInsideViewBox();
  }

  @Test
  void geometryIsProportional() throws Exception {
    List<Day> days = days();
    SvgCheck c = new SvgCheck(AnomalyTimeline.svg("Entries", false, days, ANOMALIES, MARKERS));
    List<Element> points = c.withClass("circle", "day");
    double bottom = AnomalyTimeline.TOP + AnomalyTimeline.PLOT;
    double top = AnomalyTimeline.top(days, ANOMALIES, false);
    for (int i = 0; i < points.size(); i++) {
      assertEquals(AnomalyTimeline.PLOT * days.get(i).value() / top,
          bottom - attr(points.get(i), "cy"), 0.06);
    }
    // a day apart is the same distance everywhere; a 3-day anomaly is 3 days wide
    double perDay = (AnomalyTimeline.PR - AnomalyTimeline.PL) / 60;
    for (int i = 0; i < points.size(); i++) {
      assertEquals(AnomalyTimeline.PL + (i + 0.5) * perDay, attr(points.get(i), "cx"), 0.06);
    }
    List<Element> spans = c.withClass("rect", "anomaly");
    assertEquals(2, spans.size());
    assertEquals(perDay, attr(spans.get(0), "width"), 0.06);
    assertEquals(3 * perDay, attr(spans.get(1), "width"), 0.06);
    assertEquals(attr(points.get(45), "cx"), attr(spans.get(0), "x") + perDay / 2, 0.06);
    // the change's line stands on its day
    Element change = c.withClass("circle", "change").get(0);
    assertEquals(attr(points.get(40), "cx"), attr(change, "cx"), 0.06);
    // a day outside its band is drawn larger, in the series' colour: only spans are flagged
    assertEquals(3.0, attr(points.get(45), "r"));
    assertEquals(2.0, attr(points.get(44), "r"));
    assertEquals(points.get(44).getAttribute("fill"), points.get(45).getAttribute("fill"));
  }

  @Test
  void hostileLabelsAreEscapedAndCut() throws Exception {
    String hostile = JourneyMapChartTest.HOSTILE;
    List<Marker> markers = new ArrayList<>();
    for (int i = 28; i < 60; i += 3) {
      markers.add(new Marker(FIRST.plusDays(i), hostile));
    }
    SvgCheck c = new SvgCheck(AnomalyTimeline.svg(hostile, false, days(), List.of(
        new Anomaly(FIRST.plusDays(40), FIRST.plusDays(41), false, hostile, hostile)), markers));
    c.assertHostileLabelHandled(hostile);
    c.assertInsideViewBox();
    assertTrue(c.source.contains("&lt;script&gt;"));
  }

  @Test
  void anEmptySeriesSaysSo() throws Exception {
    SvgCheck c = new SvgCheck(AnomalyTimeline.svg("Entries", false, List.of(), List.of(),
        List.of()));
    c.assertShows("no days to show yet");
    c.assertInsideViewBox();
  }
}
