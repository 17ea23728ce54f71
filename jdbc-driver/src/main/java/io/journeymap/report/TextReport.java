package io.journeymap.report;

import io.journeymap.model.Change;
import io.journeymap.report.ReportData.Anomaly;
import io.journeymap.report.ReportData.Change30;
import io.journeymap.report.ReportData.Channel;
import io.journeymap.report.ReportData.Cluster;
import io.journeymap.report.ReportData.DropOff;
import io.journeymap.report.ReportData.Health;
import io.journeymap.report.ReportData.Lift;
import io.journeymap.report.ReportData.Overview;
import io.journeymap.report.ReportData.Pair;
import io.journeymap.report.ReportData.Path;
import io.journeymap.report.ReportData.Paths;
import io.journeymap.report.ReportData.Segment;
import io.journeymap.report.ReportData.Stage;
import io.journeymap.report.ReportData.Trigger;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The two-minute report in the terminal: the sections of the HTML report in the same order, as
 * aligned text. Each section starts with an upper-case heading followed by two spaces.
 */
public final class TextReport {
  /** Paths and changes listed at most. */
  private static final int LIST_ROWS = 5;

  private final ReportData data;
  private final PrintStream out;

  public TextReport(ReportData data, PrintStream out) {
    this.data = data;
    this.out = out;
  }

  public void print() {
    overview(data.overview());
    funnel(data.map().pairs());
    bypasses(data.map().stages());
    dropOff(data.map().biggest().orElse(null));
    paths(data.map().paths());
    signals(data.behaviours().topSignals(), data.behaviours().tested());
    channels(data.channels().rows());
    anomalies(data.changes().anomalies());
    changes(data.changes());
    segments(data.action());
    triggers(data.action().triggers());
    clusters(data.clusters());
    health(data.health());
    out.println();
    out.println("Rates show counts and 95% Wilson intervals; 'small sample' marks rates too thin"
        + " to act on. More: SELECT * FROM journey.<table> (see docs/tables.md).");
  }

  private void overview(Overview o) {
    out.println();
    out.println("JOURNEY  " + o.journey() + ": " + o.goal());
    String failed = o.failed() == 0 ? "" : String.format(Locale.ROOT, "%,d failed, ",
        o.failed());
    out.printf(Locale.ROOT, "as of %s UTC (%s): %,d journeys, %,d converted, %s%,d dropped,"
            + " %,d still open%n", o.asOf(), o.asOfBasis(), o.journeys(), o.converted(), failed,
        o.dropped(), o.open());
    out.printf(Locale.ROOT, "rates judge the %,d journeys whose whole window lies before"
            + " as-of; %,d started too recently (%,d of them already converted)%n",
        o.journeys() - o.recent(), o.recent(), o.recentConverted());
    for (String note : o.notes()) {
      out.println("  note: " + note);
    }
  }

  private void funnel(List<Pair> pairs) {
    out.println();
    out.println("STAGE FUNNEL  (stages are milestones, not gates: journeys may skip some)");
    out.printf(Locale.ROOT, "  %-30s %9s %9s %15s %8s %17s %12s  %s%n", "stage -> next",
        "entered", "advanced", "adv/judged", "rate", "95% interval", "median time", "");
    for (Pair p : pairs) {
      String note = p.rate().smallSample() ? "small sample" : "";
      if (p.bypassed() > 0) {
        note = (note.isEmpty() ? "" : note + "; ") + String.format(Locale.ROOT,
            "+%,d reached %s without %s", p.bypassed(), p.to(), p.from());
      }
      out.printf(Locale.ROOT, "  %-30s %,9d %,9d %15s %8s %17s %12s  %s%n",
          p.from() + " -> " + p.to(), p.entered(), p.advanced(), Format.of(p.rate()),
          Format.pct(p.rate().rate()), Format.interval(p.rate()),
          Format.duration(p.medianHours()), note);
    }
  }

  /** How many conversions went around each stage: stages are not prerequisites. */
  private void bypasses(List<Stage> stages) {
    out.println();
    out.println("ROADS TO CONVERSION  converted journeys with and without each stage");
    out.printf(Locale.ROOT, "  %-24s %9s %10s %12s %9s%n", "stage", "reached", "conv with",
        "conv without", "without");
    for (Stage s : stages) {
      out.printf(Locale.ROOT, "  %-24s %,9d %,10d %,12d %9s%n", s.stage(), s.reached(),
          s.convertedWith(), s.convertedWithout(), Format.pct(s.shareConvertedWithout()));
    }
  }

  private void dropOff(DropOff d) {
    out.println();
    if (d == null) {
      out.println("BIGGEST DROP-OFF  none: no journey has closed without converting yet.");
      return;
    }
    String where = d.order() == 0 ? "before reaching any stage"
        : "with '" + d.stage() + "' as the furthest stage";
    String failed = d.failed() == 0 ? "" : String.format(Locale.ROOT, " (%,d by a failure"
        + " event)", d.failed());
    out.printf(Locale.ROOT, "BIGGEST DROP-OFF  %s: %,d of %,d judged journeys ended there"
            + " without converting%s (%s, 95%% %s)%n", where, d.stalled(), d.share().trials(),
        failed, Format.pct(d.share().rate()), Format.interval(d.share()));
    if (d.lastEvents() != null) {
      out.println("  their last events: " + d.lastEvents());
    }
  }

  private void paths(Paths p) {
    if (p == null) {
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "PATHS  what judged journeys did after %s, up to %s (first %d"
        + " events; the %d most followed of %,d paths)%n", p.from(), p.to(), p.steps(),
        Math.min(LIST_ROWS, p.rows().size()), p.rows().size());
    out.printf(Locale.ROOT, "  %9s %14s %8s %17s  %s%n", "journeys", "reached/judged", "rate",
        "95% interval", "path");
    for (Path row : p.rows().subList(0, Math.min(LIST_ROWS, p.rows().size()))) {
      out.printf(Locale.ROOT, "  %,9d %14s %8s %17s  %s%s%n", row.journeys(),
          Format.of(row.reached()), Format.pct(row.reached().rate()),
          Format.interval(row.reached()), row.path(), row.reached().smallSample()
              ? " (small sample)" : "");
    }
  }

  /** The strongest behaviours that go with converting, as far as they are more than chance. */
  private void signals(List<Lift> lifts, long tested) {
    out.println();
    out.println("TOP SIGNALS  early behaviours that go with converting (verdict signal, surest"
        + " first; adjusted: within the confounders' groups)");
    out.printf(Locale.ROOT, "  %9s %7s %15s %24s %16s  %s%n", "journeys", "lift",
        "95% interval", "adjusted [95% interval]", "rate with/out", "behaviour");
    for (Lift l : lifts) {
      String adjusted = l.adjusted() == null ? "-" : String.format(Locale.ROOT,
          "%.2fx [%.2f, %.2f]", l.adjusted(), l.adjustedLow(), l.adjustedHigh());
      out.printf(Locale.ROOT, "  %,9d %6.2fx %15s %24s %16s  %s%n", l.withCount(), l.lift(),
          String.format(Locale.ROOT, "[%.2f, %.2f]", l.low(), l.high()), adjusted,
          String.format(Locale.ROOT, "%.1f%% / %.1f%%", 100 * l.rateWith(),
              100 * l.rateWithout()), l.behavior());
    }
    if (lifts.isEmpty()) {
      out.println(tested == 0 ? "  none tested: no behaviour had enough judged journeys with"
          + " and without it" : "  none: no behaviour goes with converting beyond what chance"
          + " gives, within the confounders' groups");
    }
  }

  private void channels(List<Channel> channels) {
    out.println();
    out.println("CHANNELS  by quality (conversion of judged journeys) next to volume");
    out.printf(Locale.ROOT, "  %-20s %9s %7s %12s %8s %17s %8s  %s%n", "first-touch channel",
        "journeys", "volume#", "conv/judged", "rate", "95% interval", "quality#", "");
    for (Channel c : channels) {
      out.printf(Locale.ROOT, "  %-20s %,9d %7d %12s %8s %17s %8s  %s%n", c.channel(),
          c.journeys(), c.volumeRank(), Format.of(c.rate()), Format.pct(c.rate().rate()),
          Format.interval(c.rate()), c.qualityRank() == null ? "-" : c.qualityRank(),
          c.rate().trials() == 0 ? "none judged yet" : c.rate().smallSample() ? "small sample"
              : "");
    }
  }

  private void anomalies(List<Anomaly> anomalies) {
    out.println();
    if (anomalies.isEmpty()) {
      out.println("ANOMALIES  none: no day broke from its usual range beyond chance");
    } else {
      long high = anomalies.stream().filter(a -> "high".equals(a.severity())).count();
      // the rows come latest first
      out.printf(Locale.ROOT, "ANOMALIES  %,d (%,d high); the latest: %s%n", anomalies.size(),
          high, anomalies.get(0).sentence());
    }
  }

  /** Real 30-day changes, and the changes the model declares in that time. */
  private void changes(ReportData.Changes c) {
    out.println();
    List<Change30> real = c.changes30d().stream().filter(Change30::significant).toList();
    out.printf(Locale.ROOT, "LAST 30 DAYS  %s%n", real.isEmpty()
        ? "no series changed beyond chance against the 30 days before (" + c.changes30d().size()
        + " compared)" : real.size() + " of " + c.changes30d().size()
        + " series changed beyond chance against the 30 days before");
    for (Change30 ch : real.subList(0, Math.min(LIST_ROWS, real.size()))) {
      out.println("  " + ch.sentence());
    }
    if (!c.declaredKnown()) {
      out.println("  declared changes: the model file is not at hand (give --model to see"
          + " them)");
      return;
    }
    // the comparisons span the 30 days before their last 30 too (conversion ends earlier)
    java.time.LocalDate from = c.changes30d().stream().map(Change30::lastFrom)
        .filter(java.util.Objects::nonNull).min(java.util.Comparator.naturalOrder())
        .orElse(c.asOfDay().minusDays(30)).minusDays(30);
    List<Change> recent = c.declared().stream()
        .filter(d -> !d.date().isBefore(from) && d.date().isBefore(c.asOfDay().plusDays(1)))
        .toList();
    out.println("  declared changes in the days compared (since " + from + "): "
        + (recent.isEmpty() ? "none" : String.join("; ", recent.stream()
        .map(d -> d.date() + " " + d.what()).toList())));
    for (ReportData.ChangeEffect e : c.effects().subList(0, Math.min(LIST_ROWS,
        c.effects().size()))) {
      out.println("  before/after " + e.date() + ": " + e.sentence());
    }
    if (!c.effects().isEmpty()) {
      out.println("  (" + c.effects().get(0).note() + ")");
    }
  }

  private void segments(ReportData.Action action) {
    out.println();
    if (action.segments().isEmpty()) {
      out.println("SEGMENTS NEEDING ACTION  " + action.segmentsNote());
      return;
    }
    List<Segment> rows = action.segments().get();
    if (rows.isEmpty()) {
      out.println("SEGMENTS NEEDING ACTION  " + Format.noSegments(data.overview()));
      return;
    }
    out.println("SEGMENTS NEEDING ACTION  ranked by expected conversions lost");
    out.printf(Locale.ROOT, "  %2s %-28s %7s %12s %8s %17s %9s %16s  %s%n", "#", "segment",
        "open", "conv/judged", "rate", "95% interval", "benchmark", "expected lost",
        "suggestion");
    for (Segment s : rows) {
      out.printf(Locale.ROOT, "  %2d %-28s %,7d %12s %8s %17s %9s %16s  %s%s%n", s.rank(),
          s.kind() + ": " + s.segment(), s.openJourneys(), Format.of(s.rate()),
          Format.pct(s.rate().rate()), Format.interval(s.rate()), Format.pct(s.benchmarkRate()),
          lost(s), s.suggestion() == null ? "" : s.suggestion(), s.rate().smallSample()
              ? " (small sample)" : "");
    }
  }

  /** Expected conversions lost with its interval, one decimal: 24.8 [16.6, 30.3]. */
  static String lost(Segment s) {
    if (s.expectedLost() == null) {
      return "-";
    }
    return String.format(Locale.ROOT, "%,.1f", s.expectedLost()) + (s.expectedLostLow() == null
        || s.expectedLostHigh() == null ? "" : String.format(Locale.ROOT, " [%,.1f, %,.1f]",
        s.expectedLostLow(), s.expectedLostHigh()));
  }

  /** Today's list per trigger and what its holdout says so far. */
  private void triggers(List<Trigger> triggers) {
    boolean first = true;
    for (Trigger t : triggers) {
      if (t.current() == null) {
        continue;
      }
      if (first) {
        out.println();
        out.println("TRIGGERS  today's lists (journeymap export-triggers --trigger NAME) and"
            + " their measured impact");
        first = false;
      }
      // the sentence carries the verdict in words
      out.printf(Locale.ROOT, "  %s: %,d to contact, %,d held out. %s%n", t.name(),
          t.treatedOpen(), t.holdoutOpen(), t.current().sentence());
    }
  }

  private void clusters(List<Cluster> clusters) {
    out.println();
    if (clusters.isEmpty()) {
      out.println("CLUSTERS  none: too few journeys with their first days observed.");
      return;
    }
    Cluster c0 = clusters.get(0);
    out.printf(Locale.ROOT, "CLUSTERS  kinds of journeys by their first %d days"
        + " (silhouette %.2f, stability %.2f)%n", c0.withinDays(), c0.silhouette(),
        c0.stability());
    out.printf(Locale.ROOT, "  %2s %9s %6s %12s %8s %17s  %s%n", "#", "journeys", "share",
        "conv/judged", "rate", "95% interval", "what sets it apart");
    for (Cluster c : clusters) {
      out.printf(Locale.ROOT, "  %2d %,9d %6s %12s %8s %17s  %s%s%n", c.cluster(),
          c.journeys(), Format.pct(c.share()), Format.of(c.rate()), Format.pct(c.rate().rate()),
          Format.interval(c.rate()), c.label(), c.rate().smallSample() ? " (small sample)"
              : "");
    }
  }

  private void health(Health h) {
    out.println();
    if (h == null) {
      return;
    }
    // 'ok' is the data's status (enough to fit and judge); a recommended refit says more
    out.printf(Locale.ROOT, "MODEL HEALTH  conversion scores as seen on day %d: %s%n",
        h.atDays(), Boolean.TRUE.equals(h.retrainRecommended()) ? "retraining recommended"
            : h.status());
    if (h.model() == null) {
      out.println("  " + h.sentence());
      return;
    }
    out.println("  " + h.sentence() + " Version " + h.version() + ".");
    out.println("  " + h.recommendation());
    out.printf(Locale.ROOT, "  %,d open journeys scored, %,d of them high (SELECT * FROM"
        + " scores WHERE role = 'open' ORDER BY p_convert DESC)%n", h.openScored(), h.openHigh());
  }
}
