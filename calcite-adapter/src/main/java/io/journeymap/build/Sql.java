package io.journeymap.build;

import java.util.Collection;
import java.util.stream.Collectors;

/** Quoting for SQL the build generates; user text only ever enters SQL through these. */
final class Sql {
  private Sql() {}

  static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literals(Collection<String> values) {
    return values.stream().map(Sql::literal).collect(Collectors.joining(", "));
  }
}
