package io.journeymap.jdbc;

import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;

/**
 * Times between Java and the store. Every store time is UTC: a TIMESTAMP is a UTC wall clock,
 * so it reads as any java.time class (BI tools ask for LocalDateTime, OffsetDateTime or Instant)
 * and any bound time value (Timestamp, Date, Instant, OffsetDateTime, Calendar) binds as its UTC
 * wall clock, whatever the JVM's time zone.
 */
final class Temporal {
  private Temporal() {}

  /** A bind value the engine takes: java.time wall clocks, UTC where a zone is known. */
  static Object bindable(Object value) {
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (value instanceof Time t) {
      return t.toLocalTime();
    }
    if (value instanceof java.util.Date d) {
      return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
    }
    if (value instanceof Calendar c) {
      return LocalDateTime.ofInstant(c.toInstant(), ZoneOffset.UTC);
    }
    if (value instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    if (value instanceof ZonedDateTime z) {
      return z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (value instanceof OffsetDateTime o) {
      return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (value instanceof OffsetTime o) {
      return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
    }
    return value;
  }

  /** A Timestamp or Date given with a Calendar: the calendar's zone says what the value means. */
  static Object bindable(java.util.Date value, Calendar zone) {
    if (value == null || zone == null) {
      return bindable(value);
    }
    Instant at = Instant.ofEpochMilli(value.getTime());
    if (value instanceof Timestamp t) {
      at = at.plusNanos(t.getNanos() % 1_000_000);
    }
    LocalDateTime utc = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    return value instanceof java.sql.Date ? utc.toLocalDate() : utc;
  }

  /**
   * {@code raw} (what the engine returned) as {@code type}, or null when this class does not
   * convert between the two.
   */
  static <T> T convert(Object value, Class<T> type) throws SQLException {
    // java.sql dates and times (what the server's protocol delivers) are JVM-zone wall clocks
    Object raw = value instanceof java.sql.Date d ? d.toLocalDate()
        : value instanceof Time t ? Instant.ofEpochMilli(t.getTime())
            .atZone(java.time.ZoneId.systemDefault()).toLocalTime() // keeps the milliseconds
        : value;
    LocalDateTime wall = wallClock(raw);
    if (wall == null) {
      if (raw instanceof LocalDate d) {
        wall = d.atStartOfDay();
      } else if (raw instanceof LocalTime t && type == LocalTime.class) {
        return type.cast(t);
      } else {
        return null;
      }
    }
    Object out;
    if (type == LocalDateTime.class) {
      out = wall;
    } else if (type == LocalDate.class) {
      out = wall.toLocalDate();
    } else if (type == LocalTime.class) {
      out = wall.toLocalTime();
    } else if (type == OffsetDateTime.class) {
      out = wall.atOffset(ZoneOffset.UTC);
    } else if (type == ZonedDateTime.class) {
      out = wall.atZone(ZoneOffset.UTC);
    } else if (type == Instant.class) {
      out = wall.toInstant(ZoneOffset.UTC);
    } else if (type == Timestamp.class) {
      out = Timestamp.valueOf(wall);
    } else if (type == java.sql.Date.class) {
      out = java.sql.Date.valueOf(wall.toLocalDate());
    } else if (type == java.util.Date.class) {
      out = java.util.Date.from(wall.toInstant(ZoneOffset.UTC));
    } else if (type == String.class) {
      out = raw instanceof LocalDate ? wall.toLocalDate().toString() : wall.toString();
    } else {
      return null;
    }
    return type.cast(out);
  }

  private static LocalDateTime wallClock(Object raw) {
    if (raw instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (raw instanceof LocalDateTime l) {
      return l;
    }
    if (raw instanceof OffsetDateTime o) {
      return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    return null;
  }
}
