package io.journeymap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CatalogueDocsTest {
  @Test
  void docsTablesMdMatchesTheCatalogue() throws Exception {
    Path docs = Path.of("..", "docs", "tables.md");
    String expected = CatalogueDocs.markdown();
    Path fresh = Path.of("target", "tables.md");
    Files.createDirectories(fresh.getParent());
    Files.writeString(fresh, expected);
    assertEquals(expected, Files.readString(docs),
        "docs/tables.md is out of date: copy calcite-adapter/target/tables.md over it");
  }

  @Test
  void theModelReferenceShowsTheDemoModelAsItShips() throws Exception {
    String demo;
    try (var in = getClass().getResourceAsStream("/io/journeymap/demo/journey.yaml")) {
      demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String reference = Files.readString(Path.of("..", "docs", "model.md"));
    assertEquals(true, reference.contains("```yaml\n" + demo + "```"),
        "docs/model.md's complete example differs from the demo model: paste"
            + " functions/src/main/resources/io/journeymap/demo/journey.yaml into it");
  }

  @Test
  void noTableOrColumnNeedsQuoting() throws Exception {
    // reserved words (ORDER, OFFSET, ...) would force users to quote them in every query
    java.util.Set<String> reserved = new java.util.HashSet<>();
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
         var r = c.createStatement().executeQuery("SELECT keyword_name FROM duckdb_keywords()"
             + " WHERE keyword_category = 'reserved'")) {
      while (r.next()) {
        reserved.add(r.getString(1).toLowerCase());
      }
    }
    assertEquals(true, reserved.contains("select"));
    for (TableSpec t : StoreCatalogue.tables()) {
      assertEquals(false, reserved.contains(t.name()), t.name());
      for (ColumnSpec c : t.columns()) {
        assertEquals(false, reserved.contains(c.name()), t.name() + "." + c.name());
      }
    }
  }
}
