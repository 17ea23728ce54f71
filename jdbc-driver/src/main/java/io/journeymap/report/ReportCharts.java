package io.journeymap.report;

import io.journeymap.chart.AnomalyTimeline;
import io.journeymap.chart.ForestPlot;
import io.journeymap.chart.JourneyMapChart;
import io.journeymap.chart.QualityVolumeChart;
import io.journeymap.chart.RateChart;
import io.journeymap.chart.SankeyChart;
import io.journeymap.model.Change;
import io.journeymap.report.ReportData.Behaviours;
import io.journeymap.report.ReportData.Channels;
import io.journeymap.report.ReportData.DropOff;
import io.journeymap.report.ReportData.JourneyMap;
import io.journeymap.report.ReportData.Lift;
import io.journeymap.report.ReportData.Pair;
import io.journeymap.report.ReportData.Paths;
import io.journeymap.report.ReportData.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's data drawn with the chart module: one method per chart, SVG out. */
public final class ReportCharts {
  private ReportCharts() {}

  /** The journey map: stage boxes, arrows with rates, curves around stages. */
  public static String journeyMap(JourneyMap m) {
    List<JourneyMapChart.Stage> stages = m.stages().stream().map(s -> new JourneyMapChart.Stage(
        s.stage(), s.reached(), s.reachedInOrder(), s.convertedWithout())).toList();
    List<JourneyMapChart.Step> steps = new ArrayList<>();
    for (int i = 0; i + 1 < m.stages().size(); i++) {
      String from = m.stages().get(i).stage();
      String to = m.stages().get(i + 1).stage();
      Pair p = m.pairs().stream().filter(x -> x.from().equals(from) && x.to().equals(to))
          .findFirst().orElseThrow(() -> new IllegalStateException("stage_conversion has no"
              + " row for " + from + " -> " + to));
      steps.add(new JourneyMapChart.Step(p.rate().successes(), p.rate().trials(),
          p.rate().rate(), p.rate().low(), p.rate().high(), p.medianHours(),
          p.rate().smallSample()));
    }
    return JourneyMapChart.svg("The journey map: stages in order, how many reached each and"
        + " how many moved on", stages, steps);
  }

  /** Stage-to-stage conversion as rate bars with interval whiskers. */
  public static String stageConversion(List<Pair> pairs) {
    return RateChart.svg("Who moved on: judged journeys that reached the next stage",
        pairs.stream().map(p -> new RateChart.Bar(p.from() + " \u2192 " + p.to(),
            p.rate().rate(), p.rate().low(), p.rate().high(), Format.of(p.rate())
            + " judged moved on \u00b7 median " + Format.duration(p.medianHours()),
            p.rate().smallSample())).toList());
  }

  /** Where judged journeys that did not convert stopped, as the share of those who got there. */
  public static String dropOffs(List<DropOff> dropOffs) {
    return RateChart.svg("Where they stopped: judged journeys that ended at each stage without"
        + " converting", dropOffs.stream().map(d -> new RateChart.Bar(d.order() == 0
        ? "before any stage" : "stopped at " + d.stage(), d.share().rate(), d.share().low(),
        d.share().high(), Format.count(d.stalled()) + " of " + Format.count(d.share().trials())
        + " who got there \u00b7 " + Format.pct(d.shareOfAll()) + " of all drop-offs",
        d.share().smallSample())).toList());
  }

  /** The paths from one stage to the next as a Sankey diagram. */
  public static String paths(Paths p) {
    return SankeyChart.svg("What journeys did after " + p.from() + " (first " + p.steps()
        + " events), and whether they reached " + p.to(), p.from(), p.to(), p.rows().stream()
        .map(r -> SankeyChart.Path.of(r.path(), r.journeys(), r.reached().successes(),
            r.reached().low(), r.reached().high(), r.reached().smallSample())).toList());
  }

  /** Behaviour lifts with their intervals; signals dark, speculation and confounded pale. */
  public static String lifts(Behaviours b) {
    return ForestPlot.svg("Behaviours that go with converting: lift with its 95% interval",
        b.forest().stream().map(ReportCharts::row).toList());
  }

  private static ForestPlot.Row row(Lift l) {
    String detail = l.verdict() + ": " + Format.pct(l.rateWith())
        + " vs " + Format.pct(l.rateWithout()) + ", " + Format.count(l.withCount()) + " did it";
    return new ForestPlot.Row(l.behavior(), l.lift(), l.low(), l.high(), detail, l.signal());
  }

  /** Channels: volume bars next to quality points with intervals. */
  public static String channels(Channels c) {
    return QualityVolumeChart.svg("Channels: how many journeys each brought, and how well they"
        + " converted", c.rows().stream().map(ch -> new QualityVolumeChart.Channel(
        ch.channel(), ch.journeys(), ch.rate().trials(), ch.rate().successes(),
        ch.rate().rate(), ch.rate().low(), ch.rate().high(), ch.rate().smallSample())).toList(),
        c.overall().rate());
  }

  /** A daily series with its usual range, its anomalies and the declared changes. */
  public static String timeline(Timeline t, List<Change> declared) {
    String caption = (t.rate() ? "Conversion " + t.metric() + " (7 cohort days ending each day)"
        : capitalised(t.metric()) + " per day") + ", " + t.segment();
    return AnomalyTimeline.svg(caption, t.rate(), t.days().stream()
        .map(d -> new AnomalyTimeline.Day(d.day(), d.value(), d.expected(), d.lower(),
            d.upper())).toList(), t.anomalies().stream()
        .map(a -> new AnomalyTimeline.Anomaly(a.from(), a.to(), "rise".equals(a.direction()),
            a.severity(), a.sentence())).toList(), declared.stream()
        .map(c -> new AnomalyTimeline.Marker(c.date(), c.what())).toList());
  }

  static String capitalised(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }
}
