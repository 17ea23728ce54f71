package io.journeymap.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a {@code jdbc:journeymap:} URL points at: the built-in demo, a model file (store beside it
 * unless {@code store=} says otherwise), or an already built store.
 *
 * <pre>
 * jdbc:journeymap:demo
 * jdbc:journeymap:model=/path/journey.yaml
 * jdbc:journeymap:model=/path/journey.yaml;store=/data/journey.duckdb
 * jdbc:journeymap:store=/data/journey.duckdb
 * </pre>
 */
public record ConnectionTarget(boolean demo, Path model, Path store) {
  static final String USAGE = "expected jdbc:journeymap:demo, jdbc:journeymap:model=<file.yaml>"
      + "[;store=<file>] or jdbc:journeymap:store=<file>";

  public static ConnectionTarget parse(String rest) throws SQLException {
    String text = rest.trim();
    if (text.equalsIgnoreCase("demo")) {
      return new ConnectionTarget(true, null, null);
    }
    Path model = null;
    Path store = null;
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new SQLException("cannot read '" + part + "' in the URL; " + USAGE);
      }
      String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).trim();
      switch (key) {
        case "model" -> model = Path.of(value);
        case "store" -> store = Path.of(value);
        default -> throw new SQLException("unknown URL key '" + key + "'; allowed: model, store. "
            + USAGE);
      }
    }
    if (model == null && store == null) {
      throw new SQLException("no model or store in the URL; " + USAGE);
    }
    return new ConnectionTarget(false, model, store);
  }
}
