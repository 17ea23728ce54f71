package io.journeymap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.cli.JourneymapCli;
import io.journeymap.demo.DemoWorld;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code journeymap report --out report.html} on a demo store: every section in order, every
 * chart, no address of any kind, and the numbers in its tables equal to the same queries run by
 * DuckDB itself on the store file.
 */
class HtmlReportTest {
  @TempDir
  static Path dir;
  static Path model;
  static String html;
  static Document page;
  static String text;
  /** Changes declared in the model: within the last 30 days of the data, and before them. */
  static final LocalDate RECENT = DemoWorld.END.atOffset(ZoneOffset.UTC).toLocalDate()
      .minusDays(20);
  static final LocalDate EARLIER = RECENT.minusDays(50);

  @BeforeAll
  static void report() throws Exception {
    model = new DemoWorld(800, 7).writeTo(dir, n -> { }).model();
    Files.writeString(model, Files.readString(model) + "\nchanges:\n  - date: " + RECENT
        + "\n    what: \"new pricing page <b>&amp;</b>\"\n  - date: " + EARLIER
        + "\n    what: onboarding email rework\n");
    Path out = dir.resolve("report.html");
    Run r = run("report", "--model", model.toString(), "--out", out.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.err.contains("report written to " + out), r.err);
    assertEquals("", r.out, "the page goes to the file only");
    html = Files.readString(out);
    page = parse(html);
    Run t = run("report", "--model", model.toString(), "--format", "text");
    assertEquals(0, t.code, t.err);
    text = t.out;
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = JourneymapCli.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The page read by the JDK's XML parser: the report is well-formed. */
  static Document parse(String page) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(
        page.getBytes(StandardCharsets.UTF_8)));
  }

  static List<Element> all(Element root, String tag) {
    NodeList list = root.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  static Element byId(Document d, String id) {
    for (String tag : new String[] {"section", "table", "figure", "p", "dl"}) {
      for (Element e : all(d.getDocumentElement(), tag)) {
        if (e.getAttribute("id").equals(id)) {
          return e;
        }
      }
    }
    return null;
  }

  /** The cells of a table's body rows, as read, small-sample labels removed. */
  static List<List<String>> rows(String id) {
    Element table = byId(page, id);
    assertNotNull(table, "no table " + id);
    List<List<String>> out = new ArrayList<>();
    for (Element tr : all((Element) table.getElementsByTagName("tbody").item(0), "tr")) {
      out.add(all(tr, "td").stream().map(td -> td.getTextContent()
          .replace(" small sample", "").strip()).toList());
    }
    return out;
  }

  /** Rows of a query run by DuckDB on the store file itself. */
  static List<Object[]> direct(String sql, Object... parameters) throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"
        + dir.resolve("journey.journeymap.duckdb"), p);
         java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<Object[]> out = new ArrayList<>();
        int n = r.getMetaData().getColumnCount();
        while (r.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = r.getObject(i + 1);
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  // the test's own formatting, as the report promises to write numbers
  static String n(Object v) {
    return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
  }

  static String pct(Object v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * ((Number) v)
        .doubleValue());
  }

  static String interval(Object low, Object high) {
    return low == null ? "-" : "[" + pct(low) + ", " + pct(high) + "]";
  }

  static String hours(Object v) {
    if (v == null) {
      return "-";
    }
    double h = ((Number) v).doubleValue();
    return h < 48 ? String.format(Locale.ROOT, "%.1f h", h)
        : String.format(Locale.ROOT, "%.1f days", h / 24);
  }

  @Test
  void everySectionAndChartIsThereInOrder() throws Exception {
    List<String> sections = all(page.getDocumentElement(), "section").stream()
        .map(s -> s.getAttribute("id")).toList();
    assertEquals(List.of("map", "drop-off", "behaviours", "channels", "changes", "action",
        "triggers", "clusters", "health"), sections);
    List<String> expected = new ArrayList<>(List.of("chart-map", "chart-stage-conversion",
        "chart-drop-offs"));
    // the paths chart needs journeys after the biggest drop-off; the lift chart behaviours
    if (!direct("SELECT 1 FROM behavior_lift WHERE transition = 'outcome' AND lift > 1 AND"
        + " verdict IN ('signal', 'speculation')").isEmpty()) {
      expected.add("chart-lift");
    }
    expected.add("chart-channels");
    expected.add("chart-timeline-1");
    List<String> figures = all(page.getDocumentElement(), "figure").stream()
        .map(f -> f.getAttribute("id")).filter(id -> !id.equals("chart-paths")).toList();
    assertEquals(expected, figures.stream().filter(id -> !id.startsWith("chart-timeline-")
        || id.equals("chart-timeline-1")).toList());
    for (Element f : all(page.getDocumentElement(), "figure")) {
      List<Element> svg = all(f, "svg");
      assertEquals(1, svg.size(), f.getAttribute("id"));
      assertFalse(svg.get(0).getAttribute("viewBox").isEmpty());
    }
    // the first question's answer names the biggest drop-off of the store
    List<Object[]> biggest = direct("SELECT stage, stalled, reached FROM drop_offs"
        + " WHERE biggest");
    String answer = byId(page, "drop-off").getElementsByTagName("p").item(0).getTextContent();
    if (!biggest.isEmpty()) {
      assertTrue(answer.contains(n(biggest.get(0)[1]) + " of the " + n(biggest.get(0)[2])
          + " judged journeys"), answer);
      assertNotNull(byId(page, "chart-paths"), "the paths after the biggest drop-off");
    }
  }

  @Test
  void thePageHoldsNoAddressScriptOrExternalFile() {
    for (String banned : new String[] {"http://", "https://", "<script", "src=", "url(",
        "@import", "<link", "//www"}) {
      assertFalse(html.contains(banned), "the page contains " + banned);
    }
    assertTrue(html.contains("<style>"));
    // every link points inside the page
    for (Element a : all(page.getDocumentElement(), "a")) {
      assertTrue(a.getAttribute("href").startsWith("#"), a.getAttribute("href"));
      assertNotNull(byId(page, a.getAttribute("href").substring(1)), a.getAttribute("href"));
    }
  }

  @Test
  void jargonHasATooltipAndTheKeyExplainsSignalAndSpeculation() {
    Element key = byId(page, "key");
    assertNotNull(key);
    assertTrue(key.getTextContent().contains("signal vs speculation"), key.getTextContent());
    Map<String, String> abbr = new HashMap<>();
    for (Element a : all(page.getDocumentElement(), "abbr")) {
      assertFalse(a.getAttribute("title").isBlank(), a.getTextContent());
      abbr.put(a.getTextContent(), a.getAttribute("title"));
    }
    assertTrue(abbr.containsKey("CI"), abbr.keySet().toString());
    // every visible use of these terms sits inside an abbr
    String visible = page.getDocumentElement().getTextContent();
    for (String term : new String[] {"AUC", "PSI"}) {
      long uses = Pattern.compile("\\b" + term + "\\b").matcher(visible).results().count();
      long explained = all(page.getDocumentElement(), "abbr").stream()
          .filter(a -> a.getTextContent().equals(term)).count();
      if (uses > 0) {
        assertEquals(uses, explained, term + " without a tooltip");
      }
    }
  }

  @Test
  void funnelAndStageTablesEqualTheStore() throws Exception {
    List<Object[]> pairs = direct("SELECT from_stage, to_stage, entered, judged_advanced,"
        + " judged, rate, ci_low, ci_high, median_hours, went_around, bypassed"
        + " FROM stage_conversion ORDER BY from_order");
    List<List<String>> shown = rows("stage-conversion");
    assertEquals(pairs.size(), shown.size());
    for (int i = 0; i < pairs.size(); i++) {
      Object[] p = pairs.get(i);
      assertEquals(List.of(p[0] + " \u2192 " + p[1], n(p[2]), n(p[3]) + "/" + n(p[4]), pct(p[5]),
          interval(p[6], p[7]), hours(p[8]), n(p[9]), n(p[10])), shown.get(i));
    }
    List<Object[]> stages = direct("SELECT stage, reached, reached_in_order, converted_with,"
        + " converted_without, share_converted_without FROM stage_reach ORDER BY stage_order");
    List<List<String>> shownStages = rows("stages");
    assertEquals(stages.size(), shownStages.size());
    for (int i = 0; i < stages.size(); i++) {
      Object[] s = stages.get(i);
      assertEquals(List.of((String) s[0], n(s[1]), n(s[2]), n(s[3]), n(s[4]), pct(s[5])),
          shownStages.get(i));
    }
    List<Object[]> drops = direct("SELECT stage_order, stage, stalled, reached, share, ci_low,"
        + " ci_high, share_of_all_drop_offs, failed, last_events, biggest FROM drop_offs"
        + " ORDER BY stage_order");
    List<List<String>> shownDrops = rows("drop-offs");
    assertEquals(drops.size(), shownDrops.size());
    for (int i = 0; i < drops.size(); i++) {
      Object[] x = drops.get(i);
      String stage = ((Number) x[0]).intValue() == 0 ? "(no stage)" : (String) x[1];
      assertEquals(List.of(stage + ((Boolean) x[10] ? " biggest" : ""), n(x[2]) + "/" + n(x[3]),
          pct(x[4]), interval(x[5], x[6]), pct(x[7]), n(x[8]), x[9] == null ? "" : x[9]),
          shownDrops.get(i));
    }
    // the overall rate of the map's answer, from journeys
    Object[] all = direct("SELECT count(*) FILTER (WHERE judged AND status = 'converted'),"
        + " count(*) FILTER (WHERE judged) FROM journeys").get(0);
    String answer = byId(page, "map").getElementsByTagName("p").item(0).getTextContent();
    assertTrue(answer.startsWith(pct(((Number) all[0]).doubleValue()
        / ((Number) all[1]).doubleValue()) + " (" + n(all[0]) + " of " + n(all[1]) + ")"),
        answer);
  }

  @Test
  void channelsLiftsAndClustersEqualTheStore() throws Exception {
    List<Object[]> channels = direct("SELECT channel, journeys, volume_rank, conversions,"
        + " judged, rate, ci_low, ci_high, quality_rank, recent_conversions FROM channel_quality"
        + " ORDER BY quality_rank, channel");
    List<List<String>> shown = rows("channels");
    assertEquals(channels.size(), shown.size());
    for (int i = 0; i < channels.size(); i++) {
      Object[] c = channels.get(i);
      assertEquals(List.of((String) c[0], n(c[1]), c[2].toString(), n(c[3]) + "/" + n(c[4]),
          pct(c[5]), interval(c[6], c[7]), c[8].toString(), n(c[9])), shown.get(i));
    }

    Element lifts = byId(page, "lifts");
    if (lifts != null) {
      for (List<String> row : rows("lifts")) {
        List<Object[]> l = direct("SELECT verdict, conv_with, n_with, rate_with, conv_without,"
            + " n_without, rate_without, lift, lift_low, lift_high FROM behavior_lift"
            + " WHERE transition = 'outcome' AND behavior = ?", row.get(0));
        assertEquals(1, l.size(), row.get(0));
        Object[] x = l.get(0);
        assertEquals(List.of(x[0], pct(x[3]) + " (" + n(x[1]) + "/" + n(x[2]) + ")",
            pct(x[6]) + " (" + n(x[4]) + "/" + n(x[5]) + ")", String.format(Locale.ROOT,
            "%.2fx [%.2f, %.2f]", x[7], x[8], x[9])), List.of(row.get(1), row.get(2),
            row.get(3), row.get(4)), row.get(0));
      }
      // signals first, then speculation; the plot marks which is which
      List<String> verdicts = rows("lifts").stream().map(r -> r.get(1)).toList();
      assertTrue(verdicts.indexOf("speculation") < 0 || verdicts.lastIndexOf("signal")
          < verdicts.indexOf("speculation"), verdicts.toString());
    }

    List<Object[]> clusters = direct("SELECT cluster, journeys, share, converted, judged, rate,"
        + " ci_low, ci_high, label FROM journey_clusters ORDER BY cluster");
    if (!clusters.isEmpty()) {
      List<List<String>> shownClusters = rows("clusters");
      assertEquals(clusters.size(), shownClusters.size());
      for (int i = 0; i < clusters.size(); i++) {
        Object[] c = clusters.get(i);
        List<String> row = shownClusters.get(i);
        assertEquals(List.of(c[0].toString(), n(c[1]) + " (" + pct(c[2]) + ")", n(c[3]) + "/"
            + n(c[4]), pct(c[5]), interval(c[6], c[7]), (String) c[8]), List.of(row.get(0),
            row.get(1), row.get(2), row.get(3), row.get(4), row.get(6)));
      }
    }
  }

  @Test
  void triggersChangesAndHealthEqualTheStore() throws Exception {
    List<Object[]> impact = direct("SELECT i.trigger_name, i.period, i.treated,"
        + " i.treated_converted, i.holdout, i.holdout_converted, i.verdict,"
        + " (SELECT count(*) FROM triggers t WHERE t.trigger_name = i.trigger_name AND"
        + " t.open_now AND t.test_group = 'treated'), (SELECT count(*) FROM triggers t"
        + " WHERE t.trigger_name = i.trigger_name AND t.open_now AND t.test_group = 'holdout')"
        + " FROM impact i ORDER BY 1, 2 DESC");
    if (!impact.isEmpty()) {
      List<List<String>> shown = rows("impact");
      assertEquals(impact.size(), shown.size());
      for (int i = 0; i < impact.size(); i++) {
        Object[] x = impact.get(i);
        List<String> row = shown.get(i);
        assertEquals(List.of((String) x[0], n(x[7]) + " / " + n(x[8]), (String) x[1]),
            List.of(row.get(0), row.get(2), row.get(3)));
        assertTrue(row.get(4).contains("(" + n(x[3]) + "/" + n(x[2]) + ")"), row.toString());
        assertTrue(row.get(5).contains("(" + n(x[5]) + "/" + n(x[4]) + ")"), row.toString());
        assertEquals(x[6], row.get(7));
      }
    }

    List<Object[]> anomalies = direct("SELECT metric, segment, observed_count FROM anomalies"
        + " ORDER BY to_day DESC, q_value, metric, segment LIMIT " + HtmlReport.LIST_ROWS);
    if (anomalies.isEmpty()) {
      assertTrue(byId(page, "changes").getTextContent().contains("No day broke from its usual"
          + " range beyond chance."));
    } else {
      List<List<String>> shown = rows("anomalies");
      assertEquals(anomalies.size(), shown.size());
      for (int i = 0; i < anomalies.size(); i++) {
        assertEquals(List.of(anomalies.get(i)[0], anomalies.get(i)[1]),
            List.of(shown.get(i).get(1), shown.get(i).get(2)));
      }
    }
    List<Object[]> changes = direct("SELECT metric, segment, last_count, prior_count,"
        + " significant FROM changes_30d ORDER BY significant DESC, q_value, metric, segment"
        + " LIMIT " + HtmlReport.LIST_ROWS);
    List<List<String>> shownChanges = changes.isEmpty() ? List.of() : rows("changes-30d");
    assertEquals(changes.size(), shownChanges.size());
    for (int i = 0; i < changes.size(); i++) {
      Object[] x = changes.get(i);
      List<String> row = shownChanges.get(i);
      assertEquals(List.of(x[0], x[1]), List.of(row.get(0), row.get(1)));
      assertTrue(row.get(2).contains(n(x[2])), row + " " + Arrays.toString(x));
      assertTrue(row.get(3).contains(n(x[3])), row + " " + Arrays.toString(x));
      assertEquals((Boolean) x[4] ? "a real change" : "within chance", row.get(5));
    }

    // before and after each declared change, as the store has it, labelled observational
    List<Object[]> effects = direct("SELECT what, transition, before_converted, before_judged,"
        + " after_converted, after_judged, note FROM change_impact ORDER BY change_date DESC,"
        + " transition <> 'outcome', transition");
    assertFalse(effects.isEmpty(), "the model declares changes with journeys on both sides");
    List<List<String>> shownEffects = rows("change-effects");
    assertEquals(effects.size(), shownEffects.size());
    for (int i = 0; i < effects.size(); i++) {
      Object[] x = effects.get(i);
      List<String> row = shownEffects.get(i);
      assertTrue(row.get(0).endsWith(" " + x[0]) && row.get(1).equals(x[1]), row.toString());
      assertTrue(row.get(2).contains("(" + n(x[2]) + " of " + n(x[3]) + ")"), row.toString());
      assertTrue(row.get(3).contains("(" + n(x[4]) + " of " + n(x[5]) + ")"), row.toString());
    }
    assertEquals(effects.get(0)[6], byId(page, "effects-note").getTextContent());
    assertTrue(((String) effects.get(0)[6]).toLowerCase(java.util.Locale.ROOT)
        .contains("observational"), (String) effects.get(0)[6]);

    // both declared changes, the markup in one escaped, the recent one on the timeline
    String declared = byId(page, "declared").getTextContent();
    assertTrue(declared.contains(RECENT + " new pricing page <b>&amp;</b>"), declared);
    assertTrue(declared.contains(EARLIER + " onboarding email rework"), declared);
    assertFalse(html.contains("<b>&amp;</b>"), "markup of the model reached the page");
    // on the first timeline when its days reach that far, else counted as outside them
    Element figure = byId(page, "chart-timeline-1");
    List<LocalDate> days = all(figure, "circle").stream()
        .filter(c -> c.getAttribute("class").equals("day"))
        .map(c -> LocalDate.parse(c.getTextContent().substring(0, 10))).sorted().toList();
    String timeline = figure.getTextContent();
    if (!days.isEmpty() && !RECENT.isBefore(days.get(0))
        && !RECENT.isAfter(days.get(days.size() - 1))) {
      assertTrue(timeline.contains(RECENT + ": new pricing page <b>&amp;</b>"), timeline);
    } else {
      assertTrue(timeline.contains("outside these days"), timeline);
    }

    List<Object[]> health = direct("SELECT sentence FROM model_health WHERE chosen OR model IS"
        + " NULL ORDER BY chosen DESC NULLS LAST LIMIT 1");
    if (!health.isEmpty()) {
      assertEquals(health.get(0)[0], byId(page, "health").getElementsByTagName("p").item(0)
          .getTextContent());
    }
  }

  /** The first timeline's daily values are the store's daily counts (or pooled rates). */
  @Test
  void theTimelineDrawsTheStoresDailySeries() throws Exception {
    Element figure = byId(page, "chart-timeline-1");
    String caption = all(figure, "title").get(0).getTextContent();
    Matcher entries = Pattern.compile("Entries into (.+) per day, (.+)").matcher(caption);
    Matcher conversion = Pattern.compile("Conversion (.+) \\(7 cohort days ending each day\\),"
        + " (.+)").matcher(caption);
    boolean rate = conversion.matches();
    assertTrue(rate || entries.matches(), caption);
    String segment = rate ? conversion.group(2) : entries.group(2);
    String filter = segment.equals("all journeys") ? "" : " AND j.first_channel = '"
        + segment.substring("first_channel = ".length()).replace("'", "''") + "'";
    Map<LocalDate, long[]> byDay = new HashMap<>();
    String sql;
    if (!rate) {
      sql = "SELECT CAST(se.entered_at AS DATE), count(*), 0 FROM stage_entries se JOIN journeys"
          + " j USING (journey_id) WHERE se.stage = '" + entries.group(1).replace("'", "''")
          + "'" + filter + " GROUP BY 1";
    } else {
      String metric = conversion.group(1);
      String[] ab = metric.split(" -> ", 2);
      sql = ab[0].equals("start") ? "SELECT CAST(started_at AS DATE), count(*) FILTER (WHERE"
          + " status = 'converted'), count(*) FROM journeys j WHERE true" + filter
          + " GROUP BY 1"
          : "SELECT CAST(a.entered_at AS DATE), count(b.journey_id), count(*) FROM stage_entries"
          + " a JOIN journeys j USING (journey_id) LEFT JOIN stage_entries b ON b.journey_id ="
          + " a.journey_id AND b.stage = '" + ab[1] + "' AND b.stage_order = a.stage_order + 1"
          + " WHERE a.stage = '" + ab[0] + "' AND (b.entered_at IS NULL OR b.entered_at >"
          + " a.entered_at)" + filter + " GROUP BY 1";
    }
    for (Object[] row : direct(sql)) {
      byDay.put(LocalDate.parse(row[0].toString()), new long[] {((Number) row[1])
          .longValue(), ((Number) row[2]).longValue()});
    }
    Pattern point = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}): ([\\d,.]+%?) .*");
    int checked = 0;
    for (Element c : all(figure, "circle")) {
      if (!c.getAttribute("class").equals("day")) {
        continue;
      }
      Matcher m = point.matcher(c.getTextContent());
      assertTrue(m.matches(), c.getTextContent());
      LocalDate day = LocalDate.parse(m.group(1));
      String expected;
      if (!rate) {
        expected = n(byDay.getOrDefault(day, new long[2])[0]);
      } else {
        long conv = 0;
        long base = 0;
        for (int k = 0; k < 7; k++) {
          long[] v = byDay.getOrDefault(day.minusDays(k), new long[2]);
          conv += v[0];
          base += v[1];
        }
        expected = pct((double) conv / base);
      }
      assertEquals(expected, m.group(2), c.getTextContent());
      checked++;
    }
    assertTrue(checked > 0 && checked <= DailySeries.SHOWN_DAYS, "points: " + checked);
  }

  @Test
  void theTextReportHasTheSameSectionsInTheSameOrder() {
    List<String> headings = new ArrayList<>();
    for (String line : text.lines().toList()) {
      Matcher m = Pattern.compile("^([A-Z][A-Z0-9 -]+[A-Z0-9])  .*").matcher(line);
      if (m.matches()) {
        headings.add(m.group(1));
      }
    }
    List<String> order = List.of("JOURNEY", "STAGE FUNNEL", "ROADS TO CONVERSION",
        "BIGGEST DROP-OFF", "PATHS", "TOP SIGNALS", "CHANNELS", "ANOMALIES", "LAST 30 DAYS",
        "SEGMENTS NEEDING ACTION", "TRIGGERS", "CLUSTERS", "MODEL HEALTH");
    List<String> present = order.stream().filter(headings::contains).toList();
    assertEquals(present, headings.stream().filter(order::contains).toList(), text);
    for (String always : new String[] {"JOURNEY", "STAGE FUNNEL", "ROADS TO CONVERSION",
        "BIGGEST DROP-OFF", "TOP SIGNALS", "CHANNELS", "ANOMALIES", "LAST 30 DAYS",
        "SEGMENTS NEEDING ACTION", "CLUSTERS"}) {
      assertTrue(headings.contains(always), always + " missing in\n" + text);
    }
    assertTrue(text.contains("declared changes in the days compared (since ")
        && text.contains(RECENT + " new pricing page <b>&amp;</b>"), text);
  }

  @Test
  void withoutTheSegmentRankingTheReportSaysSo() throws Exception {
    boolean has = !direct("SELECT 1 FROM information_schema.tables WHERE table_name ="
        + " 'segments_needing_action'").isEmpty();
    String action = byId(page, "action").getTextContent();
    if (has) {
      assertNotNull(byId(page, "segments"), action);
    } else {
      assertTrue(action.contains("(segments_needing_action) is not in this store"), action);
      assertTrue(text.contains("SEGMENTS NEEDING ACTION  The ranking of segments that need"
          + " action (segments_needing_action) is not in this store"), text);
    }
  }

  /**
   * The top signals, recomputed in Java from every outcome signal: the surest per event (the
   * highest lower bound within the confounders' groups), then one per set of journeys
   * (identical counts with and without the behaviour), in its shortest wording (twins are
   * planted in ReportPiecesTest; this small demo may have none).
   */
  @Test
  void topSignalsNameEachSetOfJourneysOnce() throws Exception {
    List<Object[]> all = direct("SELECT event, behavior, adjusted_low, n_with, conv_with,"
        + " n_without, conv_without FROM behavior_lift WHERE transition = 'outcome' AND"
        + " verdict = 'signal' AND lift > 1");
    java.util.Map<Object, Object[]> byEvent = new java.util.HashMap<>();
    java.util.Comparator<Object[]> surest = java.util.Comparator
        .comparingDouble((Object[] r) -> -((Number) r[2]).doubleValue())
        .thenComparing(r -> (String) r[1]);
    for (Object[] r : all) {
      byEvent.merge(r[0], r, (a, b) -> surest.compare(a, b) <= 0 ? a : b);
    }
    java.util.Map<List<Object>, Object[]> bySet = new java.util.HashMap<>();
    java.util.Comparator<Object[]> shortest = java.util.Comparator
        .comparingInt((Object[] r) -> ((String) r[1]).length()).thenComparing(r -> (String) r[1]);
    for (Object[] r : byEvent.values()) {
      bySet.merge(List.of(r[3], r[4], r[5], r[6]), r, (a, b) -> shortest.compare(a, b) <= 0
          ? a : b);
    }
    List<String> expected = bySet.values().stream().sorted(surest).limit(5)
        .map(r -> (String) r[1]).toList();
    List<String> shown = direct(ReportData.TOP_SIGNALS).stream().map(r -> (String) r[1])
        .toList();
    assertEquals(expected, shown);
  }

  @Test
  void formatFollowsTheFileNameUnlessGiven() throws Exception {
    Path txt = dir.resolve("report.txt");
    Run r = run("report", "--model", model.toString(), "--out", txt.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(Files.readString(txt).contains("\nSTAGE FUNNEL  "));
    Path forced = dir.resolve("page.txt");
    r = run("report", "--model", model.toString(), "--out", forced.toString(), "--format",
        "html");
    assertEquals(0, r.code, r.err);
    assertTrue(Files.readString(forced).startsWith("<!DOCTYPE html>"));
    r = run("report", "--model", model.toString(), "--format", "pdf");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("--format"), r.err);
    r = run("report", "--model", model.toString(), "--out", dir.resolve("no/such/dir/r.html")
        .toString());
    assertEquals(2, r.code, "refused before any work");
    assertTrue(r.err.contains("--out: the folder ") && r.err.contains("does not exist"), r.err);
    r = run("report", "--model", model.toString(), "--out", dir.toString());
    assertEquals(2, r.code);
    assertTrue(r.err.contains(" is a folder; give a file name"), r.err);
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
         Statement s = c.createStatement()) {
      assertTrue(s.executeQuery("SELECT 1").next(), "the store stays readable");
    }
  }
}
