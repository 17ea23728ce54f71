package io.journeymap.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML value together with its JSON pointer, so every read can report a located, specific
 * problem (unknown key with the allowed ones, wrong type, missing value) instead of throwing.
 */
final class YamlNode {
  private final JsonNode node;
  private final String pointer;
  private final Problems problems;

  YamlNode(JsonNode node, String pointer, Problems problems) {
    this.node = node;
    this.pointer = pointer;
    this.problems = problems;
  }

  String pointer() {
    return pointer;
  }

  boolean isMissing() {
    return node.isMissingNode() || node.isNull();
  }

  boolean isObject() {
    return node.isObject();
  }

  boolean isText() {
    return node.isValueNode() && !node.isNull();
  }

  String text() {
    return node.asText();
  }

  YamlNode get(String key) {
    JsonNode child = node.isObject() ? node.get(key) : null;
    return new YamlNode(child == null ? MissingNode.getInstance() : child,
        pointer + "/" + key.replace("~", "~0").replace("/", "~1"), problems);
  }

  YamlNode item(int index) {
    JsonNode child = node.isArray() ? node.get(index) : null;
    return new YamlNode(child == null ? MissingNode.getInstance() : child,
        pointer + "/" + index, problems);
  }

  boolean has(String key) {
    return !get(key).isMissing();
  }

  void problem(String message) {
    problems.atValue(pointer, message);
  }

  /** Reports keys outside {@code allowed}, naming the allowed ones. */
  boolean expectObject(String what, String... allowed) {
    if (!node.isObject()) {
      problem(what + " must be a mapping with keys " + String.join(", ", allowed));
      return false;
    }
    List<String> known = Arrays.asList(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        problems.atKey(pointer + "/" + key,
            "unknown key '" + key + "' in " + what + "; allowed: " + String.join(", ", allowed));
      }
    }
    return true;
  }

  String string(String key, boolean required) {
    YamlNode v = get(key);
    if (v.isMissing()) {
      if (required) {
        problem("missing required key '" + key + "'");
      }
      return null;
    }
    if (!v.node.isValueNode()) {
      v.problem("'" + key + "' must be a single value, not a " + kind(v.node));
      return null;
    }
    return v.node.asText();
  }

  Integer integer(String key) {
    YamlNode v = get(key);
    if (v.isMissing()) {
      return null;
    }
    if (!v.node.canConvertToInt() || !v.node.isIntegralNumber()) {
      v.problem("'" + key + "' must be a whole number, got '" + v.node.asText() + "'");
      return null;
    }
    return v.node.intValue();
  }

  /** true/false (YAML booleans or the words), else a problem and {@code fallback}. */
  boolean bool(String key, boolean fallback) {
    String raw = string(key, false);
    if (raw == null) {
      return fallback;
    }
    String t = raw.trim().toLowerCase(Locale.ROOT);
    if (!t.equals("true") && !t.equals("false")) {
      get(key).problem("'" + key + "' is true or false, got '" + raw + "'");
      return fallback;
    }
    return t.equals("true");
  }

  List<YamlNode> list(String key) {
    YamlNode v = get(key);
    List<YamlNode> items = new ArrayList<>();
    if (v.isMissing()) {
      return items;
    }
    if (!v.node.isArray()) {
      v.problem("'" + key + "' must be a list, not a " + kind(v.node));
      return items;
    }
    for (int i = 0; i < v.node.size(); i++) {
      items.add(new YamlNode(v.node.get(i), v.pointer + "/" + i, problems));
    }
    return items;
  }

  /** A list of strings; a single string is accepted as a one-element list. */
  List<String> strings(String key) {
    YamlNode v = get(key);
    List<String> out = new ArrayList<>();
    if (v.isMissing()) {
      return out;
    }
    if (v.node.isValueNode()) {
      out.add(v.node.asText());
      return out;
    }
    for (YamlNode item : list(key)) {
      if (item.node.isValueNode()) {
        out.add(item.node.asText());
      } else {
        item.problem("expected a plain value in '" + key + "', not a " + kind(item.node));
      }
    }
    return out;
  }

  /** Entries of a mapping in file order, each with its own located node. */
  Map<String, YamlNode> entries(String key) {
    YamlNode v = get(key);
    Map<String, YamlNode> out = new LinkedHashMap<>();
    if (v.isMissing()) {
      return out;
    }
    if (!v.node.isObject()) {
      v.problem("'" + key + "' must be a mapping, not a " + kind(v.node));
      return out;
    }
    for (Iterator<String> it = v.node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      out.put(name, v.get(name));
    }
    return out;
  }

  <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
    String raw = string(key, fallback == null);
    if (raw == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        allowed.add(c.name().toLowerCase(Locale.ROOT));
      }
      get(key).problem("'" + key + "' is '" + raw + "'; allowed: " + String.join(", ", allowed));
      return fallback;
    }
  }

  private static String kind(JsonNode n) {
    if (n.isArray()) {
      return "list";
    }
    return n.isObject() ? "mapping" : "value";
  }
}
