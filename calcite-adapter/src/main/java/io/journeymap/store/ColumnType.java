package io.journeymap.store;

import java.sql.Types;

/** The plain SQL types the store exposes, chosen so BI tools map every column without guessing. */
public enum ColumnType {
  VARCHAR(Types.VARCHAR), BIGINT(Types.BIGINT), INTEGER(Types.INTEGER), DOUBLE(Types.DOUBLE),
  BOOLEAN(Types.BOOLEAN), TIMESTAMP(Types.TIMESTAMP);

  private final int jdbcType;

  ColumnType(int jdbcType) {
    this.jdbcType = jdbcType;
  }

  public int jdbcType() {
    return jdbcType;
  }
}
