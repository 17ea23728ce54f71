package io.journeymap.sql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses statements that would change anything: the journey store is rebuilt from the model,
 * never edited through SQL. Checked on the leading keyword, before Calcite parses, so users get
 * one clear message instead of a parser or adapter error.
 */
public final class ReadOnlySql {
  private static final Pattern LEADING = Pattern.compile(
      "\\A(?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/|\\()*([A-Za-z]+)", Pattern.DOTALL);
  private static final Set<String> WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "COPY", "ATTACH",
      "DETACH", "INSTALL", "LOAD", "CALL", "SET", "RESET", "PRAGMA", "EXPORT", "IMPORT");

  private ReadOnlySql() {}

  /** Returns the reason a statement is refused, or null when it may run. */
  public static String refusal(String sql) {
    if (sql == null) {
      return null;
    }
    Matcher m = LEADING.matcher(sql);
    if (!m.find()) {
      return null;
    }
    String keyword = m.group(1).toUpperCase(Locale.ROOT);
    if (!WRITES.contains(keyword)) {
      return null;
    }
    return "Journeymap is read-only: " + keyword + " statements are not allowed. The journey "
        + "store is rebuilt from its model file (journeymap build --model <file>).";
  }
}
