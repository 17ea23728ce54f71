package io.journeymap.store;

import java.util.List;
import java.util.stream.Collectors;

/** One table of the journey store: name, what it answers, and its columns. */
public record TableSpec(String name, String description, List<ColumnSpec> columns) {
  public TableSpec {
    columns = List.copyOf(columns);
  }

  /** DDL for the store (DuckDB). */
  public String createSql(String schema) {
    return "CREATE TABLE " + schema + "." + name + " ("
        + columns.stream().map(c -> c.name() + " " + c.type().name())
            .collect(Collectors.joining(", ")) + ")";
  }

  public ColumnSpec column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst().orElse(null);
  }
}
