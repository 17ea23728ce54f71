package io.journeymap.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatementTextTest {
  @Test
  void semicolonsSplitOnlyOutsideQuotesAndComments() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), StatementText.statements("SELECT 1; SELECT 2;"));
    assertEquals(1, StatementText.statements("SELECT 'a;b', \"c;d\", $$e;f$$ -- g;h\n").size());
    assertEquals(1, StatementText.statements("SELECT E'a\\';b'").size());
    assertEquals(1, StatementText.statements("SELECT 1 /* a /* b */ ; */").size());
    assertEquals(1, StatementText.statements("SELECT $1 + 1; -- only a comment after").size());
    assertEquals(2, StatementText.statements("SHOW TABLES; DROP TABLE t").size());
    assertEquals(List.of(), StatementText.statements("  ; -- nothing\n"));
  }

  @Test
  void leadingWordsSkipComments() {
    assertEquals("DELETE", StatementText.leadingWord("-- c\rDELETE FROM build_info"));
    assertEquals("SELECT", StatementText.leadingWord("/* x */\n  select 1"));
  }

  @Test
  void tableCallsUnwrap() {
    assertEquals("SELECT * FROM funnel(steps => 'a,b') f",
        StatementText.unwrapTableCalls("SELECT * FROM TABLE(funnel(steps => 'a,b')) f",
            Set.of("funnel")));
    assertEquals("SELECT 'TABLE(funnel(x))'", StatementText.unwrapTableCalls(
        "SELECT 'TABLE(funnel(x))'", Set.of("funnel")));
  }
}
