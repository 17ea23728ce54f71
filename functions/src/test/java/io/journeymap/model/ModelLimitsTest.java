package io.journeymap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Models at the limits the model fuzzer found: deeply nested rules and YAML, instants beyond what
 * the store can count, and paths no file system accepts are refused at their line, never with a
 * stack overflow, an unlocated problem or an exception later in the build.
 */
class ModelLimitsTest {
  private static final Path FILE = Path.of("model.yaml");

  private static final String VALID = String.join("\n",
      "journey:",                                              // 1
      "  name: trial",                                         // 2
      "  goal: Trial converts within 21 days",                 // 3
      "  start_event: trial_started",                          // 4
      "  success_event: paid",                                 // 5
      "  window: 21 days",                                     // 6
      "taxonomy: [trial_started, setup_done, paid]",           // 7
      "identity:",                                             // 8
      "  kinds: {email: strong}",                              // 9
      "sources:",                                              // 10
      "  - name: app",                                         // 11
      "    format: csv",                                       // 12
      "    path: app.csv",                                     // 13
      "    time: ts",                                          // 14
      "    event: {column: name}",                             // 15
      "    identifiers: {mail: email}",                        // 16
      "stages:",                                               // 17
      "  - name: activated",                                   // 18
      "    when: setup_done >= 2",                             // 19
      "  - name: converted",                                   // 20
      "    events: [paid]",                                    // 21
      "");

  private static String replace(String from, String to) {
    assertTrue(VALID.contains(from), from);
    return VALID.replace(from, to);
  }

  private static ModelProblem onlyProblem(String yaml) {
    ModelException e = assertThrows(ModelException.class, () -> ModelLoader.parse(FILE, yaml));
    assertEquals(1, e.problems().size(), e.getMessage());
    return e.problems().get(0);
  }

  @Test
  void deeplyNestedRulesAreRefusedNotOverflowed() {
    String deep = "(".repeat(20_000) + "setup_done >= 2" + ")".repeat(20_000);
    ModelProblem p = onlyProblem(replace("when: setup_done >= 2", "when: \"" + deep + "\""));
    assertEquals(19, p.line());
    assertTrue(p.message().contains("nests more than 100 parentheses or NOTs"), p.message());
    assertTrue(p.message().contains("at character 101 "), p.message());

    p = onlyProblem(replace("when: setup_done >= 2", "when: \"" + "NOT ".repeat(20_000)
        + "setup_done >= 2\""));
    assertEquals(19, p.line());
    assertTrue(p.message().contains("nests more than 100"), p.message());

    // as deep as a person would write (and deeper) still loads
    String fifty = "(".repeat(50) + "NOT ".repeat(40) + "setup_done >= 2" + ")".repeat(50);
    ModelLoader.parse(FILE, replace("when: setup_done >= 2", "when: \"" + fifty + "\""));
  }

  @Test
  void yamlNestedBeyondTheReadersLimitIsLocated() {
    String deep = "x: " + "[".repeat(1_500) + "]".repeat(1_500) + "\n";
    ModelProblem p = onlyProblem(deep + VALID);
    assertEquals(1, p.line(), p.toString());
    assertTrue(p.column() > 1000, p.toString());
    assertTrue(p.message().startsWith("not valid YAML: ") && p.message().contains("nesting"),
        p.message());

    p = onlyProblem(replace("  window: 21 days\n", "  window: 21 days\n  x:\n"
        + "    - ".repeat(1) + "{a: ".repeat(1_100) + "1" + "}".repeat(1_100) + "\n"));
    assertEquals(8, p.line(), p.toString());
  }

  @Test
  void instantsBeyondYear9999AreRefused() {
    for (String far : new String[] {"\"+1000000000-12-31T23:59:59Z\"", "\"+300000-01-01T00:00:00Z\"",
        "\"-290308-12-21T19:59:05Z\"", "\"+10000-01-01T00:00:00Z\""}) {
      ModelProblem p = onlyProblem(replace("  window: 21 days\n", "  window: 21 days\n  as_of: "
          + far + "\n"));
      assertEquals(7, p.line(), p.toString());
      assertTrue(p.message().endsWith("is outside the years 1 to 9999"), p.message());

      p = onlyProblem(replace("  window: 21 days\n", "  window: 21 days\n  time_range: {from:"
          + " 2020-01-01, to: " + far + "}\n"));
      assertEquals(7, p.line(), p.toString());
    }
    ModelLoader.parse(FILE, replace("  window: 21 days\n", "  window: 21 days\n"
        + "  as_of: 9999-12-31\n  time_range: {from: 0001-01-01, to: 9999-12-31}\n"));
  }

  @Test
  void pathsNoFileSystemAcceptsAreRefusedAtTheirLine() {
    ModelProblem p = onlyProblem(replace("path: app.csv", "path: \"app.csv\\0\""));
    assertEquals(13, p.line(), p.toString());
    assertTrue(p.message().startsWith("path 'app.csv\\0' is not a file path here: "),
        p.message());
  }

  @Test
  void anEmptyIdentifiersMappingIsRefusedAtLoad() {
    // it used to load, and the build failed with "syntax error at or near THEN" at 'event'
    ModelProblem p = onlyProblem(replace("    identifiers: {mail: email}", "    identifiers: {}"));
    assertEquals(11, p.line(), p.toString());
    assertTrue(p.message().startsWith("a source needs 'identifiers'"), p.message());
    // an account column alone is enough
    ModelLoader.parse(FILE, replace("    identifiers: {mail: email}",
        "    identifiers: {}\n    account: company"));
  }
}
