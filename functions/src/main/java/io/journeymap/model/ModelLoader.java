package io.journeymap.model;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.journeymap.model.Journey.Subject;
import io.journeymap.model.Source.EventSpec;
import io.journeymap.model.Source.Format;
import io.journeymap.model.Source.TimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a journey model file (YAML) into a {@link JourneyModel}. Every user mistake becomes a
 * {@link ModelException} naming file, line, column and, where it helps, the allowed values.
 */
public final class ModelLoader {
  /** Canonical names double as column names in stage rules, so they must be plain identifiers. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(:-([^}]*))?}");
  private static final Pattern WORD = Pattern.compile("\"([^\"]+)\"|'[^']*'|([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> SQL_WORDS = Set.of("and", "or", "not", "is", "null", "true",
      "false", "between", "in", "case", "when", "then", "else", "end", "coalesce", "greatest",
      "least", "abs", "cast", "as", "integer", "double");

  private static final String[] TOP = {"journey", "taxonomy", "identity", "sources", "stages"};
  private static final String[] JOURNEY = {"name", "goal", "subject", "start_event",
      "success_event", "window", "as_of"};
  private static final String[] SOURCE = {"name", "format", "path", "url", "table", "query",
      "user", "password", "time", "event", "identifiers", "account", "channel", "campaign", "properties"};

  private ModelLoader() {}

  public static JourneyModel load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ModelException(List.of(new ModelProblem(file, 0, 0, "model file not found")));
    } catch (IOException e) {
      throw new ModelException(List.of(new ModelProblem(file, 0, 0, "cannot read: " + e)));
    }
    return parse(file, text);
  }

  public static JourneyModel parse(Path file, String yaml) {
    YAMLFactory factory = YAMLFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    ObjectMapper mapper = new ObjectMapper(factory);
    JsonNode root;
    SourceMap locations;
    try (JsonParser p = factory.createParser(yaml)) {
      locations = SourceMap.read(p);
      root = mapper.readTree(yaml);
    } catch (JsonParseException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
      throw new ModelException(List.of(new ModelProblem(file, line, col,
          "not valid YAML: " + e.getOriginalMessage())));
    } catch (IOException e) {
      throw new ModelException(List.of(new ModelProblem(file, 0, 0, "not valid YAML: " + e)));
    }
    Problems problems = new Problems(file, locations);
    if (root == null || !root.isObject()) {
      problems.atValue("", "a model file is a mapping with keys " + String.join(", ", TOP));
      problems.throwIfAny();
    }
    YamlNode top = new YamlNode(root, "", problems);
    top.expectObject("the model", TOP);
    for (String required : TOP) {
      if (!top.has(required)) {
        top.problem("missing required section '" + required + "'");
      }
    }
    List<TaxonomyEvent> taxonomy = taxonomy(top, problems);
    Set<String> events = new LinkedHashSet<>();
    taxonomy.forEach(e -> events.add(e.name()));
    Journey journey = journey(top.get("journey"), events);
    IdentityPolicy identity = identity(top.get("identity"));
    List<Source> sources = sources(top, events, identity);
    List<Stage> stages = stages(top, events, journey);
    problems.throwIfAny();
    return new JourneyModel(file, journey, taxonomy, identity, sources, stages, locations);
  }

  private static List<TaxonomyEvent> taxonomy(YamlNode top, Problems problems) {
    List<TaxonomyEvent> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (YamlNode item : top.list("taxonomy")) {
      String name;
      String description = null;
      if (item.isText()) {
        name = item.text();
      } else {
        if (!item.expectObject("a taxonomy event", "name", "description")) {
          continue;
        }
        name = item.string("name", true);
        description = item.string("description", false);
      }
      if (name == null) {
        continue;
      }
      YamlNode at = item.isText() ? item : item.get("name");
      if (!NAME.matcher(name).matches()) {
        at.problem("event name '" + name + "' must be lower_snake_case (a-z, 0-9, _), "
            + "because stage rules use it as a column name");
      } else if (!seen.add(name)) {
        at.problem("event '" + name + "' is declared twice in the taxonomy");
      } else {
        out.add(new TaxonomyEvent(name, description == null ? "" : description));
      }
    }
    if (out.isEmpty() && top.has("taxonomy")) {
      top.get("taxonomy").problem("the taxonomy must declare at least one canonical event");
    }
    return out;
  }

  private static Journey journey(YamlNode j, Set<String> events) {
    if (j.isMissing() || !j.expectObject("journey", JOURNEY)) {
      return new Journey("", "", Subject.PERSON, "", "", null, null);
    }
    String name = j.string("name", true);
    String goal = j.string("goal", true);
    Subject subject = j.enumValue("subject", Subject.class, Subject.PERSON);
    String start = knownEvent(j, "start_event", events);
    String success = knownEvent(j, "success_event", events);
    if (start != null && start.equals(success)) {
      j.get("success_event").problem("success_event must differ from start_event ('" + start
          + "'): a journey cannot start and succeed on the same event");
    }
    Duration window = null; // stays null when invalid, so stage checks do not cascade
    String windowText = j.string("window", true);
    if (windowText != null) {
      Duration parsed = Durations.parse(windowText);
      if (parsed == null || parsed.isZero() || parsed.isNegative()) {
        j.get("window").problem("window '" + windowText
            + "' is not a positive duration; write e.g. '21 days', '72 hours' or 'P21D'");
      } else {
        window = parsed;
      }
    }
    Instant asOf = null;
    String asOfText = j.string("as_of", false);
    if (asOfText != null) {
      try {
        asOf = asOfText.length() == 10
            ? LocalDate.parse(asOfText).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(asOfText);
      } catch (DateTimeException e) {
        j.get("as_of").problem("as_of '" + asOfText
            + "' is not a date (2024-06-30) or UTC instant (2024-06-30T00:00:00Z)");
      }
    }
    return new Journey(name, goal, subject, start, success, window, asOf);
  }

  private static String knownEvent(YamlNode parent, String key, Set<String> events) {
    String name = parent.string(key, true);
    if (name != null && !events.isEmpty() && !events.contains(name)) {
      parent.get(key).problem(unknownEvent(name, events));
    }
    return name;
  }

  private static String unknownEvent(String name, Set<String> events) {
    return "unknown event '" + name + "'; the taxonomy declares: " + String.join(", ", events);
  }

  private static IdentityPolicy identity(YamlNode id) {
    Map<String, IdentifierKind> kinds = new LinkedHashMap<>();
    Set<String> blocklist = new LinkedHashSet<>(IdentityPolicy.DEFAULT_BLOCKLIST);
    int cap = IdentityPolicy.DEFAULT_MAX_PERSONS;
    if (id.isMissing() || !id.expectObject("identity", "kinds", "blocklist",
        "default_blocklist", "max_persons_per_identifier")) {
      return new IdentityPolicy(kinds, blocklist, cap);
    }
    for (Map.Entry<String, YamlNode> e : id.entries("kinds").entrySet()) {
      YamlNode v = e.getValue();
      String strength;
      boolean lowercase = false;
      if (v.isText()) {
        strength = v.text();
      } else {
        if (!v.expectObject("an identifier kind", "strength", "lowercase")) {
          continue;
        }
        strength = v.string("strength", true);
        String lc = v.string("lowercase", false);
        lowercase = lc != null && Boolean.parseBoolean(lc);
      }
      if (strength == null) {
        continue;
      }
      String s = strength.toLowerCase(Locale.ROOT);
      if (!s.equals("strong") && !s.equals("weak")) {
        v.problem("identifier strength '" + strength + "'; allowed: strong, weak");
        continue;
      }
      if (!NAME.matcher(e.getKey()).matches()) {
        v.problem("identifier kind '" + e.getKey() + "' must be lower_snake_case");
        continue;
      }
      kinds.put(e.getKey(), new IdentifierKind(e.getKey(), s.equals("strong"), lowercase));
    }
    if (kinds.values().stream().noneMatch(IdentifierKind::strong)) {
      id.problem("identity.kinds must declare at least one strong identifier kind "
          + "(customer id, email, login id ...)");
    }
    String defaults = id.string("default_blocklist", false);
    if (defaults != null) {
      if (!defaults.equals("true") && !defaults.equals("false")) {
        id.get("default_blocklist").problem("default_blocklist is true or false, got '"
            + defaults + "'");
      } else if (defaults.equals("false")) {
        blocklist.clear(); // for data where 0 or "test" are real identifiers
      }
    }
    for (String b : id.strings("blocklist")) {
      blocklist.add(b.trim().toLowerCase(Locale.ROOT));
    }
    Integer max = id.integer("max_persons_per_identifier");
    if (max != null) {
      if (max < 2) {
        id.get("max_persons_per_identifier").problem("max_persons_per_identifier must be >= 2");
      } else {
        cap = max;
      }
    }
    return new IdentityPolicy(kinds, blocklist, cap);
  }

  private static List<Source> sources(YamlNode top, Set<String> events, IdentityPolicy identity) {
    List<Source> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<YamlNode> items = top.list("sources");
    if (items.isEmpty() && top.has("sources")) {
      top.get("sources").problem("declare at least one source");
    }
    for (YamlNode s : items) {
      if (!s.expectObject("a source", SOURCE)) {
        continue;
      }
      String name = s.string("name", true);
      if (name != null && !NAME.matcher(name).matches()) {
        s.get("name").problem("source name '" + name + "' must be lower_snake_case");
      } else if (name != null && !names.add(name)) {
        s.get("name").problem("source name '" + name + "' is used twice");
      }
      Format format = s.enumValue("format", Format.class, null);
      String location = null;
      if (format == Format.QUERY) {
        s.string("query", true);
      } else if (format != null) {
        String key = format == Format.JDBC ? "url" : "path";
        location = expand(s, key);
        if ((format == Format.DUCKDB || format == Format.JDBC) && !s.has("table")) {
          s.problem("a " + format.name().toLowerCase(Locale.ROOT)
              + " source needs 'table' (the table or view to read)");
        }
      }
      TimeSpec time = time(s);
      EventSpec event = event(s.get("event"), events);
      Map<String, String> identifiers = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> e : s.entries("identifiers").entrySet()) {
        String kind = e.getValue().isText() ? e.getValue().text() : null;
        if (kind == null) {
          e.getValue().problem("identifier column '" + e.getKey() + "' needs its kind as value");
        } else if (!identity.kinds().containsKey(kind)) {
          e.getValue().problem("unknown identifier kind '" + kind + "'; identity.kinds declares: "
              + String.join(", ", identity.kinds().keySet()));
        } else {
          identifiers.put(e.getKey(), kind);
        }
      }
      String account = s.string("account", false);
      if (identifiers.isEmpty() && account == null && !s.has("identifiers")) {
        s.problem("a source needs 'identifiers' (column: kind) so its events can be matched "
            + "to a person or account");
      }
      out.add(new Source(name, format, location, s.string("table", false),
          expand(s, "query"), expand(s, "user"), expand(s, "password"), time, event, identifiers,
          account, s.string("channel", false), s.string("campaign", false),
          s.strings("properties")));
    }
    return out;
  }

  /**
   * Reads a value with {@code ${NAME}} or {@code ${NAME:-default}} placeholders filled from
   * system properties, then the environment, so one model runs on machines with data elsewhere
   * and keeps passwords out of the file.
   */
  private static String expand(YamlNode parent, String key) {
    String raw = parent.string(key, false);
    if (raw == null) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = System.getProperty(name, System.getenv(name));
      if (value == null) {
        value = m.group(3);
      }
      if (value == null) {
        parent.get(key).problem("'" + name + "' is neither a system property nor an environment"
            + " variable; set it or write ${" + name + ":-default}");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static TimeSpec time(YamlNode s) {
    YamlNode t = s.get("time");
    if (t.isMissing()) {
      s.problem("missing required key 'time' (the column holding the event time)");
      return null;
    }
    if (t.isText()) {
      return new TimeSpec(t.text(), null, null);
    }
    if (!t.expectObject("time", "column", "format", "zone")) {
      return null;
    }
    String format = t.string("format", false);
    if (format != null && !format.contains("%") && !format.equals("epoch_s")
        && !format.equals("epoch_ms") && !format.equals("iso")) {
      t.get("format").problem("time format '" + format + "'; allowed: iso, epoch_s, epoch_ms, "
          + "or a strptime pattern such as '%Y-%m-%d %H:%M:%S'");
    }
    String zone = t.string("zone", false);
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        t.get("zone").problem("unknown time zone '" + zone + "'; use an IANA name such as "
            + "Europe/Amsterdam or UTC");
      }
    }
    return new TimeSpec(t.string("column", true), "iso".equals(format) ? null : format, zone);
  }

  private static EventSpec event(YamlNode e, Set<String> events) {
    if (e.isMissing()) {
      e.problem("missing required key 'event' (column, constant or sql giving the event name)");
      return null;
    }
    if (!e.expectObject("event", "column", "constant", "sql", "map", "rules")) {
      return null;
    }
    String column = e.string("column", false);
    String constant = e.string("constant", false);
    String sql = e.string("sql", false);
    int given = (column != null ? 1 : 0) + (constant != null ? 1 : 0) + (sql != null ? 1 : 0);
    if (given != 1) {
      e.problem("event needs exactly one of 'column', 'constant' or 'sql'");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, YamlNode> m : e.entries("map").entrySet()) {
      String to = m.getValue().isText() ? m.getValue().text() : null;
      if (to == null || !events.contains(to)) {
        m.getValue().problem(unknownEvent(String.valueOf(to), events));
      } else {
        map.put(m.getKey(), to);
      }
    }
    List<EventSpec.Rule> rules = new ArrayList<>();
    for (YamlNode r : e.list("rules")) {
      if (!r.expectObject("an event rule", "regex", "when", "to")) {
        continue;
      }
      String regex = r.string("regex", false);
      String when = r.string("when", false);
      String to = knownEvent(r, "to", events);
      if ((regex == null) == (when == null)) {
        r.problem("an event rule needs exactly one of 'regex' or 'when'");
      }
      if (regex != null) {
        try {
          Pattern.compile(regex);
        } catch (PatternSyntaxException x) {
          r.get("regex").problem("invalid regular expression: " + x.getDescription());
        }
      }
      rules.add(new EventSpec.Rule(regex, when, to));
    }
    if (constant != null && !events.contains(constant) && !map.containsKey(constant)) {
      e.get("constant").problem(unknownEvent(constant, events));
    }
    return new EventSpec(column, constant, sql, map, rules);
  }

  private static List<Stage> stages(YamlNode top, Set<String> events, Journey journey) {
    List<Stage> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<YamlNode> items = top.list("stages");
    if (items.isEmpty() && top.has("stages")) {
      top.get("stages").problem("declare at least one stage");
    }
    Long windowDays = journey.window() == null ? null : Math.max(1, journey.window().toDays());
    for (YamlNode s : items) {
      if (!s.expectObject("a stage", "name", "description", "events", "min_count",
          "within_days", "when")) {
        continue;
      }
      String name = s.string("name", true);
      if (name != null && !NAME.matcher(name).matches()) {
        s.get("name").problem("stage name '" + name + "' must be lower_snake_case");
      } else if (name != null && !names.add(name)) {
        s.get("name").problem("stage '" + name + "' is declared twice");
      }
      List<String> stageEvents = s.strings("events");
      for (int i = 0; i < stageEvents.size(); i++) {
        if (!events.contains(stageEvents.get(i))) {
          YamlNode list = s.get("events");
          YamlNode at = list.isText() ? list : list.item(i);
          at.problem(unknownEvent(stageEvents.get(i), events));
        }
      }
      String when = s.string("when", false);
      if (stageEvents.isEmpty() == (when == null)) {
        s.problem("a stage needs exactly one of 'events' (with optional min_count) or 'when'");
      }
      if (when != null) {
        for (String word : referencedNames(when)) {
          if (!events.contains(word)) {
            s.get("when").problem("'" + word + "' in the stage rule is not a canonical event; "
                + "rules count events by name: " + String.join(", ", events));
          }
        }
      }
      Integer minCount = s.integer("min_count");
      if (minCount != null && minCount < 1) {
        s.get("min_count").problem("min_count must be at least 1");
      }
      if (minCount != null && when != null) {
        s.get("min_count").problem("min_count applies to 'events'; put counts inside 'when'");
      }
      Integer within = s.integer("within_days");
      if (within != null && (within < 0 || (windowDays != null && within > windowDays))) {
        s.get("within_days").problem("within_days must be between 0 and the journey window ("
            + windowDays + " days)");
      }
      out.add(new Stage(name, s.string("description", false), stageEvents,
          minCount == null ? 1 : minCount, within, when));
    }
    return out;
  }

  /** Identifiers a stage rule refers to, leaving out SQL words, numbers and string literals. */
  public static List<String> referencedNames(String expression) {
    List<String> names = new ArrayList<>();
    Matcher m = WORD.matcher(expression);
    while (m.find()) {
      String word = m.group(1) != null ? m.group(1) : m.group(2);
      if (word != null && !SQL_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        names.add(word);
      }
    }
    return names;
  }
}
