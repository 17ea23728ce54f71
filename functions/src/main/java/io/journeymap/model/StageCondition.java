package io.journeymap.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A stage's {@code when} rule, checked before it becomes SQL: counts of canonical events (by
 * name), whole numbers, arithmetic (+ - * /), comparisons (= == != <> < <= > >=), AND, OR, NOT
 * and parentheses, and nothing else. The rule is pasted into generated SQL, so anything beyond
 * these (a comment, a semicolon, a function call, a string) could change what the build computes
 * without a sign; it is refused with where it starts instead.
 */
public final class StageCondition {
  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();
  private int at;
  /** Parentheses and NOTs open around the current token; bounded so parsing cannot overflow. */
  private int depth;

  /** More nesting than any rule needs; deeper rules are refused instead of overflowing. */
  static final int MAX_DEPTH = 100;

  private StageCondition(String text) {
    this.text = text;
  }

  /** A rule that does not parse: what is wrong, and the 0-based character it starts at. */
  public static final class Invalid extends Exception {
    private final int offset;

    Invalid(String message, int offset) {
      super(message);
      this.offset = offset;
    }

    public int offset() {
      return offset;
    }
  }

  /**
   * Checks {@code rule} and returns the event names it counts, in order of appearance.
   *
   * @throws Invalid naming the first thing the rule may not contain
   */
  public static Set<String> names(String rule) throws Invalid {
    StageCondition c = new StageCondition(rule);
    c.tokenize();
    if (c.tokens.isEmpty()) {
      throw new Invalid("the rule is empty; write a condition such as feature_used >= 3", 0);
    }
    boolean condition = c.or();
    if (c.at < c.tokens.size()) {
      Token t = c.tokens.get(c.at);
      throw new Invalid("unexpected '" + t.text + "'", t.offset);
    }
    if (!condition) {
      throw new Invalid("the rule is a number, not a condition; compare it, e.g. "
          + rule.strip() + " >= 1", 0);
    }
    return c.names;
  }

  private record Token(String text, int offset, boolean name, boolean number) {}

  private void tokenize() throws Invalid {
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (Character.isLetter(ch) || ch == '_') {
        int start = i;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i))
            || text.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new Token(text.substring(start, i), start, true, false));
      } else if (ch == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0) {
          throw new Invalid("unclosed quoted name", i);
        }
        tokens.add(new Token(text.substring(i + 1, end), i, true, false));
        i = end + 1;
      } else if (Character.isDigit(ch)) {
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        tokens.add(new Token(text.substring(start, i), start, false, true));
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        if (two.equals("--") || two.equals("/*")) {
          throw new Invalid("comments are not allowed in a rule", i);
        }
        if (List.of(">=", "<=", "!=", "<>", "==").contains(two)) {
          tokens.add(new Token(two, i, false, false));
          i += 2;
        } else if ("()+-*/<>=".indexOf(ch) >= 0) {
          tokens.add(new Token(String.valueOf(ch), i, false, false));
          i++;
        } else {
          throw new Invalid("'" + ch + "' is not allowed; a rule compares event counts with"
              + " numbers using = != < <= > >=, + - * /, AND, OR, NOT and parentheses", i);
        }
      }
    }
  }

  private Token peek() {
    return at < tokens.size() ? tokens.get(at) : null;
  }

  private boolean keyword(String word) {
    Token t = peek();
    return t != null && t.name && t.text.toUpperCase(Locale.ROOT).equals(word);
  }

  private boolean symbol(String s) {
    Token t = peek();
    return t != null && !t.name && !t.number && t.text.equals(s);
  }

  /** Each level returns whether it is a condition (true) or a number (false). */
  private boolean or() throws Invalid {
    boolean condition = and();
    while (keyword("OR")) {
      Token op = tokens.get(at++);
      requireCondition(condition, op);
      requireCondition(and(), op);
    }
    return condition;
  }

  private boolean and() throws Invalid {
    boolean condition = not();
    while (keyword("AND")) {
      Token op = tokens.get(at++);
      requireCondition(condition, op);
      requireCondition(not(), op);
    }
    return condition;
  }

  private boolean not() throws Invalid {
    if (keyword("NOT")) {
      Token op = tokens.get(at++);
      enter(op);
      requireCondition(not(), op);
      depth--;
      return true;
    }
    return comparison();
  }

  private boolean comparison() throws Invalid {
    boolean condition = sum();
    Token t = peek();
    if (t != null && !t.name && !t.number && List.of("=", "==", "!=", "<>", "<", "<=", ">", ">=")
        .contains(t.text)) {
      at++;
      if (condition) {
        throw new Invalid("a comparison needs numbers on both sides", t.offset);
      }
      if (sum()) {
        throw new Invalid("a comparison needs numbers on both sides", t.offset);
      }
      return true;
    }
    return condition;
  }

  private boolean sum() throws Invalid {
    boolean condition = product();
    while (symbol("+") || symbol("-")) {
      Token op = tokens.get(at++);
      if (condition || product()) {
        throw new Invalid("'" + op.text + "' needs numbers on both sides", op.offset);
      }
    }
    return condition;
  }

  private boolean product() throws Invalid {
    boolean condition = atom();
    while (symbol("*") || symbol("/")) {
      Token op = tokens.get(at++);
      if (condition || atom()) {
        throw new Invalid("'" + op.text + "' needs numbers on both sides", op.offset);
      }
    }
    return condition;
  }

  private boolean atom() throws Invalid {
    Token t = peek();
    if (t == null) {
      throw new Invalid("the rule ends too early", text.length());
    }
    if (symbol("(")) {
      enter(tokens.get(at++));
      boolean condition = or();
      depth--;
      if (!symbol(")")) {
        Token close = peek();
        throw new Invalid("missing ')'", close == null ? text.length() : close.offset);
      }
      at++;
      return condition;
    }
    if (t.number) {
      at++;
      return false;
    }
    if (t.name && !List.of("AND", "OR", "NOT").contains(t.text.toUpperCase(Locale.ROOT))) {
      at++;
      Token next = peek();
      if (next != null && !next.name && next.text.equals("(")) {
        throw new Invalid("'" + t.text + "(' calls a function; rules only count events",
            t.offset);
      }
      names.add(t.text);
      return false;
    }
    throw new Invalid("unexpected '" + t.text + "'", t.offset);
  }

  private void enter(Token t) throws Invalid {
    if (++depth > MAX_DEPTH) {
      throw new Invalid("the rule nests more than " + MAX_DEPTH + " parentheses or NOTs inside"
          + " each other", t.offset);
    }
  }

  private static void requireCondition(boolean condition, Token op) throws Invalid {
    if (!condition) {
      throw new Invalid("'" + op.text + "' joins conditions, not numbers; compare first, e.g."
          + " feature_used >= 3 " + op.text + " ...", op.offset);
    }
  }
}
