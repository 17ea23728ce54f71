package io.journeymap.pipeline;

import io.journeymap.model.Source;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * Says it loudly when a source loses most of its rows: the commonest reason with an example,
 * and what to change in the model. The likeliest first mistake (a time column in a day-first
 * format without {@code time.format}) otherwise shows only as an empty map.
 */
final class Rejections {
  private Rejections() {}

  /** A warning when more than half of the source's rows were rejected, else null. */
  static String describe(DuckDBConnection db, Source source, BuildSummary.SourceCount count)
      throws SQLException {
    if (!count.lostMost()) {
      return null;
    }
    String kind;
    String example;
    try (PreparedStatement p = db.prepareStatement("SELECT regexp_extract(reason, '^[^'']*'),"
        + " min(reason), count(*) FROM main.rejected_events WHERE source = ? GROUP BY 1"
        + " ORDER BY 3 DESC, 1 LIMIT 1")) {
      p.setString(1, source.name());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        kind = r.getString(1).strip();
        example = r.getString(2);
      }
    }
    String hint;
    String format = source.identityOnly() ? null : source.time().format();
    if (kind.startsWith("unparseable time") && format != null) {
      // the format is set: the usual advice to set one would send the reader in a circle
      hint = "time.format is \"" + format + "\", which does not read "
          + example.substring(kind.length()).strip() + ": check the format against that value; it takes"
          + " strptime codes (%Y-%m-%d %H:%M:%S), epoch_s or epoch_ms";
    } else if (kind.startsWith("unparseable time")) {
      hint = "set time.format for this source, e.g. format: \"%d/%m/%Y %H:%M\" (strptime),"
          + " epoch_s or epoch_ms";
    } else if (kind.startsWith("missing time")) {
      hint = "check that time.column names the column holding the event time";
    } else if (kind.startsWith("time outside")) {
      hint = "check the time column and its format, or widen journey.time_range";
    } else if (kind.startsWith("unmapped event")) {
      hint = "map the raw names under event.map or event.rules";
    } else if (kind.startsWith("no usable identifier")) {
      hint = "check the identifiers columns and the blocklist";
    } else {
      hint = "see SELECT * FROM rejected_events WHERE source = '" + source.name() + "'";
    }
    return String.format(java.util.Locale.ROOT, "%,d of %,d rows of source '%s' rejected,"
        + " e.g. %s (%s)", count.rejected(), count.read(), source.name(), example, hint);
  }
}
