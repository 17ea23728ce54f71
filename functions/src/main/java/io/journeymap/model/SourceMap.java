package io.journeymap.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every key and value in a YAML document, by JSON pointer. Jackson's tree
 * model drops locations, so one extra streaming pass records them for error messages.
 */
public final class SourceMap {
  private final Map<String, int[]> values = new HashMap<>();
  private final Map<String, int[]> keys = new HashMap<>();

  static SourceMap read(JsonParser parser) throws IOException {
    SourceMap map = new SourceMap();
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      JsonLocation at = parser.currentTokenLocation();
      int[] position = {at.getLineNr(), at.getColumnNr()};
      String pointer = parser.getParsingContext().pathAsPointer().toString();
      if (token == JsonToken.FIELD_NAME) {
        map.keys.putIfAbsent(pointer, position);
      } else if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
        map.values.putIfAbsent(pointer, position);
      }
    }
    return map;
  }

  /** Position of the value at {@code pointer}, or of the nearest enclosing value found. */
  public int[] valueAt(String pointer) {
    for (String p = pointer; ; p = parent(p)) {
      int[] at = values.get(p);
      if (at != null) {
        return at;
      }
      if (p.isEmpty()) {
        return new int[] {1, 1};
      }
    }
  }

  /** Position of the key naming {@code pointer}; falls back to its value. */
  public int[] keyAt(String pointer) {
    int[] at = keys.get(pointer);
    return at != null ? at : valueAt(pointer);
  }

  private static String parent(String pointer) {
    JsonPointer head = JsonPointer.compile(pointer).head();
    return head == null ? "" : head.toString();
  }
}
