package io.journeymap.sql;

import io.journeymap.store.ColumnSpec;
import io.journeymap.store.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A journey-specific function SQL calls in FROM, such as {@code funnel(steps => 'a,b')}. The
 * store engine cannot run Java, so {@link JourneyQuery} computes the rows first and the query
 * reads them as a table.
 */
public interface JourneyTableFunction {
  String name();

  /** What the function answers, for tools and docs. */
  String description();

  List<Parameter> parameters();

  List<ColumnSpec> columns();

  /**
   * The result rows, in column order.
   *
   * @param store a connection to the store (default catalog: the journey store)
   * @param arguments values by parameter name; absent optional parameters are missing
   * @throws IllegalArgumentException for bad arguments, with a message naming what is allowed
   */
  List<Object[]> rows(Connection store, Map<String, Object> arguments) throws SQLException;

  /** One parameter, in call order. */
  record Parameter(String name, ColumnType type, boolean required, String description) {}
}
