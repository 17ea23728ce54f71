package io.journeymap.jdbc;

import io.journeymap.store.ColumnSpec;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.jdbc.CalciteMetaColumnFactory;
import org.apache.calcite.jdbc.CalciteMetaTableFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteMetaImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;

/**
 * DatabaseMetaData rows for store tables: type TABLE (DuckDB says "BASE TABLE", which Calcite
 * turns into OTHER and BI tools then skip) and the catalogue descriptions in REMARKS.
 */
public final class StoreMetadata {
  private StoreMetadata() {}

  /** getTables rows. */
  public static final CalciteMetaTableFactory TABLES = new CalciteMetaTableFactory() {
    @Override
    public MetaImpl.MetaTable createTable(Table table, String catalog, String schema,
        String name) {
      TableSpec spec = StoreCatalogue.table(name);
      return new DescribedTable(new AsBaseTable(table), catalog, schema, name,
          spec == null ? null : spec.description());
    }

    @Override
    public Class<? extends MetaImpl.MetaTable> getMetaTableClass() {
      return DescribedTable.class;
    }
  };

  /** getColumns rows. */
  public static final CalciteMetaColumnFactory COLUMNS = new CalciteMetaColumnFactory() {
    @Override
    public MetaImpl.MetaColumn createColumn(Table table, String catalog, String schema,
        String tableName, String columnName, int dataType, String typeName, Integer columnSize,
        Integer decimalDigits, int radix, int nullable, Integer charOctetLength, int ordinal,
        String isNullable) {
      TableSpec spec = StoreCatalogue.table(tableName);
      ColumnSpec column = spec == null ? null : spec.column(columnName);
      Integer size = columnSize == null || columnSize < 0 ? null : columnSize;
      return new DescribedColumn(catalog, schema, tableName, columnName, dataType, typeName,
          size, decimalDigits, radix, nullable, size, ordinal, isNullable,
          column == null ? null : column.description());
    }

    @Override
    public Class<? extends MetaImpl.MetaColumn> getMetaColumnClass() {
      return DescribedColumn.class;
    }
  };

  /** A table row; {@code remarks} hides the always-null field of the base class. */
  public static final class DescribedTable extends CalciteMetaImpl.CalciteMetaTable {
    public final String remarks;

    DescribedTable(Table table, String catalog, String schema, String name, String remarks) {
      super(table, catalog, schema, name);
      this.remarks = remarks;
    }
  }

  /** A store table as metadata should report it: a plain TABLE. */
  private record AsBaseTable(Table table) implements Table {
    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return table.getRowType(typeFactory);
    }

    @Override
    public Statistic getStatistic() {
      return table.getStatistic();
    }

    @Override
    public Schema.TableType getJdbcTableType() {
      return Schema.TableType.TABLE;
    }

    @Override
    public boolean isRolledUp(String column) {
      return table.isRolledUp(column);
    }

    @Override
    public boolean rolledUpColumnValidInsideAgg(String column, SqlCall call, SqlNode parent,
        CalciteConnectionConfig config) {
      return table.rolledUpColumnValidInsideAgg(column, call, parent, config);
    }
  }

  /** A column row; {@code remarks} hides the always-null field of the base class. */
  public static final class DescribedColumn extends MetaImpl.MetaColumn {
    public final String remarks;

    DescribedColumn(String catalog, String schema, String table, String column, int dataType,
        String typeName, Integer size, Integer digits, int radix, int nullable,
        Integer octetLength, int ordinal, String isNullable, String remarks) {
      super(catalog, schema, table, column, dataType, typeName, size, digits, radix, nullable,
          octetLength, ordinal, isNullable);
      this.remarks = remarks;
    }
  }
}
