package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Build tests' shared steps: write a model, build it, read the store as plain rows. */
final class StoreQueries {
  private StoreQueries() {}

  /** Writes {@code m.yaml} into {@code dir} and builds its store; the data files must be there. */
  static BuildSummary build(Path dir, String model) throws IOException {
    return build(dir, model, BuildSettings.defaults());
  }

  /** As {@link #build(Path, String)}, under the given settings (a memory bound, slices). */
  static BuildSummary build(Path dir, String model, BuildSettings settings) throws IOException {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, model);
    JourneyModel m = ModelLoader.load(file);
    return new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT, settings).build();
  }

  /** The store a {@link #build} wrote, opened read-only. */
  static Connection open(Path dir) throws SQLException {
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("m.journeymap.duckdb"), p);
  }

  /** Every row as its columns joined by '|', nulls as "null". */
  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i == 1 ? "" : "|").append(r.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }
}
