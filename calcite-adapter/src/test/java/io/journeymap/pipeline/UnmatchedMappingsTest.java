package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map key or rule that names no row, while rows are rejected as unmapped, is said with the
 * unmapped names and the likely intended one; a stage left empty by an event never read is said
 * too. The rows stay in rejected_events.
 */
class UnmatchedMappingsTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: install
        goal: An install converts within 10 days
        start_event: installed
        success_event: paid
        window: 10 days
        as_of: 2024-03-01
      taxonomy: [installed, paywall_viewed, pricing_viewed, paid]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event:
            column: event
            map: {install: installed, Paywal_Shown: paywall_viewed, pay: paid}
            rules:
              - {regex: "^/pricing", to: pricing_viewed}
          identifiers: {login: login}
      stages:
        - name: installed
          events: [installed]
        - name: paywall
          events: [paywall_viewed]
        - name: converted
          events: [paid]
      """;

  /** 8 rows: 2 mapped by keys, 3 'paywall_shown' and 1 '/Pricing' and 1 'debug' unmapped. */
  static final String APP = """
      ts,login,event
      2024-01-02T00:00:00Z,a,install
      2024-01-03T00:00:00Z,a,paywall_shown
      2024-01-03T01:00:00Z,a,paywall_shown
      2024-01-04T00:00:00Z,b,installed
      2024-01-05T00:00:00Z,b,paywall_shown
      2024-01-05T00:00:00Z,b,/Pricing
      2024-01-06T00:00:00Z,b,debug
      2024-01-07T00:00:00Z,b,pay
      """;

  static final String MAPPING_WARNING = "source 'app': event.map key 'Paywal_Shown' (->"
      + " paywall_viewed) and event.rules[0] regex \"^/pricing\" (-> pricing_viewed) name no row,"
      + " while 5 of its 8 rows (62.5%) are rejected as unmapped events (rejected_events WHERE"
      + " source = 'app' AND reason LIKE 'unmapped event%'), by raw name: 'paywall_shown' (3),"
      + " '/Pricing' (1), 'debug' (1); did 'Paywal_Shown' mean 'paywall_shown' (1 edit)?";

  static final String STAGE_WARNING = "stage 'paywall' was reached by no journey: no"
      + " 'paywall_viewed' event was read from any source, so its 0% says nothing of behaviour;"
      + " check the event mapping of the source that should carry it";

  @Test
  void aMapKeyWithATypoIsNamedWithTheRawNameItMissed() throws Exception {
    Files.writeString(dir.resolve("app.csv"), APP);
    BuildSummary s = StoreQueries.build(dir, MODEL);
    List<String> ours = s.warnings().stream()
        .filter(w -> w.startsWith("source 'app': ") || w.startsWith("stage ")).toList();
    assertEquals(List.of(MAPPING_WARNING, STAGE_WARNING), ours, s.warnings().toString());
    try (Connection c = StoreQueries.open(dir)) {
      // the unmapped rows stay where they were, one per row, and the log carries the warnings
      assertEquals(List.of("unmapped event '/Pricing'|6", "unmapped event 'debug'|7",
              "unmapped event 'paywall_shown'|2,3,5"),
          rows(c, "SELECT reason, string_agg(source_row, ',' ORDER BY source_row)"
              + " FROM rejected_events GROUP BY 1 ORDER BY 1"));
      assertEquals(List.of("ingest|" + MAPPING_WARNING, "stages|" + STAGE_WARNING),
          rows(c, "SELECT phase, detail FROM build_log WHERE detail LIKE 'source ''app'': event%'"
              + " OR detail LIKE 'stage %' ORDER BY phase"));
    }
    // a second build takes the file from the ingest cache and still says it
    BuildSummary again = StoreQueries.build(dir, MODEL);
    assertEquals(ours, again.warnings().stream()
        .filter(w -> w.startsWith("source 'app': ") || w.startsWith("stage ")).toList());
  }

  @Test
  void anIdleKeyWhileEveryRowIsMappedSaysNothing() throws Exception {
    Files.writeString(dir.resolve("app.csv"), APP.lines()
        .filter(l -> !l.contains("paywall_shown") && !l.contains("/Pricing")
            && !l.contains("debug")).map(l -> l + "\n").reduce("", String::concat));
    BuildSummary s = StoreQueries.build(dir, MODEL);
    assertEquals(List.of(), s.warnings().stream()
        .filter(w -> w.startsWith("source 'app': ")).toList(), s.warnings().toString());
    // the stage is still empty for want of its event: that is said on its own
    assertEquals(List.of(STAGE_WARNING), s.warnings().stream()
        .filter(w -> w.startsWith("stage ")).toList());
  }

  @Test
  void aWhenRuleAndAStageRuleAreNamedToo() throws Exception {
    Files.writeString(dir.resolve("app.csv"), APP);
    String model = MODEL
        .replace("map: {install: installed, Paywal_Shown: paywall_viewed, pay: paid}",
            "map: {install: installed, paywall_shown: paywall_viewed, pay: paid}")
        .replace("- {regex: \"^/pricing\", to: pricing_viewed}",
            "- {when: \"event = 'pricing'\", to: pricing_viewed}")
        .replace("  - name: converted\n", "  - name: priced\n"
            + "    when: pricing_viewed >= 1 OR paywall_viewed >= 3\n  - name: converted\n");
    BuildSummary s = StoreQueries.build(dir, model);
    assertEquals(List.of("source 'app': event.rules[0] when \"event = 'pricing'\" (->"
            + " pricing_viewed) names no row, while 2 of its 8 rows (25.0%) are rejected as"
            + " unmapped events (rejected_events WHERE source = 'app' AND reason LIKE"
            + " 'unmapped event%'), by raw name: '/Pricing' (1), 'debug' (1)",
            "stage 'priced' was reached by no journey: no 'pricing_viewed' event was read from"
            + " any source, so its 0% says nothing of behaviour; check the event mapping of the"
            + " source that should carry it"),
        s.warnings().stream().filter(w -> w.startsWith("source 'app': ")
            || w.startsWith("stage ")).toList(), s.warnings().toString());
  }
}
