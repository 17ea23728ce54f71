package io.journeymap.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writing the report's HTML: escaped text, jargon with a tooltip, tables. The output is also
 * well-formed XML (every element closed, no named entities), so tests read it with the JDK's
 * parser.
 */
final class Html {
  /** Terms a marketer may not know, and what they mean. */
  private static final Map<String, String> JARGON = new LinkedHashMap<>();

  static {
    JARGON.put("lift", "How many times as often journeys with the behaviour converted as"
        + " journeys without it: 2 is twice as often, 1 no difference.");
    JARGON.put("CI", "95% confidence interval: the range the true value lies in, with 95%"
        + " confidence. A wide one means few journeys stand behind the number.");
    JARGON.put("AUC", "Area under the ROC curve: the chance that a journey that converted got"
        + " a higher score than one that did not (0.5 is guessing, 1 is perfect).");
    JARGON.put("PSI", "Population stability index: how far recent journeys differ from those"
        + " the model learnt from (above 0.1 a moderate shift, above 0.25 a major one).");
    JARGON.put("Brier", "Brier score: the mean squared error of the predicted chances of"
        + " converting (lower is better).");
    JARGON.put("log-loss", "How far the predicted chances were from what happened (lower is"
        + " better); the model with the lower one is chosen.");
    JARGON.put("silhouette", "How clearly journeys sit in their own cluster rather than the"
        + " next (-1 to 1; above 0.25 some structure, above 0.5 clear groups).");
    JARGON.put("stability", "How often refits on resampled journeys give the same clusters"
        + " (1: the same every time, near 0: chance).");
    JARGON.put("A/A", "A comparison before anyone was treated: both groups should convert"
        + " alike, so a difference means chance or a flawed split.");
    JARGON.put("holdout", "Journeys the trigger fired on that are deliberately not contacted,"
        + " to measure what the action changes.");
    JARGON.put("q", "q-value: how likely a finding this strong is a false discovery among"
        + " everything tested (below 0.05: a signal).");
    JARGON.put("p", "p-value: how likely a difference this large is by chance alone.");
  }

  private static final Pattern TERMS = Pattern.compile("(?<![\\w/-])(lift|Lift|CI|AUC|PSI|Brier"
      + "|log-loss|silhouette|stability|A/A|holdout|q(?= (?:=|&lt;))|p(?= (?:=|&lt;)))(?![\\w/-])");

  /** Characters of a numeric cell kept on one line on wide pages. */
  private static final int SHORT = 18;

  private Html() {}

  /** Text safe inside HTML elements and attributes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\t' && c != '\n' ? ' ' : c);
      }
    }
    return b.toString();
  }

  /**
   * Escaped text for a table cell, with break opportunities ({@code <wbr/>}) after underscores
   * and inside long unbroken runs, so a long event name wraps inside its column instead of
   * widening the table beyond the page.
   */
  static String cell(String s) {
    String text = s == null ? "" : s;
    StringBuilder b = new StringBuilder();
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(esc(String.valueOf(c)));
      run = Character.isWhitespace(c) ? 0 : run + 1;
      if (run > 0 && (c == '_' || c == '/' || c == '>' || c == ',' || run % 16 == 0)
          && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
        b.append("<wbr/>");
        run = c == '_' || c == '/' || c == '>' || c == ',' ? 0 : run;
      }
    }
    return b.toString();
  }

  /** Escaped text with each jargon term wrapped in an {@code <abbr>} that explains it. */
  static String words(String s) {
    String text = esc(s);
    Matcher m = TERMS.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String term = m.group(1);
      String key = term.equals("Lift") ? "lift" : term;
      m.appendReplacement(b, Matcher.quoteReplacement(abbr(term, JARGON.get(key))));
    }
    m.appendTail(b);
    return b.toString();
  }

  static String abbr(String term, String meaning) {
    return "<abbr title=\"" + esc(meaning) + "\">" + esc(term) + "</abbr>";
  }

  /** The explanation of a jargon term, for a glossary. */
  static String meaning(String term) {
    return JARGON.get(term);
  }

  /**
   * A table; {@code head} and cells are HTML already. Cells of columns listed in {@code
   * numeric} are right-aligned.
   */
  static String table(String id, String caption, List<String> head, List<List<String>> rows,
      int... numeric) {
    StringBuilder b = new StringBuilder("<table id=\"").append(esc(id)).append("\">");
    if (caption != null) {
      b.append("<caption>").append(caption).append("</caption>");
    }
    b.append("<thead><tr>");
    for (int i = 0; i < head.size(); i++) {
      b.append(isNumeric(i, numeric) ? "<th class=\"n\">" : "<th>").append(head.get(i))
          .append("</th>");
    }
    b.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      b.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        // short numbers stay on one line where the page is wide; longer cells may wrap
        boolean shortText = row.get(i).replaceAll("<[^>]*>", "").length() <= SHORT;
        b.append(!isNumeric(i, numeric) ? "<td>" : shortText ? "<td class=\"n nw\">"
            : "<td class=\"n\">").append(row.get(i)).append("</td>");
      }
      b.append("</tr>");
    }
    return b.append("</tbody></table>").toString();
  }

  private static boolean isNumeric(int column, int[] numeric) {
    for (int n : numeric) {
      if (n == column) {
        return true;
      }
    }
    return false;
  }

  /** A small-sample label, visible. */
  static String smallSample(boolean small) {
    return small ? " <span class=\"small\">small sample</span>" : "";
  }
}
