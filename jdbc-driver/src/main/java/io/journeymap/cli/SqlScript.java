package io.journeymap.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQL text cut into statements at each {@code ;} that the engine would read as a separator:
 * semicolons inside string literals ({@code '...'}, {@code E'...'} with backslash escapes,
 * {@code $tag$...$tag$}), quoted identifiers and comments ({@code --} and nested
 * {@code /* *}{@code /}) do not cut. Pieces holding only blanks and comments are no statements.
 */
public final class SqlScript {
  private SqlScript() {}

  /** One statement: its number from 1, the line where it starts, and its text. */
  public record Statement(int number, int line, String sql) {
    private static final int SHOWN = 60;

    /** The first line of the statement, shortened, to name it in messages. */
    public String firstLine() {
      String first = sql.lines().findFirst().orElse("").strip();
      return first.length() <= SHOWN ? first : first.substring(0, SHOWN - 3) + "...";
    }
  }

  public static List<Statement> split(String text) {
    List<Statement> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'') {
        i = skipString(text, i, escapeString(text, i));
      } else if (c == '"') {
        i = skipString(text, i, false);
      } else if (c == '-' && text.startsWith("--", i)) {
        i = lineEnd(text, i);
      } else if (c == '/' && text.startsWith("/*", i)) {
        i = commentEnd(text, i);
      } else if (c == '$' && (i == 0 || !identifierPart(text.charAt(i - 1)))) {
        i = dollarQuoteEnd(text, i);
      } else if (c == ';') {
        add(out, text, start, i);
        start = ++i;
      } else {
        i++;
      }
    }
    add(out, text, start, n);
    return out;
  }

  private static void add(List<Statement> out, String text, int from, int to) {
    int at = skipBlanksAndComments(text, from, to);
    if (at < to) {
      out.add(new Statement(out.size() + 1, lineOf(text, at), text.substring(at, to).strip()));
    }
  }

  /** {@code E'...'} (or {@code e'...'}) where the E is a word of its own. */
  private static boolean escapeString(String text, int quote) {
    if (quote == 0) {
      return false;
    }
    char e = text.charAt(quote - 1);
    return (e == 'E' || e == 'e') && (quote == 1 || !identifierPart(text.charAt(quote - 2)));
  }

  /** The index after the closing quote; a doubled quote (or, in E strings, \x) stays inside. */
  private static int skipString(String text, int open, boolean backslashEscapes) {
    char quote = text.charAt(open);
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return text.length();
  }

  private static int lineEnd(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i + 1;
      }
    }
    return text.length();
  }

  /** The index after a block comment starting at {@code from}; block comments nest. */
  private static int commentEnd(String text, int from) {
    int depth = 0;
    int i = from;
    while (i < text.length()) {
      if (text.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (text.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return text.length();
  }

  /** {@code $$...$$} or {@code $tag$...$tag$}; anything else (such as {@code $1}) is no quote. */
  private static int dollarQuoteEnd(String text, int at) {
    int i = at + 1;
    if (i < text.length() && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
      while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
          || text.charAt(i) == '_')) {
        i++;
      }
    }
    if (i >= text.length() || text.charAt(i) != '$') {
      return at + 1;
    }
    String tag = text.substring(at, i + 1);
    int close = text.indexOf(tag, i + 1);
    return close < 0 ? text.length() : close + tag.length();
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static int skipBlanksAndComments(String text, int from, int to) {
    int i = from;
    while (i < to) {
      if (Character.isWhitespace(text.charAt(i))) {
        i++;
      } else if (text.startsWith("--", i)) {
        i = lineEnd(text, i);
      } else if (text.startsWith("/*", i)) {
        i = commentEnd(text, i);
      } else {
        return i;
      }
    }
    return to;
  }

  /** The line (from 1) of a position; {@code \r\n}, {@code \n} and {@code \r} each end a line. */
  private static int lineOf(String text, int at) {
    int line = 1;
    for (int i = 0; i < at; i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
      }
    }
    return line;
  }
}
