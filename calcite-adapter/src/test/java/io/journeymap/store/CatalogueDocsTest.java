package io.journeymap.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.calcite.sql.parser.SqlParser;
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
  void noTableOrColumnNeedsQuoting() {
    // reserved words (VALUE, OPEN, ...) would force users to quote them in every query
    var sql = SqlParser.create("").getMetadata();
    for (TableSpec t : StoreCatalogue.tables()) {
      assertEquals(false, sql.isReservedWord(t.name().toUpperCase()), t.name());
      for (ColumnSpec c : t.columns()) {
        assertEquals(false, sql.isReservedWord(c.name().toUpperCase()), t.name() + "." + c.name());
      }
    }
  }
}
