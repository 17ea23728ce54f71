package io.journeymap.zeppelin;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.zeppelin.interpreter.thrift.InterpreterCompletion;

/**
 * Completion for {@code %journey} paragraphs, each suggestion with what it means: keywords;
 * the schema; tables and table functions (with their parameters) anywhere and after
 * {@code journey.}; columns after a table name or alias, and without a prefix the columns of
 * the tables the statement reads; inside a string, the model's canonical events and stages
 * (for {@code funnel(steps => '...')} or {@code WHERE event = '...'}).
 */
final class Completer {
  static final List<String> KEYWORDS = List.of("SELECT", "FROM", "WHERE", "GROUP BY",
      "ORDER BY", "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT JOIN", "INNER JOIN", "ON", "USING",
      "AS", "AND", "OR", "NOT", "IN", "IS NULL", "IS NOT NULL", "BETWEEN", "LIKE", "ILIKE",
      "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "COUNT", "SUM", "AVG", "MIN", "MAX",
      "WITH", "UNION ALL", "EXPLAIN", "DESCRIBE", "SHOW TABLES", "SUMMARIZE", "QUALIFY",
      "OVER", "PARTITION BY", "DESC", "ASC", "TABLE");
  /** Descriptions are cut here: Zeppelin shows them on one line beside the name. */
  private static final int META_CHARS = 90;
  private static final Pattern FROM = Pattern.compile("(?i)\\b(?:from|join)\\s+"
      + "(?:[A-Za-z_][A-Za-z0-9_]*\\.)?([A-Za-z_][A-Za-z0-9_]*)(?:\\s*\\([^)]*\\))?"
      + "(?:\\s+(?:as\\s+)?([A-Za-z_][A-Za-z0-9_]*))?");
  private static final Pattern LIST_ITEM = Pattern.compile("(?i),\\s*"
      + "(?:[A-Za-z_][A-Za-z0-9_]*\\.)?([A-Za-z_][A-Za-z0-9_]*)(?:\\s+(?:as\\s+)?"
      + "([A-Za-z_][A-Za-z0-9_]*))?");
  private static final Set<String> NOT_ALIASES = Set.of("where", "group", "order", "join",
      "left", "right", "inner", "outer", "full", "cross", "on", "using", "limit", "having",
      "union", "qualify", "window", "natural", "as", "offset");

  private final CatalogueCache cache;

  Completer(CatalogueCache cache) {
    this.cache = cache;
  }

  List<InterpreterCompletion> complete(String buffer, int cursor) {
    if (buffer == null) {
      return List.of();
    }
    Catalogue cat;
    try {
      cat = cache.get();
    } catch (SQLException e) {
      return List.of(); // no store yet: completion stays quiet, the paragraph will say why
    }
    SqlCursor at = SqlCursor.at(buffer, cursor);
    if (at.inComment()) {
      return List.of();
    }
    List<InterpreterCompletion> out = new ArrayList<>();
    if (at.inString()) {
      boolean stagesFirst = buffer.substring(0, Math.min(cursor, buffer.length()))
          .matches("(?is).*\\bstage\\w*\\s*(=|in\\s*\\(|<>|!=)\\s*'[^']*$");
      List<Catalogue.Named> first = stagesFirst ? cat.stages() : cat.events();
      List<Catalogue.Named> second = stagesFirst ? cat.events() : cat.stages();
      add(out, at.word(), first, stagesFirst ? "stage" : "event");
      add(out, at.word(), second, stagesFirst ? "event" : "stage");
      return out;
    }
    List<String> q = at.qualifiers();
    if (!q.isEmpty()) {
      String last = q.get(q.size() - 1);
      if (q.size() == 1 && last.equalsIgnoreCase(cat.schema())) {
        tablesAndFunctions(out, cat, at.word());
        return out;
      }
      String table = cat.isTable(last) ? last : aliases(buffer, cat).get(last.toLowerCase(
          Locale.ROOT));
      if (table != null) {
        add(out, at.word(), cat.columnsOf(table), "column");
      }
      return out;
    }
    var function = cat.functions().stream().filter(f -> f.name().equalsIgnoreCase(at.call()))
        .findFirst();
    if (function.isPresent()) {
      // a journey table function takes constants: its parameter names are what fits here
      parameters(out, function.get(), at.word());
      return out;
    }
    String head = buffer.substring(0, Math.min(cursor, buffer.length()) - at.word().length());
    if (head.matches("(?is).*\\b(from|join)\\s+$")) {
      tablesAndFunctions(out, cat, at.word());
      if (startsWith(cat.schema(), at.word())) {
        out.add(new InterpreterCompletion(cat.schema(), cat.schema(), "schema"));
      }
      return out;
    }
    Set<String> read = new LinkedHashSet<>(aliases(buffer, cat).values());
    for (String table : read) {
      add(out, at.word(), cat.columnsOf(table), "column of " + table);
    }
    tablesAndFunctions(out, cat, at.word());
    if (startsWith(cat.schema(), at.word())) {
      out.add(new InterpreterCompletion(cat.schema(), cat.schema(), "schema"));
    }
    for (String k : KEYWORDS) {
      if (startsWith(k, at.word())) {
        out.add(new InterpreterCompletion(k, k, "keyword"));
      }
    }
    if (read.isEmpty() && !at.word().isEmpty()) {
      // no table read yet: columns of every table, each name once, saying where it is
      Map<String, List<String>> where = new LinkedHashMap<>();
      Map<String, Catalogue.Named> first = new LinkedHashMap<>();
      for (Catalogue.Named t : cat.tables()) {
        for (Catalogue.Named c : cat.columnsOf(t.name())) {
          if (startsWith(c.name(), at.word())) {
            where.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(t.name());
            first.putIfAbsent(c.name(), c);
          }
        }
      }
      where.forEach((name, tables) -> out.add(new InterpreterCompletion(name, name,
          meta("column of " + String.join(", ", tables), first.get(name)))));
    }
    return out;
  }

  private static void tablesAndFunctions(List<InterpreterCompletion> out, Catalogue cat,
      String word) {
    add(out, word, cat.tables(), "table");
    for (Catalogue.Function f : cat.functions()) {
      if (startsWith(f.name(), word)) {
        String signature = f.parameters().stream()
            .map(p -> p.name() + " " + p.type()).collect(Collectors.joining(", "));
        String first = f.parameters().isEmpty() ? "" : f.parameters().get(0).name() + " => ''";
        out.add(new InterpreterCompletion(f.name(), f.name() + "(" + first + ")",
            shorten("table function " + f.name() + "(" + signature + ") \u2014 "
                + f.description())));
      }
    }
  }

  private static void parameters(List<InterpreterCompletion> out, Catalogue.Function f,
      String word) {
    for (Catalogue.Named p : f.parameters()) {
      if (startsWith(p.name(), word)) {
        out.add(new InterpreterCompletion(p.name(), p.name() + " => ",
            meta(f.name() + " parameter " + p.type(), p)));
      }
    }
  }

  private static void add(List<InterpreterCompletion> out, String word,
      List<Catalogue.Named> names, String kind) {
    for (Catalogue.Named n : names) {
      if (startsWith(n.name(), word)) {
        out.add(new InterpreterCompletion(n.name(), n.name(), meta(n.type().isEmpty() ? kind
            : kind + " " + n.type(), n)));
      }
    }
  }

  private static String meta(String kind, Catalogue.Named n) {
    return shorten(n.description().isEmpty() ? kind : kind + " \u2014 " + n.description());
  }

  private static String shorten(String s) {
    return s.length() <= META_CHARS ? s : s.substring(0, META_CHARS - 1) + "\u2026";
  }

  private static boolean startsWith(String name, String word) {
    return name.regionMatches(true, 0, word, 0, word.length());
  }

  /** Table (or table function) read under each alias and name in the text, lower case. */
  static Map<String, String> aliases(String text, Catalogue cat) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Pattern p : List.of(FROM, LIST_ITEM)) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        String table = m.group(1).toLowerCase(Locale.ROOT);
        if (!cat.isTable(table)) {
          continue;
        }
        out.putIfAbsent(table, table);
        String alias = m.group(2);
        if (alias != null && !NOT_ALIASES.contains(alias.toLowerCase(Locale.ROOT))) {
          out.put(alias.toLowerCase(Locale.ROOT), table);
        }
      }
    }
    return out;
  }
}
