package io.journeymap.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Result values as every output format sees them. {@link #read} turns what the driver returns
 * into a few plain kinds: null, String, Boolean, Number (as returned: Integer, Long, BigInteger,
 * BigDecimal, Double, Float...), java.time values (timestamps read as {@link LocalDateTime},
 * dates as {@link LocalDate}), List (arrays) and Map (structs and maps). {@link #text} prints
 * them in full, times as ISO-8601, nested values as JSON; {@link #json} writes them as JSON.
 */
public final class Cells {
  private Cells() {}

  /** The value of a column of the current row. */
  public static Object read(ResultSet rs, int column, int sqlType) throws SQLException {
    Object raw = switch (sqlType) {
      case Types.TIMESTAMP -> rs.getObject(column, LocalDateTime.class);
      case Types.TIMESTAMP_WITH_TIMEZONE -> rs.getObject(column, OffsetDateTime.class);
      case Types.DATE -> rs.getObject(column, LocalDate.class);
      case Types.TIME -> rs.getObject(column, LocalTime.class);
      default -> rs.getObject(column);
    };
    return plain(raw);
  }

  private static Object plain(Object v) throws SQLException {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number
        || v instanceof LocalDateTime || v instanceof OffsetDateTime || v instanceof LocalDate
        || v instanceof LocalTime || v instanceof OffsetTime) {
      return v;
    }
    if (v instanceof Timestamp t) { // inside arrays and structs
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime();
    }
    if (v instanceof Array a) {
      Object elements = a.getArray();
      List<Object> out = new ArrayList<>();
      if (elements instanceof Object[] objects) {
        for (Object o : objects) {
          out.add(plain(o));
        }
        return out;
      }
      return elements == null ? null : elements.toString();
    }
    if (v instanceof DuckDBStruct s) {
      return plain(s.getMap());
    }
    if (v instanceof Struct s) {
      return plain(s.getAttributes());
    }
    if (v instanceof Object[] objects) {
      List<Object> out = new ArrayList<>();
      for (Object o : objects) {
        out.add(plain(o));
      }
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), plain(e.getValue()));
      }
      return out;
    }
    if (v instanceof Blob b) {
      return bytes(b.getBytes(1, (int) b.length()));
    }
    if (v instanceof byte[] b) {
      return bytes(b);
    }
    return v.toString();
  }

  /** Bytes as the engine prints a BLOB: printable ASCII as is, every other byte as \xHH. */
  private static String bytes(byte[] bytes) {
    StringBuilder b = new StringBuilder();
    for (byte x : bytes) {
      int u = x & 0xff;
      if (u >= 0x20 && u < 0x7f && u != '\\') {
        b.append((char) u);
      } else {
        b.append(String.format("\\x%02X", u));
      }
    }
    return b.toString();
  }

  /** The value in full as text: null as "", numbers unrounded, times as ISO-8601. */
  public static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      StringWriter w = new StringWriter();
      try (JsonGenerator g = JsonLinesPrinter.JSON.createGenerator(w)) {
        json(g, v);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return w.toString();
    }
    String time = time(v);
    return time != null ? time : v.toString();
  }

  /** A java.time value as ISO-8601 (seconds always shown), or null for other values. */
  static String time(Object v) {
    if (v instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (v instanceof OffsetDateTime t) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
    if (v instanceof LocalDate d) {
      return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
    }
    if (v instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    if (v instanceof OffsetTime t) {
      return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
    }
    return null;
  }

  /** Writes the value as JSON: numbers as numbers, booleans as booleans, the rest as strings. */
  static void json(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof List<?> list) {
      g.writeStartArray();
      for (Object o : list) {
        json(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        json(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString(text(v));
    }
  }
}
