package io.journeymap.zeppelin;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What completion offers, read once from the store: the schema, tables and columns with their
 * descriptions (the catalogue's REMARKS), the journey table functions with their parameters,
 * and the canonical event and stage names of this store's model.
 */
record Catalogue(String schema, List<Named> tables, Map<String, List<Named>> columns,
    List<Function> functions, List<Named> events, List<Named> stages) {

  /** A name and what it means; {@code type} is a column's SQL type, else empty. */
  record Named(String name, String type, String description) {}

  record Function(String name, String description, List<Named> parameters) {}

  static Catalogue read(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String schema = c.getSchema();
    List<Named> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, schema, "%", null)) {
      while (rs.next()) {
        tables.add(new Named(rs.getString("TABLE_NAME"), "", text(rs.getString("REMARKS"))));
      }
    }
    Map<String, List<Named>> columns = new LinkedHashMap<>();
    try (ResultSet rs = md.getColumns(null, schema, "%", "%")) {
      while (rs.next()) {
        columns.computeIfAbsent(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT),
            t -> new ArrayList<>()).add(new Named(rs.getString("COLUMN_NAME"),
                rs.getString("TYPE_NAME"), text(rs.getString("REMARKS"))));
      }
    }
    Map<String, Function> functions = new LinkedHashMap<>();
    try (ResultSet rs = md.getFunctions(null, schema, "%")) {
      while (rs.next()) {
        String name = rs.getString("FUNCTION_NAME");
        functions.put(name, new Function(name, text(rs.getString("REMARKS")),
            new ArrayList<>()));
      }
    }
    try (ResultSet rs = md.getFunctionColumns(null, schema, "%", "%")) {
      while (rs.next()) {
        Function f = functions.get(rs.getString("FUNCTION_NAME"));
        Named column = new Named(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"),
            text(rs.getString("REMARKS")));
        if (f != null && rs.getInt("COLUMN_TYPE") == DatabaseMetaData.functionColumnIn) {
          f.parameters().add(column);
        } else if (f != null) {
          // a function's result columns complete after its alias, like a table's
          columns.computeIfAbsent(f.name().toLowerCase(Locale.ROOT), t -> new ArrayList<>())
              .add(column);
        }
      }
    }
    return new Catalogue(schema, List.copyOf(tables), columns,
        List.copyOf(functions.values()),
        names(c, "SELECT event, description FROM taxonomy ORDER BY event"),
        names(c, "SELECT stage, description FROM stages ORDER BY stage_order"));
  }

  private static List<Named> names(Connection c, String sql) throws SQLException {
    List<Named> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(new Named(rs.getString(1), "", text(rs.getString(2))));
      }
    }
    return List.copyOf(out);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  /** The columns of a table (any case), empty when there is no such table. */
  List<Named> columnsOf(String table) {
    return columns.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
  }

  boolean isTable(String name) {
    return columns.containsKey(name.toLowerCase(Locale.ROOT));
  }
}
