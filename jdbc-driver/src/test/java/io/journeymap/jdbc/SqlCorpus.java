package io.journeymap.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL corpus (sql-corpus.sql beside this class): its entries, how they run on a connection,
 * and results in a form two engines' answers can be compared in.
 */
final class SqlCorpus {
  private static final Pattern TAG = Pattern.compile("^--\\s*@(\\w+)\\s*(.*)$");

  private SqlCorpus() {}

  /** One parameter of an entry, bound with {@code setObject}. */
  record Bind(String type, String text) {
    Object value() {
      return switch (type) {
        case "string" -> text;
        case "int" -> Integer.valueOf(text);
        case "double" -> Double.valueOf(text);
        case "date" -> LocalDate.parse(text);
        case "timestamp" -> LocalDateTime.parse(text);
        default -> throw new IllegalArgumentException("unknown bind type " + type);
      };
    }
  }

  /** One corpus query with its tags; {@code line} is where its {@code @id} stands. */
  record Entry(String id, int line, String sql, String note, boolean ordered, List<Bind> binds,
      String difference, String refused) {
    String category() {
      int dot = id.indexOf('.');
      return dot < 0 ? id : id.substring(0, dot);
    }

    @Override
    public String toString() {
      return id + " (sql-corpus.sql:" + line + ")";
    }
  }

  static List<Entry> load() throws IOException {
    try (InputStream in = SqlCorpus.class.getResourceAsStream("sql-corpus.sql")) {
      if (in == null) {
        throw new IOException("sql-corpus.sql is not on the test class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static List<Entry> parse(String text) {
    List<Entry> out = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    String id = null;
    int at = 0;
    StringBuilder sql = new StringBuilder();
    String note = null;
    boolean ordered = false;
    List<Bind> binds = new ArrayList<>();
    String difference = null;
    String refused = null;
    for (int i = 0; i <= lines.length; i++) {
      String line = i < lines.length ? lines[i] : null;
      Matcher m = line == null ? null : TAG.matcher(line.strip());
      boolean tag = m != null && m.matches();
      if (line == null || (tag && m.group(1).equals("id"))) {
        if (id != null) {
          out.add(new Entry(id, at, sql.toString().strip(), note, ordered, List.copyOf(binds),
              difference, refused));
        }
        if (line == null) {
          break;
        }
        id = m.group(2).strip();
        at = i + 1;
        sql.setLength(0);
        note = null;
        ordered = false;
        binds.clear();
        difference = null;
        refused = null;
        continue;
      }
      if (id == null) {
        continue; // the file's header
      }
      if (tag) {
        String value = m.group(2).strip();
        switch (m.group(1)) {
          case "note" -> note = value;
          case "ordered" -> ordered = true;
          case "difference" -> difference = value;
          case "refused" -> refused = value;
          case "bind" -> {
            int space = value.indexOf(' ');
            binds.add(new Bind(value.substring(0, space), value.substring(space + 1)));
          }
          default -> throw new IllegalArgumentException("sql-corpus.sql:" + (i + 1)
              + ": unknown tag @" + m.group(1));
        }
        continue;
      }
      sql.append(line).append('\n');
    }
    return out;
  }

  /** A result as compared: column labels, JDBC types, type names, Java classes, rows. */
  record Result(List<String> labels, List<Integer> types, List<String> typeNames,
      List<String> classes, List<List<String>> rows) {
    String describeColumns() {
      StringJoiner j = new StringJoiner(", ");
      for (int i = 0; i < labels.size(); i++) {
        j.add(labels.get(i) + " " + typeNames.get(i)
            + (types == null ? "" : "(" + types.get(i) + ", " + classes.get(i) + ")"));
      }
      return j.toString();
    }
  }

  /** Runs {@code entry} on {@code c} as a prepared statement with its binds, reading all rows. */
  static Result run(Connection c, Entry entry) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(entry.sql())) {
      for (int i = 0; i < entry.binds().size(); i++) {
        p.setObject(i + 1, entry.binds().get(i).value());
      }
      try (ResultSet r = p.executeQuery()) {
        return read(r);
      }
    }
  }

  static Result read(ResultSet r) throws SQLException {
    ResultSetMetaData md = r.getMetaData();
    int n = md.getColumnCount();
    List<String> labels = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      labels.add(md.getColumnLabel(i));
      types.add(md.getColumnType(i));
      names.add(md.getColumnTypeName(i));
      classes.add(md.getColumnClassName(i));
    }
    List<List<String>> rows = new ArrayList<>();
    while (r.next()) {
      List<String> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(normal(r.getObject(i)));
      }
      rows.add(row);
    }
    return new Result(labels, types, names, classes, rows);
  }

  /**
   * A value as text both sides agree on: floating point to 10 significant digits (the engine
   * adds in parallel, so the last bits of a sum may differ run to run), arrays, structs and maps
   * element by element, binary as hex, zoned times as instants, the rest as {@code toString()}. Whole numbers of every
   * width read alike, so Java-computed expectations compare too.
   */
  static String normal(Object v) throws SQLException {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      if (d == 0) {
        return "0";
      }
      return new BigDecimal(d).round(new MathContext(10)).stripTrailingZeros().toString();
    }
    if (v instanceof java.time.OffsetDateTime o) {
      return o.toInstant().toString(); // the same instant, whatever offset the JVM's zone gave
    }
    if (v instanceof Array a) {
      return normal(a.getArray());
    }
    if (v instanceof Object[] a) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object o : a) {
        j.add(normal(o));
      }
      return j.toString();
    }
    if (v instanceof List<?> l) {
      return normal(l.toArray());
    }
    if (v instanceof Struct s) {
      Object[] attributes = s.getAttributes();
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (Object o : attributes) {
        j.add(normal(o));
      }
      return j.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringJoiner j = new StringJoiner(", ", "{", "}");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        j.add(normal(e.getKey()) + "=" + normal(e.getValue()));
      }
      return j.toString();
    }
    if (v instanceof byte[] b) {
      return HexFormat.of().formatHex(b);
    }
    if (v instanceof Blob b) {
      return HexFormat.of().formatHex(b.getBytes(1, (int) b.length()));
    }
    return v.toString();
  }
}
