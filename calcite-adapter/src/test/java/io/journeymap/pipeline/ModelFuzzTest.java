package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import io.journeymap.model.ModelProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid models (the demo and the documented examples) a few hundred times each and
 * checks that every mutant either loads or is refused with located problems, never with another
 * exception. {@link ModelFuzzBuildTest} builds a sample of the mutants that load.
 */
class ModelFuzzTest {
  private static final long SEED = 0x6a6f75726e6579L;
  private static final int MUTATIONS_PER_MODEL = 300;

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @TempDir
  Path dir;

  /** One mutant: what was done to which model, and the resulting text (or bytes). */
  record Mutant(String base, String label, String text, byte[] bytes, String original) {
    /** The label and the mutant around its first difference from the original. */
    String describe() {
      if (text == null) {
        return base + " / " + label + ": <" + bytes.length + " bytes>";
      }
      int at = 0;
      while (at < text.length() && at < original.length()
          && text.charAt(at) == original.charAt(at)) {
        at++;
      }
      int from = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 1)) - 80);
      String shown = text.substring(from, Math.min(text.length(), Math.max(at, from) + 160));
      return base + " / " + label + " (at character " + at + "): ..." + shown.replace("\n",
          "\\n") + "...";
    }
  }

  @Test
  void mutatedModelsLoadOrAreRefusedAtTheirLine() throws Exception {
    Map<String, String> bases = baseModels();
    List<Mutant> mutants = mutants(bases);

    long started = System.nanoTime();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    int loaded = 0;
    int located = 0;
    for (Mutant m : mutants) {
      Path file = dir.resolve("journey.yaml");
      try {
        JourneyModel model;
        if (m.bytes() != null) {
          Files.write(file, m.bytes());
          model = ModelLoader.load(file);
        } else {
          model = ModelLoader.parse(file, m.text());
        }
        if (model == null) {
          failures.add("parse returned null: " + m.describe());
          continue;
        }
        loaded++;
        outcomes.merge(category(m) + " loaded", 1, Integer::sum);
      } catch (ModelException e) {
        String bad = unlocated(e);
        if (bad != null) {
          failures.add(bad + ": " + m.describe());
        } else {
          located++;
          outcomes.merge(category(m) + " refused", 1, Integer::sum);
        }
      } catch (Throwable e) {
        failures.add(e + " at " + where(e) + ": " + m.describe());
      }
    }

    System.out.printf(Locale.ROOT, "model fuzzer: %d mutations of %d models in %.1f s,"
            + " %d loaded, %d refused with located problems; %d failures%n", mutants.size(),
        bases.size(), (System.nanoTime() - started) / 1e9, loaded, located, failures.size());
    outcomes.forEach((k, v) -> System.out.println("  " + k + ": " + v));
    assertTrue(failures.isEmpty(), failures.size() + " mutants broke the loader or the build:\n"
        + String.join("\n", failures.subList(0, Math.min(failures.size(), 40))));
    assertEquals(mutants.size(), loaded + located);
    assertTrue(loaded > 100, "the mutations should leave many models loadable, got " + loaded);
  }

  /** The random mutants of every base model (same seed, same mutants), then the edge cases. */
  static List<Mutant> mutants(Map<String, String> bases) {
    Random random = new Random(SEED);
    List<Mutant> mutants = new ArrayList<>();
    for (Map.Entry<String, String> base : bases.entrySet()) {
      for (int i = 0; i < MUTATIONS_PER_MODEL; i++) {
        mutants.add(mutate(base.getKey(), base.getValue(), random));
      }
    }
    mutants.addAll(edgeCases(bases.get("demo")));
    return mutants;
  }

  static String category(Mutant m) {
    int space = m.label().indexOf(' ');
    return space < 0 ? m.label() : m.label().substring(0, space);
  }

  /** Null when every problem is located with a message, else what is wrong. */
  static String unlocated(ModelException e) {
    if (e.problems().isEmpty()) {
      return "ModelException without problems";
    }
    for (ModelProblem p : e.problems()) {
      if (p.line() < 1 || p.message() == null || p.message().isBlank()) {
        return "unlocated problem '" + p + "'";
      }
    }
    return null;
  }

  static String where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (StackTraceElement t : trace) {
      if (t.getClassName().startsWith("io.journeymap")) {
        return t.toString();
      }
    }
    return trace.length == 0 ? "?" : trace[0].toString();
  }

  // ---------------------------------------------------------------- models

  static Map<String, String> baseModels() throws IOException {
    Map<String, String> bases = new LinkedHashMap<>();
    try (InputStream in = DemoWorld.class.getResourceAsStream("/io/journeymap/demo/journey.yaml")) {
      bases.put("demo", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Path examples = examples();
    try (var folders = Files.list(examples)) {
      for (Path f : folders.sorted().toList()) {
        Path model = f.resolve("journey.yaml");
        if (Files.exists(model)) {
          bases.put(f.getFileName().toString(), Files.readString(model));
        }
      }
    }
    assertTrue(bases.size() >= 4, "the demo and the three examples: " + bases.keySet());
    for (Map.Entry<String, String> b : bases.entrySet()) {
      // the unmutated models load (a guard against a broken base hiding every mutation)
      ModelLoader.parse(Path.of(b.getKey() + ".yaml"), b.getValue());
    }
    return bases;
  }

  private static Path examples() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("docs/examples");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("docs/examples not found above " + Path.of("")
        .toAbsolutePath());
  }


  // ---------------------------------------------------------------- hand-picked edges

  /** Rule with {@code depth} parentheses around a valid condition. */
  private static String nested(int depth) {
    return "(".repeat(depth) + "feature_used >= 1" + ")".repeat(depth);
  }

  /**
   * Mutations of the demo that random choice might miss: limits of numbers, instants and
   * durations, parser depth, and SQL-looking rules. Every one that loads is also built.
   */
  private static List<Mutant> edgeCases(String demo) {
    String window = "  window: 21 days\n";
    String when = "    when: \"feature_used >= 3 OR teammate_invited >= 1\"\n";
    String minCount = "    min_count: 2\n";
    String crmPath = "    path: crm_contacts.csv\n";
    String regex = "        - {regex: \"^/pricing\", to: pricing_viewed}\n";
    String kinds = "    customer_id: strong\n";
    String[][] edits = {
        {"window 100 years", window, "  window: P36600D\n"},
        {"window half a second", window, "  window: PT0.5S\n"},
        {"window one minute", window, "  window: 1 minute\n"},
        {"as_of year 300000", window, window + "  as_of: \"+300000-01-01T00:00:00Z\"\n"},
        {"as_of year 1000000000", window, window + "  as_of: \"+1000000000-12-31T23:59:59Z\"\n"},
        {"as_of year -290308", window, window + "  as_of: \"-290308-12-21T19:59:05Z\"\n"},
        {"as_of year 0", window, window + "  as_of: 0000-01-01\n"},
        {"as_of 9999-12-31", window, window + "  as_of: 9999-12-31\n"},
        {"as_of before the data", window, window + "  as_of: 1971-01-01\n"},
        {"time_range year 300000", window, window
            + "  time_range: {from: 2020-01-01, to: \"+300000-01-01T00:00:00Z\"}\n"},
        {"time_range before 1970", window, window
            + "  time_range: {from: \"-5000-01-01T00:00:00Z\", to: 2030-01-01}\n"},
        {"time_range one day", window, window
            + "  time_range: {from: 2026-01-01, to: 2026-01-02}\n"},
        {"subject account", "  subject: person\n", "  subject: account\n"},
        {"key plan_tier", window, window + "  key: plan_tier\n"},
        {"key campaign", window, window + "  key: campaign\n"},
        {"key country", window, window + "  key: country\n"},
        {"failure support ticket", window, window
            + "  failure_events: [support_ticket_opened, lead_created]\n"},
        {"rule nested 20000", when, "    when: \"" + nested(20_000) + "\"\n"},
        {"rule nested 150", when, "    when: \"" + nested(150) + "\"\n"},
        {"rule 20000 NOT", when, "    when: \"" + "NOT ".repeat(20_000) + "feature_used >= 1\"\n"},
        {"rule 3000 terms", when, "    when: \"" + String.join(" + ",
            java.util.Collections.nCopies(3_000, "feature_used")) + " > 1\"\n"},
        {"rule huge number", when, "    when: \"feature_used >= 99999999999999999999999999\"\n"},
        {"rule 2000-digit number", when, "    when: \"feature_used >= " + "9".repeat(2_000)
            + "\"\n"},
        {"rule division by zero", when, "    when: \"feature_used / 0 >= 1\"\n"},
        {"rule product overflow", when, "    when: \"feature_used * 9223372036854775807 * 9 > 1\"\n"},
        {"rule quoted names", when, "    when: '\"feature_used\" >= 3'\n"},
        {"min_count 2000 digits", minCount, "    min_count: " + "9".repeat(2_000) + "\n"},
        {"min_count max int", minCount, "    min_count: 2147483647\n"},
        {"path with NUL", crmPath, "    path: \"crm_contacts.csv\\0\"\n"},
        {"path NUL only", crmPath, "    path: \"\\0\"\n"},
        {"path folder", crmPath, "    path: .\n"},
        {"path glob of all", crmPath, "    path: \"*.csv\"\n"},
        {"identifiers empty", "    identifiers: {user_id: login_id, user_email: email, device:"
            + " device_id, workspace: workspace}\n", "    identifiers: {}\n"},
        {"path the model itself", crmPath, "    path: journey.yaml\n"},
        {"path another export", crmPath, "    path: billing_payments.csv\n"},
        {"event rule sql statements", regex, "        - {when: '1; DROP TABLE build.ids', to:"
            + " pricing_viewed}\n"},
        {"event rule unknown column", regex, "        - {when: 'nope = 1', to: pricing_viewed}\n"},
        {"event rule division by zero", regex, "        - {when: '1 / 0 = 1', to: pricing_viewed}\n"},
        {"event rule bad cast", regex, "        - {when: 'CAST(page AS INT) = 1', to:"
            + " pricing_viewed}\n"},
        {"event rule catastrophic regex", regex, "        - {regex: '(a+)+$', to: pricing_viewed}\n"},
        {"max_per_person 2^31", kinds, "    customer_id: {strength: strong, max_per_person:"
            + " 2147483647}\n"},
        {"max_persons_per_identifier 2", "  blocklist: [noreply@example.com]\n",
            "  blocklist: [noreply@example.com]\n  max_persons_per_identifier: 2\n"},
        {"blocklist quotes", "  blocklist: [noreply@example.com]\n",
            "  blocklist: [\"'; DROP TABLE x; --\", \"%\", \"\\\\\"]\n"},
        {"no default blocklist", "  blocklist: [noreply@example.com]\n",
            "  default_blocklist: false\n  default_role_addresses: false\n"},
        {"account domains", "    email: strong  ", "    email: {strength: strong,"
            + " account_domain: true}  "},
        {"zone far east", "format: \"%d/%m/%Y %H:%M\", zone: Europe/London}",
            "format: \"%d/%m/%Y %H:%M\", zone: Etc/GMT-14}"},
        {"strptime with zone", "format: \"%d/%m/%Y %H:%M\", zone: Europe/London}",
            "format: \"%d/%m/%Y %H:%M %Z\"}"},
        {"epoch seconds for ms", "format: epoch_ms}", "format: epoch_s}"},
        {"yaml alias bomb", "journey:\n", "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            + "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\njourney:\n"},
        {"yaml nested 5000", "journey:\n", "x: " + "[".repeat(5_000) + "]".repeat(5_000)
            + "\njourney:\n"},
        {"yaml nested maps 1100", "journey:\n", "x: " + "{a: ".repeat(1_100) + "1"
            + "}".repeat(1_100) + "\njourney:\n"},
        {"yaml 2000-digit number", "journey:\n", "x: " + "9".repeat(2_000) + "\njourney:\n"},
        {"yaml 2000-digit float", "journey:\n", "x: 0." + "9".repeat(2_000) + "\njourney:\n"},
        {"yaml 1M string", "journey:\n", "x: \"" + "y".repeat(1_000_000) + "\"\njourney:\n"},
        {"yaml long key", "journey:\n", "x".repeat(60_000) + ": 1\njourney:\n"},
    };
    List<Mutant> out = new ArrayList<>();
    for (String[] e : edits) {
      assertTrue(demo.contains(e[1]), "the demo model no longer contains: " + e[1]);
      out.add(new Mutant("demo-edge", "edge " + e[0], demo.replace(e[1], e[2]), null, demo));
    }
    String query = demo.replace("    format: csv\n    path: crm_contacts.csv\n",
        "    format: query\n    query: SELECT 1; SELECT 2\n");
    out.add(new Mutant("demo-edge", "edge query of two statements", query, null, demo));
    return out;
  }

  // ---------------------------------------------------------------- mutations

  private static final String[] NUMBERS = {"0", "-1", "-2147483648", "2147483647", "2147483648",
      "9223372036854775807", "99999999999999999999999999", "1e309", "-0", "1.5", ".nan",
      ".inf", "-.inf", "0x1F", "0o17", "1_000", "1" + "0".repeat(1200)};
  private static final String[] STRINGS = {"", " ", "\t", "ü", "名前", "😀", "\u0000",
      "a\u0000b", "a\nb", "'", "\"", "${JOURNEYMAP_FUZZ_UNSET}", "${JOURNEYMAP_FUZZ_UNSET:-}",
      "x".repeat(10_000), "null", "~", "true", "\u202eevil", "e\u0301", "\uFEFF", "\u2028",
      "../../../../etc/passwd", "[", "*", "%", "%Q", "lower_snake", "UPPER", "a b", "-", "::"};
  private static final String[] EVENTS = {"trial_started", "subscription_paid", "feature_used",
      "nope_event", "Trial_Started", "", "page_viewed", "order_placed", "added_to_cart",
      "lead_created", "email_opened"};
  private static final String[] RULES = {"1; DROP TABLE journeys", "feature_used >= 3 -- x",
      "feature_used >= 3 /* x */", "sleep(10) > 0", "'a' = 'a'",
      "feature_used >= 3 OR 1=1); SELECT 1; --", "(feature_used", "feature_used >=",
      "feature_used >= 99999999999999999999999999", "feature_used / 0 >= 1",
      "feature_used >= -1", "NOT NOT NOT feature_used >= 1", "feature_used >= 3 AND", "nope > 1",
      "ＦＥＡＴＵＲＥ_used > 1", "feature_used >= 1e3", "feature_used IN (1, 2)",
      "feature_used BETWEEN 1 AND 2", "CAST(feature_used AS INT) > 1", "\"feature_used\" > 1",
      "\"feature_used", "feature_used > 1.5", "feature_used", "3", "", "  ", "feature_used >= 3;",
      "(".repeat(20_000) + "feature_used >= 1" + ")".repeat(20_000),
      "NOT ".repeat(20_000) + "feature_used >= 1",
      String.join(" + ", java.util.Collections.nCopies(3_000, "feature_used")) + " > 1",
      "subscription_paid >= 1", "trial_started >= 1 OR teammate_invited >= 1",
      "feature_used * feature_used * feature_used * feature_used * feature_used > 2000000000"};
  private static final String[] SQL = {"1 = 1", "nope_column = 'x'", "1/0 = 1", "'x", "event_name",
      "event_name LIKE 'Feature%'", "1; DROP TABLE build.ids", "(SELECT 1) = 1", "sleep(1)",
      "page IS NULL OR", "read_text('/etc/passwd') IS NOT NULL", "NULL", "CAST('x' AS INT) = 1",
      "'feature_used'", "upper(event_name)"};
  private static final String[] WINDOWS = {"0 days", "-1 days", "P0D", "PT-5H", "P-1D",
      "99999999999999999999 days", "9223372036854775807 weeks", "1 fortnight", "P36601D",
      "P36600D", "21", "", "P1Y", "1 minute", "1 min", "PT1S", "21 DAYS", " 21 days ", "21days",
      "２１ days", "P21DT", "PT0.5S"};
  private static final String[] INSTANTS = {"2024-02-30", "2024-13-01", "24-06-30",
      "+300000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z",
      "2024-06-30T12:00:00+02:00", "0000-01-01", "9999-12-31", "1969-12-31", "now", "",
      "2024-06-30", "2024-06-30T12:00:00Z", "1970-01-01", "2262-04-12", "+294247-01-10T04:00:55Z",
      "-290308-12-21T19:59:05Z", "2024-06-30T25:00:00Z", "2024-06-30 12:00:00"};
  private static final String[] FORMATS = {"", "%", "%Q", "%Y-%m-%d %H:%M:%S %Z", "epoch_ns",
      "EPOCH_MS", "iso", "%s", "%%", "epoch_s", "epoch_ms", "%d/%m/%Y", "%Y", "%z", "%Y-%m-%dT%H"};
  private static final String[] ZONES = {"", "Mars/Olympus", "UTC+25", "+99:00", "Europe/London ",
      "EST", "GMT+14", "Z", "utc", "../../etc", "America/New_York", "+14:00", "-18:00",
      "Etc/GMT-14", "SystemV/EST5"};
  private static final String[] KINDS = {"strong", "weak", "account", "STRONG", "medium", "",
      "{strength: weak, max_per_person: 1}", "{level: account, strength: weak}", "{level: team}",
      "{level: account, max_per_account: 0}", "{strength: strong, max_per_person: -5}",
      "{strength: strong, max_per_person: 2147483648}", "{strength: strong, email: yes}",
      "{strength: strong, account_domain: true, email: false}",
      "{strength: strong, lowercase: maybe}", "[strong]", "5", "{}", "{strength: strong,"
      + " email: true, account_domain: true}", "{level: account, max_per_account: 1000000}",
      "{strength: strong, max_per_person: 1}", "{level: person, strength: strong, lowercase: true}"};
  private static final String[] SOURCE_FORMATS = {"CSV", "xls", "", "duckdb", "jdbc", "query",
      "parquet", "json", "Csv "};
  private static final String[] PATHS = {"missing.csv", "", "/", "*.nothing", "crm_contacts"
      + ".csv\u0000x", "../../../../etc/passwd", "${JOURNEYMAP_FUZZ_UNSET}", "data/", "[",
      "**", "web_events.csv", "users.csv", "billing_payments.csv", "journey.yaml", "*.csv",
      "product_events.csv", "truth_identities.csv", "\u0000"};
  private static final String[] TOP = {"journey", "taxonomy", "identity", "sources", "stages"};
  private static final String[] INSERTS = {":", "- ", "{", "[", "}", "]", "&a ", "*a", "!!binary ",
      "!!python/object:os.system ", "%YAML 1.1\n", "? ", "|", ">", "#", "\t", "'", "\"",
      "\uFEFF", "\u2028", "\u0085", "\r", "\\", ",", "!", "@", "`", "---", "...", "<<: *a\n"};

  /** One random mutation of {@code text}; returns label and text. */
  private static Mutant mutate(String base, String text, Random r) {
    int kind = r.nextInt(100);
    try {
      if (kind < 30) {
        String[] t = textMutation(text, r);
        return new Mutant(base, "text-" + t[0], t[1], null, text);
      }
      if (kind < 34) {
        return bytesMutation(base, text, r);
      }
      ObjectNode root = (ObjectNode) YAML.readTree(text);
      String label = treeMutation(root, r);
      String out = YAML.writeValueAsString(root);
      if (label.startsWith("dup-key")) {
        out = duplicateKey(out, r);
      }
      return new Mutant(base, label, out, null, YAML.writeValueAsString(YAML.readTree(text)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String[] textMutation(String text, Random r) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int line = r.nextInt(lines.size());
    switch (r.nextInt(11)) {
      case 0 -> {
        return new String[] {"truncate", text.substring(0, r.nextInt(text.length()))};
      }
      case 1 -> {
        lines.remove(line);
        return new String[] {"delete-line", String.join("\n", lines)};
      }
      case 2 -> {
        lines.add(line, lines.get(line));
        return new String[] {"duplicate-line", String.join("\n", lines)};
      }
      case 3 -> {
        String l = lines.get(line);
        String body = l.stripLeading();
        int indent = l.length() - body.length();
        String[] indents = {"", " ", "\t", "  ".repeat(1 + r.nextInt(4)),
            " ".repeat(Math.max(0, indent - 1)), " ".repeat(indent + 1), "\t".repeat(indent)};
        lines.set(line, indents[r.nextInt(indents.length)] + body);
        return new String[] {"indent", String.join("\n", lines)};
      }
      case 4 -> {
        String[] docs = {"\n---\njourney: {name: second}\n", "\n---\n", "\n...\n---\nx: 1\n",
            "\n--- !!str\nhello\n", "\n---\n- a\n- b\n"};
        if (r.nextBoolean()) {
          return new String[] {"second-document", text + docs[r.nextInt(docs.length)]};
        }
        lines.add(line, "---");
        return new String[] {"second-document-inside", String.join("\n", lines)};
      }
      case 5 -> {
        int at = r.nextInt(text.length() + 1);
        String insert = INSERTS[r.nextInt(INSERTS.length)];
        return new String[] {"insert", text.substring(0, at) + insert + text.substring(at)};
      }
      case 6 -> {
        if (line + 1 < lines.size()) {
          String a = lines.get(line);
          lines.set(line, lines.get(line + 1));
          lines.set(line + 1, a);
        }
        return new String[] {"swap-lines", String.join("\n", lines)};
      }
      case 7 -> {
        String l = lines.get(line);
        int colon = l.indexOf(": ");
        String[] values = {"[a, b]", "{x: 1}", "", "~", "[]", "{}", "- a", "&x 1", "*x",
            "!!int x", "|", ">-", "\"unclosed", "'unclosed", NUMBERS[r.nextInt(NUMBERS.length)]};
        if (colon > 0) {
          lines.set(line, l.substring(0, colon + 2) + values[r.nextInt(values.length)]);
        }
        return new String[] {"replace-value", String.join("\n", lines)};
      }
      case 8 -> {
        String[] bombs = {
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c]\n",
            "[".repeat(5_000) + "]".repeat(5_000) + "\n",
            "x: " + "[".repeat(1_200) + "]".repeat(1_200) + "\n",
            "x: " + "{a: ".repeat(300) + "1" + "}".repeat(300) + "\n",
            "x: " + "9".repeat(2_000) + "\n",
                        "x: *undefined\n", "x: &a\n  <<: *a\n", "? [a, b]\n: c\n", "? {a: 1}\n: b\n",
            "x: !!binary AAAA\n", "x: !custom 1\n", "x: !!set {a, b}\n", "x: !!omap [a: 1]\n",
            "x: 2024-06-30\n", "x: 0x10\n"};
        String bomb = bombs[r.nextInt(bombs.length)];
        return new String[] {"bomb", r.nextBoolean() ? text + "\n" + bomb : bomb + text};
      }
      case 9 -> {
        // a whole file of junk, or none at all
        String[] whole = {"", " ", "\n", "---", "[]", "{}", "42", "null", "~", "- journey",
            "journey", "\"journey\"", "journey:", "{journey: }", "\uFEFF", "# only a comment\n",
            "!!map {}", "--- |\n  text\n", "%YAML 9.9\n---\njourney: {}\n", "%TAG ! tag:x,\n---"};
        return new String[] {"whole", whole[r.nextInt(whole.length)]};
      }
      default -> {
        String l = lines.get(line);
        int colon = l.indexOf(':');
        if (colon > 0) {
          String key = l.substring(0, colon);
          String[] renames = {key + "x", key.toUpperCase(Locale.ROOT), key.replace("_", "-"),
              key.replaceFirst("[a-z]", "ä"), key + " ", "\"" + key.strip() + "\"",
              key.replaceFirst("\\S", "")};
          lines.set(line, renames[r.nextInt(renames.length)] + l.substring(colon));
        }
        return new String[] {"rename-key", String.join("\n", lines)};
      }
    }
  }

  /** Byte-level damage only {@link ModelLoader#load} sees: NULs, bad UTF-8, other encodings. */
  private static Mutant bytesMutation(String base, String text, Random r) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int at = r.nextInt(utf8.length + 1);
    byte[][] junk = {{0}, {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80,
        (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE9}};
    int choice = r.nextInt(junk.length + 2);
    byte[] out;
    String label;
    if (choice == junk.length) {
      out = text.getBytes(StandardCharsets.UTF_16);
      label = "bytes-utf16";
    } else if (choice == junk.length + 1) {
      out = (text.replace("é", "é") + "\n# café\n").getBytes(StandardCharsets.ISO_8859_1);
      label = "bytes-latin1";
    } else {
      byte[] j = junk[choice];
      out = new byte[utf8.length + j.length];
      System.arraycopy(utf8, 0, out, 0, at);
      System.arraycopy(j, 0, out, at, j.length);
      System.arraycopy(utf8, at, out, at + j.length, utf8.length - at);
      label = "bytes-insert";
    }
    return new Mutant(base, label, null, out, text);
  }

  /** Applies one structural mutation to the tree; returns its label. */
  private static String treeMutation(ObjectNode root, Random r) {
    List<Slot> slots = new ArrayList<>();
    collect(root, "", slots);
    Slot slot = slots.get(r.nextInt(slots.size()));
    switch (r.nextInt(16)) {
      case 0 -> {
        slot.remove();
        return "remove " + slot.pointer;
      }
      case 1 -> {
        if (slot.key != null) {
          String k = slot.key;
          String[] names = {k + "s", k.toUpperCase(Locale.ROOT), k.substring(1), "", " " + k,
              k.replace('_', '-'), k + "é", "名前", "null", "~"};
          slot.rename(names[r.nextInt(names.length)]);
        }
        return "rename " + slot.pointer;
      }
      case 2 -> {
        JsonNode v = slot.get();
        JsonNode[] shapes = {NODES.arrayNode().add(v.deepCopy()),
            NODES.objectNode().set("x", v.deepCopy()), NODES.textNode(v.isContainerNode()
                ? "oops" : v.asText()), NODES.nullNode(), NODES.textNode(""),
            NODES.arrayNode(), NODES.objectNode(), NODES.booleanNode(r.nextBoolean())};
        slot.set(shapes[r.nextInt(shapes.length)]);
        return "retype " + slot.pointer;
      }
      case 3 -> {
        slot.set(number(NUMBERS[r.nextInt(NUMBERS.length)]));
        return "number " + slot.pointer;
      }
      case 4 -> {
        slot.set(NODES.textNode(STRINGS[r.nextInt(STRINGS.length)]));
        return "string " + slot.pointer;
      }
      case 5 -> {
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
          root.remove(TOP[r.nextInt(TOP.length)]);
        }
        return "section-removed";
      }
      case 6 -> {
        return journeyMutation(root, r);
      }
      case 7 -> {
        return stageMutation(root, r);
      }
      case 8 -> {
        return timeMutation(root, r);
      }
      case 9 -> {
        return identityMutation(root, r);
      }
      case 10 -> {
        return eventMutation(root, r);
      }
      case 11 -> {
        return sourceMutation(root, r);
      }
      case 12 -> {
        // a list item twice: a source, stage or taxonomy event declared twice
        String[] lists = {"sources", "stages", "taxonomy"};
        JsonNode list = root.get(lists[r.nextInt(lists.length)]);
        if (list instanceof ArrayNode a && a.size() > 0) {
          int i = r.nextInt(a.size());
          a.insert(r.nextInt(a.size() + 1), a.get(i).deepCopy());
        }
        return "duplicate-item";
      }
      case 13 -> {
        return "dup-key";
      }
      case 14 -> {
        // every scalar of one section becomes the same odd value
        String odd = STRINGS[r.nextInt(STRINGS.length)];
        JsonNode section = root.get(TOP[r.nextInt(TOP.length)]);
        if (section != null) {
          List<Slot> inner = new ArrayList<>();
          collect(section, "", inner);
          for (Slot s : inner) {
            if (s.get().isValueNode() && r.nextInt(3) == 0) {
              s.set(NODES.textNode(odd));
            }
          }
        }
        return "section-scalars";
      }
      default -> {
        // two random slots change places
        Slot other = slots.get(r.nextInt(slots.size()));
        JsonNode a = slot.get().deepCopy();
        JsonNode b = other.get().deepCopy();
        slot.set(b);
        other.set(a);
        return "swap " + slot.pointer + " " + other.pointer;
      }
    }
  }

  private static JsonNode number(String text) {
    try {
      if (text.matches("-?[0-9]+")) {
        return NODES.numberNode(new java.math.BigInteger(text));
      }
      return NODES.numberNode(new java.math.BigDecimal(text));
    } catch (NumberFormatException e) {
      return NODES.textNode(text); // .nan, .inf, 0x1F: strings once quoted
    }
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static JsonNode yamlValue(String text) {
    try {
      JsonNode n = YAML.readTree("v: " + text);
      return n != null && n.has("v") ? n.get("v") : NODES.textNode(text);
    } catch (IOException e) {
      return NODES.textNode(text);
    }
  }

  private static ObjectNode object(ObjectNode root, String key) {
    JsonNode n = root.get(key);
    if (n instanceof ObjectNode o) {
      return o;
    }
    ObjectNode o = NODES.objectNode();
    root.set(key, o);
    return o;
  }

  private static ObjectNode item(ObjectNode root, String list, Random r) {
    JsonNode n = root.get(list);
    if (n instanceof ArrayNode a && a.size() > 0) {
      JsonNode i = a.get(r.nextInt(a.size()));
      if (i instanceof ObjectNode o) {
        return o;
      }
    }
    return NODES.objectNode(); // detached: the mutation changes nothing
  }

  private static String journeyMutation(ObjectNode root, Random r) {
    ObjectNode j = object(root, "journey");
    switch (r.nextInt(8)) {
      case 0 -> j.put("start_event", pick(r, EVENTS));
      case 1 -> j.put("success_event", r.nextBoolean() ? pick(r, EVENTS)
          : j.path("start_event").asText());
      case 2 -> {
        JsonNode[] failures = {NODES.textNode(pick(r, EVENTS)),
            NODES.arrayNode().add(pick(r, EVENTS)).add(pick(r, EVENTS)),
            NODES.arrayNode().add(j.path("start_event").asText()),
            NODES.arrayNode().add(j.path("success_event").asText()),
            NODES.objectNode().put("x", 1), NODES.arrayNode().add(NODES.arrayNode().add("x")),
            NODES.textNode(""), NODES.arrayNode()};
        j.set("failure_events", pick(r, failures));
      }
      case 3 -> {
        JsonNode[] keys = {NODES.textNode("campaign"), NODES.textNode("channel"),
            NODES.textNode("plan_tier"), NODES.textNode("country"), NODES.textNode("nonexistent"),
            NODES.textNode(""), NODES.arrayNode().add("campaign"),
            NODES.objectNode().put("a", 1), NODES.textNode("category"), NODES.numberNode(1)};
        j.set("key", pick(r, keys));
      }
      case 4 -> j.put("window", pick(r, WINDOWS));
      case 5 -> j.put("as_of", pick(r, INSTANTS));
      case 6 -> {
        JsonNode[] ranges = {NODES.objectNode().put("from", pick(r, INSTANTS))
            .put("to", pick(r, INSTANTS)), NODES.objectNode().put("from", "2030-01-01")
            .put("to", "2020-01-01"), NODES.arrayNode().add("2020-01-01"),
            NODES.textNode("2020-01-01"), NODES.objectNode().put("from", "2020-01-01"),
            NODES.objectNode().put("to", "2025-01-01"), NODES.objectNode().put("since", "x"),
            NODES.objectNode().put("from", "2026-01-01").put("to", "2026-02-01")};
        j.set("time_range", pick(r, ranges));
      }
      default -> j.put("subject", pick(r, new String[] {"account", "ACCOUNT", "household",
          "", "person "}));
    }
    return "journey";
  }

  private static String stageMutation(ObjectNode root, Random r) {
    ObjectNode s = item(root, "stages", r);
    switch (r.nextInt(6)) {
      case 0, 1 -> {
        s.remove("events");
        s.remove("min_count");
        s.put("when", pick(r, RULES));
      }
      case 2 -> s.set("min_count", number(pick(r, NUMBERS)));
      case 3 -> s.set("within_days", number(pick(r, NUMBERS)));
      case 4 -> s.set("events", r.nextBoolean() ? NODES.textNode(pick(r, EVENTS))
          : NODES.arrayNode().add(pick(r, EVENTS)).add(pick(r, EVENTS)));
      default -> {
        s.put("when", pick(r, RULES));
        if (r.nextBoolean()) {
          s.put("min_count", 2);
        }
      }
    }
    return "stage";
  }

  private static String timeMutation(ObjectNode root, Random r) {
    ObjectNode s = item(root, "sources", r);
    JsonNode time = s.get("time");
    ObjectNode t;
    if (time instanceof ObjectNode o) {
      t = o;
    } else {
      t = NODES.objectNode().put("column", time == null ? "ts" : time.asText());
      s.set("time", t);
    }
    switch (r.nextInt(5)) {
      case 0, 1 -> t.put("format", pick(r, FORMATS));
      case 2, 3 -> t.put("zone", pick(r, ZONES));
      default -> {
        JsonNode[] shapes = {NODES.arrayNode().add("ts"), NODES.textNode(""),
            NODES.objectNode().put("format", "epoch_ms"),
            NODES.objectNode().put("column", "ts").put("tz", "UTC"), NODES.numberNode(1),
            NODES.objectNode().put("column", "nope")};
        s.set("time", pick(r, shapes));
      }
    }
    return "time";
  }

  private static String identityMutation(ObjectNode root, Random r) {
    ObjectNode id = object(root, "identity");
    ObjectNode kinds = object(id, "kinds");
    List<String> names = new ArrayList<>();
    kinds.fieldNames().forEachRemaining(names::add);
    switch (r.nextInt(6)) {
      case 0, 1 -> {
        String name = names.isEmpty() ? "email" : names.get(r.nextInt(names.size()));
        kinds.set(name, yamlValue(pick(r, KINDS)));
      }
      case 2 -> kinds.set(pick(r, new String[] {"Email", "e-mail", "", "ümlaut", "account",
          "9lives", "a".repeat(300)}), yamlValue(pick(r, KINDS)));
      case 3 -> {
        for (String n : names) {
          kinds.put(n, "weak");
        }
      }
      case 4 -> id.set("max_persons_per_identifier", r.nextBoolean() ? number(pick(r, NUMBERS))
          : NODES.textNode("three"));
      default -> {
        String[] lists = {"blocklist", "role_addresses", "free_mail_domains"};
        JsonNode[] values = {NODES.textNode(""), NODES.arrayNode().add(""),
            NODES.objectNode().put("a", 1), NODES.arrayNode().add("'; DROP TABLE x; --"),
            NODES.arrayNode().add(NODES.arrayNode()), NODES.booleanNode(false),
            NODES.arrayNode().add("%").add("_")};
        if (r.nextBoolean()) {
          id.set(pick(r, lists), pick(r, values));
        } else {
          id.set(pick(r, new String[] {"default_blocklist", "default_role_addresses"}),
              pick(r, new JsonNode[] {NODES.booleanNode(false), NODES.textNode("no"),
                  NODES.arrayNode()}));
        }
      }
    }
    return "identity";
  }

  private static String eventMutation(ObjectNode root, Random r) {
    ObjectNode s = item(root, "sources", r);
    JsonNode e = s.get("event");
    ObjectNode ev = e instanceof ObjectNode o ? o : NODES.objectNode();
    if (!(e instanceof ObjectNode)) {
      s.set("event", ev);
    }
    switch (r.nextInt(7)) {
      case 0 -> ev.put("constant", pick(r, EVENTS));
      case 1 -> {
        ev.removeAll();
        ev.put("sql", pick(r, SQL));
      }
      case 2 -> object(ev, "map").put(pick(r, STRINGS), pick(r, EVENTS));
      case 3 -> {
        ArrayNode rules = ev.get("rules") instanceof ArrayNode a ? a : ev.putArray("rules");
        rules.insert(0, NODES.objectNode().put("when", pick(r, SQL)).put("to", pick(r, EVENTS)));
      }
      case 4 -> {
        ArrayNode rules = ev.get("rules") instanceof ArrayNode a ? a : ev.putArray("rules");
        String[] regexes = {"([", "*", "(?<n>x)\\k<m>", "", "^.*$", "\\", "[z-a]", "(a+)+$"};
        rules.insert(0, NODES.objectNode().put("regex", pick(r, regexes))
            .put("to", pick(r, EVENTS)));
      }
      case 5 -> ev.put("column", pick(r, new String[] {"nope", "", "ts", "email", "page"}));
      default -> {
        ev.put("column", "page");
        ev.put("constant", "page_viewed");
      }
    }
    return "event";
  }

  private static String sourceMutation(ObjectNode root, Random r) {
    ObjectNode s = item(root, "sources", r);
    switch (r.nextInt(8)) {
      case 0 -> s.put("format", pick(r, SOURCE_FORMATS));
      case 1, 2 -> s.put("path", pick(r, PATHS));
      case 3 -> s.put("name", pick(r, new String[] {"web", "crm", "Web", "", "a-b", "x".repeat(200),
          "select", "rejects_web"}));
      case 4 -> {
        s.put("format", "query");
        s.remove("path");
        s.put("query", pick(r, new String[] {"SELEC 1", "SELECT 1; SELECT 2",
            "SELECT * FROM read_csv('crm_contacts.csv')", "SELECT 1 AS ts",
            "SELECT * FROM nope", "", "SELECT * FROM read_csv('web_events.csv', all_varchar"
                + " = true)"}));
      }
      case 5 -> {
        JsonNode[] ids = {NODES.objectNode().put("nope", "email"),
            NODES.objectNode().put("email", "nope_kind"), NODES.arrayNode().add("email"),
            NODES.textNode("email"), NODES.objectNode(),
            NODES.objectNode().set("email", NODES.arrayNode()),
            NODES.objectNode().put("created_at", "account")};
        s.set("identifiers", pick(r, ids));
      }
      case 6 -> s.put(pick(r, new String[] {"account", "channel", "campaign"}),
          pick(r, new String[] {"nope", "", "email", "ts", "country"}));
      default -> s.set("properties", pick(r, new JsonNode[] {NODES.textNode("nope"),
          NODES.arrayNode().add("country").add("country"), NODES.objectNode().put("a", 1),
          NODES.arrayNode().add(""), NODES.arrayNode().add("ts")}));
    }
    return "source";
  }

  /** Repeats one "key:" line of the serialised text right below itself. */
  private static String duplicateKey(String text, Random r) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    for (int tries = 0; tries < 20; tries++) {
      int i = r.nextInt(lines.size());
      String l = lines.get(i);
      if (l.matches("\\s*[a-z_]+: \\S.*")) {
        lines.add(i + 1, l);
        break;
      }
    }
    return String.join("\n", lines);
  }

  /** A position in the tree that can be removed, renamed or replaced. */
  private static final class Slot {
    final JsonNode parent;
    final String key;
    final int index;
    final String pointer;

    Slot(JsonNode parent, String key, int index, String pointer) {
      this.parent = parent;
      this.key = key;
      this.index = index;
      this.pointer = pointer;
    }

    JsonNode get() {
      return key != null ? parent.get(key) : parent.get(index);
    }

    void set(JsonNode v) {
      if (key != null) {
        ((ObjectNode) parent).set(key, v);
      } else {
        ((ArrayNode) parent).set(index, v);
      }
    }

    void remove() {
      if (key != null) {
        ((ObjectNode) parent).remove(key);
      } else if (index < parent.size()) {
        ((ArrayNode) parent).remove(index);
      }
    }

    void rename(String name) {
      ObjectNode o = (ObjectNode) parent;
      // keep the order: rebuild the object with the new name in place
      Map<String, JsonNode> entries = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        entries.put(e.getKey().equals(key) ? name : e.getKey(), e.getValue());
      }
      o.removeAll();
      entries.forEach(o::set);
    }
  }

  private static void collect(JsonNode node, String pointer, List<Slot> out) {
    if (node instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        String p = pointer + "/" + k;
        out.add(new Slot(o, k, -1, p));
        collect(o.get(k), p, out);
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        String p = pointer + "/" + i;
        out.add(new Slot(a, null, i, p));
        collect(a.get(i), p, out);
      }
    }
  }
}
