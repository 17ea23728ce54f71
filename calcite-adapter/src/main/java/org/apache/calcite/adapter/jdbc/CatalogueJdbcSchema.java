package org.apache.calcite.adapter.jdbc;

import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A {@link JdbcSchema} over the journey store whose row types come from the store catalogue
 * instead of the driver's metadata. DuckDB reports VARCHAR without a length and TIMESTAMP without
 * fractional digits, which Calcite would read as VARCHAR(0) and TIMESTAMP(0); declared types keep
 * strings whole and sub-second times intact. Lives in this package because the hook it overrides
 * is package-private.
 */
public final class CatalogueJdbcSchema extends JdbcSchema {
  public CatalogueJdbcSchema(DataSource dataSource, SqlDialect dialect, JdbcConvention convention,
      String schema) {
    super(dataSource, dialect, convention, null, schema);
  }

  @Override
  RelProtoDataType getRelDataType(DatabaseMetaData metaData, String catalogName,
      String schemaName, String tableName) throws SQLException {
    TableSpec spec = StoreCatalogue.table(tableName);
    if (spec == null) {
      return super.getRelDataType(metaData, catalogName, schemaName, tableName);
    }
    return factory -> {
      RelDataTypeFactory.Builder row = factory.builder();
      for (ColumnSpec c : spec.columns()) {
        SqlTypeName type = SqlTypeName.valueOf(c.type().name());
        row.add(c.name(), factory.createTypeWithNullability(type == SqlTypeName.TIMESTAMP
            ? factory.createSqlType(type, 3) : factory.createSqlType(type), true));
      }
      return row.build();
    };
  }
}
