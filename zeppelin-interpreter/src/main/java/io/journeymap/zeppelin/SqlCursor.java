package io.journeymap.zeppelin;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the cursor stands in a SQL text, as completion needs to know it: inside a string
 * literal or not, the dotted name being typed ({@code journey.journeys.jo}), and the innermost
 * function call whose parentheses are open ({@code funnel(}).
 *
 * @param inString true when the cursor is inside a {@code '...'} literal
 * @param qualifiers the dotted parts before the word being typed, e.g. [journey, journeys]
 * @param word the part being typed (in a string: the text after the last comma or blank)
 * @param call the innermost open function call, lower case, or empty
 * @param inComment true when the cursor is inside a comment, where nothing is offered
 */
record SqlCursor(boolean inString, List<String> qualifiers, String word, String call,
    boolean inComment) {
  private static final SqlCursor COMMENT = new SqlCursor(false, List.of(), "", "", true);

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static SqlCursor at(String text, int cursor) {
    String before = text.substring(0, Math.max(0, Math.min(cursor, text.length())));
    Deque<String> calls = new ArrayDeque<>();
    int stringStart = -1;
    int i = 0;
    int n = before.length();
    while (i < n) {
      char c = before.charAt(i);
      if (c == '\'') {
        int close = before.indexOf('\'', i + 1);
        while (close >= 0 && close + 1 < n && before.charAt(close + 1) == '\'') {
          close = before.indexOf('\'', close + 2);
        }
        if (close < 0) {
          stringStart = i + 1;
          break;
        }
        i = close + 1;
      } else if (c == '"') {
        int close = before.indexOf('"', i + 1);
        i = close < 0 ? n : close + 1;
      } else if (before.startsWith("--", i)) {
        int nl = before.indexOf('\n', i);
        if (nl < 0) {
          return COMMENT;
        }
        i = nl + 1;
      } else if (before.startsWith("/*", i)) {
        int end = before.indexOf("*/", i + 2);
        if (end < 0) {
          return COMMENT;
        }
        i = end + 2;
      } else if (c == '(') {
        calls.push(nameBefore(before, i));
        i++;
      } else if (c == ')') {
        if (!calls.isEmpty()) {
          calls.pop();
        }
        i++;
      } else if (c == ';') {
        calls.clear();
        i++;
      } else {
        i++;
      }
    }
    String call = calls.isEmpty() ? "" : calls.peek();
    if (stringStart >= 0) {
      String inside = before.substring(stringStart);
      int cut = Math.max(inside.lastIndexOf(','), Math.max(inside.lastIndexOf(' '),
          inside.lastIndexOf('>')));
      return new SqlCursor(true, List.of(), inside.substring(cut + 1), call, false);
    }
    int start = n;
    while (start > 0 && (Character.isLetterOrDigit(before.charAt(start - 1))
        || before.charAt(start - 1) == '_' || before.charAt(start - 1) == '.')) {
      start--;
    }
    String[] parts = before.substring(start).split("\\.", -1);
    List<String> qualifiers = List.of(parts).subList(0, parts.length - 1);
    return new SqlCursor(false, qualifiers, parts[parts.length - 1], call, false);
  }

  /** The function name just before an opening parenthesis, lower case, or empty. */
  private static String nameBefore(String s, int paren) {
    int end = paren;
    while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    int start = end;
    while (start > 0 && (Character.isLetterOrDigit(s.charAt(start - 1))
        || s.charAt(start - 1) == '_')) {
      start--;
    }
    Matcher m = NAME.matcher(s.substring(start, end));
    return m.matches() ? m.group().toLowerCase(java.util.Locale.ROOT) : "";
  }
}
