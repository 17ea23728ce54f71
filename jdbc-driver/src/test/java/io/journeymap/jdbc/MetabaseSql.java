package io.journeymap.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL templates the Metabase driver emits (metabase/driver/journeymap/sql.properties), read
 * from the classpath as the driver's namespace reads them, and filled in the way it fills them:
 * each {name} replaced by the SQL of that value.
 */
final class MetabaseSql {
  static final String RESOURCE = "metabase/driver/journeymap/sql.properties";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

  private MetabaseSql() {}

  /** Every template by key, in key order. */
  static Map<String, String> templates() {
    try (InputStream in = MetabaseSql.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      Map<String, String> out = new TreeMap<>();
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Template {@code key} with each placeholder replaced by {@code values}' SQL for it. */
  static String render(String key, Map<String, String> values) {
    String text = templates().get(key);
    if (text == null) {
      throw new IllegalArgumentException("no template " + key);
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(key + " needs {" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String render(String key, String expr) {
    return render(key, Map.of("expr", expr));
  }
}
