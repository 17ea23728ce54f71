package io.journeymap.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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

  private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

  private static final String[] TOP = {"journey", "taxonomy", "identity", "sources", "stages",
      "insights", "changes", "triggers", "segments"};
  private static final String[] REQUIRED = {"journey", "taxonomy", "identity", "sources",
      "stages"};
  private static final String[] INSIGHTS = {"lift", "clusters", "scores"};
  private static final String[] LIFT = {"within_days", "min_support", "confounders"};
  /** Journey columns a lift may be adjusted for. */
  private static final List<String> JOURNEY_CONFOUNDERS =
      List.of("first_channel", "first_campaign", "journey_key");
  private static final String[] JOURNEY = {"name", "goal", "subject", "start_event",
      "success_event", "failure_events", "key", "window", "time_range", "as_of"};
  private static final String[] IDENTITY = {"kinds", "blocklist", "default_blocklist",
      "max_persons_per_identifier", "role_addresses", "default_role_addresses",
      "free_mail_domains"};
  private static final String[] KIND = {"strength", "lowercase", "level", "max_per_person",
      "max_per_account", "email", "account_domain", "plus_tags"};
  private static final String[] SOURCE = {"name", "format", "path", "url", "table", "query",
      "user", "password", "time", "event", "identifiers", "account", "channel", "campaign", "properties",
      "incremental"};

  private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ModelLoader() {}

  public static JourneyModel load(Path file) {
    if (Files.isDirectory(file)) {
      throw problem(file, 1, 1, "this is a folder, not a model file: give the path of the"
          + " .yaml file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw problem(file, 0, 0, "model file not found");
    } catch (IOException e) {
      throw problem(file, 0, 0, "cannot read the model file (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
    return parse(file, text(file, bytes));
  }

  private static ModelException problem(Path file, int line, int column, String message) {
    return new ModelException(List.of(new ModelProblem(file, line, column, message)));
  }

  /** The file as UTF-8 text; binary files and other encodings are located, not guessed. */
  private static String text(Path file, byte[] bytes) {
    int line = 1;
    int column = 1;
    for (byte b : bytes) {
      if (b == 0) {
        throw problem(file, line, column, "this is a binary file, not a YAML model file");
      }
      if (b == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    if (result.isError()) {
      int at = in.position();
      String before = new String(bytes, 0, at, java.nio.charset.StandardCharsets.UTF_8);
      int l = 1 + (int) before.chars().filter(c -> c == '\n').count();
      int c = at - before.lastIndexOf('\n');
      throw problem(file, l, c, String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X);"
          + " save the model file as UTF-8", bytes[at] & 0xff));
    }
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  public static JourneyModel parse(Path file, String yaml) {
    YAMLFactory factory = YAMLFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    ObjectMapper mapper = new ObjectMapper(factory);
    JsonNode root;
    SourceMap locations;
    JsonParser p = null;
    try {
      p = factory.createParser(yaml);
      locations = SourceMap.read(p);
      root = mapper.readTree(yaml);
      secondDocument(file, factory, yaml);
    } catch (IOException e) {
      // the reader's limits (nesting depth, length of a number) carry no location of their
      // own: they are reported where the reading stopped
      JsonLocation at = e instanceof JsonProcessingException j && j.getLocation() != null
          ? j.getLocation() : p == null ? null : p.currentLocation();
      int line = at == null ? 1 : Math.max(1, at.getLineNr());
      int col = at == null ? 1 : Math.max(1, at.getColumnNr());
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
      throw new ModelException(List.of(new ModelProblem(file, line, col,
          "not valid YAML: " + why)));
    } finally {
      closeQuietly(p);
    }
    Problems problems = new Problems(file, locations);
    if (root == null || !root.isObject()) {
      problems.atValue("", "a model file is a mapping with keys " + String.join(", ", TOP));
      problems.throwIfAny();
    }
    YamlNode top = new YamlNode(root, "", problems);
    top.expectObject("the model", TOP);
    for (String required : REQUIRED) {
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
    checkKey(top.get("journey"), journey, sources);
    identity = withAccountKind(top.get("identity"), identity, sources);
    List<Stage> stages = stages(top, events, journey);
    Insights insights = insights(top.get("insights"), journey, events, sources, stages);
    List<Change> changes = changes(top);
    List<Trigger> triggers = TriggerLoader.triggers(top, events, identity,
        ModelLoader::instant);
    List<String> segments = segments(top, journey, sources);
    problems.throwIfAny();
    return new JourneyModel(file, journey, taxonomy, identity, sources, stages, insights,
        changes, triggers, segments, locations);
  }

  private static int days(YamlNode parent, String key, long windowDays, boolean windowIncluded,
      int fallback) {
    Integer value = parent.integer(key);
    if (value == null) {
      return fallback;
    }
    long max = windowIncluded ? windowDays : windowDays - 1;
    if (value < 1 || value > max) {
      parent.get(key).problem(key + " must be a whole number of days from 1 to " + max
          + (windowIncluded ? " (the journey window)" : " (a score is made before the window"
          + " ends)") + ", got " + value);
      return fallback;
    }
    return value;
  }

  private static void closeQuietly(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // a parser over a string holds no resource
      }
    }
  }

  /** A second document after '---' would be silently ignored by YAML readers; say so. */
  private static void secondDocument(Path file, YAMLFactory factory, String yaml)
      throws IOException {
    try (JsonParser p = factory.createParser(yaml)) {
      int depth = 0;
      int documents = 0;
      for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null;
          t = p.nextToken()) {
        if (depth == 0) {
          if (++documents == 2) {
            throw problem(file, p.currentTokenLocation().getLineNr(), 1, "a model file holds"
                + " one YAML document, but a second one starts here (after a '---' line);"
                + " merge them or remove the separator");
          }
        }
        if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        }
      }
    }
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
      return new Journey("", "", Subject.PERSON, "", "", List.of(), null, null, null, null,
          null);
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
    List<String> failures = new ArrayList<>();
    List<String> failureNames = j.strings("failure_events");
    for (int i = 0; i < failureNames.size(); i++) {
      String f = failureNames.get(i);
      YamlNode list = j.get("failure_events");
      YamlNode at = list.isText() ? list : list.item(i);
      if (!events.isEmpty() && !events.contains(f)) {
        at.problem(unknownEvent(f, events));
      } else if (f.equals(start) || f.equals(success)) {
        at.problem("failure event '" + f + "' is also the start or success event");
      } else if (!failures.contains(f)) {
        failures.add(f);
      }
    }
    String key = j.string("key", false);
    Duration window = null; // stays null when invalid, so stage checks do not cascade
    String windowText = j.string("window", true);
    if (windowText != null) {
      Duration parsed = Durations.parse(windowText);
      if (parsed != null && parsed.compareTo(Duration.ofDays(36_600)) > 0) {
        j.get("window").problem("window '" + windowText + "' is longer than 100 years;"
            + " write e.g. '21 days'");
      } else if (parsed == null || parsed.isZero() || parsed.isNegative()) {
        j.get("window").problem("window '" + windowText
            + "' is not a positive duration; write e.g. '21 days', '72 hours' or 'P21D'");
      } else {
        window = parsed;
      }
    }
    Instant asOf = instant(j, "as_of");
    Instant timeFrom = null;
    Instant timeTo = null;
    YamlNode range = j.get("time_range");
    if (!range.isMissing() && range.expectObject("time_range", "from", "to")) {
      timeFrom = instant(range, "from");
      timeTo = instant(range, "to");
      if (timeFrom != null && timeTo != null && !timeFrom.isBefore(timeTo)) {
        range.problem("time_range: 'from' must be before 'to'");
      }
    }
    return new Journey(name, goal, subject, start, success, failures, key, window, timeFrom,
        timeTo, asOf);
  }

  /** A date (2024-06-30, midnight UTC) or UTC instant (2024-06-30T12:00:00Z), or null. */
  private static Instant instant(YamlNode parent, String key) {
    String text = parent.string(key, false);
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeException e) {
      parent.get(key).problem(key + " '" + text
          + "' is not a date (2024-06-30) or UTC instant (2024-06-30T00:00:00Z)");
      return null;
    }
    if (at.isBefore(FIRST_INSTANT) || at.isAfter(LAST_INSTANT)) {
      // the store counts time in microseconds: years far beyond 9999 would overflow it
      parent.get(key).problem(key + " '" + text + "' is outside the years 1 to 9999");
      return null;
    }
    return at;
  }

  /** Sources' {@code account:} columns read as the account-level kind {@code account}. */
  private static IdentityPolicy withAccountKind(YamlNode id, IdentityPolicy identity,
      List<Source> sources) {
    if (sources.stream().noneMatch(s -> s.account() != null)) {
      return identity;
    }
    IdentifierKind declared = identity.kinds().get(Source.ACCOUNT_KIND);
    if (declared != null) {
      if (!declared.isAccount()) {
        id.get("kinds").problem("kind 'account' is what sources' 'account:' columns are read as;"
            + " declare it as 'account: account' or rename it");
      }
      return identity;
    }
    Map<String, IdentifierKind> kinds = new LinkedHashMap<>(identity.kinds());
    kinds.put(Source.ACCOUNT_KIND, IdentifierKind.account(Source.ACCOUNT_KIND));
    return new IdentityPolicy(kinds, identity.blocklist(), identity.maxPersonsPerIdentifier(),
        identity.roleLocalParts(), identity.freeMailDomains());
  }

  /** A journey key is an event attribute: channel, campaign, or a property some source keeps. */
  private static void checkKey(YamlNode j, Journey journey, List<Source> sources) {
    String key = journey.key();
    if (key == null || key.equals("campaign") || key.equals("channel")) {
      return;
    }
    Set<String> properties = new LinkedHashSet<>();
    sources.forEach(s -> properties.addAll(s.properties()));
    if (!properties.contains(key)) {
      j.get("key").problem("journey key '" + key + "' is not an event attribute; use campaign, "
          + "channel or a column listed in a source's properties"
          + (properties.isEmpty() ? "" : " (" + String.join(", ", properties) + ")"));
    }
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
    Set<String> roles = new LinkedHashSet<>(IdentityPolicy.DEFAULT_ROLE_LOCAL_PARTS);
    Set<String> freeMail = new LinkedHashSet<>(IdentityPolicy.DEFAULT_FREE_MAIL_DOMAINS);
    int cap = IdentityPolicy.DEFAULT_MAX_PERSONS;
    if (id.isMissing() || !id.expectObject("identity", IDENTITY)) {
      return new IdentityPolicy(kinds, blocklist, cap, roles, freeMail);
    }
    for (Map.Entry<String, YamlNode> e : id.entries("kinds").entrySet()) {
      IdentifierKind kind = kind(e.getKey(), e.getValue());
      if (kind != null) {
        kinds.put(kind.name(), kind);
      }
    }
    if (kinds.values().stream().noneMatch(k -> k.strong() && !k.isAccount())) {
      id.problem("identity.kinds must declare at least one strong identifier kind "
          + "(customer id, email, login id ...)");
    }
    if (!id.bool("default_blocklist", true)) {
      blocklist.clear(); // for data where 0 or "test" are real identifiers
    }
    for (String b : id.strings("blocklist")) {
      blocklist.add(b.trim().toLowerCase(Locale.ROOT));
    }
    if (!id.bool("default_role_addresses", true)) {
      roles.clear();
    }
    for (String r : id.strings("role_addresses")) {
      roles.add(r.trim().toLowerCase(Locale.ROOT));
    }
    for (String d : id.strings("free_mail_domains")) {
      freeMail.add(d.trim().toLowerCase(Locale.ROOT));
    }
    cap = atLeast(id, "max_persons_per_identifier", 2, cap);
    return new IdentityPolicy(kinds, blocklist, cap, roles, freeMail);
  }

  private static int atLeast(YamlNode parent, String key, int min, int fallback) {
    Integer value = parent.integer(key);
    if (value == null) {
      return fallback;
    }
    if (value < min) {
      parent.get(key).problem(key + " must be >= " + min);
      return fallback;
    }
    return value;
  }

  /** {@code name: strong|weak|account} or {@code name: {strength, lowercase, level, ...}}. */
  private static IdentifierKind kind(String name, YamlNode v) {
    if (!NAME.matcher(name).matches()) {
      v.problem("identifier kind '" + name + "' must be lower_snake_case");
      return null;
    }
    if (v.isText()) {
      String t = v.text().trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "strong", "weak" -> IdentifierKind.person(name, t.equals("strong"), false);
        case "account" -> IdentifierKind.account(name);
        default -> {
          v.problem("identifier kind '" + name + "' is '" + v.text()
              + "'; allowed: strong, weak, account, or a mapping with " + String.join(", ", KIND));
          yield null;
        }
      };
    }
    if (!v.expectObject("an identifier kind", KIND)) {
      return null;
    }
    IdentifierKind.Level level = v.enumValue("level", IdentifierKind.Level.class,
        IdentifierKind.Level.PERSON);
    boolean account = level == IdentifierKind.Level.ACCOUNT;
    String strength = v.string("strength", !account);
    boolean strong = true;
    if (strength != null) {
      String s = strength.toLowerCase(Locale.ROOT);
      if (!s.equals("strong") && !s.equals("weak")) {
        v.get("strength").problem("identifier strength '" + strength + "'; allowed: strong, weak");
        return null;
      }
      strong = s.equals("strong");
      if (account && !strong) {
        v.get("strength").problem("account kinds have no strength: their values name accounts");
      }
    }
    boolean lowercase = v.bool("lowercase", false);
    Integer maxPerPerson = v.integer("max_per_person");
    if (maxPerPerson != null && maxPerPerson < 1) {
      v.get("max_per_person").problem("max_per_person must be at least 1");
      maxPerPerson = null;
    }
    if (maxPerPerson != null && (account || !strong)) {
      v.get("max_per_person").problem("max_per_person applies to strong person kinds; weak and "
          + "account kinds never merge persons");
      maxPerPerson = null;
    }
    Integer maxPerAccount = v.integer("max_per_account");
    if (maxPerAccount != null && maxPerAccount < 1) {
      v.get("max_per_account").problem("max_per_account must be at least 1");
      maxPerAccount = null;
    }
    if (maxPerAccount != null && !account) {
      v.get("max_per_account").problem("max_per_account applies to account kinds (level: "
          + "account)");
      maxPerAccount = null;
    }
    boolean email = v.bool("email", name.contains("email") && !account);
    boolean domain = v.bool("account_domain", false);
    if (domain && !email) {
      v.get("account_domain").problem("account_domain needs an email kind (email: true)");
      domain = false;
    }
    boolean strip = email;
    String plusTags = v.string("plus_tags", false);
    if (plusTags != null) {
      if (!email) {
        v.get("plus_tags").problem("plus_tags needs an email kind (email: true)");
      } else if (plusTags.equals("keep") || plusTags.equals("strip")) {
        strip = plusTags.equals("strip");
      } else {
        v.get("plus_tags").problem("plus_tags is strip (jane+news@x.com is jane@x.com, the"
            + " default) or keep, got '" + plusTags + "'");
      }
    }
    return new IdentifierKind(name, strong, lowercase || email, level, maxPerPerson, email,
        domain, account ? (maxPerAccount == null ? Integer.valueOf(1) : maxPerAccount) : null,
        strip);
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
        if (location != null && format != Format.JDBC) {
          try {
            Path.of(location);
          } catch (java.nio.file.InvalidPathException e) {
            s.get(key).problem("path '" + location.replace("\0", "\\0")
                + "' is not a file path here: " + e.getReason());
          }
        }
        if ((format == Format.DUCKDB || format == Format.JDBC) && !s.has("table")) {
          s.problem("a " + format.name().toLowerCase(Locale.ROOT)
              + " source needs 'table' (the table or view to read)");
        }
      }
      boolean identityOnly = !s.has("time") && !s.has("event");
      TimeSpec time = identityOnly ? null : time(s);
      EventSpec event = identityOnly ? null : event(s.get("event"), events);
      Map<String, String> identifiers = new LinkedHashMap<>();
      for (Map.Entry<String, YamlNode> e : s.entries("identifiers").entrySet()) {
        String kind = e.getValue().isText() ? e.getValue().text() : null;
        if (kind == null) {
          e.getValue().problem("identifier column '" + e.getKey() + "' needs its kind as value");
        } else if (!identity.kinds().containsKey(kind) && !kind.equals(Source.ACCOUNT_KIND)) {
          e.getValue().problem("unknown identifier kind '" + kind + "'; identity.kinds declares: "
              + String.join(", ", identity.kinds().keySet()));
        } else {
          identifiers.put(e.getKey(), kind);
        }
      }
      String account = s.string("account", false);
      // missing or an empty mapping; entries with problems of their own are reported already
      boolean noneDeclared = !s.has("identifiers")
          || (s.get("identifiers").isObject() && s.entries("identifiers").isEmpty());
      if (identifiers.isEmpty() && account == null && noneDeclared) {
        s.problem("a source needs 'identifiers' (column: kind) so its events can be matched "
            + "to a person or account");
      }
      if (identityOnly && identifiers.size() + (account == null ? 0 : 1) < 2) {
        s.problem("a source without 'time' and 'event' only links identifiers, so it needs at "
            + "least two identifier columns (e.g. login and email, or email and account); "
            + "add 'time' and 'event' if its rows are events");
      }
      if (identityOnly && (s.has("channel") || s.has("campaign") || s.has("properties"))) {
        s.problem("channel, campaign and properties describe events; a source without 'time' "
            + "and 'event' has none");
      }
      String incremental = s.string("incremental", false);
      if (incremental != null && format != null && format != Format.JDBC) {
        s.get("incremental").problem("'incremental' applies to jdbc sources (rows past the last"
            + " build's highest value); file sources are refreshed file by file already");
      } else if (incremental != null && !COLUMN.matcher(incremental).matches()) {
        s.get("incremental").problem("'incremental' names one column (letters, digits, _),"
            + " not '" + incremental + "'");
      }
      out.add(new Source(name, format, location, s.string("table", false),
          expand(s, "query"), expand(s, "user"), expand(s, "password"), time, event, identifiers,
          account, s.string("channel", false), s.string("campaign", false),
          s.strings("properties"), incremental));
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
    // outcome checks only where the journey itself is valid, so one mistake gives one problem
    boolean checkOutcome = events.contains(journey.successEvent())
        && !journey.successEvent().equals(journey.startEvent());
    boolean lastRuleValid = true;
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
      lastRuleValid = true;
      List<String> stageEvents = s.strings("events");
      for (int i = 0; i < stageEvents.size(); i++) {
        if (!events.contains(stageEvents.get(i))) {
          lastRuleValid = false;
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
        try {
          for (String word : StageCondition.names(when)) {
            if (!events.contains(word)) {
              lastRuleValid = false;
              s.get("when").problem("'" + word + "' in the stage rule is not a canonical event;"
                  + " rules count events by name: " + String.join(", ", events));
            }
          }
        } catch (StageCondition.Invalid e) {
          lastRuleValid = false;
          s.get("when").problem("stage rule '" + when + "': " + e.getMessage()
              + " (at character " + (e.offset() + 1) + " of the rule)");
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
      boolean usesSuccess = stageEvents.contains(journey.successEvent())
          || (when != null && referencedNames(when).contains(journey.successEvent()));
      boolean last = out.size() == items.size();
      if (checkOutcome && usesSuccess && !last) {
        s.problem("stage '" + name + "' counts the success event '" + journey.successEvent()
            + "', which ends a journey: only the last stage, the outcome, may use it");
      }
    }
    if (!out.isEmpty() && checkOutcome && lastRuleValid) {
      Stage last = out.get(out.size() - 1);
      String success = journey.successEvent();
      boolean outcome = last.withinDays() == null && (last.when() == null
          ? last.events().equals(List.of(success)) && last.minCount() == 1
          : last.when().trim().replaceAll("\\s+", " ").equals(success + " >= 1"));
      if (!outcome) {
        items.get(items.size() - 1).problem("the last stage is the journey's outcome, so every "
            + "converted journey reaches it: end the stages with '- {name: converted, events: ["
            + journey.successEvent() + "]}' (no min_count, within_days or when)");
      }
    }
    return out;
  }

  private static Insights insights(YamlNode node, Journey journey, Set<String> events,
      List<Source> sources, List<Stage> stages) {
    long windowDays = journey.window() == null ? Long.MAX_VALUE
        : Math.max(1, journey.window().toDays());
    Insights defaults = Insights.defaults(windowDays == Long.MAX_VALUE ? 21 : windowDays);
    if (node.isMissing() || !node.expectObject("insights", INSIGHTS)) {
      return defaults;
    }
    // clusters and scores: days after the start they look at; a score is made inside the
    // window, before the outcome is known
    int clusterDays = defaults.clusterDays();
    YamlNode clusters = node.get("clusters");
    if (!clusters.isMissing() && clusters.expectObject("insights.clusters", "within_days")) {
      clusterDays = days(clusters, "within_days", windowDays, true, clusterDays);
    }
    int scoreDays = defaults.scoreDays();
    YamlNode scores = node.get("scores");
    if (!scores.isMissing() && scores.expectObject("insights.scores", "at_days")) {
      scoreDays = days(scores, "at_days", windowDays, false, scoreDays);
    }
    return new Insights(lift(node.get("lift"), journey, events, sources, stages), clusterDays,
        scoreDays);
  }

  private static Insights.LiftSettings lift(YamlNode node, Journey journey, Set<String> events,
      List<Source> sources, List<Stage> stages) {
    Insights.LiftSettings fallback = Insights.LiftSettings.DEFAULT;
    if (node.isMissing() || !node.expectObject("insights.lift", LIFT)) {
      return fallback;
    }
    Double windowDays = journey.window() == null ? null
        : journey.window().toMillis() / 86_400_000.0;
    List<Integer> days = new ArrayList<>();
    List<YamlNode> dayItems = node.get("within_days").isText()
        ? List.of(node.get("within_days")) : node.list("within_days");
    for (YamlNode item : dayItems) {
      String text = item.text().trim();
      int d;
      try {
        d = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        item.problem("within_days holds whole numbers of days, got '" + text + "'");
        continue;
      }
      if (d < 1 || (windowDays != null && d >= windowDays)) {
        // behaviours are compared among journeys still undecided when the days are over
        item.problem("within_days " + d + " must be at least 1 and shorter than the journey"
            + " window (" + Durations.format(journey.window()) + "): on the window's last day no"
            + " journey is still undecided to compare");
      } else if (days.contains(d)) {
        item.problem("within_days " + d + " is listed twice");
      } else {
        days.add(d);
      }
    }
    if (node.has("within_days") && dayItems.isEmpty() && !node.get("within_days").isText()) {
      node.get("within_days").problem("within_days lists at least one number of days, e.g."
          + " [3, 7, 14]; leave it out for the default");
    }
    Integer minSupport = node.integer("min_support");
    if (minSupport != null && minSupport < 1) {
      node.get("min_support").problem("min_support must be at least 1 journey");
      minSupport = null;
    }
    List<String> confounders = fallback.confounders();
    if (node.has("confounders")) {
      confounders = new ArrayList<>();
      Set<String> stageNames = new LinkedHashSet<>();
      stages.forEach(s -> stageNames.add(s.name()));
      Set<String> properties = new LinkedHashSet<>();
      sources.forEach(s -> properties.addAll(s.properties()));
      List<String> columns = journey.key() == null
          ? JOURNEY_CONFOUNDERS.subList(0, 2) : JOURNEY_CONFOUNDERS;
      YamlNode list = node.get("confounders");
      List<String> names = node.strings("confounders");
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        YamlNode at = list.isText() ? list : list.item(i);
        if (!columns.contains(name) && !stageNames.contains(name) && !events.contains(name)
            && !properties.contains(name)) {
          at.problem("confounder '" + name + "' is not a journey column (" + String.join(", ",
              columns) + "), a stage, a canonical event or a source property"
              + (properties.isEmpty() ? "" : " (" + String.join(", ", properties) + ")"));
        } else if (confounders.contains(name)) {
          at.problem("confounder '" + name + "' is listed twice");
        } else {
          confounders.add(name);
        }
      }
    }
    return new Insights.LiftSettings(days,
        minSupport == null ? fallback.minSupport() : minSupport, confounders);
  }

  private static List<Change> changes(YamlNode top) {
    List<Change> out = new ArrayList<>();
    for (YamlNode item : top.list("changes")) {
      if (!item.expectObject("a change", "date", "what")) {
        continue;
      }
      String date = item.string("date", true);
      String what = item.string("what", true);
      if (what != null && what.isBlank()) {
        item.get("what").problem("'what' says in words what changed, e.g. \"new pricing page\"");
        what = null;
      }
      LocalDate day = null;
      if (date != null) {
        try {
          day = LocalDate.parse(date.trim());
        } catch (DateTimeException e) {
          item.get("date").problem("change date '" + date + "' is not a date such as"
              + " 2026-05-04");
        }
      }
      if (day != null && what != null) {
        out.add(new Change(day, what.trim()));
      }
    }
    return out;
  }

  /**
   * The optional {@code segments:} list: journey columns or source properties that
   * segments_needing_action splits open journeys by, beside its own segments.
   */
  private static List<String> segments(YamlNode top, Journey journey, List<Source> sources) {
    List<String> out = new ArrayList<>();
    if (!top.has("segments")) {
      return out;
    }
    Set<String> properties = new LinkedHashSet<>();
    sources.forEach(s -> properties.addAll(s.properties()));
    List<String> columns = journey.key() == null ? List.of("first_campaign")
        : List.of("first_campaign", "journey_key");
    YamlNode list = top.get("segments");
    List<String> names = top.strings("segments");
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      YamlNode at = list.isText() ? list : list.item(i);
      if (JourneyModel.BUILT_IN_SEGMENTS.contains(name)) {
        at.problem("'" + name + "' is always a segment (" + String.join(", ",
            JourneyModel.BUILT_IN_SEGMENTS) + "); list only other columns");
      } else if (!columns.contains(name) && !properties.contains(name)) {
        at.problem("segment '" + name + "' is not a journey column (" + String.join(", ",
            columns) + ") or a source property" + (properties.isEmpty() ? " (no source keeps"
            + " properties)" : " (" + String.join(", ", properties) + ")"));
      } else if (out.contains(name)) {
        at.problem("segment '" + name + "' is listed twice");
      } else {
        out.add(name);
      }
    }
    return out;
  }

  /** Event names a (valid) stage rule counts; empty for a rule that does not parse. */
  public static List<String> referencedNames(String expression) {
    try {
      return List.copyOf(StageCondition.names(expression));
    } catch (StageCondition.Invalid e) {
      return List.of();
    }
  }
}
