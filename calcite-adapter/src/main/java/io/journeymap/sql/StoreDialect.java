package io.journeymap.sql;

import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * DuckDB dialect as Calcite 1.42 should speak it to the store: no CHARACTER SET in casts (DuckDB
 * rejects them) and window functions evaluated by Calcite over a pushed-down scan (pushing them
 * trips an assertion in 1.42, CALCITE-7616).
 */
public final class StoreDialect extends DuckDBSqlDialect {
  public static final SqlDialect INSTANCE = new StoreDialect();

  private StoreDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }

  @Override
  public boolean supportsWindowFunctions() {
    return false;
  }
}
