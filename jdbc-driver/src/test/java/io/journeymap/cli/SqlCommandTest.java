package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.cli.JourneymapCliTest.Run;
import io.journeymap.demo.DemoWorld;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journeymap sql}: output formats, scripts from files and standard input, targets. */
class SqlCommandTest {
  @TempDir
  static Path dir;
  static String model;

  /** A NULL in every column, a double, timestamps, booleans, a string with a comma and quotes. */
  private static final String VALUES = "SELECT * FROM (VALUES"
      + " (1, 'say \"hi\", then go', 0.1::DOUBLE + 0.2::DOUBLE,"
      + " TIMESTAMP '2026-06-06 13:42:03.547', true, DATE '2026-06-06'),"
      + " (2, NULL, NULL, NULL, NULL, NULL),"
      + " (NULL, 'plain', 2.0::DOUBLE, TIMESTAMP '2026-06-07 00:00:00', false, DATE '2026-06-07'))"
      + " AS t(id, note, score, seen_at, active, day) ORDER BY id NULLS LAST";

  @BeforeAll
  static void world() {
    model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model().toString();
    // build the store once, so that no test's standard error holds build progress
    assertEquals(0, JourneymapCliTest.run("build", "--model", model).code());
  }

  private static Run withInput(String stdin, String... args) {
    InputStream in = System.in;
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      return JourneymapCliTest.run(args);
    } finally {
      System.setIn(in);
    }
  }

  private static Run sql(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "sql";
    all[1] = "--model";
    all[2] = model;
    System.arraycopy(args, 0, all, 3, args.length);
    return JourneymapCliTest.run(all);
  }

  private static void assertOk(String expectedOut, Run r) {
    assertEquals("", r.err());
    assertEquals(0, r.code());
    assertEquals(expectedOut, r.out());
  }

  @Test
  void tableRoundsDoublesAndPrintsTimesAsIso() {
    assertOk(String.join("\n",
        "id | note              | score | seen_at                 | active | day",
        "---+-------------------+-------+-------------------------+--------+-----------",
        " 1 | say \"hi\", then go |   0.3 | 2026-06-06T13:42:03.547 | true   | 2026-06-06",
        " 2 |                   |       |                         |        |",
        "   | plain             |     2 | 2026-06-07T00:00:00     | false  | 2026-06-07",
        "(3 rows)", ""), sql(VALUES));
    assertOk(String.join("\n", "id | note", "---+---------", " 1 | only one", "(1 row)", ""),
        sql("SELECT 1 AS id, 'only one' AS note"));
  }

  @Test
  void csvPrintsEveryValueInFull() {
    assertOk("id,note,score,seen_at,active,day\n"
        + "1,\"say \"\"hi\"\", then go\",0.30000000000000004,2026-06-06T13:42:03.547,true,"
        + "2026-06-06\n"
        + "2,,,,,\n"
        + ",plain,2.0,2026-06-07T00:00:00,false,2026-06-07\n", sql("--format", "csv", VALUES));
  }

  @Test
  void tsvPrintsEveryValueInFull() {
    assertOk("id\tnote\tscore\tseen_at\tactive\tday\n"
        + "1\t\"say \"\"hi\"\", then go\"\t0.30000000000000004\t2026-06-06T13:42:03.547\ttrue\t"
        + "2026-06-06\n"
        + "2\t\t\t\t\t\n"
        + "\tplain\t2.0\t2026-06-07T00:00:00\tfalse\t2026-06-07\n", sql("--format", "tsv", VALUES));
  }

  @Test
  void jsonPrintsOneTypedObjectPerRow() {
    assertOk("{\"id\":1,\"note\":\"say \\\"hi\\\", then go\",\"score\":0.30000000000000004,"
        + "\"seen_at\":\"2026-06-06T13:42:03.547\",\"active\":true,\"day\":\"2026-06-06\"}\n"
        + "{\"id\":2,\"note\":null,\"score\":null,\"seen_at\":null,\"active\":null,\"day\":null}\n"
        + "{\"id\":null,\"note\":\"plain\",\"score\":2.0,\"seen_at\":\"2026-06-07T00:00:00\","
        + "\"active\":false,\"day\":\"2026-06-07\"}\n", sql("--format", "JSON", VALUES));
  }

  @Test
  void nestedValuesAndDecimalsArePrintedInFull() {
    String q = "SELECT [1, NULL] AS l, {'at': TIMESTAMP '2026-01-01 10:00:00', 'n': 1.5::DOUBLE}"
        + " AS s, 0.0000001::DECIMAL(18, 9) AS d";
    assertOk("{\"l\":[1,null],\"s\":{\"at\":\"2026-01-01T10:00:00\",\"n\":1.5},"
        + "\"d\":0.000000100}\n", sql("--format", "json", q));
    assertOk("l,s,d\n\"[1,null]\",\"{\"\"at\"\":\"\"2026-01-01T10:00:00\"\",\"\"n\"\":1.5}\","
        + "0.000000100\n", sql("--format", "csv", q));
  }

  @Test
  void unnamedColumnsAreNamedByTheEngine() {
    assertOk("count_star(),max(stage_order)\n4,4\n",
        sql("--format", "csv", "SELECT count(*), max(stage_order) FROM stages"));
  }

  @Test
  void fileRunsEachStatementInTurn() throws Exception {
    Path file = dir.resolve("two.sql");
    Files.writeString(file, "-- the first stages; in order\n"
        + "SELECT stage_order, stage FROM stages ORDER BY stage_order LIMIT 2;\n\n"
        + "SELECT count(*) AS stages, 'a;b' AS \"semi;colon\" FROM stages; -- the end\n");
    assertOk(String.join("\n",
        "stage_order | stage",
        "------------+--------------",
        "          1 | trial_started",
        "          2 | activated",
        "(2 rows)",
        "",
        "stages | semi;colon",
        "-------+-----------",
        "     4 | a;b",
        "(1 row)", ""), sql("-f", file.toString()));
    assertOk("stage_order,stage\n1,trial_started\n2,activated\n\nstages,semi;colon\n4,a;b\n",
        sql("--format", "csv", "--file", file.toString()));
    assertOk("{\"stage_order\":1,\"stage\":\"trial_started\"}\n"
        + "{\"stage_order\":2,\"stage\":\"activated\"}\n"
        + "{\"stages\":4,\"semi;colon\":\"a;b\"}\n", sql("--format", "json", "-f", file.toString()));
  }

  @Test
  void standardInputIsAScriptWhenNotATerminal() {
    String script = "SELECT stage FROM stages WHERE stage_order = 1;\nSELECT 'x,y' AS v\n";
    String expected = "stage\ntrial_started\n\nv\n\"x,y\"\n";
    Run implicit = withInput(script, "sql", "--model", model, "--format", "csv");
    assertOk(expected, implicit);
    Run dash = withInput(script, "sql", "--model", model, "--format", "csv", "-f", "-");
    assertOk(expected, dash);
    // a query argument wins over standard input
    assertOk("v\n1\n", withInput(script, "sql", "--model", model, "--format", "csv",
        "SELECT 1 AS v"));
  }

  @Test
  void aFailingStatementStopsTheScriptWithExitCode1() {
    Run r = withInput("SELECT stage FROM stages WHERE stage_order = 1;\n\n"
        + "SELECT nope\n  FROM journeys;\nSELECT 'not reached' AS three;\n",
        "sql", "--model", model);
    assertEquals(1, r.code());
    assertEquals(String.join("\n", "stage", "-------------", "trial_started", "(1 row)", ""),
        r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("error: statement 2 (line 3, \"SELECT nope\"): "), r.err());
    assertTrue(r.err().contains("\"nope\" not found"), r.err());
    assertFalse(r.out().contains("not reached"), r.out());
  }

  @Test
  void machineFormatsWarnWhenMaxRowsCutsAResult() {
    Run r = sql("--format", "csv", "--max-rows", "1", VALUES);
    assertEquals(0, r.code());
    assertEquals("id,note,score,seen_at,active,day\n"
        + "1,\"say \"\"hi\"\", then go\",0.30000000000000004,2026-06-06T13:42:03.547,true,"
        + "2026-06-06\n", r.out());
    assertEquals("warning: more rows than --max-rows 1; the rest were not printed\n",
        r.err().replace(System.lineSeparator(), "\n"));
    Run table = sql("--max-rows", "2", VALUES);
    assertTrue(table.out().endsWith("(2+ rows, first 2 shown)\n"), table.out());
  }

  @Test
  void aTargetMustBeGiven() {
    for (String command : new String[] {"sql", "report"}) {
      Run r = command.equals("sql") ? JourneymapCliTest.run("sql", "SELECT 1")
          : JourneymapCliTest.run("report");
      assertEquals(2, r.code(), r.err());
      assertEquals("", r.out());
      assertEquals("error: no target: give --model FILE (a model), --store FILE (a built store)"
          + " or --demo (the built-in demo)", r.err().lines().findFirst().orElseThrow());
    }
  }

  @Test
  void theDemoIsNeverMixedWithAnotherTarget() {
    Run sql = JourneymapCliTest.run("sql", "--demo", "--model", model, "SELECT 1");
    assertEquals(2, sql.code(), sql.err());
    assertEquals("", sql.out());
    assertEquals("error: --demo cannot be combined with --model: give one target",
        sql.err().lines().findFirst().orElseThrow());
    Run report = JourneymapCliTest.run("report", "--store", dir.resolve("x.duckdb").toString(),
        "--demo");
    assertEquals(2, report.code(), report.err());
    assertEquals("", report.out());
    assertEquals("error: --demo cannot be combined with --store: give one target",
        report.err().lines().findFirst().orElseThrow());
  }

  @Test
  void queryAndFileTogetherAreRefused() {
    Run r = sql("-f", "x.sql", "SELECT 1");
    assertEquals(2, r.code());
    assertEquals("error: give the SQL as QUERY or with -f, not both",
        r.err().lines().findFirst().orElseThrow());
    Run missing = sql("-f", dir.resolve("missing.sql").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().startsWith("error: cannot read "), missing.err());
  }
}
