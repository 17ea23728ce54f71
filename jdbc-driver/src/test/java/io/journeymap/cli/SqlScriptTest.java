package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  private static List<String> sql(String text) {
    return SqlScript.split(text).stream().map(SqlScript.Statement::sql).toList();
  }

  @Test
  void semicolonsSeparateStatements() {
    assertEquals(List.of("SELECT 1", "SELECT 2", "SELECT 3"),
        sql("SELECT 1; SELECT 2;\nSELECT 3"));
  }

  @Test
  void semicolonsInQuotesAndCommentsDoNotSeparate() {
    assertEquals(List.of("SELECT 'a;b', 'it''s;' AS \"x;y\"", "SELECT 2"),
        sql("SELECT 'a;b', 'it''s;' AS \"x;y\"; SELECT 2"));
    assertEquals(List.of("SELECT 1 -- no; split\n + 1", "SELECT /* a; /* nested; */ b; */ 2"),
        sql("SELECT 1 -- no; split\n + 1;SELECT /* a; /* nested; */ b; */ 2;"));
    assertEquals(List.of("SELECT $$a;b$$, $tag$ ; $$ ; $tag$", "SELECT E'\\';' AS e"),
        sql("SELECT $$a;b$$, $tag$ ; $$ ; $tag$; SELECT E'\\';' AS e"));
    // a backslash ends a plain string as usual: only E strings escape with it
    assertEquals(List.of("SELECT 'a\\'", "SELECT 2"), sql("SELECT 'a\\'; SELECT 2"));
    // $1 is a parameter, not a quote
    assertEquals(List.of("SELECT $1", "SELECT 2"), sql("SELECT $1; SELECT 2"));
  }

  @Test
  void blankAndCommentOnlyPiecesAreNoStatements() {
    assertEquals(List.of(), sql(" ;\n-- nothing\n; /* nor here */ ;"));
    assertEquals(List.of("SELECT 1"), sql("-- the count\nSELECT 1;\n-- the end\n"));
  }

  @Test
  void statementsKnowTheirNumberLineAndFirstLine() {
    List<SqlScript.Statement> s = SqlScript.split("SELECT 1;\r\n\r\n-- why\n  SELECT stage\n"
        + "  FROM stages;\rSELECT '" + "x".repeat(80) + "'");
    assertEquals(3, s.size());
    assertEquals(new SqlScript.Statement(1, 1, "SELECT 1"), s.get(0));
    assertEquals(2, s.get(1).number());
    assertEquals(4, s.get(1).line());
    assertEquals("SELECT stage", s.get(1).firstLine());
    assertEquals(6, s.get(2).line());
    assertEquals("SELECT '" + "x".repeat(49) + "...", s.get(2).firstLine());
  }
}
