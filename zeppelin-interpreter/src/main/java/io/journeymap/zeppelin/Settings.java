package io.journeymap.zeppelin;

import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * The interpreter's properties as set in Zeppelin's interpreter page, read once and checked:
 * a bad number is reported by name instead of silently falling back.
 *
 * @param url the JDBC URL of the journey store
 * @param maxRows rows shown per statement before the notice that rows were cut
 * @param maxResultBytes bytes of one table shown, kept under Zeppelin's output limit
 * @param maxCellChars characters shown of one value
 * @param queryTimeoutSeconds 0 for none
 * @param completionTtl how long completion reuses what it read of the catalogue
 * @param precode SQL run once on each new connection, before the first paragraph
 */
public record Settings(String url, int maxRows, int maxResultBytes, int maxCellChars,
    int queryTimeoutSeconds, Duration completionTtl, String precode) {
  public static final String MODEL = "journey.model";
  public static final String URL = "journey.url";
  public static final String MAX_ROWS = "journey.max_rows";
  public static final String MAX_RESULT_BYTES = "journey.max_result_bytes";
  public static final String MAX_CELL_CHARS = "journey.max_cell_chars";
  public static final String QUERY_TIMEOUT = "journey.query_timeout_seconds";
  public static final String COMPLETION_TTL = "journey.completion_ttl_seconds";
  public static final String PRECODE = "journey.precode";
  static final String DEFAULT_URL = "jdbc:journeymap:demo";

  public Settings {
    if (!url.startsWith("jdbc:journeymap:")) {
      throw new IllegalArgumentException(URL + " must start with jdbc:journeymap:, got '" + url
          + "'");
    }
  }

  /** Reads the properties: {@code journey.model} (a model file) wins over {@code journey.url}. */
  public static Settings from(Properties p) {
    String model = p.getProperty(MODEL, "").trim();
    String url = model.isEmpty() ? p.getProperty(URL, "").trim() : "jdbc:journeymap:model=" + model;
    return new Settings(url.isEmpty() ? DEFAULT_URL : url,
        positive(p, MAX_ROWS, 1000),
        positive(p, MAX_RESULT_BYTES, 65_536),
        positive(p, MAX_CELL_CHARS, 500),
        nonNegative(p, QUERY_TIMEOUT, 0),
        Duration.ofSeconds(nonNegative(p, COMPLETION_TTL, 300)),
        p.getProperty(PRECODE, "").trim());
  }

  private static int positive(Properties p, String name, int fallback) {
    int v = number(p, name, fallback);
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be 1 or more, got " + v);
    }
    return v;
  }

  private static int nonNegative(Properties p, String name, int fallback) {
    int v = number(p, name, fallback);
    if (v < 0) {
      throw new IllegalArgumentException(name + " must be 0 or more, got " + v);
    }
    return v;
  }

  private static int number(Properties p, String name, int fallback) {
    String text = p.getProperty(name, "").trim();
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.replace("_", "").toLowerCase(Locale.ROOT));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + text + "'");
    }
  }
}
