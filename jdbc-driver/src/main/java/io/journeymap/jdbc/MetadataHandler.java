package io.journeymap.jdbc;

import static io.journeymap.jdbc.MetadataRows.integer;
import static io.journeymap.jdbc.MetadataRows.small;
import static io.journeymap.jdbc.MetadataRows.text;

import io.journeymap.sql.JourneyTableFunction;
import io.journeymap.sql.TableFunctions;
import io.journeymap.store.ColumnSpec;
import io.journeymap.store.ColumnType;
import io.journeymap.store.JourneyStore;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What BI tools learn when they sync: one schema ({@value JourneyStore#CATALOG}) holding the
 * store's tables with the catalogue's plain types and descriptions, their keys, and the journey
 * table functions with their parameters. Name patterns match case-insensitively, as names do in
 * SQL. Everything else (type info, capabilities) is the engine's.
 */
final class MetadataHandler extends Forwarding {
  private static final String SCHEMA = JourneyStore.CATALOG;

  private final Connection connection;
  private final String url;

  private MetadataHandler(DatabaseMetaData target, Connection connection, String url) {
    super(target);
    this.connection = connection;
    this.url = url;
  }

  static DatabaseMetaData wrap(DatabaseMetaData engine, Connection connection, String url) {
    return proxy(DatabaseMetaData.class, new MetadataHandler(engine, connection, url));
  }

  private Connection engine() throws SQLException {
    return ((DatabaseMetaData) target).getConnection();
  }

  @Override
  Object answer(Object proxy, Method method, Object[] a) throws Throwable {
    switch (method.getName()) {
      case "getConnection" -> {
        return connection;
      }
      case "getURL" -> {
        return url;
      }
      case "getUserName" -> {
        return "";
      }
      case "getDatabaseProductName" -> {
        return "Journeymap";
      }
      case "getDatabaseProductVersion" -> {
        return JourneymapDriver.VERSION + " (store engine DuckDB "
            + ((DatabaseMetaData) target).getDatabaseProductVersion() + ")";
      }
      case "getDriverName" -> {
        return "Journeymap JDBC Driver";
      }
      case "getDriverVersion" -> {
        return JourneymapDriver.VERSION;
      }
      case "getDriverMajorVersion" -> {
        return JourneymapDriver.MAJOR;
      }
      case "getDriverMinorVersion" -> {
        return JourneymapDriver.MINOR;
      }
      case "getJDBCMajorVersion" -> {
        return 4;
      }
      case "getJDBCMinorVersion" -> {
        return 2;
      }
      case "isReadOnly" -> {
        return true;
      }
      case "getSchemaTerm" -> {
        return "schema";
      }
      case "getCatalogTerm" -> {
        return "catalog";
      }
      case "getIdentifierQuoteString" -> {
        return "\"";
      }
      case "supportsResultSetHoldability" -> {
        return (Integer) a[0] == ResultSet.CLOSE_CURSORS_AT_COMMIT;
      }
      case "getResultSetHoldability" -> {
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      }
      case "getCatalogs" -> {
        return MetadataRows.of(engine(), List.of(text("TABLE_CAT")), List.of());
      }
      case "getSchemas" -> {
        String pattern = a.length > 1 ? (String) a[1] : null;
        List<Object[]> rows = matches(pattern, SCHEMA)
            ? List.<Object[]>of(new Object[] {SCHEMA, null}) : List.of();
        return MetadataRows.of(engine(), List.of(text("TABLE_SCHEM"), text("TABLE_CATALOG")),
            rows);
      }
      case "getTableTypes" -> {
        return MetadataRows.of(engine(), List.of(text("TABLE_TYPE")),
            List.<Object[]>of(new Object[] {"TABLE"}));
      }
      case "getTables" -> {
        return tables((String) a[1], (String) a[2], (String[]) a[3]);
      }
      case "getColumns" -> {
        return columns((String) a[1], (String) a[2], (String) a[3]);
      }
      case "getPrimaryKeys" -> {
        return primaryKeys((String) a[1], (String) a[2]);
      }
      case "getImportedKeys", "getExportedKeys" -> {
        return MetadataRows.of(engine(), keyColumns(), List.of());
      }
      case "getCrossReference" -> {
        return MetadataRows.of(engine(), keyColumns(), List.of());
      }
      case "getIndexInfo" -> {
        return MetadataRows.of(engine(), List.of(text("TABLE_CAT"), text("TABLE_SCHEM"),
            text("TABLE_NAME"), new MetadataRows.Column("NON_UNIQUE", "BOOLEAN"),
            text("INDEX_QUALIFIER"), text("INDEX_NAME"), small("TYPE"),
            small("ORDINAL_POSITION"), text("COLUMN_NAME"), text("ASC_OR_DESC"),
            new MetadataRows.Column("CARDINALITY", "BIGINT"),
            new MetadataRows.Column("PAGES", "BIGINT"), text("FILTER_CONDITION")), List.of());
      }
      case "getProcedures" -> {
        return MetadataRows.of(engine(), List.of(text("PROCEDURE_CAT"), text("PROCEDURE_SCHEM"),
            text("PROCEDURE_NAME"), text("RESERVED1"), text("RESERVED2"), text("RESERVED3"),
            text("REMARKS"), small("PROCEDURE_TYPE"), text("SPECIFIC_NAME")), List.of());
      }
      case "getFunctions" -> {
        return functions((String) a[1], (String) a[2]);
      }
      case "getFunctionColumns" -> {
        return functionColumns((String) a[1], (String) a[2], (String) a[3]);
      }
      default -> {
        return FORWARD;
      }
    }
  }

  /** JDBC patterns ({@code %}, {@code _}, {@code \} escapes), matched case-insensitively. */
  static boolean matches(String pattern, String name) {
    if (pattern == null) {
      return true;
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
        .matcher(name).matches();
  }

  private ResultSet tables(String schema, String table, String[] types) throws SQLException {
    boolean wantTables = types == null || List.of(types).stream()
        .anyMatch(t -> t != null && t.toUpperCase(Locale.ROOT).equals("TABLE"));
    List<Object[]> rows = new ArrayList<>();
    if (wantTables && matches(schema, SCHEMA)) {
      for (TableSpec t : StoreCatalogue.tables()) {
        if (matches(table, t.name())) {
          rows.add(new Object[] {null, SCHEMA, t.name(), "TABLE", t.description(), null, null,
              null, null, null});
        }
      }
    }
    return MetadataRows.of(engine(), List.of(text("TABLE_CAT"), text("TABLE_SCHEM"),
        text("TABLE_NAME"), text("TABLE_TYPE"), text("REMARKS"), text("TYPE_CAT"),
        text("TYPE_SCHEM"), text("TYPE_NAME"), text("SELF_REFERENCING_COL_NAME"),
        text("REF_GENERATION")), rows);
  }

  private ResultSet columns(String schema, String table, String column) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (matches(schema, SCHEMA)) {
      for (TableSpec t : StoreCatalogue.tables()) {
        if (!matches(table, t.name())) {
          continue;
        }
        int position = 0;
        for (ColumnSpec c : t.columns()) {
          position++;
          if (matches(column, c.name())) {
            rows.add(new Object[] {null, SCHEMA, t.name(), c.name(), c.type().jdbcType(),
                c.type().name(), size(c.type()), null, digits(c.type()), radix(c.type()),
                DatabaseMetaData.columnNullable, c.description(), null, null, null,
                c.type() == ColumnType.VARCHAR ? Integer.MAX_VALUE : null, position, "YES",
                null, null, null, null, "NO", "NO"});
          }
        }
      }
    }
    return MetadataRows.of(engine(), List.of(text("TABLE_CAT"), text("TABLE_SCHEM"),
        text("TABLE_NAME"), text("COLUMN_NAME"), integer("DATA_TYPE"), text("TYPE_NAME"),
        integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"), integer("DECIMAL_DIGITS"),
        integer("NUM_PREC_RADIX"), integer("NULLABLE"), text("REMARKS"), text("COLUMN_DEF"),
        integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"),
        integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"),
        text("SCOPE_SCHEMA"), text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"),
        text("IS_AUTOINCREMENT"), text("IS_GENERATEDCOLUMN")), rows);
  }

  private static Integer size(ColumnType type) {
    return switch (type) {
      case VARCHAR -> Integer.MAX_VALUE;
      case BIGINT -> 19;
      case INTEGER -> 10;
      case DOUBLE -> 15;
      case BOOLEAN -> 1;
      case TIMESTAMP -> 26;
    };
  }

  private static Integer digits(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> Integer.valueOf(6);
      case BIGINT, INTEGER -> Integer.valueOf(0);
      default -> null;
    };
  }

  private static Integer radix(ColumnType type) {
    return switch (type) {
      case BIGINT, INTEGER, DOUBLE -> Integer.valueOf(10);
      default -> null;
    };
  }

  private ResultSet primaryKeys(String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (schema == null || schema.equalsIgnoreCase(SCHEMA)) {
      for (TableSpec t : StoreCatalogue.tables()) {
        if (table == null || t.name().equalsIgnoreCase(table)) {
          List<String> key = StoreCatalogue.primaryKey(t.name());
          for (int i = 0; i < key.size(); i++) {
            rows.add(new Object[] {null, SCHEMA, t.name(), key.get(i), i + 1,
                t.name() + "_pkey"});
          }
        }
      }
    }
    return MetadataRows.of(engine(), List.of(text("TABLE_CAT"), text("TABLE_SCHEM"),
        text("TABLE_NAME"), text("COLUMN_NAME"), small("KEY_SEQ"), text("PK_NAME")), rows);
  }

  private static List<MetadataRows.Column> keyColumns() {
    return List.of(text("PKTABLE_CAT"), text("PKTABLE_SCHEM"), text("PKTABLE_NAME"),
        text("PKCOLUMN_NAME"), text("FKTABLE_CAT"), text("FKTABLE_SCHEM"), text("FKTABLE_NAME"),
        text("FKCOLUMN_NAME"), small("KEY_SEQ"), small("UPDATE_RULE"), small("DELETE_RULE"),
        text("FK_NAME"), text("PK_NAME"), small("DEFERRABILITY"));
  }

  private ResultSet functions(String schema, String function) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (matches(schema, SCHEMA)) {
      for (JourneyTableFunction f : TableFunctions.all()) {
        if (matches(function, f.name())) {
          rows.add(new Object[] {null, SCHEMA, f.name(), f.description(),
              DatabaseMetaData.functionReturnsTable, f.name()});
        }
      }
    }
    return MetadataRows.of(engine(), List.of(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"),
        text("FUNCTION_NAME"), text("REMARKS"), small("FUNCTION_TYPE"), text("SPECIFIC_NAME")),
        rows);
  }

  private ResultSet functionColumns(String schema, String function, String column)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    if (matches(schema, SCHEMA)) {
      for (JourneyTableFunction f : TableFunctions.all()) {
        if (!matches(function, f.name())) {
          continue;
        }
        int position = 0;
        for (JourneyTableFunction.Parameter p : f.parameters()) {
          position++;
          if (matches(column, p.name())) {
            rows.add(functionColumn(f, p.name(), DatabaseMetaData.functionColumnIn, p.type(),
                p.required() ? DatabaseMetaData.functionNoNulls
                    : DatabaseMetaData.functionNullable,
                p.description() + (p.required() ? "" : " (optional)"), position));
          }
        }
        for (ColumnSpec c : f.columns()) {
          position++;
          if (matches(column, c.name())) {
            rows.add(functionColumn(f, c.name(), DatabaseMetaData.functionColumnResult,
                c.type(), DatabaseMetaData.functionNullable, c.description(), position));
          }
        }
      }
    }
    return MetadataRows.of(engine(), List.of(text("FUNCTION_CAT"), text("FUNCTION_SCHEM"),
        text("FUNCTION_NAME"), text("COLUMN_NAME"), small("COLUMN_TYPE"), integer("DATA_TYPE"),
        text("TYPE_NAME"), integer("PRECISION"), integer("LENGTH"), small("SCALE"),
        small("RADIX"), small("NULLABLE"), text("REMARKS"), integer("CHAR_OCTET_LENGTH"),
        integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SPECIFIC_NAME")), rows);
  }

  private static Object[] functionColumn(JourneyTableFunction f, String name, int kind,
      ColumnType type, int nullable, String remarks, int position) {
    return new Object[] {null, SCHEMA, f.name(), name, kind, type.jdbcType(), type.name(),
        size(type), null, digits(type), radix(type), nullable, remarks,
        type == ColumnType.VARCHAR ? Integer.MAX_VALUE : null, position,
        nullable == DatabaseMetaData.functionNoNulls ? "NO" : "YES", f.name()};
  }
}
