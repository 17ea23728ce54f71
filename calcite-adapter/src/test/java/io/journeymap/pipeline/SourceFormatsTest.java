package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app source of the trial fixture served as Parquet, JSON lines, a DuckDB table, a table over
 * JDBC and a query: every format gives the same journeys as the CSV original.
 */
class SourceFormatsTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"parquet", "json", "duckdb", "jdbc", "query"})
  void everyFormatGivesTheSameJourneys(String format) throws Exception {
    Files.writeString(dir.resolve("crm.csv"), TrialFixture.CRM);
    Files.writeString(dir.resolve("app.csv"), TrialFixture.APP);
    Path other = dir.resolve("other.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + other);
         Statement s = c.createStatement()) {
      String csv = "read_csv('" + dir.resolve("app.csv") + "', all_varchar = true)";
      s.execute("COPY (SELECT * FROM " + csv + ") TO '" + dir.resolve("app.parquet") + "'");
      s.execute("COPY (SELECT * FROM " + csv + ") TO '" + dir.resolve("app.jsonl")
          + "' (FORMAT json)");
      s.execute("CREATE TABLE app AS SELECT * FROM " + csv);
    }
    String source = switch (format) {
      case "parquet" -> "format: parquet\n    path: app.parquet";
      case "json" -> "format: json\n    path: app.jsonl";
      case "duckdb" -> "format: duckdb\n    path: other.duckdb\n    table: app";
      case "jdbc" -> "format: jdbc\n    url: jdbc:duckdb:" + other + "\n    table: app";
      default -> "format: query\n    query: SELECT * FROM read_csv('app.csv')";
    };
    String yaml = TrialFixture.MODEL.replace("format: csv\n    path: app.csv", source);
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, yaml);
    JourneyModel m = ModelLoader.load(file);
    BuildSummary s = new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build();
    assertEquals(new BuildSummary.SourceCount("app", 17, 16, 1), s.sources().get(1), format);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + m.defaultStore());
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT string_agg(status, ',' ORDER BY started_at)"
             + " FROM journeys")) {
      r.next();
      // by start: D, E, B, A, C
      assertEquals("dropped,converted,dropped,converted,open", r.getString(1), format);
    }
  }
}
