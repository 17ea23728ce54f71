package io.journeymap.zeppelin;

import io.journeymap.cli.SqlScript;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failed statement in one line a person can act on: which statement, where in the paragraph,
 * and the driver's message with any position moved from the statement's lines to the
 * paragraph's. Never a stack trace: the driver's messages already say what and where.
 */
final class ErrorText {
  private static final Pattern POSITION = Pattern.compile("\\(line (\\d+), column (\\d+)\\)");
  /** The engine's own pointer: {@code LINE 1: SELECT nope ...} and a caret line below. */
  private static final Pattern ENGINE_LINE = Pattern.compile("(?m)^(LINE (\\d+): ).*\\n( *)\\^");

  private ErrorText() {}

  static String of(SqlScript.Statement statement, int statements, SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    Matcher m = POSITION.matcher(message);
    if (m.find()) {
      int line = statement.line() + Integer.parseInt(m.group(1)) - 1;
      message = message.substring(0, m.start()) + "(paragraph line " + line + ", column "
          + m.group(2) + ")" + message.substring(m.end());
    } else {
      // the driver keeps the engine's first line; its caret, when it gave one, is in the cause
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        Matcher engine = ENGINE_LINE.matcher(String.valueOf(t.getMessage()));
        if (engine.find()) {
          int line = statement.line() + Integer.parseInt(engine.group(2)) - 1;
          int column = engine.group(3).length() - engine.group(1).length() + 1;
          message += " (paragraph line " + line + ", column " + column + ")";
          break;
        }
      }
    }
    String where = statements > 1
        ? "statement " + statement.number() + " of " + statements + " (line " + statement.line()
            + ", \"" + statement.firstLine() + "\")"
        : "line " + statement.line();
    return "ERROR in " + where + ": " + message;
  }
}
