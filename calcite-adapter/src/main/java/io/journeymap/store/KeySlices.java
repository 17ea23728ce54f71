package io.journeymap.store;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's rows split into slices by ranges of an integer key, each slice about a given number
 * of rows. Some of the engine's operators (a window, a sort of wide rows) hold more of their
 * input in memory than the build's bound allows instead of spilling it; run once per slice of
 * whole partitions, each run holds one slice. A table of up to one slice's rows is one slice.
 *
 * <p>The bounds are approximate quantiles of the key: slices need not be equal, only cover
 * every key once, which the conditions do whatever the bounds are.
 *
 * @param bounds ascending; slice {@code i} holds keys below {@code bounds[i]} and at or above
 *     {@code bounds[i - 1]}
 */
public record KeySlices(List<Long> bounds) {
  public KeySlices {
    bounds = List.copyOf(bounds);
  }

  /**
   * Slices of the rows of {@code relation} (what follows FROM: a table, or a table with a WHERE
   * clause) by {@code key}, an integer column; rows whose key is NULL are not counted.
   */
  public static KeySlices of(Statement s, String relation, String key, long rowsPerSlice)
      throws SQLException {
    if (rowsPerSlice == Long.MAX_VALUE) {
      return new KeySlices(List.of()); // one piece asked for: no need to count
    }
    long rows;
    try (ResultSet r = s.executeQuery("SELECT count(" + key + ") FROM " + relation)) {
      r.next();
      rows = r.getLong(1);
    }
    int slices = rows == 0 ? 1 : (int) Math.min(10_000, (rows - 1) / rowsPerSlice + 1);
    if (slices <= 1) {
      return new KeySlices(List.of());
    }
    StringBuilder points = new StringBuilder();
    for (int i = 1; i < slices; i++) {
      // plain decimals: a point such as 1.0E-4 would make the list DOUBLE[], which
      // approx_quantile does not take
      points.append(i == 1 ? "" : ", ")
          .append(BigDecimal.valueOf((double) i / slices).toPlainString());
    }
    List<Long> bounds = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT CAST(approx_quantile(" + key + ", ["
        + points + "]) AS BIGINT[]) FROM " + relation)) {
      r.next();
      Array a = r.getArray(1);
      for (Object o : (Object[]) a.getArray()) {
        long bound = ((Number) o).longValue();
        // skewed keys give repeated quantiles: an empty slice is harmless, a repeated bound
        // would only make one
        if (bounds.isEmpty() || bound > bounds.get(bounds.size() - 1)) {
          bounds.add(bound);
        }
      }
    }
    return new KeySlices(bounds);
  }

  public int count() {
    return bounds.size() + 1;
  }

  /** The condition selecting slice {@code i} on {@code column}, which holds the key. */
  public String condition(int i, String column) {
    List<String> parts = new ArrayList<>();
    if (i > 0) {
      parts.add(column + " >= " + bounds.get(i - 1));
    }
    if (i < bounds.size()) {
      parts.add(column + " < " + bounds.get(i));
    }
    return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
  }
}
