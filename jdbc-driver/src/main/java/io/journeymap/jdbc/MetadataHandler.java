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
 * SQL. Type info is the engine's types as users meet them; capabilities are the engine's,
 * except those its JDBC layer leaves unanswered, which are answered here for a read-only,
 * forward-only store (no privileges, user types or pseudo columns to list).
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
      case "getDatabaseMajorVersion" -> {
        return JourneymapDriver.MAJOR; // the product is Journeymap; tools pair these with its name
      }
      case "getDatabaseMinorVersion" -> {
        return JourneymapDriver.MINOR;
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
      case "getTypeInfo" -> {
        return typeInfo();
      }
      case "ownUpdatesAreVisible", "ownDeletesAreVisible", "ownInsertsAreVisible",
          "othersUpdatesAreVisible", "othersDeletesAreVisible", "othersInsertsAreVisible",
          "updatesAreDetected", "deletesAreDetected", "insertsAreDetected",
          "locatorsUpdateCopy", "autoCommitFailureClosesAllResultSets",
          "generatedKeyAlwaysReturned" -> {
        return false; // nothing is ever written
      }
      case "getSQLStateType" -> {
        return DatabaseMetaData.sqlStateSQL;
      }
      case "getRowIdLifetime" -> {
        return java.sql.RowIdLifetime.ROWID_UNSUPPORTED;
      }
      case "getClientInfoProperties" -> {
        return empty(text("NAME"), integer("MAX_LEN"), text("DEFAULT_VALUE"),
            text("DESCRIPTION"));
      }
      case "getAttributes" -> {
        return empty(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("ATTR_NAME"), integer("DATA_TYPE"), text("ATTR_TYPE_NAME"), integer("ATTR_SIZE"),
            integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), integer("NULLABLE"),
            text("REMARKS"), text("ATTR_DEF"), integer("SQL_DATA_TYPE"),
            integer("SQL_DATETIME_SUB"), integer("CHAR_OCTET_LENGTH"),
            integer("ORDINAL_POSITION"), text("IS_NULLABLE"), text("SCOPE_CATALOG"),
            text("SCOPE_SCHEMA"), text("SCOPE_TABLE"), small("SOURCE_DATA_TYPE"));
      }
      case "getColumnPrivileges" -> {
        return empty(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), text("GRANTOR"), text("GRANTEE"), text("PRIVILEGE"),
            text("IS_GRANTABLE"));
      }
      case "getTablePrivileges" -> {
        return empty(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("GRANTOR"), text("GRANTEE"), text("PRIVILEGE"), text("IS_GRANTABLE"));
      }
      case "getBestRowIdentifier", "getVersionColumns" -> {
        return empty(small("SCOPE"), text("COLUMN_NAME"), integer("DATA_TYPE"),
            text("TYPE_NAME"), integer("COLUMN_SIZE"), integer("BUFFER_LENGTH"),
            small("DECIMAL_DIGITS"), small("PSEUDO_COLUMN"));
      }
      case "getUDTs" -> {
        return empty(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("CLASS_NAME"), integer("DATA_TYPE"), text("REMARKS"), small("BASE_TYPE"));
      }
      case "getSuperTypes" -> {
        return empty(text("TYPE_CAT"), text("TYPE_SCHEM"), text("TYPE_NAME"),
            text("SUPERTYPE_CAT"), text("SUPERTYPE_SCHEM"), text("SUPERTYPE_NAME"));
      }
      case "getSuperTables" -> {
        return empty(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("SUPERTABLE_NAME"));
      }
      case "getPseudoColumns" -> {
        return empty(text("TABLE_CAT"), text("TABLE_SCHEM"), text("TABLE_NAME"),
            text("COLUMN_NAME"), integer("DATA_TYPE"), integer("COLUMN_SIZE"),
            integer("DECIMAL_DIGITS"), integer("NUM_PREC_RADIX"), text("COLUMN_USAGE"),
            text("REMARKS"), integer("CHAR_OCTET_LENGTH"), text("IS_NULLABLE"));
      }
      default -> {
        return FORWARD;
      }
    }
  }

  private ResultSet empty(MetadataRows.Column... columns) throws SQLException {
    return MetadataRows.of(engine(), List.of(columns), List.of());
  }

  /** The engine's types as queries return them, ordered by JDBC type as the spec asks. */
  private ResultSet typeInfo() throws SQLException {
    Object[][] types = {
        // name, JDBC type, precision, literal prefix, literal suffix, create params, radix
        {"BOOLEAN", java.sql.Types.BOOLEAN, 1, null, null, null, null},
        {"TINYINT", java.sql.Types.TINYINT, 3, null, null, null, 10},
        {"BIGINT", java.sql.Types.BIGINT, 19, null, null, null, 10},
        {"BLOB", java.sql.Types.BLOB, Integer.MAX_VALUE, "'", "'::BLOB", null, null},
        {"DECIMAL", java.sql.Types.DECIMAL, 38, null, null, "precision,scale", 10},
        {"INTEGER", java.sql.Types.INTEGER, 10, null, null, null, 10},
        {"SMALLINT", java.sql.Types.SMALLINT, 5, null, null, null, 10},
        {"FLOAT", java.sql.Types.FLOAT, 7, null, null, null, 2},
        {"DOUBLE", java.sql.Types.DOUBLE, 15, null, null, null, 2},
        {"VARCHAR", java.sql.Types.VARCHAR, Integer.MAX_VALUE, "'", "'", null, null},
        {"DATE", java.sql.Types.DATE, 10, "DATE '", "'", null, null},
        {"TIME", java.sql.Types.TIME, 15, "TIME '", "'", null, null},
        {"TIMESTAMP", java.sql.Types.TIMESTAMP, 26, "TIMESTAMP '", "'", null, null},
        {"HUGEINT", java.sql.Types.OTHER, 39, null, null, null, 10},
        {"INTERVAL", java.sql.Types.OTHER, null, "INTERVAL '", "'", null, null},
        {"JSON", java.sql.Types.OTHER, Integer.MAX_VALUE, "'", "'::JSON", null, null},
        {"UUID", java.sql.Types.OTHER, 36, "'", "'::UUID", null, null},
        {"STRUCT", java.sql.Types.STRUCT, null, null, null, null, null},
        {"LIST", java.sql.Types.ARRAY, null, null, null, null, null},
        {"TIMESTAMP WITH TIME ZONE", java.sql.Types.TIMESTAMP_WITH_TIMEZONE, 32,
            "TIMESTAMPTZ '", "'", null, null}};
    List<Object[]> rows = new ArrayList<>();
    for (Object[] t : types) {
      boolean text = t[0].equals("VARCHAR") || t[0].equals("JSON");
      boolean number = t[6] != null;
      rows.add(new Object[] {t[0], t[1], t[2], t[3], t[4], t[5],
          DatabaseMetaData.typeNullable, text,
          text ? DatabaseMetaData.typeSearchable : DatabaseMetaData.typePredBasic,
          number ? Boolean.FALSE : null, false, false, t[0], 0,
          t[0].equals("DECIMAL") ? 38 : 0, null, null, t[6]});
    }
    rows.sort(java.util.Comparator.comparingInt(r -> (Integer) r[1]));
    return MetadataRows.of(engine(), List.of(text("TYPE_NAME"), integer("DATA_TYPE"),
        integer("PRECISION"), text("LITERAL_PREFIX"), text("LITERAL_SUFFIX"),
        text("CREATE_PARAMS"), small("NULLABLE"), bool("CASE_SENSITIVE"), small("SEARCHABLE"),
        bool("UNSIGNED_ATTRIBUTE"), bool("FIXED_PREC_SCALE"), bool("AUTO_INCREMENT"),
        text("LOCAL_TYPE_NAME"), small("MINIMUM_SCALE"), small("MAXIMUM_SCALE"),
        integer("SQL_DATA_TYPE"), integer("SQL_DATETIME_SUB"), integer("NUM_PREC_RADIX")),
        rows);
  }

  private static MetadataRows.Column bool(String name) {
    return new MetadataRows.Column(name, "BOOLEAN");
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
