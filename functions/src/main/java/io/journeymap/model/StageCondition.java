package io.journeymap.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A stage's or trigger's {@code when} rule, checked before it becomes SQL: names (counts of
 * canonical events, or a trigger's journey variables), numbers, arithmetic (+ - * /), comparisons
 * (= == != <> < <= > >=), AND, OR, NOT and parentheses, and nothing else; a trigger rule may also
 * compare its text variables with a quoted value ({@code score_band = 'low'}). The rule is pasted
 * into generated SQL, so anything beyond these (a comment, a semicolon, a function call, a string
 * elsewhere) could change what the build computes without a sign; it is refused with where it
 * starts instead.
 */
public final class StageCondition {
  private final String text;
  /** Names whose value is text; empty for stage rules, which then refuse quoted values. */
  private final Set<String> textNames;
  private final List<Token> tokens = new ArrayList<>();
  private final Set<String> names = new LinkedHashSet<>();
  private final List<Comparison> comparisons = new ArrayList<>();
  private int at;
  /** Parentheses and NOTs open around the current token; bounded so parsing cannot overflow. */
  private int depth;
  /** The single name or value the last text-valued operand was, for {@link Comparison}. */
  private Token lastOperand;

  /** More nesting than any rule needs; deeper rules are refused instead of overflowing. */
  static final int MAX_DEPTH = 100;

  private StageCondition(String text, Set<String> textNames) {
    this.text = text;
    this.textNames = textNames;
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
   * A name compared with a fixed value ({@code p_convert < 0.2}, {@code score_band = 'low'}), so
   * a loader can check the value is one the name can take.
   *
   * @param value the number as written, or the quoted text without quotes
   * @param offset 0-based character where the value starts
   */
  public record Comparison(String name, String value, boolean text, int offset) {}

  /** A checked rule: the names it reads in order of appearance, and its name-value comparisons. */
  public record Checked(Set<String> names, List<Comparison> comparisons) {
    public Checked {
      names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
      comparisons = List.copyOf(comparisons);
    }
  }

  /**
   * Checks a stage rule and returns the event names it counts, in order of appearance.
   *
   * @throws Invalid naming the first thing the rule may not contain
   */
  public static Set<String> names(String rule) throws Invalid {
    return check(rule, Set.of()).names();
  }

  /**
   * Checks a rule whose {@code textNames} hold text (compared only with = or != against another
   * text name or a quoted value without quotes inside); every other name is a number.
   *
   * @throws Invalid naming the first thing the rule may not contain, or a text used as a number
   */
  public static Checked check(String rule, Set<String> textNames) throws Invalid {
    StageCondition c = new StageCondition(rule, textNames);
    c.tokenize();
    if (c.tokens.isEmpty()) {
      throw new Invalid("the rule is empty; write a condition such as feature_used >= 3", 0);
    }
    Kind kind = c.or();
    if (c.at < c.tokens.size()) {
      Token t = c.tokens.get(c.at);
      throw new Invalid("unexpected '" + t.text + "'", t.offset);
    }
    if (kind != Kind.CONDITION) {
      throw new Invalid("the rule is " + (kind == Kind.TEXT ? "a text" : "a number")
          + ", not a condition; compare it, e.g. " + rule.strip()
          + (kind == Kind.TEXT ? " = 'value'" : " >= 1"), 0);
    }
    return new Checked(c.names, c.comparisons);
  }

  /** What a part of a rule is. */
  private enum Kind { CONDITION, NUMBER, TEXT }

  private record Token(String text, int offset, boolean name, boolean number, boolean string) {}

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
        tokens.add(new Token(text.substring(start, i), start, true, false, false));
      } else if (ch == '"') {
        int end = text.indexOf('"', i + 1);
        if (end < 0) {
          throw new Invalid("unclosed quoted name", i);
        }
        tokens.add(new Token(text.substring(i + 1, end), i, true, false, false));
        i = end + 1;
      } else if (ch == '\'' && !textNames.isEmpty()) {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new Invalid("unclosed quoted value", i);
        }
        if (end + 1 < text.length() && text.charAt(end + 1) == '\'') {
          throw new Invalid("a quoted value cannot contain a quote", end);
        }
        tokens.add(new Token(text.substring(i + 1, end), i, false, false, true));
        i = end + 1;
      } else if (Character.isDigit(ch)) {
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
          i++;
        }
        if (i + 1 < text.length() && text.charAt(i) == '.'
            && Character.isDigit(text.charAt(i + 1))) {
          i++;
          while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
          }
        }
        tokens.add(new Token(text.substring(start, i), start, false, true, false));
      } else {
        String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
        if (two.equals("--") || two.equals("/*")) {
          throw new Invalid("comments are not allowed in a rule", i);
        }
        if (List.of(">=", "<=", "!=", "<>", "==").contains(two)) {
          tokens.add(new Token(two, i, false, false, false));
          i += 2;
        } else if ("()+-*/<>=".indexOf(ch) >= 0) {
          tokens.add(new Token(String.valueOf(ch), i, false, false, false));
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
    return t != null && !t.name && !t.number && !t.string && t.text.equals(s);
  }

  private Kind or() throws Invalid {
    Kind kind = and();
    while (keyword("OR")) {
      Token op = tokens.get(at++);
      requireCondition(kind, op);
      requireCondition(and(), op);
    }
    return kind;
  }

  private Kind and() throws Invalid {
    Kind kind = not();
    while (keyword("AND")) {
      Token op = tokens.get(at++);
      requireCondition(kind, op);
      requireCondition(not(), op);
    }
    return kind;
  }

  private Kind not() throws Invalid {
    if (keyword("NOT")) {
      Token op = tokens.get(at++);
      enter(op);
      requireCondition(not(), op);
      depth--;
      return Kind.CONDITION;
    }
    return comparison();
  }

  private Kind comparison() throws Invalid {
    Kind left = sum();
    Token leftOperand = lastOperand;
    Token t = peek();
    if (t != null && !t.name && !t.number && !t.string
        && List.of("=", "==", "!=", "<>", "<", "<=", ">", ">=").contains(t.text)) {
      at++;
      if (left == Kind.CONDITION) {
        throw new Invalid("a comparison needs numbers on both sides", t.offset);
      }
      Kind right = sum();
      Token rightOperand = lastOperand;
      if (right == Kind.CONDITION) {
        throw new Invalid("a comparison needs numbers on both sides", t.offset);
      }
      if (left != right) {
        Token text = left == Kind.TEXT ? leftOperand : rightOperand;
        throw new Invalid(describe(text) + " is text and the other side a number; compare"
            + " text with a quoted value, e.g. " + example(text), t.offset);
      }
      if (left == Kind.TEXT && !List.of("=", "==", "!=", "<>").contains(t.text)) {
        throw new Invalid("text is compared with = or != only, not '" + t.text + "'",
            t.offset);
      }
      record(leftOperand, rightOperand, left == Kind.TEXT);
      record(rightOperand, leftOperand, left == Kind.TEXT);
      return Kind.CONDITION;
    }
    return left;
  }

  /** Notes "name op value" when one side is a bare name and the other a bare value. */
  private void record(Token name, Token value, boolean text) {
    if (name != null && value != null && name.name && (value.number || value.string)) {
      comparisons.add(new Comparison(name.text, value.text, text, value.offset));
    }
  }

  private String describe(Token t) {
    return t == null ? "one side" : t.string ? "'" + t.text + "'" : t.text;
  }

  private String example(Token t) {
    String name = t != null && t.name ? t.text
        : textNames.isEmpty() ? "name" : textNames.iterator().next();
    return name + " = 'value'";
  }

  private Kind sum() throws Invalid {
    Kind kind = product();
    while (symbol("+") || symbol("-")) {
      Token op = tokens.get(at++);
      if (kind != Kind.NUMBER || product() != Kind.NUMBER) {
        throw new Invalid("'" + op.text + "' needs numbers on both sides", op.offset);
      }
      lastOperand = null;
    }
    return kind;
  }

  private Kind product() throws Invalid {
    Kind kind = atom();
    while (symbol("*") || symbol("/")) {
      Token op = tokens.get(at++);
      if (kind != Kind.NUMBER || atom() != Kind.NUMBER) {
        throw new Invalid("'" + op.text + "' needs numbers on both sides", op.offset);
      }
      lastOperand = null;
    }
    return kind;
  }

  private Kind atom() throws Invalid {
    Token t = peek();
    if (t == null) {
      throw new Invalid("the rule ends too early", text.length());
    }
    if (symbol("(")) {
      enter(tokens.get(at++));
      Kind kind = or();
      depth--;
      if (!symbol(")")) {
        Token close = peek();
        throw new Invalid("missing ')'", close == null ? text.length() : close.offset);
      }
      at++;
      return kind;
    }
    if (t.number || t.string) {
      at++;
      lastOperand = t;
      return t.number ? Kind.NUMBER : Kind.TEXT;
    }
    if (t.name && !List.of("AND", "OR", "NOT").contains(t.text.toUpperCase(Locale.ROOT))) {
      at++;
      Token next = peek();
      if (next != null && !next.name && next.text.equals("(")) {
        throw new Invalid("'" + t.text + "(' calls a function; rules only count events",
            t.offset);
      }
      names.add(t.text);
      lastOperand = t;
      return textNames.contains(t.text) ? Kind.TEXT : Kind.NUMBER;
    }
    throw new Invalid("unexpected '" + t.text + "'", t.offset);
  }

  private void enter(Token t) throws Invalid {
    if (++depth > MAX_DEPTH) {
      throw new Invalid("the rule nests more than " + MAX_DEPTH + " parentheses or NOTs inside"
          + " each other", t.offset);
    }
  }

  private static void requireCondition(Kind kind, Token op) throws Invalid {
    if (kind != Kind.CONDITION) {
      throw new Invalid("'" + op.text + "' joins conditions, not numbers; compare first, e.g."
          + " feature_used >= 3 " + op.text + " ...", op.offset);
    }
  }
}
