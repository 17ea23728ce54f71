package io.journeymap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLoaderTest {
  private static final Path FILE = Path.of("model.yaml");

  /** A small valid model; tests replace one line to make one mistake. */
  private static final String VALID = String.join("\n",
      "journey:",                                              // 1
      "  name: trial",                                         // 2
      "  goal: Trial converts within 21 days",                 // 3
      "  start_event: trial_started",                          // 4
      "  success_event: paid",                                 // 5
      "  window: 21 days",                                     // 6
      "taxonomy: [trial_started, setup_done, paid]",           // 7
      "identity:",                                             // 8
      "  kinds:",                                              // 9
      "    email: {strength: strong, lowercase: true}",        // 10
      "    cookie: weak",                                      // 11
      "sources:",                                              // 12
      "  - name: app",                                         // 13
      "    format: csv",                                       // 14
      "    path: app.csv",                                     // 15
      "    time: ts",                                          // 16
      "    event: {column: name}",                             // 17
      "    identifiers: {mail: email, ck: cookie}",            // 18
      "stages:",                                               // 19
      "  - name: started",                                     // 20
      "    events: [trial_started]",                           // 21
      "  - name: activated",                                   // 22
      "    events: [setup_done]",                              // 23
      "    min_count: 2",                                      // 24
      "    within_days: 7",                                    // 25
      "  - name: converted",                                   // 26
      "    when: paid >= 1",                                   // 27
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
  void loadsAValidModel() {
    JourneyModel m = ModelLoader.parse(FILE, VALID);
    assertEquals("trial", m.journey().name());
    assertEquals(Duration.ofDays(21), m.journey().window());
    assertEquals(Journey.Subject.PERSON, m.journey().subject());
    assertNull(m.journey().asOf());
    assertEquals(List.of("trial_started", "setup_done", "paid"),
        m.taxonomy().stream().map(TaxonomyEvent::name).toList());
    assertTrue(m.identity().kinds().get("email").strong());
    assertTrue(m.identity().kinds().get("email").lowercase());
    assertTrue(!m.identity().kinds().get("cookie").strong());
    assertTrue(m.identity().blocklist().contains("anonymous"));
    Stage activated = m.stages().get(1);
    assertEquals(2, activated.minCount());
    assertEquals(7, activated.withinDays());
    assertEquals("at least 2 x setup_done within 7 days of start", activated.ruleText());
    assertEquals("paid >= 1", m.stages().get(2).when());
  }

  @Test
  void insightsAndChangesAreReadWithDefaults() {
    JourneyModel plain = ModelLoader.parse(FILE, VALID);
    assertEquals(Insights.defaults(21), plain.insights());
    assertEquals(List.of(), plain.changes());
    JourneyModel m = ModelLoader.parse(FILE, VALID + String.join("\n",
        "insights:",                                           // 28
        "  lift:",                                             // 29
        "    within_days: [2, 5]",                             // 30
        "    min_support: 12",                                 // 31
        "    confounders: [first_channel, activated, setup_done]",
        "changes:",
        "  - {date: 2026-05-04, what: new pricing page}",
        ""));
    assertEquals(new Insights.LiftSettings(List.of(2, 5), 12,
        List.of("first_channel", "activated", "setup_done")), m.insights().lift());
    assertEquals(List.of(new Change(java.time.LocalDate.of(2026, 5, 4), "new pricing page")),
        m.changes());
  }

  @Test
  void insightMistakesAreLocated() {
    ModelProblem days = onlyProblem(VALID + "insights:\n  lift:\n    within_days: [3, 21]\n");
    assertEquals(30, days.line());
    assertTrue(days.message().contains("at least 1 and shorter than the journey window (21"
        + " days)"), days.message());
    ModelProblem support = onlyProblem(VALID + "insights:\n  lift:\n    min_support: 0\n");
    assertTrue(support.message().contains("min_support must be at least 1"), support.message());
    ModelProblem confounder = onlyProblem(VALID
        + "insights:\n  lift:\n    confounders: [first_channel, sales_rep]\n");
    assertEquals(30, confounder.line());
    assertTrue(confounder.message().contains("confounder 'sales_rep' is not a journey column"
        + " (first_channel, first_campaign)"), confounder.message());
    ModelProblem key = onlyProblem(VALID + "insights:\n  lift:\n    minsupport: 3\n");
    assertTrue(key.message().contains("allowed: within_days, min_support, confounders"),
        key.message());
    ModelProblem date = onlyProblem(VALID + "changes:\n  - {date: 2026-13-04, what: x}\n");
    assertEquals(29, date.line());
    assertTrue(date.message().contains("is not a date such as 2026-05-04"), date.message());
    ModelProblem what = onlyProblem(VALID + "changes:\n  - {date: 2026-05-04}\n");
    assertTrue(what.message().contains("missing required key 'what'"), what.message());
  }

  @Test
  void unknownKeyNamesLineColumnAndAllowedKeys() {
    ModelProblem p = onlyProblem(replace("    path: app.csv", "    path: app.csv\n    pth: x"));
    assertEquals(16, p.line());
    assertEquals(5, p.column());
    assertTrue(p.message().contains("unknown key 'pth'"), p.message());
    assertTrue(p.message().contains("allowed: name, format, path"), p.message());
  }

  @Test
  void insightDaysDefaultToThreeAndAreCheckedAgainstTheWindow() {
    assertEquals(new Insights(Insights.LiftSettings.DEFAULT, 3, 3), ModelLoader.parse(FILE, VALID).insights());
    String declared = VALID + "insights:\n  clusters: {within_days: 21}\n  scores: {at_days: 5}\n";
    assertEquals(new Insights(Insights.LiftSettings.DEFAULT, 21, 5), ModelLoader.parse(FILE, declared).insights());
    // line 29: the insights block starts after the 27 lines of VALID and its trailing newline
    ModelProblem late = onlyProblem(VALID + "insights:\n  scores: {at_days: 21}\n");
    assertEquals(29, late.line());
    assertTrue(late.message().contains("at_days must be a whole number of days from 1 to 20"),
        late.message());
    ModelProblem wide = onlyProblem(VALID + "insights:\n  clusters: {within_days: 0}\n");
    assertTrue(wide.message().contains("from 1 to 21"), wide.message());
    ModelProblem unknown = onlyProblem(VALID + "insights:\n  scores: {at_day: 2}\n");
    assertEquals(29, unknown.line());
    assertTrue(unknown.message().contains("unknown key 'at_day' in insights.scores; allowed:"
        + " at_days"), unknown.message());
    ModelProblem section = onlyProblem(VALID + "insights:\n  score: {}\n");
    assertTrue(section.message().contains("allowed: lift, clusters, scores"), section.message());
    assertEquals(3, Insights.defaults(21).scoreDays());
    assertEquals(new Insights(Insights.LiftSettings.DEFAULT, 2, 1), Insights.defaults(2));
  }

  @Test
  void unknownEventInStageRuleIsReported() {
    ModelProblem p = onlyProblem(replace("    events: [setup_done]", "    events: [setup_dne]"));
    assertEquals(23, p.line());
    assertTrue(p.message().contains("unknown event 'setup_dne'"), p.message());
    assertTrue(p.message().contains("trial_started, setup_done, paid"), p.message());
    ModelProblem w = onlyProblem(replace("    when: paid >= 1", "    when: payd >= 1"));
    assertEquals(27, w.line());
    assertTrue(w.message().contains("'payd'"), w.message());
  }

  @Test
  void wrongTypesAndValues() {
    ModelProblem count = onlyProblem(replace("    min_count: 2", "    min_count: two"));
    assertEquals(24, count.line());
    assertTrue(count.message().contains("whole number"), count.message());
    ModelProblem window = onlyProblem(replace("  window: 21 days", "  window: three weeks"));
    assertEquals(6, window.line());
    ModelProblem format = onlyProblem(replace("    format: csv", "    format: xls"));
    assertTrue(format.message().contains("allowed: csv, parquet, json, duckdb, jdbc, query"),
        format.message());
    ModelProblem kind = onlyProblem(replace("{mail: email, ck: cookie}", "{mail: e_mail}"));
    assertTrue(kind.message().contains("unknown identifier kind 'e_mail'"), kind.message());
    ModelProblem same = onlyProblem(replace("  success_event: paid",
        "  success_event: trial_started"));
    assertEquals(5, same.line());
    assertTrue(same.message().contains("must differ from start_event"), same.message());
    ModelProblem within = onlyProblem(replace("    within_days: 7", "    within_days: 30"));
    assertTrue(within.message().contains("between 0 and the journey window (21 days)"),
        within.message());
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String yaml = replace("  success_event: paid", "  success_event: payed")
        .replace("    time: ts", "    time: {column: ts, zone: Mars/Olympus}");
    ModelException e = assertThrows(ModelException.class, () -> ModelLoader.parse(FILE, yaml));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().startsWith("model.yaml:5:"), e.getMessage());
  }

  @Test
  void invalidYamlAndDuplicateKeys() {
    ModelProblem dup = onlyProblem(replace("  name: trial", "  name: trial\n  name: again"));
    assertTrue(dup.message().contains("not valid YAML"), dup.message());
    assertEquals(3, dup.line());
    ModelException misspelt = assertThrows(ModelException.class,
        () -> ModelLoader.parse(FILE, VALID.replace("stages:", "stagez:")));
    assertEquals(List.of("unknown key 'stagez' in the model; allowed: journey, taxonomy, identity,"
        + " sources, stages, insights, changes, triggers, segments",
        "missing required section 'stages'"),
        misspelt.problems().stream().map(ModelProblem::message).toList());
    assertEquals(19, misspelt.problems().get(0).line());
  }

  @Test
  void placeholdersComeFromPropertiesOrDefaults() {
    System.setProperty("JM_TEST_DIR", "/data/x");
    JourneyModel m = ModelLoader.parse(FILE, replace("path: app.csv",
        "path: ${JM_TEST_DIR}/app.csv"));
    assertEquals("/data/x/app.csv", m.sources().get(0).location());
    JourneyModel d = ModelLoader.parse(FILE, replace("path: app.csv",
        "path: ${JM_UNSET_VAR:-here}/app.csv"));
    assertEquals("here/app.csv", d.sources().get(0).location());
    ModelProblem p = onlyProblem(replace("path: app.csv", "path: ${JM_UNSET_VAR}/app.csv"));
    assertTrue(p.message().contains("'JM_UNSET_VAR'"), p.message());
  }

  @Test
  void defaultBlocklistCanBeDropped() {
    JourneyModel m = ModelLoader.parse(FILE, replace("    cookie: weak",
        "    cookie: weak\n  default_blocklist: false\n  blocklist: [none]"));
    assertEquals(java.util.Set.of("none"), m.identity().blocklist());
    ModelProblem p = onlyProblem(replace("    cookie: weak",
        "    cookie: weak\n  default_blocklist: maybe"));
    assertTrue(p.message().contains("'default_blocklist' is true or false"), p.message());
  }

  @Test
  void failureEventsAndJourneyKey() {
    JourneyModel m = ModelLoader.parse(FILE, replace("  window: 21 days",
        "  window: 21 days\n  failure_events: [setup_done]\n  key: campaign"));
    assertEquals(List.of("setup_done"), m.journey().failureEvents());
    assertEquals(List.of("paid", "setup_done"), m.journey().outcomeEvents());
    assertEquals("campaign", m.journey().key());
    ModelProblem unknown = onlyProblem(replace("  window: 21 days",
        "  window: 21 days\n  failure_events: [declined]"));
    assertEquals(7, unknown.line());
    assertTrue(unknown.message().contains("unknown event 'declined'"), unknown.message());
    ModelProblem same = onlyProblem(replace("  window: 21 days",
        "  window: 21 days\n  failure_events: [paid]"));
    assertTrue(same.message().contains("also the start or success event"), same.message());
    ModelProblem key = onlyProblem(replace("  window: 21 days", "  window: 21 days\n  key: plan"));
    assertTrue(key.message().contains("journey key 'plan' is not an event attribute"),
        key.message());
    JourneyModel property = ModelLoader.parse(FILE, replace("  window: 21 days",
        "  window: 21 days\n  key: plan").replace("{mail: email, ck: cookie}",
        "{mail: email, ck: cookie}\n    properties: [plan]"));
    assertEquals("plan", property.journey().key());
  }

  @Test
  void identityKindsCarryLevelsLimitsAndEmailRules() {
    JourneyModel m = ModelLoader.parse(FILE, replace("    cookie: weak",
        "    cookie: weak\n    login: {strength: strong, max_per_person: 1}\n"
        + "    work_email: {strength: strong, account_domain: true}\n"
        + "    company_id: account\n    workspace_id: {level: account, max_per_account: 5}\n"
        + "  role_addresses: [crew]"));
    IdentityPolicy id = m.identity();
    assertEquals(List.of("email", "cookie", "login", "work_email", "company_id", "workspace_id"),
        List.copyOf(id.kinds().keySet()));
    assertEquals(1, id.kinds().get("login").maxPerPerson());
    assertTrue(id.kinds().get("email").email());
    assertTrue(id.kinds().get("work_email").accountDomain());
    assertTrue(id.kinds().get("work_email").lowercase());
    assertTrue(id.kinds().get("company_id").isAccount());
    assertTrue(id.kinds().get("workspace_id").isAccount());
    assertTrue(id.roleLocalParts().contains("crew"));
    assertTrue(id.roleLocalParts().contains("info"));
    assertTrue(id.freeMailDomains().contains("gmail.com"));
    assertEquals(1, id.kinds().get("company_id").maxPerAccount());
    assertEquals(5, id.kinds().get("workspace_id").maxPerAccount());
    ModelProblem weakLimit = onlyProblem(replace("    cookie: weak",
        "    cookie: {strength: weak, max_per_person: 1}"));
    assertTrue(weakLimit.message().contains("max_per_person applies to strong person kinds"),
        weakLimit.message());
    ModelProblem domain = onlyProblem(replace("    cookie: weak",
        "    cookie: {strength: weak, email: false, account_domain: true}"));
    assertTrue(domain.message().contains("account_domain needs an email kind"), domain.message());
    // email kinds take jane+news@ as jane@ unless told to keep the tag; other kinds never
    assertTrue(id.kinds().get("email").stripPlusTags());
    assertTrue(!id.kinds().get("company_id").stripPlusTags());
    ModelProblem tagsOnCookie = onlyProblem(replace("    cookie: weak",
        "    cookie: {strength: weak, plus_tags: keep}"));
    assertTrue(tagsOnCookie.message().contains("plus_tags needs an email kind"),
        tagsOnCookie.message());
    ModelProblem tagsWord = onlyProblem(replace("    cookie: weak",
        "    cookie: {strength: weak, email: true, plus_tags: drop}"));
    assertTrue(tagsWord.message().contains("plus_tags is strip (jane+news@x.com is jane@x.com,"
        + " the default) or keep, got 'drop'"), tagsWord.message());
    ModelException shorthand = assertThrows(ModelException.class, () -> ModelLoader.parse(FILE,
        replace("    cookie: weak", "    cookie: medium")));
    assertTrue(shorthand.problems().get(0).message().contains("allowed: strong, weak, account"),
        shorthand.getMessage());
  }

  @Test
  void accountColumnsReadAsTheAccountKind() {
    JourneyModel m = ModelLoader.parse(FILE, replace("{mail: email, ck: cookie}",
        "{mail: email, ck: cookie}\n    account: company"));
    assertTrue(m.identity().kinds().get("account").isAccount());
    assertEquals("account", m.sources().get(0).allIdentifiers().get("company"));
  }

  @Test
  void anIncrementalColumnIsOneColumnOfAJdbcSource() {
    String jdbc = "  - name: db\n    format: jdbc\n    url: jdbc:postgresql://h/d\n"
        + "    table: events\n    incremental: id\n    time: ts\n    event: {column: name}\n"
        + "    identifiers: {mail: email}\n";
    JourneyModel m = ModelLoader.parse(FILE, VALID.replace("stages:", jdbc + "stages:"));
    assertEquals("id", m.sources().get(1).incremental());
    assertEquals(null, m.sources().get(0).incremental());
    ModelProblem onFile = onlyProblem(replace("    path: app.csv\n",
        "    path: app.csv\n    incremental: id\n"));
    assertTrue(onFile.message().contains("applies to jdbc sources"), onFile.message());
    assertEquals(16, onFile.line());
    ModelProblem notAColumn = onlyProblem(VALID.replace("stages:",
        jdbc.replace("incremental: id", "incremental: \"id; DROP TABLE x\"") + "stages:"));
    assertTrue(notAColumn.message().contains("names one column"), notAColumn.message());
  }

  @Test
  void triggersAreCheckedWithTheirPlaceInTheFile() {
    String trigger = "triggers:\n  - name: stalled\n    when: \"days_since_start >= 3 AND"
        + " setup_done < 2\"\n    action: email\n    holdout: 20%\n    contact: [email]\n"
        + "    live_since: 2024-02-01\n";
    JourneyModel m = ModelLoader.parse(FILE, VALID + trigger);
    Trigger t = m.triggers().get(0);
    assertEquals(0.2, t.holdout(), 1e-12);
    assertEquals(List.of("email"), t.contact());
    assertEquals(java.time.Instant.parse("2024-02-01T00:00:00Z"), t.liveSince());
    assertEquals(List.of(), ModelLoader.parse(FILE, VALID).triggers());

    ModelProblem unknown = onlyProblem(VALID + trigger.replace("setup_done < 2",
        "setup_dne < 2"));
    assertTrue(unknown.message().contains("'setup_dne' in the trigger rule is neither a"
        + " canonical event"), unknown.message());
    assertEquals(30, unknown.line());
    ModelProblem share = onlyProblem(VALID + trigger.replace("20%", "0.9"));
    assertTrue(share.message().contains("at most 0.5"), share.message());
    ModelProblem kind = onlyProblem(VALID + trigger.replace("[email]", "[phone]"));
    assertTrue(kind.message().contains("'phone' is not one of: email, cookie"), kind.message());
    ModelProblem rule = onlyProblem(VALID + trigger.replace("setup_done < 2", "setup_done <"));
    assertTrue(rule.message().startsWith("trigger rule"), rule.message());
    ModelProblem missing = onlyProblem(VALID + trigger.replace("    action: email\n", ""));
    assertTrue(missing.message().contains("action"), missing.message());
  }

  @Test
  void scoreConditionsAreTypedAndCheckedAtLoadTime() {
    String trigger = "triggers:\n  - name: at_risk\n    when: \"%s\"\n    action: call\n";
    Trigger t = ModelLoader.parse(FILE, VALID + trigger.formatted(
        "p_convert < 0.2 AND score_band != 'high' OR setup_done = 0")).triggers().get(0);
    assertEquals(List.of("p_convert", "score_band", "setup_done"), t.reads());
    assertTrue(t.usesScores());
    assertTrue(ModelLoader.parse(FILE, VALID + trigger.formatted("(score_band) = 'low'"))
        .triggers().get(0).usesScores());
    String[][] bad = {
        {"score_band = 'lo'", "score_band is high, medium, low, not 'lo' (at character 14"},
        {"p_convert < 20", "p_convert is a probability from 0 to 1 (0.2, not 20)"},
        {"score_band < 0.2", "score_band is text and the other side a number; compare text"
            + " with a quoted value, e.g. score_band = 'value'"},
        {"p_convert = 'low'", "'low' is text and the other side a number"},
        {"score_band > 'low'", "text is compared with = or != only, not '>'"},
        {"score_band + 1 > 2", "'+' needs numbers on both sides"},
        {"score_band", "the rule is a text, not a condition"},
        {"score_band = 'it''s'", "a quoted value cannot contain a quote"},
        {"score_band = 'low", "unclosed quoted value"},
        {"p_score < 0.2", "'p_score' in the trigger rule is neither a canonical event"}};
    for (String[] b : bad) {
      ModelProblem p = onlyProblem(VALID + trigger.formatted(b[0]));
      assertEquals(30, p.line(), b[0]);
      assertTrue(p.message().contains(b[1]), b[0] + " -> " + p.message());
    }
    // stage rules take no quoted values
    ModelProblem stage = onlyProblem(replace("    when: paid >= 1",
        "    when: \"paid >= 1 AND paid = 'low'\""));
    assertTrue(stage.message().contains("''' is not allowed"), stage.message());
  }

  /**
   * The mapping SQL is built by walking these maps, and the ingest cache is keyed by that SQL:
   * an order that changed from one JVM to the next (as Map.copyOf's does) made every build
   * read every file again.
   */
  @Test
  void identifiersEventMapsAndListsKeepAnOrderThatDoesNotDependOnTheJvm() {
    String many = VALID.replace("    identifiers: {mail: email, ck: cookie}\n",
        "    identifiers: {m6: email, m2: email, m5: cookie, m1: email, m4: cookie, m3: email}\n")
        .replace("    event: {column: name}\n", "    event: {column: name, map: {f: paid,"
        + " b: setup_done, e: paid, a: trial_started, d: setup_done, c: paid}}\n")
        .replace("identity:\n", "identity:\n  blocklist: [zz@x.io, aa@x.io, mm@x.io, bb@x.io]\n");
    JourneyModel m = ModelLoader.parse(FILE, many);
    assertEquals(List.of("m6", "m2", "m5", "m1", "m4", "m3"),
        List.copyOf(m.sources().get(0).identifiers().keySet()), "declaration order");
    assertEquals(List.of("f", "b", "e", "a", "d", "c"),
        List.copyOf(m.sources().get(0).event().map().keySet()), "declaration order");
    List<String> blocked = List.copyOf(m.identity().blocklist()); // ours and the defaults
    assertTrue(blocked.containsAll(List.of("zz@x.io", "aa@x.io", "mm@x.io", "bb@x.io")));
    assertEquals(blocked.stream().sorted().toList(), blocked, "sorted");
  }

  @Test
  void segmentsAreJourneyColumnsOrSourceProperties() {
    String withPlan = VALID.replace("    identifiers: {mail: email, ck: cookie}\n",
        "    identifiers: {mail: email, ck: cookie}\n    properties: [plan]\n");
    assertEquals(List.of(), ModelLoader.parse(FILE, withPlan).segments());
    assertEquals(List.of("plan", "first_campaign"), ModelLoader.parse(FILE,
        withPlan + "segments: [plan, first_campaign]\n").segments());
    String[][] bad = {
        {"[country]", "segment 'country' is not a journey column (first_campaign) or a source"
            + " property (plan)"},
        {"[plan, plan]", "segment 'plan' is listed twice"},
        {"[first_channel]", "'first_channel' is always a segment (first_channel, cluster,"
            + " current_stage, account_size); list only other columns"}};
    for (String[] b : bad) {
      ModelProblem p = onlyProblem(withPlan + "segments: " + b[0] + "\n");
      assertEquals(29, p.line(), b[0]);
      assertEquals(b[1], p.message());
    }
  }

  @Test
  void aSourceWithoutTimeAndEventOnlyLinksIdentifiers() {
    String directory = "  - name: users\n    format: csv\n    path: users.csv\n"
        + "    identifiers: {mail: email, ck: cookie}\n";
    JourneyModel m = ModelLoader.parse(FILE, VALID.replace("stages:", directory + "stages:"));
    assertTrue(m.sources().get(1).identityOnly());
    ModelProblem one = onlyProblem(VALID.replace("stages:", directory.replace(
        "{mail: email, ck: cookie}", "{mail: email}") + "stages:"));
    assertTrue(one.message().contains("needs at least two identifier columns"), one.message());
    ModelProblem half = onlyProblem(VALID.replace("stages:", directory + "    time: ts\nstages:"));
    assertTrue(half.message().contains("missing required key 'event'"), half.message());
  }

  @Test
  void theLastStageIsTheOutcome() {
    JourneyModel m = ModelLoader.parse(FILE, replace("    when: paid >= 1",
        "    events: [paid]"));
    assertEquals(List.of("paid"), m.stages().get(2).events());
    ModelProblem notLast = onlyProblem(replace("    when: paid >= 1", "    events: [setup_done]"));
    assertTrue(notLast.message().contains("the last stage is the journey's outcome"),
        notLast.message());
    assertEquals(26, notLast.line());
    ModelProblem early = onlyProblem(replace("    events: [setup_done]", "    events: [paid]"));
    assertTrue(early.message().contains("only the last stage, the outcome, may use it"),
        early.message());
  }

  @Test
  void stageRulesAreCheckedBeforeTheyBecomeSql() {
    // counts, numbers, arithmetic, comparisons, AND/OR/NOT and parentheses pass
    JourneyModel ok = ModelLoader.parse(FILE, replace("    events: [setup_done]\n    min_count: 2",
        "    when: '(setup_done + trial_started) * 2 >= 4 AND NOT setup_done = 0"
            + " OR \"setup_done\" > 9'"));
    assertEquals(List.of("setup_done", "trial_started"),
        ModelLoader.referencedNames(ok.stages().get(1).when()));
    String[][] bad = {
        {"setup_done >= 3 )", "unexpected ')'"},
        {"setup_done >= 3; DROP TABLE x", "';' is not allowed"},
        {"setup_done >= 3 -- the rest", "comments are not allowed"},
        {"setup_done >= 1 - - 1", "unexpected '-'"},
        {"abs(setup_done) > 1", "'abs(' calls a function"},
        {"setup_done >= ''3''", "''' is not allowed"},
        {"setup_done", "the rule is a number, not a condition"},
        {"setup_done AND paid >= 1", "'AND' joins conditions, not numbers"},
        {"(setup_done >= 1", "missing ')'"}};
    for (String[] b : bad) {
      ModelProblem p = onlyProblem(replace("    events: [setup_done]\n    min_count: 2",
          "    when: '" + b[0] + "'"));
      assertEquals(23, p.line(), b[0]);
      assertTrue(p.message().contains(b[1]) && p.message().contains("(at character"),
          b[0] + " -> " + p.message());
    }
  }

  @Test
  void unreadableModelFilesAreLocated(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    ModelException folder = assertThrows(ModelException.class, () -> ModelLoader.load(dir));
    assertTrue(folder.getMessage().contains(":1:1: this is a folder"), folder.getMessage());
    Path binary = dir.resolve("b.yaml");
    java.nio.file.Files.write(binary, new byte[] {'a', ':', ' ', 1, 0, 2});
    ModelException bin = assertThrows(ModelException.class, () -> ModelLoader.load(binary));
    assertTrue(bin.getMessage().contains("b.yaml:1:5: this is a binary file"), bin.getMessage());
    Path latin = dir.resolve("l.yaml");
    java.nio.file.Files.write(latin, (VALID.replace("  name: trial", "  name: caf\u00e9"))
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    ModelException enc = assertThrows(ModelException.class, () -> ModelLoader.load(latin));
    assertTrue(enc.getMessage().contains("l.yaml:2:12: not UTF-8 text (byte 0xE9)"),
        enc.getMessage());
    ModelProblem second = onlyProblem(VALID + "---\njourney: {name: other}\n");
    assertEquals(29, second.line());
    assertTrue(second.message().contains("a second one starts here"), second.message());
    ModelProblem window = onlyProblem(replace("  window: 21 days",
        "  window: 999999999999999 days"));
    assertTrue(window.message().contains("longer than 100 years"), window.message());
    ModelProblem lower = onlyProblem(replace("    email: {strength: strong, lowercase: true}",
        "    email: {strength: strong, lowercase: yes_please}"));
    assertTrue(lower.message().contains("'lowercase' is true or false, got 'yes_please'"),
        lower.message());
  }

  @Test
  void theDemoModelLoads() throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/io/journeymap/demo/journey.yaml")) {
      JourneyModel m = ModelLoader.parse(FILE, new String(in.readAllBytes(),
          StandardCharsets.UTF_8));
      assertEquals(7, m.sources().size());
      assertEquals(List.of("users"), m.sources().stream().filter(Source::identityOnly)
          .map(Source::name).toList());
      assertTrue(m.identity().kinds().get("workspace").isAccount());
      assertEquals(4, m.stages().size());
    }
  }
}
