package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.zeppelin.interpreter.InterpreterException;
import org.apache.zeppelin.interpreter.thrift.InterpreterCompletion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Completion as an analyst types, checked against the store's catalogue and model. */
class CompletionTest {
  static JourneyInterpreter journey;

  @BeforeAll
  static void open() throws InterpreterException {
    journey = StoreFixture.interpreter(Map.of());
  }

  @AfterAll
  static void close() throws InterpreterException {
    journey.close();
  }

  /** Completes at the '|' in {@code text}. */
  static List<InterpreterCompletion> at(String text) {
    int cursor = text.indexOf('|');
    return journey.completion(text.replace("|", ""), cursor,
        Paragraphs.context("c", Map.of()));
  }

  static Set<String> names(List<InterpreterCompletion> list) {
    return list.stream().map(InterpreterCompletion::getName).collect(Collectors.toSet());
  }

  static InterpreterCompletion named(List<InterpreterCompletion> list, String name) {
    return list.stream().filter(c -> c.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not offered: " + names(list)));
  }

  static Set<String> columnsOf(String table) {
    return StoreCatalogue.tables().stream().filter(t -> t.name().equals(table)).findFirst()
        .orElseThrow().columns().stream().map(ColumnSpec::name).collect(Collectors.toSet());
  }

  @Test
  void keywordsTablesAndFunctionsWithTheirDescriptions() {
    List<InterpreterCompletion> sel = at("SEL|");
    assertTrue(names(sel).contains("SELECT"), names(sel).toString());
    List<InterpreterCompletion> tables = at("SELECT * FROM journey.|");
    Set<String> expected = StoreCatalogue.tables().stream().map(t -> t.name())
        .collect(Collectors.toSet());
    assertTrue(names(tables).containsAll(expected), names(tables).toString());
    InterpreterCompletion sc = named(tables, "stage_conversion");
    assertTrue(sc.getMeta().startsWith("table \u2014 "
        + StoreCatalogue.STAGE_CONVERSION.description().substring(0, 30)), sc.getMeta());
    InterpreterCompletion funnel = named(tables, "funnel");
    assertEquals("funnel(steps => '')", funnel.getValue());
    assertTrue(funnel.getMeta().contains("steps VARCHAR, window_days INTEGER, mode VARCHAR"),
        funnel.getMeta());
    assertEquals(Set.of("stage_conversion", "stage_entries", "stage_reach", "stages"),
        names(at("SELECT * FROM stag|")));
    assertTrue(names(at("SELECT * FROM fun|")).contains("funnel"));
  }

  @Test
  void columnsAfterATableAnAliasOrWithoutAPrefix() {
    assertEquals(columnsOf("journeys"), names(at("SELECT journey.journeys.| FROM x")));
    assertEquals(columnsOf("journeys"), names(at("SELECT j.| FROM journey.journeys j")));
    assertEquals(columnsOf("stage_conversion"),
        names(at("SELECT c.| FROM journeys AS j JOIN stage_conversion c ON true")));
    Set<String> rate = names(at("SELECT ra| FROM stage_conversion"));
    assertTrue(rate.contains("rate"), rate.toString());
    // columns of the tables read come first, described
    List<InterpreterCompletion> list = at("SELECT judged_adv| FROM stage_conversion");
    InterpreterCompletion first = list.get(0);
    assertEquals("judged_advanced", first.getName());
    assertTrue(first.getMeta().startsWith("column of stage_conversion BIGINT \u2014 Of judged"),
        first.getMeta());
    // before any FROM: columns of every table, saying where they are
    InterpreterCompletion anywhere = named(at("SELECT quality_r|"), "quality_rank");
    assertTrue(anywhere.getMeta().startsWith("column of channel_quality"), anywhere.getMeta());
    // a funnel's result columns after its alias
    assertTrue(names(at("SELECT f.| FROM funnel(steps => 'a,b') f")).contains(
        "rate_from_first"));
  }

  @Test
  void functionParametersAndModelNamesInsideStrings() throws Exception {
    assertEquals(Set.of("steps", "window_days", "mode"), names(at("SELECT * FROM funnel(|)")));
    assertEquals("window_days => ", named(at("SELECT * FROM funnel(steps => 'a', wi|)"),
        "window_days").getValue());
    List<Object[]> events = StoreFixture.direct("SELECT event, description FROM"
        + " journey.taxonomy ORDER BY event");
    Object[] some = events.get(events.size() / 2);
    String event = (String) some[0];
    String prefix = event.substring(0, 3);
    List<InterpreterCompletion> inSteps = at("SELECT * FROM funnel(steps => 'x," + prefix
        + "|')");
    Set<String> expected = events.stream().map(r -> (String) r[0])
        .filter(e -> e.startsWith(prefix)).collect(Collectors.toSet());
    assertTrue(names(inSteps).containsAll(expected), names(inSteps) + " vs " + expected);
    assertTrue(named(inSteps, event).getMeta().startsWith("event"), named(inSteps, event)
        .getMeta());
    // after a stage column, the stages come first, in journey order
    List<Object[]> stages = StoreFixture.direct("SELECT stage FROM journey.stages"
        + " ORDER BY stage_order");
    List<InterpreterCompletion> s = at("SELECT * FROM stage_entries WHERE stage = '|");
    for (int i = 0; i < stages.size(); i++) {
      assertEquals(stages.get(i)[0], s.get(i).getName());
      assertTrue(s.get(i).getMeta().startsWith("stage"));
    }
    assertTrue(at("SELECT 1 -- a comment about jo|").isEmpty());
  }

  @Test
  void theCatalogueIsReadAgainOnlyAfterItsTtl() throws Exception {
    AtomicLong now = new AtomicLong();
    Connection c = journey.session().connection();
    CatalogueCache cache = new CatalogueCache(() -> c, Duration.ofSeconds(60), now::get);
    Completer completer = new Completer(cache);
    for (int k = 0; k < 5; k++) {
      assertTrue(names(completer.complete("SELECT * FROM jour", 18)).contains("journeys"));
    }
    assertEquals(1, cache.reads());
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    completer.complete("SEL", 3);
    assertEquals(1, cache.reads());
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    completer.complete("SEL", 3);
    assertEquals(2, cache.reads());
  }
}
