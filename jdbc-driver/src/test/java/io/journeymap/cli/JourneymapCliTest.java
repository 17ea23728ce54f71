package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JourneymapCliTest {
  @TempDir
  static Path dir;
  static Path model;

  private static final Pattern TOTALS = Pattern.compile("as of (.+) UTC \\((.+)\\): ([\\d,]+)"
      + " journeys, ([\\d,]+) converted, (?:([\\d,]+) failed, )?([\\d,]+) dropped, ([\\d,]+)"
      + " still open");
  private static final Pattern JUDGED = Pattern.compile("rates judge the ([\\d,]+) journeys"
      + " whose whole window lies before as-of; ([\\d,]+) started too recently \\(([\\d,]+)"
      + " of them already converted\\)");
  private static final String RATE = "(-|\\d+\\.\\d%)";
  private static final String INTERVAL = "(-|\\[\\d+\\.\\d%, \\d+\\.\\d%\\])";
  private static final Pattern PAIR = Pattern.compile("  (\\S+) -> (\\S+) +([\\d,]+) +([\\d,]+) +"
      + "([\\d,]+)/([\\d,]+) +" + RATE + " +" + INTERVAL + " +(-|\\d+\\.\\d h|\\d+\\.\\d days)  (.*)");
  private static final Pattern REACH = Pattern.compile("  (\\S+) +([\\d,]+) +([\\d,]+) +([\\d,]+)"
      + " +" + RATE);
  private static final Pattern DROP_OFF = Pattern.compile("BIGGEST DROP-OFF  (?:with '(\\S+)' as"
      + " the furthest stage|(before reaching any stage)): ([\\d,]+) of ([\\d,]+) judged journeys"
      + " ended there without converting(?: \\(([\\d,]+) by a failure event\\))? \\(" + RATE
      + ", 95% " + INTERVAL + "\\)");
  private static final Pattern CHANNEL = Pattern.compile("  (\\S+) +([\\d,]+) +(\\d+) +([\\d,]+)/"
      + "([\\d,]+) +" + RATE + " +" + INTERVAL + " +(\\d+|-)  (.*)");

  /** Output of one command line run. */
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

  @BeforeAll
  static void world() {
    model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
  }

  @Test
  void buildPrintsPerSourceCountsThatAddUp() {
    Run r = run("build", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("ok ingest crm"), r.err());
    assertTrue(r.err().contains("ok identity"), r.err());
    for (String source : new String[] {"crm", "web", "product", "email", "support", "billing"}) {
      String line = r.out().lines().filter(l -> l.startsWith(source + " ")).findFirst()
          .orElseThrow();
      String[] n = line.substring(source.length()).trim().replace(",", "").split("\\s+");
      assertEquals(Long.parseLong(n[0]), Long.parseLong(n[1]) + Long.parseLong(n[2]), line);
    }
    assertTrue(r.out().contains("journeys"), r.out());
  }

  /** A store without most of a source is written, but a scheduler must hear of it. */
  @Test
  void aSourceLosingMostOfItsRowsExitsThree() throws Exception {
    Path lossy = dir.resolve("lossy.yaml");
    Files.writeString(lossy, Files.readString(model).replace("time: paid_at",
        "time: {column: paid_at, format: \"%d/%m/%Y\"}"));
    Path store = dir.resolve("lossy.duckdb");
    Run r = run("build", "--model", lossy.toString(), "--store", store.toString());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("the store was rebuilt, but source 'billing' lost more than half"
        + " of its rows"), r.err());
    String billing = r.out().lines().filter(l -> l.startsWith("billing ")).findFirst()
        .orElseThrow();
    String[] n = billing.substring("billing".length()).trim().replace(",", "").split("\\s+");
    assertEquals("0", n[1], billing);
    assertTrue(Files.exists(store));
  }

  @Test
  void sqlPrintsAnAlignedTable() {
    Run r = run("sql", "--model", model.toString(),
        "SELECT stage_order, stage FROM stages ORDER BY stage_order");
    assertEquals(0, r.code(), r.err());
    assertEquals(String.join("\n",
        "stage_order | stage",
        "------------+--------------",
        "          1 | trial_started",
        "          2 | activated",
        "          3 | engaged",
        "          4 | converted",
        "(4 rows)", ""), r.out());
  }

  /** The store beside the model, read with DuckDB's own driver in the driver's configuration. */
  private static ReportReference reference() throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"
        + dir.resolve("journey.journeymap.duckdb"), p)) {
      return new ReportReference(duck);
    }
  }

  /** The rows of a report section: the lines after its heading and column line, up to a blank. */
  private static List<String> section(String out, String heading) {
    List<String> lines = out.lines().toList();
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(heading)) {
      at++;
    }
    assertTrue(at < lines.size(), "no section " + heading + " in\n" + out);
    List<String> rows = new ArrayList<>();
    for (int i = at + 2; i < lines.size() && !lines.get(i).isBlank(); i++) {
      rows.add(lines.get(i));
    }
    return rows;
  }

  private static Matcher match(Pattern pattern, String line) {
    Matcher m = pattern.matcher(line);
    assertTrue(m.matches(), "unexpected line: '" + line + "'");
    return m;
  }

  private static long number(String printed) {
    return Long.parseLong(printed.replace(",", ""));
  }

  /**
   * The two-minute view's numbers, recomputed from the store's base tables (journeys,
   * stage_entries, stages, events, build_info) rather than the analysis tables the view reads.
   */
  @Test
  void reportShowsTheTwoMinuteView() throws Exception {
    Run r = run("report", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    for (String heading : new String[] {"STAGE FUNNEL", "ROADS TO CONVERSION",
        "BIGGEST DROP-OFF", "CHANNELS", "TOP SIGNALS", "ANOMALIES"}) {
      assertTrue(out.contains("\n" + heading + "  "), heading + " missing in\n" + out);
    }
    ReportReference ref = reference();

    // journey totals
    Matcher t = match(TOTALS, out.lines().filter(l -> l.startsWith("as of ")).findFirst()
        .orElseThrow(() -> new AssertionError("no totals line in\n" + out)));
    ReportReference.Totals totals = ref.totals;
    assertEquals(totals.asOf().truncatedTo(ChronoUnit.MILLIS),
        LocalDateTime.parse(t.group(1).replace(' ', 'T')), t.group());
    assertEquals(totals.basis(), t.group(2), t.group());
    assertEquals(totals.journeys(), number(t.group(3)), t.group());
    assertEquals(totals.converted(), number(t.group(4)), t.group());
    assertEquals(totals.failed(), t.group(5) == null ? 0 : number(t.group(5)), t.group());
    assertEquals(totals.dropped(), number(t.group(6)), t.group());
    assertEquals(totals.open(), number(t.group(7)), t.group());
    assertEquals(totals.journeys(),
        totals.converted() + totals.failed() + totals.dropped() + totals.open(), t.group());
    Matcher judged = match(JUDGED, out.lines().filter(l -> l.startsWith("rates judge"))
        .findFirst().orElseThrow(() -> new AssertionError("no judged line in\n" + out)));
    assertEquals(List.of(totals.journeys() - totals.recent(), totals.recent(),
        totals.recentConverted()), List.of(number(judged.group(1)), number(judged.group(2)),
        number(judged.group(3))), judged.group());

    // STAGE FUNNEL: one row per consecutive pair, in stage order
    List<String> funnel = section(out, "STAGE FUNNEL");
    assertEquals(ref.pairs.size(), funnel.size(), String.join("\n", funnel));
    for (int i = 0; i < funnel.size(); i++) {
      Matcher m = match(PAIR, funnel.get(i));
      ReportReference.Pair e = ref.pairs.get(i);
      assertEquals(List.of(e.from(), e.to(), e.entered(), e.advanced(), e.judgedAdvanced(),
          e.judged(), e.rate(), e.interval(), e.median(), e.note()), List.of(m.group(1),
          m.group(2), number(m.group(3)), number(m.group(4)), number(m.group(5)),
          number(m.group(6)), m.group(7), m.group(8), m.group(9), m.group(10).strip()),
          m.group());
    }

    // ROADS TO CONVERSION: one row per stage, in stage order
    List<String> roads = section(out, "ROADS TO CONVERSION");
    assertEquals(ref.reach.size(), roads.size(), String.join("\n", roads));
    for (int i = 0; i < roads.size(); i++) {
      Matcher m = match(REACH, roads.get(i));
      ReportReference.Reach e = ref.reach.get(i);
      assertEquals(List.of(e.stage(), e.reached(), e.convertedWith(), e.convertedWithout(),
          e.shareWithout()), List.of(m.group(1), number(m.group(2)), number(m.group(3)),
          number(m.group(4)), m.group(5)), m.group());
    }
    // the last stage is the outcome: every converted journey reaches it, and only those
    ReportReference.Reach outcome = ref.reach.get(ref.reach.size() - 1);
    assertEquals(totals.converted(), outcome.reached());
    assertEquals(totals.converted(), outcome.convertedWith());

    // BIGGEST DROP-OFF
    String dropLine = out.lines().filter(l -> l.startsWith("BIGGEST DROP-OFF")).findFirst()
        .orElseThrow();
    ReportReference.DropOff d = ref.biggestDropOff;
    if (d == null) {
      assertTrue(dropLine.startsWith("BIGGEST DROP-OFF  none:"), dropLine);
    } else {
      Matcher m = match(DROP_OFF, dropLine);
      assertEquals(d.stage(), m.group(1), dropLine);
      assertEquals(d.stage() == null, m.group(2) != null, dropLine);
      assertEquals(List.of(d.stalled(), d.reached(), d.failed(), d.share(), d.interval()),
          List.of(number(m.group(3)), number(m.group(4)),
              m.group(5) == null ? 0L : number(m.group(5)), m.group(6), m.group(7)), dropLine);
      List<String> lines = out.lines().toList();
      String next = lines.get(lines.indexOf(dropLine) + 1);
      assertEquals("  their last events: " + d.lastEvents(), next);
    }

    // CHANNELS: every first-touch channel once, ordered by quality (the surer rate first)
    List<String> channels = section(out, "CHANNELS");
    assertEquals(ref.channels.size(), channels.size(), String.join("\n", channels));
    Set<String> seen = new HashSet<>();
    int previousRank = 0;
    for (String line : channels) {
      Matcher m = match(CHANNEL, line);
      ReportReference.Channel e = ref.channels.get(m.group(1));
      assertNotNull(e, "unknown channel in " + m.group());
      assertTrue(seen.add(e.channel()), "channel twice: " + m.group());
      assertEquals(List.of(e.journeys(), e.conversions(), e.judged(), e.rate(), e.interval(),
          e.note()), List.of(number(m.group(2)), number(m.group(4)), number(m.group(5)),
          m.group(6), m.group(7), m.group(9).strip()), m.group());
      // ranks: 1 = most journeys, 1 = highest Wilson lower bound; ties may share or split
      int volumeRank = Integer.parseInt(m.group(3));
      assertTrue(volumeRank >= e.minVolumeRank() && volumeRank <= e.maxVolumeRank(),
          m.group() + ": volume rank " + e.minVolumeRank() + ".." + e.maxVolumeRank());
      // no judged journey: no quality rank ("-"), after the ranked channels
      int qualityRank = m.group(8).equals("-") ? Integer.MAX_VALUE : Integer.parseInt(m.group(8));
      assertTrue(qualityRank >= e.minQualityRank() && qualityRank <= e.maxQualityRank(),
          m.group() + ": quality rank " + e.minQualityRank() + ".." + e.maxQualityRank());
      assertTrue(qualityRank >= previousRank, "rows not in quality order: " + m.group());
      previousRank = qualityRank;
    }

    // TOP SIGNALS: the surest outcome signals of behavior_lift, in that order
    Run q = run("sql", "--model", model.toString(), "--format", "json",
        io.journeymap.report.ReportData.TOP_SIGNALS);
    assertEquals(0, q.code(), q.err());
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<String> expected = new ArrayList<>();
    for (String line : q.out().lines().toList()) {
      expected.add(json.readTree(line).get("behavior").asText());
    }
    List<String> signals = section(out, "TOP SIGNALS");
    if (expected.isEmpty()) {
      assertEquals(List.of("  none: no behaviour goes with converting beyond what chance"
          + " gives"), signals);
    } else {
      assertEquals(expected.size(), signals.size(), String.join("\n", signals));
      for (int i = 0; i < expected.size(); i++) {
        assertTrue(signals.get(i).endsWith("  " + expected.get(i)), signals.get(i));
      }
    }
  }

  /** Clusters and model health in the view, recomputed from journeys.cluster and model_health. */
  @Test
  void reportShowsClustersAndModelHealth() throws Exception {
    Run r = run("report", "--model", model.toString());
    assertEquals(0, r.code(), r.err());
    List<String> expected = new ArrayList<>();
    String status;
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"
        + dir.resolve("journey.journeymap.duckdb"), p);
         java.sql.Statement st = duck.createStatement()) {
      try (java.sql.ResultSet q = st.executeQuery("SELECT cluster, count(*),"
          + " count(*) FILTER (WHERE judged AND status = 'converted'),"
          + " count(*) FILTER (WHERE judged) FROM journeys WHERE cluster IS NOT NULL"
          + " GROUP BY 1 ORDER BY 1")) {
        while (q.next()) {
          expected.add(String.format(Locale.ROOT, "%d %,d %,d/%,d", q.getInt(1), q.getLong(2),
              q.getLong(3), q.getLong(4)));
        }
      }
      try (java.sql.ResultSet q = st.executeQuery("SELECT status FROM model_health"
          + " WHERE chosen OR model IS NULL")) {
        q.next();
        status = q.getString(1);
      }
    }
    List<String> shown = section(r.out(), "CLUSTERS").stream().map(line -> {
      String[] f = line.trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[3];
    }).toList();
    assertEquals(expected, shown, r.out());
    assertTrue(r.out().contains("\nMODEL HEALTH  conversion scores as seen on day 3: " + status
        + "\n"), r.out());
  }

  @Test
  void userMistakesGiveMessagesNotStackTraces() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(model).replace("window: 21 days", "window: soon"));
    Run r = run("build", "--model", bad.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad.yaml:8:11: window 'soon' is not a positive duration"),
        r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    Run q = run("sql", "--model", model.toString(), "SELECT nope FROM journeys");
    assertEquals(1, q.code());
    assertTrue(q.err().contains("\"nope\" not found"), q.err());
    assertFalse(q.err().contains("\tat "), q.err());
  }
}
