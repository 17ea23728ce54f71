package io.journeymap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeymap.cli.JourneymapCli;
import io.journeymap.demo.DemoWorld;
import io.journeymap.report.ReportData.Action;
import io.journeymap.report.ReportData.Impact;
import io.journeymap.report.ReportData.Rate;
import io.journeymap.report.ReportData.Segment;
import io.journeymap.report.ReportData.Trigger;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report rendered by a real browser (Debian's chromium, headless, offline): every
 * section and chart is in the rendered page, each chart is an SVG element to the browser, and at
 * window widths of 1280 and 800 pixels no chart or table is wider than the page and no chart
 * text leaves its chart. The measuring script goes only into the test's copy of the page.
 */
class ReportBrowserIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final List<String> SECTIONS = List.of("map", "drop-off", "behaviours",
      "channels", "changes", "action", "triggers", "clusters", "health");

  @TempDir
  static Path dir;
  static Path report;
  static String html;

  @BeforeAll
  static void report() throws IOException {
    assumeTrue(Files.isExecutable(CHROMIUM), "no browser at " + CHROMIUM + ": install Debian's"
        + " chromium (apt-get install -y --no-install-recommends chromium), as .ci/run does,"
        + " to render the report in this test");
    Path model = new DemoWorld(600, 11).writeTo(dir, n -> { }).model();
    report = dir.resolve("report.html");
    int code = JourneymapCli.run("report", "--model", model.toString(), "--out",
        report.toString());
    assertEquals(0, code);
    html = Files.readString(report);
  }

  /** Standard output of headless chromium on a page, the window {@code width} wide. */
  static String chromium(Path page, int width, int height, String... action) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium");
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + ","
        + height, "--virtual-time-budget=10000"));
    command.addAll(List.of(action));
    command.add(page.toUri().toString());
    Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium-" + width
        + ".log").toFile()).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + log(width));
    return new String(out, StandardCharsets.UTF_8);
  }

  private static String log(int width) {
    try {
      return Files.readString(dir.resolve("chromium-" + width + ".log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The layout measured in a copy of {@code page} with the check script, at {@code width}. */
  static JsonNode layout(String page, int width) throws Exception {
    String script;
    try (InputStream in = ReportBrowserIT.class.getResourceAsStream("layout-check.js")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path copy = Files.createTempFile(dir, "checked", ".html");
    Files.writeString(copy, page.replace("</body>", "<script>" + script + "</script></body>"));
    String dom = chromium(copy, width, 1000, "--dump-dom");
    Matcher m = Pattern.compile("<pre id=\"layout-check\">(.*?)</pre>", Pattern.DOTALL)
        .matcher(dom);
    assertTrue(m.find(), "the check did not run: " + dom.substring(0, Math.min(500,
        dom.length())));
    String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">")
        .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    return new ObjectMapper().readTree(json);
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  @Test
  void everySectionAndChartIsInTheRenderedPage() throws Exception {
    String dom = chromium(report, 1280, 1000, "--dump-dom");
    for (String id : SECTIONS) {
      assertTrue(dom.contains("<section id=\"" + id + "\">"), "no section " + id);
    }
    int figures = count(html, "<figure ");
    assertTrue(figures >= 5, "figures: " + figures);
    assertEquals(figures, count(dom, "<figure "));
    assertEquals(figures, count(dom, "<svg "), "one chart per figure");
    for (String chart : new String[] {"chart-map", "chart-stage-conversion", "chart-drop-offs",
        "chart-channels", "chart-timeline-1"}) {
      assertTrue(dom.contains("<figure id=\"" + chart + "\">"), "no chart " + chart);
    }
  }

  @Test
  void nothingOverflowsAt1280Or800Pixels() throws Exception {
    int figures = count(html, "<figure ");
    int tables = count(html, "<table ");
    for (int width : new int[] {1280, 800}) {
      JsonNode l = layout(html, width);
      assertEquals(SECTIONS, toList(l.get("sections")), "at " + width);
      assertEquals(figures, l.get("svgs").asInt(), "at " + width);
      assertEquals(figures, l.get("svgElements").asInt(), "charts parsed as SVG at " + width);
      assertEquals(tables, l.get("tables").asInt(), "at " + width);
      assertTrue(l.get("width").asInt() <= width && l.get("width").asInt() > width - 40,
          l.toString());
      assertEquals(List.of(), toList(l.get("overflowing")), "wider than the page at " + width);
      assertEquals(List.of(), toList(l.get("texts")), "chart text outside its chart at "
          + width);
      assertTrue(l.get("pageScrollWidth").asInt() <= l.get("width").asInt(), l.toString());
    }
  }

  /** Markup, quotes and 300-character names wrap inside their columns in a real browser too. */
  @Test
  void hostileNamesStayInsideThePage() throws Exception {
    String h = ReportPiecesTest.HOSTILE;
    Rate r = new Rate(3, 40, 0.075, 0.026, 0.199, true);
    Impact impact = new Impact(h, "live", r, r, 0.0, -0.1, 0.1, 1.0, 0.3, 3.0, 1.0, 2.0, 2.0,
        h, h, h);
    Action action = new Action(Optional.of(List.of(new Segment(1, h, h, 12_345_678, r, 0.1,
        1234.5, 1000.25, 1500.75, h, h))), null, List.of(new Trigger(h, h, 1_000_000, 100_000,
        List.of(impact), impact)));
    String page = HtmlReport.render(ReportPiecesTest.sample(action), h);
    for (int width : new int[] {800, 1280}) {
      JsonNode l = layout(page, width);
      assertEquals(List.of(), toList(l.get("overflowing")), "wider than the page at " + width);
      assertEquals(List.of(), toList(l.get("texts")), "chart text outside its chart at "
          + width);
    }
  }

  /** A screenshot of the top of the page, kept in target/ to look at. */
  @Test
  void theReportCanBePhotographed() throws Exception {
    Path out = Path.of("target", "report-browser");
    Files.createDirectories(out);
    Path png = out.resolve("report-1280.png").toAbsolutePath();
    Files.deleteIfExists(png);
    chromium(report, 1280, 2400, "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1280, image.getWidth());
    assertEquals(2400, image.getHeight());
    // not blank: the page paints more than one colour
    int first = image.getRGB(0, 0);
    boolean painted = false;
    for (int y = 0; y < image.getHeight() && !painted; y += 7) {
      for (int x = 0; x < image.getWidth() && !painted; x += 7) {
        painted = image.getRGB(x, y) != first;
      }
    }
    assertTrue(painted, "a blank screenshot");
  }

  private static List<String> toList(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
