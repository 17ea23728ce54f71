package io.journeymap.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.journeymap.store.ColumnSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One user statement on its way to the store engine. The engine (DuckDB) speaks the dialect
 * users write, so a query passes through as written, which is what makes the driver's answers
 * the store's answers. Three things happen on the way: a trailing semicolon is dropped and
 * several statements are refused (the engine would run all but the last while preparing them);
 * anything but a query is refused with one line; and journey table functions such as {@code
 * funnel()}, which the engine cannot run, are computed first and read back as temporary tables.
 */
public final class JourneyQuery {
  /** Made on first use: most queries never need a syntax tree in Java. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
  private static final Set<String> QUERIES = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE",
      "EXPLAIN", "DESCRIBE", "DESC", "SHOW", "SUMMARIZE", "PIVOT", "UNPIVOT", "");

  private final String sql;
  /** The parsed statement (the engine's own syntax tree), when it calls table functions. */
  private final JsonNode tree;

  private JourneyQuery(String sql, JsonNode tree) {
    this.sql = sql;
    this.tree = tree;
  }

  /**
   * Checks {@code sql} and prepares it for the engine.
   *
   * @throws SQLException with one line saying what is wrong and where
   */
  public static JourneyQuery parse(Connection engine, String sql) throws SQLException {
    if (sql == null || sql.isBlank()) {
      throw new SQLException("empty statement: write a query such as SELECT * FROM journeys");
    }
    List<String> statements = StatementText.statements(sql);
    if (statements.isEmpty()) {
      throw new SQLException("empty statement: write a query such as SELECT * FROM journeys");
    }
    if (statements.size() > 1) {
      throw new SQLException("one statement at a time: this text holds " + statements.size()
          + " (separated by ';'); run them one by one");
    }
    String text = StatementText.unwrapTableCalls(statements.get(0), TableFunctions.all()
        .stream().map(JourneyTableFunction::name).collect(Collectors.toSet()));
    String head = StatementText.leadingWord(text);
    if (!QUERIES.contains(head)) {
      throw readOnly(head);
    }
    if (head.equals("DESCRIBE") || head.equals("DESC") || head.equals("SHOW")
        || head.equals("SUMMARIZE")) {
      return new JourneyQuery(text, null); // read-only by nature, and not a SELECT tree
    }
    String checked = head.equals("EXPLAIN")
        ? StatementText.afterLeadingWord(text).replaceFirst("(?i)^\\s*ANALYZE\\b", "") : text;
    // the engine parses; only its verdict crosses over unless a table function may be called
    String[] verdict = verdict(engine, checked);
    if (verdict[0] != null) {
      String type = verdict[0];
      String message = verdict[1] == null ? "" : verdict[1];
      if (message.startsWith("Only SELECT statements")) {
        if (head.equals("PIVOT")) {
          // a PIVOT statement that lists no values (the engine finds them first) is a query
          // the engine cannot describe as a tree; like DESCRIBE it runs as written
          return new JourneyQuery(text, null);
        }
        throw readOnly(head);
      }
      if (type.equals("parser")) {
        throw new SQLException("syntax error: " + message + position(checked, verdict[2]),
            "42601");
      }
      // a query the engine cannot describe as a tree still runs as written
      return new JourneyQuery(text, null);
    }
    if (head.equals("EXPLAIN") || !mentionsTableFunction(checked)) {
      return new JourneyQuery(text, null);
    }
    JsonNode tree = serialize(engine, checked);
    return new JourneyQuery(text, tableFunctionCalls(tree).isEmpty() ? null : tree);
  }

  private static boolean mentionsTableFunction(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    return TableFunctions.all().stream().anyMatch(f -> lower.contains(f.name()));
  }

  /** The engine's parse verdict: error type, message and position; all null when it parses. */
  private static String[] verdict(Connection engine, String sql) throws SQLException {
    try (PreparedStatement p = engine.prepareStatement("SELECT CASE WHEN"
        + " json_extract(j, '$.error')::BOOLEAN THEN json_extract_string(j, '$.error_type') END,"
        + " json_extract_string(j, '$.error_message'), json_extract_string(j, '$.position')"
        + " FROM (SELECT json_serialize_sql(CAST(? AS VARCHAR)) AS j)")) {
      p.setString(1, sql);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return new String[] {r.getString(1), r.getString(2), r.getString(3)};
      }
    }
  }

  private static SQLException readOnly(String head) {
    return new SQLException("the journey store is read-only: only queries run here (SELECT,"
        + " WITH, VALUES, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE)"
        + (head.isEmpty() ? "" : "; '" + head + "' is not one"), "25006");
  }

  private static String position(String sql, String offset) {
    if (offset == null) {
      return "";
    }
    try {
      int at = Math.min(Integer.parseInt(offset), sql.length());
      int line = 1;
      int column = 1;
      for (int i = 0; i < at; i++) {
        if (sql.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      return " (line " + line + ", column " + column + ")";
    } catch (NumberFormatException e) {
      return "";
    }
  }

  private static JsonNode serialize(Connection engine, String sql) throws SQLException {
    try (PreparedStatement p = engine.prepareStatement(
        "SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
      p.setString(1, sql);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return Json.MAPPER.readTree(r.getString(1));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("cannot read the engine's syntax tree: " + e.getOriginalMessage());
    }
  }

  /** The SQL as the engine runs it, when no table function is called. */
  public String sql() {
    return sql;
  }

  /** True when a journey table function must be computed before the engine runs the query. */
  public boolean callsTableFunctions() {
    return tree != null;
  }

  /**
   * What the engine runs, and which of the caller's parameters it still binds, in its order:
   * {@code parameters.get(i)} is the caller's (1-based) index of the engine's parameter i + 1.
   */
  public record Rewritten(String sql, List<Integer> parameters, List<String> tempTables) {}

  /**
   * Computes the table functions the query calls, with their arguments taken from constants or
   * the caller's parameters, stores each result as a temporary table named {@code
   * tempPrefix + n}, and returns the query reading those tables instead.
   */
  public Rewritten materialize(Connection engine, List<Object> parameters, String tempPrefix)
      throws SQLException {
    if (tree == null) {
      List<Integer> all = new ArrayList<>();
      for (int i = 1; i <= parameters.size(); i++) {
        all.add(i);
      }
      return new Rewritten(sql, all, List.of());
    }
    JsonNode copy = tree.deepCopy();
    List<String> temps = new ArrayList<>();
    Map<Integer, Integer> parameterOf = parameterIndex(copy);
    for (ObjectNode call : tableFunctionCalls(copy)) {
      JsonNode function = call.path("function");
      JourneyTableFunction f = TableFunctions.named(function.path("function_name").asText())
          .orElseThrow();
      Map<String, Object> arguments = arguments(f, function, parameters, parameterOf);
      List<Object[]> rows;
      try {
        rows = f.rows(engine, arguments);
      } catch (IllegalArgumentException e) {
        throw new SQLException(e.getMessage(), "22023");
      }
      String table = tempPrefix + temps.size();
      writeTemp(engine, table, f.columns(), rows);
      temps.add(table);
      String alias = call.path("alias").asText("");
      ObjectNode base = JsonNodeFactory.instance.objectNode();
      base.put("type", "BASE_TABLE");
      base.put("alias", alias.isEmpty() ? f.name() : alias);
      base.putNull("sample");
      base.set("query_location", call.path("query_location"));
      base.put("schema_name", "main");
      base.put("table_name", table);
      base.set("column_name_alias", call.path("column_name_alias"));
      base.put("catalog_name", "temp");
      base.putNull("at_clause");
      call.removeAll();
      call.setAll(base);
    }
    List<Integer> kept = renumberParameters(copy);
    try (PreparedStatement p = engine.prepareStatement(
        "SELECT json_deserialize_sql(CAST(? AS JSON))")) {
      p.setString(1, Json.MAPPER.writeValueAsString(copy));
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return new Rewritten(r.getString(1), kept, temps);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("cannot write the rewritten query: " + e.getOriginalMessage());
    }
  }

  /** Every TABLE_FUNCTION node of the tree that names a journey table function. */
  private static List<ObjectNode> tableFunctionCalls(JsonNode node) {
    List<ObjectNode> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<ObjectNode> out) {
    if (node.isObject()) {
      if ("TABLE_FUNCTION".equals(node.path("type").asText())
          && TableFunctions.named(node.path("function").path("function_name").asText(""))
          .isPresent()) {
        out.add((ObjectNode) node);
        return;
      }
      node.forEach(child -> collect(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }

  /** Positional parameter identifiers ({@code ?} and {@code $n}) to the caller's index. */
  private static Map<Integer, Integer> parameterIndex(JsonNode tree) {
    Map<Integer, Integer> index = new HashMap<>();
    for (JsonNode statement : tree.path("statements")) {
      for (JsonNode entry : statement.path("named_param_map")) {
        index.put(Integer.parseInt(entry.path("key").asText()), entry.path("value").asInt());
      }
    }
    return index;
  }

  private static Map<String, Object> arguments(JourneyTableFunction f, JsonNode function,
      List<Object> parameters, Map<Integer, Integer> parameterOf) throws SQLException {
    Map<String, Object> arguments = new LinkedHashMap<>();
    List<JourneyTableFunction.Parameter> declared = f.parameters();
    int position = 0;
    for (JsonNode child : function.path("children")) {
      String name = child.path("alias").asText("");
      if (name.isEmpty()) {
        if (position >= declared.size()) {
          throw new SQLException(f.name() + ": at most " + declared.size() + " arguments ("
              + signature(f) + ")", "22023");
        }
        name = declared.get(position++).name();
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (declared.stream().noneMatch(p -> p.name().equals(key))) {
        throw new SQLException(f.name() + ": unknown argument '" + name + "'; "
            + signature(f), "22023");
      }
      arguments.put(key, value(f, key, child, parameters, parameterOf));
    }
    for (JourneyTableFunction.Parameter p : declared) {
      if (p.required() && arguments.get(p.name()) == null) {
        throw new SQLException(f.name() + ": " + p.name() + " is required; " + signature(f),
            "22023");
      }
    }
    return arguments;
  }

  private static Object value(JourneyTableFunction f, String name, JsonNode child,
      List<Object> parameters, Map<Integer, Integer> parameterOf) throws SQLException {
    JsonNode node = child;
    while ("CAST".equals(node.path("class").asText())) {
      node = node.path("child"); // 'a'::VARCHAR and friends
    }
    switch (node.path("class").asText()) {
      case "CONSTANT" -> {
        JsonNode v = node.path("value");
        if (v.path("is_null").asBoolean(false)) {
          return null;
        }
        JsonNode raw = v.path("value");
        return raw.isNumber() ? raw.numberValue() : raw.asText();
      }
      case "PARAMETER" -> {
        int id = Integer.parseInt(node.path("identifier").asText());
        int index = parameterOf.getOrDefault(id, id);
        if (index < 1 || index > parameters.size() || parameters.get(index - 1) == null) {
          throw new SQLException(f.name() + ": parameter " + index + " for " + name
              + " is not set", "07001");
        }
        return parameters.get(index - 1);
      }
      default -> throw new SQLException(f.name() + ": " + name + " must be a constant or a ?"
          + " parameter", "22023");
    }
  }

  private static String signature(JourneyTableFunction f) {
    return f.name() + "(" + f.parameters().stream()
        .map(p -> p.name() + (p.required() ? "" : " (optional)"))
        .collect(Collectors.joining(", ")) + ")";
  }

  /**
   * Numbers the parameters still in the tree 1..n in order of their first appearance and
   * returns, for each, the caller's index: the engine refuses gaps ($2 without $1).
   */
  private static List<Integer> renumberParameters(JsonNode tree) {
    Map<Integer, Integer> parameterOf = parameterIndex(tree);
    Map<Integer, Integer> renamed = new LinkedHashMap<>();
    renumber(tree, parameterOf, renamed);
    for (JsonNode statement : tree.path("statements")) {
      ArrayNode map = JsonNodeFactory.instance.arrayNode();
      renamed.forEach((caller, engine) -> map.addObject()
          .put("key", Integer.toString(engine)).put("value", engine));
      ((ObjectNode) statement).set("named_param_map", map);
    }
    return new ArrayList<>(renamed.keySet());
  }

  private static void renumber(JsonNode node, Map<Integer, Integer> parameterOf,
      Map<Integer, Integer> renamed) {
    if (node.isObject()) {
      if ("PARAMETER".equals(node.path("class").asText())) {
        int id = Integer.parseInt(node.path("identifier").asText());
        int caller = parameterOf.getOrDefault(id, id);
        int engine = renamed.computeIfAbsent(caller, k -> renamed.size() + 1);
        ((ObjectNode) node).put("identifier", Integer.toString(engine));
        return;
      }
      node.forEach(child -> renumber(child, parameterOf, renamed));
    } else if (node.isArray()) {
      node.forEach(child -> renumber(child, parameterOf, renamed));
    }
  }

  private static void writeTemp(Connection engine, String table, List<ColumnSpec> columns,
      List<Object[]> rows) throws SQLException {
    try (Statement s = engine.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE " + table + " (" + columns.stream()
          .map(c -> c.name() + " " + c.type().name()).collect(Collectors.joining(", ")) + ")");
    }
    // many rows to a statement: one statement per row cost about half a millisecond each,
    // seconds for the thousands of rows score() returns
    String marks = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
        + ")";
    int perStatement = Math.max(1, TEMP_PARAMETERS / columns.size());
    for (int from = 0; from < rows.size(); from += perStatement) {
      List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
      try (PreparedStatement p = engine.prepareStatement("INSERT INTO temp.main." + table
          + " VALUES " + String.join(", ", java.util.Collections.nCopies(chunk.size(),
              marks)))) {
        int at = 1;
        for (Object[] row : chunk) {
          for (Object value : row) {
            p.setObject(at++, value);
          }
        }
        p.execute();
      }
    }
  }

  /** Bound values per statement when a table function's rows are written. */
  private static final int TEMP_PARAMETERS = 4_000;
}
