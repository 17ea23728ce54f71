package io.journeymap.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lexical view of one SQL text: where statements end and which word leads each, skipping
 * string literals, quoted identifiers, dollar-quoted strings and comments. The engine's own
 * parser sees the rest; this only has to find what must never reach it unsplit, because the
 * engine runs all but the last of several statements while merely preparing them.
 */
final class StatementText {
  private StatementText() {}

  /** The non-empty statements of {@code sql}, each without its terminating semicolon. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\''
          && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
        i = skipEscaped(sql, i + 1);
      } else if (c == '\'' || c == '"') {
        i = skipQuoted(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        int cr = sql.indexOf('\r', i);
        int end = nl < 0 ? cr : (cr < 0 ? nl : Math.min(nl, cr));
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else if (c == '$') {
        i = skipDollarQuoted(sql, i);
      } else if (c == ';') {
        add(out, sql.substring(start, i));
        start = ++i;
      } else {
        i++;
      }
    }
    add(out, sql.substring(start));
    return out;
  }

  private static void add(List<String> out, String statement) {
    if (skipLeading(statement, 0) < statement.length()) {
      out.add(statement.strip());
    }
  }

  /** {@code E'...'}: a backslash escapes the next character, quotes included. */
  private static int skipEscaped(String sql, int at) {
    int i = at + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
          i += 2;
          continue;
        }
        return i + 1;
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** Block comments nest, as in PostgreSQL. */
  private static int skipBlockComment(String sql, int at) {
    int depth = 0;
    int i = at;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        i += 2;
        if (--depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static int skipQuoted(String sql, int at, char quote) {
    int i = at + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote inside the literal
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** {@code $tag$ ... $tag$}; a lone {@code $1} parameter is not a quote. */
  private static int skipDollarQuoted(String sql, int at) {
    int close = sql.indexOf('$', at + 1);
    if (close < 0) {
      return at + 1;
    }
    String tag = sql.substring(at, close + 1);
    if (!tag.matches("\\$[A-Za-z_]*\\$")) {
      return at + 1;
    }
    int end = sql.indexOf(tag, close + 1);
    return end < 0 ? sql.length() : end + tag.length();
  }

  /** Index of the first character after leading whitespace and comments. */
  private static int skipLeading(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (s.startsWith("--", i)) {
        int nl = s.indexOf('\n', i);
        int cr = s.indexOf('\r', i);
        int end = nl < 0 ? cr : (cr < 0 ? nl : Math.min(nl, cr));
        i = end < 0 ? s.length() : end + 1;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        i = end < 0 ? s.length() : end + 2;
      } else {
        return i;
      }
    }
    return i;
  }

  private static int wordEnd(String s, int from) {
    int end = from;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return end;
  }

  /** The first keyword, upper case, after comments and whitespace; empty when none. */
  static String leadingWord(String statement) {
    int start = skipLeading(statement, 0);
    return statement.substring(start, wordEnd(statement, start)).toUpperCase(Locale.ROOT);
  }

  /** The statement after its first keyword (for EXPLAIN [ANALYZE] ...). */
  static String afterLeadingWord(String statement) {
    return statement.substring(wordEnd(statement, skipLeading(statement, 0)));
  }

  private static final java.util.regex.Pattern TABLE_CALL =
      java.util.regex.Pattern.compile("(?i)TABLE\\s*\\(\\s*([a-z_][a-z0-9_]*)\\s*\\(");

  /**
   * {@code TABLE(funnel(...))}, the standard SQL form, as the engine writes it: {@code
   * funnel(...)}. Only calls of the named functions are unwrapped.
   */
  static String unwrapTableCalls(String sql, java.util.Set<String> functions) {
    StringBuilder out = new StringBuilder(sql);
    int i = 0;
    while (i < out.length()) {
      char c = out.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(out.toString(), i, c);
        continue;
      }
      java.util.regex.Matcher m = TABLE_CALL.matcher(out);
      if ((c == 'T' || c == 't') && (i == 0 || !Character.isLetterOrDigit(out.charAt(i - 1)))
          && m.find(i) && m.start() == i
          && functions.contains(m.group(1).toLowerCase(Locale.ROOT))) {
        int open = out.indexOf("(", i);
        int close = matchingParen(out.toString(), open);
        if (close > 0) {
          out.deleteCharAt(close);
          out.delete(i, open + 1);
          continue;
        }
      }
      i++;
    }
    return out.toString();
  }

  private static int matchingParen(String s, int open) {
    int depth = 0;
    int i = open;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        i = skipQuoted(s, i, c);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
      i++;
    }
    return -1;
  }
}
