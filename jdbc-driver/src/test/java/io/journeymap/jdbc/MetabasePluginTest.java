package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import clojure.lang.IPersistentMap;
import clojure.lang.IPersistentVector;
import clojure.lang.Keyword;
import clojure.lang.LineNumberingPushbackReader;
import clojure.lang.LispReader;
import clojure.lang.RT;
import clojure.lang.Symbol;
import clojure.lang.Var;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.journeymap.store.ColumnType;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Metabase plugin as Metabase loads it: the manifest at the jar root names the driver, its
 * parent, its connection properties and init steps; the driver's namespace is read form by form
 * by the real Clojure reader (a syntax error fails here, not in Metabase), names only templates
 * that exist, maps every store column type, and fills templates exactly as the tests that run
 * them against the driver do.
 */
class MetabasePluginTest {
  private static final String NAMESPACE = "metabase.driver.journeymap";
  private static final String SOURCE = "metabase/driver/journeymap.clj";

  static List<Object> forms;
  static JsonNode manifest;

  @BeforeAll
  static void read() throws Exception {
    forms = readAll(SOURCE);
    try (InputStream in = resource("metabase-plugin.yaml")) {
      manifest = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = MetabasePluginTest.class.getClassLoader().getResourceAsStream(path);
    assertNotNull(in, path + " is not on the classpath");
    return in;
  }

  /** Every top-level form of a Clojure source, read with evaluation at read time off. */
  static List<Object> readAll(String path) throws Exception {
    List<Object> out = new ArrayList<>();
    Object eof = new Object();
    Var.pushThreadBindings(RT.map(RT.READEVAL, false));
    try (var reader = new LineNumberingPushbackReader(new InputStreamReader(resource(path),
        StandardCharsets.UTF_8))) {
      for (Object form = LispReader.read(reader, false, eof, false);
          form != eof; form = LispReader.read(reader, false, eof, false)) {
        out.add(form);
      }
    } finally {
      Var.popThreadBindings();
    }
    return out;
  }

  /** Every element of a form tree, depth first. */
  private static List<Object> walk(Object form) {
    List<Object> out = new ArrayList<>();
    out.add(form);
    if (form instanceof IPersistentMap m) {
      for (Object e : (Iterable<?>) m) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
        out.addAll(walk(entry.getKey()));
        out.addAll(walk(entry.getValue()));
      }
    } else if (form instanceof Collection<?> c) {
      for (Object o : c) {
        out.addAll(walk(o));
      }
    }
    return out;
  }

  /** Lists in the namespace whose head is {@code symbol}. */
  private static List<List<?>> calls(String symbol) {
    return forms.stream().flatMap(f -> walk(f).stream())
        .filter(o -> o instanceof List<?> l && !(o instanceof IPersistentVector) && !l.isEmpty()
            && Symbol.intern(symbol).equals(l.get(0)))
        .<List<?>>map(o -> (List<?>) o).toList();
  }

  @Test
  void theNamespaceIsWhereMetabaseLooksForIt() {
    List<?> ns = (List<?>) forms.get(0);
    assertEquals(Symbol.intern("ns"), ns.get(0));
    assertEquals(Symbol.intern(NAMESPACE), ns.get(1));
    assertEquals(SOURCE, NAMESPACE.replace('-', '_').replace('.', '/') + ".clj");
    assertTrue(forms.size() > 10, "forms read: " + forms.size());
    // registered under the manifest's name, as a child of the manifest's parent
    List<?> register = calls("driver/register!").get(0);
    assertEquals(Keyword.intern("journeymap"), register.get(1));
    assertEquals(Keyword.intern(manifest.at("/driver/parent").asText()), register.get(3));
  }

  @Test
  void manifestNamesTheDriverItsParentAndInitSteps() {
    assertEquals("journeymap", manifest.at("/driver/name").asText());
    assertEquals("sql-jdbc", manifest.at("/driver/parent").asText());
    assertFalse(manifest.at("/driver/display-name").asText().isBlank());
    assertFalse(manifest.at("/info/version").asText().isBlank());
    JsonNode init = manifest.at("/init");
    assertEquals("load-namespace", init.get(0).get("step").asText());
    assertEquals(NAMESPACE, init.get(0).get("namespace").asText());
    assertEquals("register-jdbc-driver", init.get(1).get("step").asText());
    assertEquals(JourneymapDriver.class.getName(), init.get(1).get("class").asText());
  }

  @Test
  void connectionPropertiesAreTheOnesTheSpecReads() {
    TreeSet<String> named = new TreeSet<>();
    for (JsonNode p : manifest.at("/driver/connection-properties")) {
      if (p.has("name")) {
        named.add(p.get("name").asText());
      } else if (p.has("merge")) {
        named.add(p.get("merge").get(0).asText());
      }
    }
    assertEquals(new TreeSet<>(List.of("model", "server", "token", "additional-options")),
        named);
    // connection-details->spec destructures exactly those
    List<?> spec = forms.stream().filter(f -> f instanceof List<?> l && l.size() > 2
        && Symbol.intern("sql-jdbc.conn/connection-details->spec").equals(l.get(1)))
        .map(f -> (List<?>) f).findFirst().orElseThrow();
    IPersistentMap details = (IPersistentMap) ((IPersistentVector) spec.get(3)).nth(1);
    TreeSet<String> read = new TreeSet<>();
    for (Object s : (Collection<?>) details.valAt(Keyword.intern("keys"))) {
      read.add(s.toString());
    }
    assertEquals(named, read);
    assertTrue(walk(spec).contains("io.journeymap.jdbc.JourneymapDriver"));
  }

  @Test
  void everyTemplateTheNamespaceNamesExists() {
    var templates = MetabaseSql.templates();
    List<List<?>> uses = calls("template");
    assertTrue(uses.size() >= 6, "template calls: " + uses.size());
    for (List<?> use : uses) {
      Object key = use.get(1);
      if (key instanceof String k) {
        assertTrue(templates.containsKey(k), "no template " + k);
      } else if (key instanceof List<?> l && Symbol.intern("str").equals(l.get(0))) {
        String prefix = (String) l.get(1);
        assertTrue(templates.keySet().stream().anyMatch(t -> t.startsWith(prefix)),
            "no template starts with " + prefix);
      } else if (!(key instanceof Symbol)) { // the doseq over date.* keys and the defn itself
        throw new AssertionError("cannot check template key " + key);
      }
    }
    assertTrue(walk(forms).contains(MetabaseSql.RESOURCE), "the namespace reads "
        + MetabaseSql.RESOURCE);
  }

  @Test
  void everyStoreColumnTypeHasAMetabaseType() {
    IPersistentMap types = (IPersistentMap) forms.stream()
        .filter(f -> f instanceof List<?> l && l.size() == 3
            && Symbol.intern("def").equals(l.get(0))
            && Symbol.intern("base-types").equals(l.get(1)))
        .map(f -> ((List<?>) f).get(2)).findFirst().orElseThrow();
    for (ColumnType t : ColumnType.values()) {
      Object base = types.valAt(t.name());
      assertInstanceOf(Keyword.class, base, t.name());
      assertEquals("type", ((Keyword) base).getNamespace(), t.name());
    }
    for (Object e : (Iterable<?>) types) {
      assertEquals("type", ((Keyword) ((Map.Entry<?, ?>) e).getValue()).getNamespace());
    }
  }

  /**
   * The namespace's own template functions, evaluated by Clojure, produce the SQL the driver
   * tests run: the same text, with the expression and amount forms where the tests put SQL.
   */
  @Test
  void theNamespaceFillsTemplatesAsTheTestsDo() {
    StringBuilder program = new StringBuilder("(ns journeymap.template-check"
        + " (:require [clojure.java.io :as io] [clojure.string :as str])"
        + " (:import (java.util Properties)))\n");
    IFn prStr = Clojure.var("clojure.core", "pr-str");
    for (Object f : forms) {
      if (f instanceof List<?> l && l.size() > 2 && !(f instanceof IPersistentVector)
          && List.of("templates", "sql-form", "template").contains(l.get(1).toString())) {
        program.append(prStr.invoke(f)).append('\n');
      }
    }
    Clojure.var("clojure.core", "load-string").invoke(program.toString());
    IFn template = Clojure.var("journeymap.template-check", "template");
    IFn vector = Clojure.var("clojure.core", "vector");
    Keyword expr = Keyword.intern("expr");
    Keyword amount = Keyword.intern("amount");
    Object exprForm = vector.invoke(Keyword.intern("the-expr"));
    Object amountForm = vector.invoke(Keyword.intern("the-amount"));
    for (String key : MetabaseSql.templates().keySet()) {
      IPersistentVector raw = (IPersistentVector) template.invoke(key,
          RT.map(expr, exprForm, amount, amountForm));
      assertEquals(Keyword.intern("raw"), raw.nth(0));
      StringBuilder sql = new StringBuilder();
      for (Object part : (Collection<?>) raw.nth(1)) {
        sql.append(part.equals(exprForm) ? "f.x" : part.equals(amountForm) ? "(f.n)"
            : (String) part);
      }
      assertEquals(MetabaseSql.render(key, Map.of("expr", "f.x", "amount", "(f.n)")),
          sql.toString(), key);
    }
    // a bare number is written out, a ratio as a double, a bare column keyword is wrapped
    IFn sqlForm = Clojure.var("journeymap.template-check", "sql-form");
    assertEquals(3L, sqlForm.invoke(3L));
    assertEquals(0.5, sqlForm.invoke(Clojure.read("1/2")));
    assertEquals(Clojure.read("[:coalesce :col]"), sqlForm.invoke(Keyword.intern("col")));
  }
}
