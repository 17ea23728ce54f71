package io.journeymap.report;

import static io.journeymap.report.Html.esc;
import static io.journeymap.report.Html.words;

import io.journeymap.chart.Charts;
import io.journeymap.model.Change;
import io.journeymap.report.ReportData.Anomaly;
import io.journeymap.report.ReportData.Behaviours;
import io.journeymap.report.ReportData.Change30;
import io.journeymap.report.ReportData.Changes;
import io.journeymap.report.ReportData.Channel;
import io.journeymap.report.ReportData.Cluster;
import io.journeymap.report.ReportData.DropOff;
import io.journeymap.report.ReportData.Health;
import io.journeymap.report.ReportData.Impact;
import io.journeymap.report.ReportData.JourneyMap;
import io.journeymap.report.ReportData.Lift;
import io.journeymap.report.ReportData.Overview;
import io.journeymap.report.ReportData.Pair;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.report.ReportData.Segment;
import io.journeymap.report.ReportData.Stage;
import io.journeymap.report.ReportData.Timeline;
import io.journeymap.report.ReportData.Trigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The two-minute report as one self-contained HTML page: inline CSS and SVG, no scripts, no
 * address of any kind, so it opens offline and mails as one file. The journey map first, then
 * the five questions in order (where people drop off, which behaviours move them forward, which
 * channels bring good journeys, what changed, which segment needs action), then the triggers,
 * the kinds of journeys and how far the scores can be trusted. Every section opens with its
 * answer in one sentence.
 */
public final class HtmlReport {
  /** Rows of the anomaly and 30-day change tables. */
  static final int LIST_ROWS = 10;

  private static final String STYLE = "*{box-sizing:border-box}"
      + "body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;"
      + "color:#222;background:#fff}"
      + "main{max-width:1000px;margin:0 auto;padding:16px 20px 40px}"
      + "h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:32px 0 8px;"
      + "padding-bottom:4px;border-bottom:2px solid #4e79a7}h3{font-size:15px;margin:18px 0 4px}"
      + "p,li,dd{overflow-wrap:anywhere}"
      + ".goal{font-size:16px;color:#444;margin:0 0 8px}"
      + ".answer{font-size:15px;background:#f3f7fb;border-left:4px solid #4e79a7;"
      + "padding:8px 12px;margin:8px 0}"
      + ".note{color:#555;font-size:13px}"
      + ".key{border:1px solid #ddd;border-radius:6px;padding:6px 14px;margin:12px 0;"
      + "font-size:13px;background:#fcfcfc}.key dt{font-weight:bold;margin-top:6px}"
      + ".key dd{margin:0 0 0 12px}"
      + "nav ul{display:flex;flex-wrap:wrap;gap:2px 18px;list-style:none;padding:0;margin:6px 0}"
      + "nav a,a{color:#2b5d8c}"
      + "figure{margin:14px 0}figure svg{display:block;max-width:100%;height:auto}"
      + "figcaption{font-size:12px;color:#555;margin-top:2px}"
      + "table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}"
      + "caption{text-align:left;font-weight:bold;padding:4px 0}"
      + "th,td{border-bottom:1px solid #e3e3e3;padding:4px 5px;text-align:left;"
      + "vertical-align:top}"
      + "th{background:#f3f3f3;font-weight:600}.n{text-align:right}"
      + ".small{color:#8a6d3b;font-style:italic}"
      + ".badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;"
      + "white-space:nowrap}"
      + ".signal{background:#e15759;color:#fff}.speculation{background:#e4e4e4;color:#333}"
      + ".drop{color:#c0392b}.rise{color:#b35c00}"
      + "abbr{text-decoration:underline dotted;cursor:help}"
      + "footer{margin-top:36px;font-size:12px;color:#666}"
      + "@media (min-width:841px){td.nw{white-space:nowrap}}"
      + "@media (max-width:840px){main{padding:12px 10px 32px}table{font-size:12px}"
      + "th,td{padding:3px 3px}}";

  private final ReportData d;
  private final StringBuilder b = new StringBuilder();

  private HtmlReport(ReportData d) {
    this.d = d;
  }

  /** The page; {@code version} names the program that made it, in the footer. */
  public static String render(ReportData data, String version) {
    return new HtmlReport(data).page(version);
  }

  private String page(String version) {
    Overview o = d.overview();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<title>").append(esc("Journey report: " + o.journey())).append("</title>")
        .append("<style>").append(STYLE).append("</style></head><body><main>");
    header(o);
    journeyMap(d.map());
    dropOffs(d.map());
    behaviours(d.behaviours());
    channels();
    changes(d.changes());
    action();
    triggers(d.action().triggers());
    clusters(d.clusters());
    health(d.health());
    b.append("<footer>Made by journeymap ").append(esc(version)).append(" from the journey")
        .append(" store as of ").append(esc(o.asOf())).append(" UTC. Each number is a column")
        .append(" of the store's tables (docs/tables.md names them); the report adds none of")
        .append(" its own.</footer>");
    return b.append("</main></body></html>\n").toString();
  }

  private void header(Overview o) {
    b.append("<header><h1>").append(esc("Journey report: " + o.journey())).append("</h1>")
        .append("<p class=\"goal\">").append(esc(o.goal())).append("</p><p>")
        .append(esc(String.format(Locale.ROOT, "As of %s UTC (%s): %,d journeys, %,d"
            + " converted, %s%,d dropped, %,d still open. Rates count only the %,d judged"
            + " journeys, whose whole window lies before that moment; %,d started too recently"
            + " (%,d of them already converted).", o.asOf(), o.asOfBasis(), o.journeys(),
            o.converted(), o.failed() == 0 ? "" : String.format(Locale.ROOT, "%,d failed, ",
            o.failed()), o.dropped(), o.open(), o.journeys() - o.recent(), o.recent(),
            o.recentConverted()))).append("</p>");
    for (String note : o.notes()) {
      b.append("<p class=\"note\">Note: ").append(words(note)).append("</p>");
    }
    b.append("<dl class=\"key\" id=\"key\"><dt>How to read it</dt><dd>Every rate comes with")
        .append(" its counts and a 95% interval (").append(Html.abbr("CI", Html.meaning("CI")))
        .append("): the range the true rate lies in. A wide interval means few journeys stand")
        .append(" behind the rate.</dd><dt><span class=\"badge signal\">signal</span> vs")
        .append(" <span class=\"badge speculation\">speculation</span></dt><dd>A signal is")
        .append(" more than chance: it holds after controlling false discoveries across")
        .append(" everything tested, with enough journeys on both sides. Speculation could be")
        .append(" chance: worth a look, not an action; confounded is a difference that goes")
        .append(" with the model's confounders (such as the first channel) and within their")
        .append(" groups could be chance. All are associations, not causes: a")
        .append(" behaviour may be a sign of intent rather than its source; a trigger with a")
        .append(" ").append(Html.abbr("holdout", Html.meaning("holdout")))
        .append(" measures what an action changes.</dd><dt><span class=\"small\">small")
        .append(" sample</span></dt><dd>A rate behind fewer than 30 journeys, or with fewer")
        .append(" than 5 converting (or not) while its interval is wider than 10 points: too few")
        .append(" to act on. A comparison of two rates (a change, a lift) is marked when either")
        .append(" side has fewer than 30 journeys or fewer than 5 converting or not.</dd></dl>");
    b.append("<nav><ul>");
    String[][] toc = {{"map", "The journey map"}, {"drop-off", "Where people drop off"},
        {"behaviours", "Behaviours that move them forward"}, {"channels",
        "Channels that bring good journeys"}, {"changes", "What changed in the last 30 days"},
        {"action", "Which segment needs action now"}, {"triggers", "Triggers and their impact"},
        {"clusters", "Kinds of journeys"}, {"health", "How far to trust the scores"}};
    for (String[] t : toc) {
      b.append("<li><a href=\"#").append(t[0]).append("\">").append(esc(t[1]))
          .append("</a></li>");
    }
    b.append("</ul></nav></header>");
  }

  private void section(String id, String title) {
    b.append("<section id=\"").append(id).append("\"><h2>").append(esc(title)).append("</h2>");
  }

  private void answer(String html) {
    b.append("<p class=\"answer\">").append(html).append("</p>");
  }

  private void figure(String id, String svg, String caption) {
    b.append("<figure id=\"").append(id).append("\">").append(Charts.inline(svg));
    if (caption != null) {
      b.append("<figcaption>").append(caption).append("</figcaption>");
    }
    b.append("</figure>");
  }

  private void journeyMap(JourneyMap m) {
    section("map", "The journey map");
    Rate all = d.overview().overall();
    StringBuilder a = new StringBuilder(esc(Format.rateInWords(all) + " of judged journeys"
        + " converted."));
    m.stages().stream().filter(s -> s.convertedWithout() > 0)
        .max(Comparator.comparingLong(Stage::convertedWithout))
        .ifPresent(s -> a.append(esc(String.format(Locale.ROOT, " Stages are milestones, not"
            + " gates: %,d of the %,d conversions never reached %s.", s.convertedWithout(),
            s.convertedWith() + s.convertedWithout(), s.stage()))));
    answer(a.toString());
    if (m.stages().isEmpty()) {
      b.append("<p>The store has no stages.</p></section>");
      return;
    }
    figure("chart-map", ReportCharts.journeyMap(m), null);
    List<List<String>> rows = new ArrayList<>();
    for (Stage s : m.stages()) {
      rows.add(List.of(Html.cell(s.stage()), Format.count(s.reached()),
          Format.count(s.reachedInOrder()), Format.count(s.convertedWith()),
          Format.count(s.convertedWithout()), Format.pct(s.shareConvertedWithout())));
    }
    b.append(Html.table("stages", "Stages", List.of("stage", "reached", "of them in order",
        "conversions with it", "conversions without it", "share of conversions without it"),
        rows, 1, 2, 3, 4, 5));
    b.append("</section>");
  }

  private void dropOffs(JourneyMap m) {
    section("drop-off", "1. Where do people drop off?");
    Optional<DropOff> biggest = m.biggest();
    StringBuilder a = new StringBuilder();
    if (biggest.isEmpty()) {
      a.append("No judged journey has ended without converting yet.");
    } else {
      DropOff x = biggest.get();
      a.append(esc(String.format(Locale.ROOT, "Most journeys stop %s: %,d of the %,d judged"
              + " journeys that got there ended there without converting (%s, 95%% interval %s)%s.",
          x.order() == 0 ? "before reaching any stage" : "with " + x.stage() + " as the"
              + " furthest stage", x.stalled(), x.share().trials(), Format.pct(x.share().rate()),
          Format.interval(x.share()), x.lastEvents() == null ? ""
              : "; their last events: " + x.lastEvents())));
    }
    m.pairs().stream().filter(p -> p.rate().rate() != null)
        .min(Comparator.comparingDouble(p -> p.rate().rate()))
        .ifPresent(p -> a.append(esc(" The weakest step: " + p.from() + " \u2192 " + p.to()
            + ", " + Format.rateInWords(p.rate()) + " moved on.")));
    answer(a.toString());
    if (!m.pairs().isEmpty()) {
      figure("chart-stage-conversion", ReportCharts.stageConversion(m.pairs()), null);
      List<List<String>> rows = new ArrayList<>();
      for (Pair p : m.pairs()) {
        rows.add(List.of(Html.cell(p.from() + " \u2192 " + p.to()), Format.count(p.entered()),
            Format.of(p.rate()), Format.pct(p.rate().rate()) + Html.smallSample(
                p.rate().smallSample()), Format.interval(p.rate()),
            Format.duration(p.medianHours()), Format.count(p.wentAround()),
            Format.count(p.bypassed())));
      }
      b.append(Html.table("stage-conversion", "Stage to stage", List.of("from \u2192 to",
          "reached the first", "moved on / judged", "rate", "95% interval", "median time",
          "went around the next", "reached the next without the first"), rows,
          1, 2, 3, 4, 5, 6, 7));
    }
    if (!m.dropOffs().isEmpty()) {
      figure("chart-drop-offs", ReportCharts.dropOffs(m.dropOffs()), null);
      List<List<String>> rows = new ArrayList<>();
      for (DropOff x : m.dropOffs()) {
        rows.add(List.of(Html.cell(x.order() == 0 ? "(no stage)" : x.stage()) + (x.biggest()
            ? " <strong>biggest</strong>" : ""), Format.count(x.stalled()) + "/"
            + Format.count(x.share().trials()), Format.pct(x.share().rate())
            + Html.smallSample(x.share().smallSample()), Format.interval(x.share()),
            Format.pct(x.shareOfAll()), Format.count(x.failed()), Html.cell(x.lastEvents())));
      }
      b.append(Html.table("drop-offs", "Where judged journeys that did not convert stopped"
          + " (their furthest stage)", List.of("furthest stage", "stopped / got there",
          "share", "95% interval", "share of all drop-offs", "closed by a failure",
          "their last events"), rows, 1, 2, 3, 4, 5));
    }
    if (m.paths() != null && !m.paths().rows().isEmpty()) {
      figure("chart-paths", ReportCharts.paths(m.paths()), esc("From paths(from_stage => '"
          + m.paths().from() + "', to_stage => '" + m.paths().to() + "', max_steps => "
          + m.paths().steps() + "): " + Format.count(m.paths().rows().size()) + " paths."));
    }
    b.append("</section>");
  }

  private void behaviours(Behaviours x) {
    section("behaviours", "2. Which behaviours move them forward?");
    List<Lift> signals = x.forest().stream().filter(Lift::signal).toList();
    if (x.tested() == 0) {
      answer(esc("No behaviour could be tested yet: none had enough judged journeys both with"
          + " and without it."));
    } else if (signals.isEmpty()) {
      answer(esc("No behaviour goes with converting beyond what chance gives (" + x.tested()
          + " tested)." + (x.forest().isEmpty() ? "" : " Below: the strongest speculation, to"
          + " look into, not to act on.")));
    } else {
      Lift top = signals.get(0);
      answer(words(String.format(Locale.ROOT, "The surest: %s. Of the journeys still undecided"
              + " by then, those that did it converted"
              + " %s (%,d of %,d) against %s (%,d of %,d) without it: lift %s, 95%% interval %s;"
              + " within the confounders' groups %s, %s.",
          top.behavior(), Format.pct(top.rateWith()), top.convertedWith(), top.withCount(),
          Format.pct(top.rateWithout()), top.convertedWithout(), top.withoutCount(),
          Format.decimal(top.lift()), Format.ratioInterval(top.low(), top.high()),
          Format.decimal(top.adjusted()), Format.ratioInterval(top.adjustedLow(),
              top.adjustedHigh()))));
    }
    if (x.tested() > 0) {
      b.append("<p class=\"note\">").append(words(String.format(Locale.ROOT, "%,d behaviours"
              + " were tested against converting: %,d are signals, %,d of them going with"
              + " converting less. Shown: those that go with converting more, one per event"
              + " (its surest day limit and count): the strongest signals, then the strongest"
              + " speculation or confounded ones, at most %d in all. Surest means the highest"
              + " lower bound within the confounders' groups. Lift is association, not cause.",
          x.tested(), x.signals(), x.signalsDown(), SignalReader.FOREST_ROWS)))
          .append("</p>");
    }
    if (!x.forest().isEmpty()) {
      figure("chart-lift", ReportCharts.lifts(x), null);
      List<List<String>> rows = new ArrayList<>();
      for (Lift l : x.forest()) {
        rows.add(List.of(Html.cell(l.behavior()), "<span class=\"badge " + (l.signal() ? "signal"
            : "speculation") + "\">" + esc(l.verdict()) + "</span>",
            Format.pct(l.rateWith()) + " (" + Format.count(l.convertedWith()) + "/"
                + Format.count(l.withCount()) + ")", Format.pct(l.rateWithout()) + " ("
                + Format.count(l.convertedWithout()) + "/" + Format.count(l.withoutCount())
                + ")", Format.times(l.lift()) + " " + Format.ratioInterval(l.low(), l.high()),
            Format.times(l.adjusted()) + " " + Format.ratioInterval(l.adjustedLow(),
                l.adjustedHigh()), esc(Format.q(l.q()))));
      }
      b.append(Html.table("lifts", null, List.of("behaviour", "verdict", "converted with it",
          "converted without it", Html.abbr("lift", Html.meaning("lift")) + " [95% interval]",
          "adjusted for " + "the model's confounders", Html.abbr("q", Html.meaning("q"))),
          rows, 2, 3, 4, 5, 6));
    }
    b.append("</section>");
  }

  private void channels() {
    section("channels", "3. Which channels bring high-quality journeys?");
    List<Channel> rows = d.channels().rows();
    Rate all = d.channels().overall();
    StringBuilder a = new StringBuilder();
    if (rows.isEmpty()) {
      a.append("No channels yet.");
    } else {
      Channel best = rows.get(0);
      a.append(esc(best.qualityRank() == null
          ? "No channel has judged journeys yet: every journey is still within its window."
          : "Best quality: " + best.channel() + ", " + Format.rateInWords(best.rate())
              + " converted; all channels: " + Format.pct(all.rate()) + "."));
      rows.stream().filter(ch -> ch.rate().high() != null && all.rate() != null
              && ch.rate().high() < all.rate())
          .max(Comparator.comparingLong(Channel::journeys))
          .ifPresent(ch -> a.append(esc(" Below all channels with its whole interval: "
              + ch.channel() + ", " + Format.count(ch.journeys()) + " journeys (volume rank "
              + ch.volumeRank() + "), " + Format.rateInWords(ch.rate()) + ".")));
    }
    answer(a.toString());
    if (!rows.isEmpty()) {
      figure("chart-channels", ReportCharts.channels(d.channels()), null);
      List<List<String>> cells = new ArrayList<>();
      for (Channel c : rows) {
        cells.add(List.of(Html.cell(c.channel()), Format.count(c.journeys()),
            String.valueOf(c.volumeRank()), Format.of(c.rate()), Format.pct(c.rate().rate())
                + Html.smallSample(c.rate().smallSample()), Format.interval(c.rate()),
            c.qualityRank() == null ? "-" : String.valueOf(c.qualityRank()),
            Format.count(c.recentConversions())));
      }
      b.append(Html.table("channels", "First-touch channels, best quality first", List.of(
          "channel", "journeys", "volume rank", "converted / judged", "rate", "95% interval",
          "quality rank (by the surer end of the interval)", "conversions still in window"),
          cells, 1, 2, 3, 4, 5, 6, 7));
    }
    b.append("</section>");
  }

  private void changes(Changes c) {
    section("changes", "4. What changed in the last 30 days?");
    List<Change30> real = c.changes30d().stream().filter(Change30::significant).toList();
    StringBuilder a = new StringBuilder();
    if (c.anomalies().isEmpty()) {
      a.append("No day broke from its usual range beyond chance.");
    } else {
      long high = c.anomalies().stream().filter(x -> "high".equals(x.severity())).count();
      a.append(esc(String.format(Locale.ROOT, "%,d anomalies (%,d high). The latest: ",
          c.anomalies().size(), high))).append(words(c.anomalies().get(0).sentence()));
    }
    a.append(' ').append(esc(real.isEmpty() ? "Against the 30 days before, no series changed"
        + " beyond chance (" + c.changes30d().size() + " compared)." : real.size() + " of "
        + c.changes30d().size() + " series changed beyond chance against the 30 days"
        + " before."));
    answer(a.toString());
    int n = 0;
    for (Timeline t : c.timelines()) {
      figure("chart-timeline-" + (++n), ReportCharts.timeline(t, c.declared()), null);
    }
    declared(c);
    effects(c);
    if (!c.anomalies().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (Anomaly x : c.anomalies().subList(0, Math.min(LIST_ROWS, c.anomalies().size()))) {
        String value = x.rate() ? Format.pct(x.observed()) + " (" + Format.count(
            x.observedCount()) + " of " + Format.count(x.observedBase()) + ")"
            : Format.amount(x.observed()) + " a day";
        String usual = x.rate() ? Format.pct(x.expected()) + " (" + Format.pct(x.lower())
            + " to " + Format.pct(x.upper()) + ")" : Format.amount(x.expected()) + " ("
            + Format.amount(x.lower()) + " to " + Format.amount(x.upper()) + ")";
        rows.add(List.of(esc(x.from().equals(x.to()) ? x.from().toString() : x.from() + " to "
            + x.to()), Html.cell(x.metric()), Html.cell(x.segment()), esc(value), esc(usual),
            "<span class=\"" + ("rise".equals(x.direction()) ? "rise" : "drop") + "\">"
                + esc(x.direction() + ", " + x.severity()) + "</span>",
            Html.cell(x.nearbyChange() == null ? "" : x.nearbyChange())));
      }
      b.append(Html.table("anomalies", "Anomalies, latest first" + (c.anomalies().size()
          > LIST_ROWS ? " (" + LIST_ROWS + " of " + c.anomalies().size() + ")" : ""),
          List.of("days", "series", "segment", "observed", "expected (usual range)", "what",
              "declared change nearby"), rows, 3, 4));
    }
    if (!c.changes30d().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      for (Change30 x : c.changes30d().subList(0, Math.min(LIST_ROWS, c.changes30d().size()))) {
        String last = x.rate() ? Format.pct(x.last30()) + " (" + Format.count(x.lastCount())
            + " of " + Format.count(x.lastBase()) + ")" : Format.count(x.lastCount());
        String prior = x.rate() ? Format.pct(x.prior30()) + " (" + Format.count(x.priorCount())
            + " of " + Format.count(x.priorBase()) + ")" : Format.count(x.priorCount());
        String delta = x.rate() ? Format.points(x.delta()) + " points [" + Format.points(x.low())
            + ", " + Format.points(x.high()) + "]" : String.format(Locale.ROOT,
            "%+,.0f [%+,.0f, %+,.0f]", x.delta(), x.low(), x.high());
        rows.add(List.of(Html.cell(x.metric()), Html.cell(x.segment()), esc(last), esc(prior),
            esc(delta),
            x.significant() ? "<strong>a real change</strong>" : "within chance"));
      }
      b.append(Html.table("changes-30d", "The last 30 usable days against the 30 before"
          + " (real changes first" + (c.changes30d().size() > LIST_ROWS ? "; " + LIST_ROWS
          + " of " + c.changes30d().size() : "") + ")", List.of("series", "segment",
          "last 30 days", "30 days before", "difference [95% interval]", "verdict"), rows,
          2, 3, 4));
    }
    b.append("</section>");
  }

  /** Before and after each declared change: observational, and said so above the table. */
  private void effects(Changes c) {
    if (c.effects().isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (ReportData.ChangeEffect x : c.effects()) {
      String delta = x.difference() == null ? "" : Format.points(x.difference()) + " points"
          + (x.low() == null ? "" : " [" + Format.points(x.low()) + ", "
          + Format.points(x.high()) + "]");
      rows.add(List.of(Html.cell(x.date() + " " + x.what()), Html.cell(x.transition()),
          esc(Format.pct(x.beforeRate()) + " (" + Format.count(x.beforeConverted()) + " of "
              + Format.count(x.beforeJudged()) + ")"),
          esc(Format.pct(x.afterRate()) + " (" + Format.count(x.afterConverted()) + " of "
              + Format.count(x.afterJudged()) + ")") + Html.smallSample(x.smallSample()),
          esc(delta)));
    }
    b.append("<p class=\"note\" id=\"effects-note\">").append(esc(c.effects().get(0).note()))
        .append("</p>");
    b.append(Html.table("change-effects", "Before and after each declared change"
        + " (observational: judged journeys started in the days before against the days after)",
        List.of("change", "step", "before", "after", "difference [95% interval]"), rows, 2, 3,
        4));
  }

  private void declared(Changes c) {
    if (!c.declaredKnown()) {
      b.append("<p class=\"note\" id=\"declared\">Declared changes: the model file is not at")
          .append(" hand, so the changes it declares are not drawn (make the report with")
          .append(" --model).</p>");
      return;
    }
    List<Change> recent = c.declared().stream().filter(x -> !x.date().isBefore(
        c.asOfDay().minusDays(DailySeries.SHOWN_DAYS))).toList();
    b.append("<p class=\"note\" id=\"declared\">Changes the model declares in the last ")
        .append(DailySeries.SHOWN_DAYS).append(" days: ");
    if (recent.isEmpty() && c.declared().isEmpty()) {
      b.append("none (add them under changes: in the model to see them on the timelines).");
    } else if (recent.isEmpty()) {
      Change latest = c.declared().stream().max(java.util.Comparator.comparing(Change::date))
          .orElseThrow();
      b.append(esc("none; " + c.declared().size() + " earlier, the latest " + latest.date()
          + " " + latest.what() + "."));
    } else {
      b.append(esc(String.join("; ", recent.stream().map(x -> x.date() + " " + x.what())
          .toList()))).append('.');
    }
    b.append("</p>");
  }

  private void action() {
    section("action", "5. Which segment needs action now?");
    ReportData.Action x = d.action();
    if (x.segments().isEmpty()) {
      answer(esc(x.segmentsNote()));
    } else if (x.segments().get().isEmpty()) {
      answer(esc(Format.noSegments(d.overview())));
    } else {
      List<Segment> rows = x.segments().get();
      answer(words(rows.get(0).sentence()));
      List<List<String>> cells = new ArrayList<>();
      for (Segment s : rows) {
        cells.add(List.of(String.valueOf(s.rank()), Html.cell(s.kind() + ": " + s.segment()),
            Format.count(s.openJourneys()), Format.of(s.rate()), Format.pct(s.rate().rate())
                + Html.smallSample(s.rate().smallSample()), Format.interval(s.rate()),
            Format.pct(s.benchmarkRate()), esc(TextReport.lost(s)), Html.cell(s.suggestion())));
      }
      b.append(Html.table("segments", "Segments ranked by the conversions they are expected to"
          + " lose: open journeys \u00d7 (benchmark rate \u2212 segment rate)", List.of("#",
          "segment", "open journeys", "converted / judged", "rate", "95% interval",
          "benchmark", "expected conversions lost [95% interval]", "what the data suggest"),
          cells, 0, 2, 3, 4, 5, 6, 7));
    }
    b.append("<p>Acting on it: the triggers below, each with a ")
        .append(Html.abbr("holdout", Html.meaning("holdout")))
        .append(" that measures its effect.</p></section>");
  }

  private void triggers(List<Trigger> triggers) {
    section("triggers", "Triggers and their impact");
    if (triggers.isEmpty()) {
      answer("The model declares no triggers (triggers: in the model file).");
      b.append("</section>");
      return;
    }
    List<String> overlaps = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (Trigger t : triggers) {
      for (Impact i : t.impact()) {
        rows.add(List.of(Html.cell(t.name()), Html.cell(t.action()), Format.count(t.treatedOpen())
            + " / " + Format.count(t.holdoutOpen()), esc(i.period()), rateCell(i.treated()),
            rateCell(i.holdout()), Format.points(i.difference()) + " points ["
            + Format.points(i.differenceLow()) + ", " + Format.points(i.differenceHigh()) + "]",
            Html.cell(i.verdict())));
        if (i.overlap() != null && !i.overlap().isBlank()) {
          overlaps.add(t.name() + " (" + i.period() + "): " + i.overlap());
        }
      }
      if (t.impact().isEmpty()) {
        rows.add(List.of(Html.cell(t.name()), Html.cell(t.action()), Format.count(t.treatedOpen())
            + " / " + Format.count(t.holdoutOpen()), "-", "-", "-", "-", "not measured yet"));
      }
    }
    List<String> sentences = triggers.stream().filter(t -> t.current() != null)
        .map(t -> t.name() + ": " + t.current().sentence()).toList();
    answer(sentences.isEmpty() ? esc(triggers.size() + " triggers, none measured yet.")
        : words(String.join(" ", sentences)));
    if (!overlaps.isEmpty()) {
      b.append("<p class=\"note\" id=\"overlap\"><strong>Overlapping triggers:</strong> ")
          .append(esc(String.join("; ", overlaps))).append(". Their effects mix: run one or")
          .append(" two at a time to tell them apart.</p>");
    }
    b.append(Html.table("impact", null, List.of("trigger", "action",
        "today: to contact / held out", "period", "treated: converted", "held out: converted",
        "difference [95% interval]", "verdict"), rows, 2, 4, 5, 6));
    b.append("</section>");
  }

  private static String rateCell(Rate r) {
    return esc(Format.pct(r.rate()) + " (" + Format.of(r) + ") " + Format.interval(r))
        + Html.smallSample(r.smallSample());
  }

  private void clusters(List<Cluster> clusters) {
    section("clusters", "Kinds of journeys");
    if (clusters.isEmpty()) {
      answer("Too few journeys with their first days observed to tell kinds apart.");
      b.append("</section>");
      return;
    }
    Cluster first = clusters.get(0);
    answer(words(String.format(Locale.ROOT, "%d kinds of journeys by what they did in their"
            + " first %d days (silhouette %.2f, stability %.2f)%s", clusters.size(),
        first.withinDays(), first.silhouette(), first.stability(), first.silhouette() < 0.25
            ? ": journeys differ gradually, so read the kinds as a rough split." : ".")));
    List<List<String>> rows = new ArrayList<>();
    for (Cluster c : clusters) {
      rows.add(List.of(String.valueOf(c.cluster()), Format.count(c.journeys()) + " ("
          + Format.pct(c.share()) + ")", Format.of(c.rate()), Format.pct(c.rate().rate())
          + Html.smallSample(c.rate().smallSample()), Format.interval(c.rate()),
          Format.days(c.medianDaysToConvert()), Html.cell(c.label())));
    }
    b.append(Html.table("clusters", null, List.of("#", "journeys (share)", "converted / judged",
        "rate", "95% interval", "median time to convert", "what sets it apart"), rows,
        0, 1, 2, 3, 4, 5));
    b.append("</section>");
  }

  private void health(Health h) {
    section("health", "How far to trust the conversion scores");
    if (h == null) {
      answer("This store has no conversion scores.");
    } else {
      answer(words(h.sentence()));
      if (h.model() != null) {
        b.append("<p>").append(words(h.recommendation())).append("</p>")
            .append("<p>").append(esc(String.format(Locale.ROOT, "Status %s; version %s; %,d"
                + " open journeys scored, %,d of them high.",
                Boolean.TRUE.equals(h.retrainRecommended()) ? "retraining recommended"
                    : h.status(), h.version(),
                h.openScored(), h.openHigh()))).append(" ")
            .append(words(String.format(Locale.ROOT, "AUC %s, 95%% CI %s to %s; largest PSI"
                + " %s.", Format.decimal(h.auc()), Format.decimal(h.aucLow()),
                Format.decimal(h.aucHigh()), Format.decimal(h.maxPsi())))).append("</p>");
      }
    }
    b.append("</section>");
  }
}
