package io.journeymap.insight;

import java.util.Collection;
import java.util.stream.Collectors;

/** User text enters the analyses' SQL only through these. */
final class Quote {
  private Quote() {}

  static String literal(String value) {
    return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literals(Collection<String> values) {
    return values.stream().map(Quote::literal).collect(Collectors.joining(", "));
  }

  static String ints(Collection<Integer> values) {
    return "[" + values.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "]";
  }
}
