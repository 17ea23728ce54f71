package io.journeymap.jdbc;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;

/**
 * What a {@code jdbc:journeymap:} URL points at: the built-in demo, a model file (store beside it
 * unless {@code store=} says otherwise), an already built store, or a journeymap server that
 * owns one.
 *
 * <pre>
 * jdbc:journeymap:demo
 * jdbc:journeymap:model=/path/journey.yaml
 * jdbc:journeymap:model=/path/journey.yaml;store=/data/journey.duckdb
 * jdbc:journeymap:store=/data/journey.duckdb
 * jdbc:journeymap:server=http://host:8765
 * </pre>
 */
public record ConnectionTarget(boolean demo, Path model, Path store, URI server) {
  static final String USAGE = "expected jdbc:journeymap:demo, jdbc:journeymap:model=<file.yaml>"
      + "[;store=<file>], jdbc:journeymap:store=<file> or jdbc:journeymap:server=http://host:port";

  public static ConnectionTarget parse(String rest) throws SQLException {
    String text = rest.trim();
    if (text.equalsIgnoreCase("demo")) {
      return new ConnectionTarget(true, null, null, null);
    }
    Path model = null;
    Path store = null;
    URI server = null;
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
        case "server" -> server = serverUri(value);
        default -> throw new SQLException("unknown URL key '" + key + "'; allowed: model, store,"
            + " server. " + USAGE);
      }
    }
    if (server != null && (model != null || store != null)) {
      throw new SQLException("a server URL names no model or store: the server owns them; "
          + USAGE);
    }
    if (model == null && store == null && server == null) {
      throw new SQLException("no model, store or server in the URL; " + USAGE);
    }
    return new ConnectionTarget(false, model, store, server);
  }

  private static URI serverUri(String value) throws SQLException {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new SQLException("server must be an http or https URL with a host, like"
            + " http://127.0.0.1:8765; got '" + value + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new SQLException("cannot read the server URL '" + value + "': " + e.getMessage(), e);
    }
  }
}
