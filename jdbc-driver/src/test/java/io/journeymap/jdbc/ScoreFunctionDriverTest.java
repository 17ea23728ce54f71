package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score()} through the driver: named, positional and bound arguments, its rows against
 * the scores table in one query, and its refusals as SQL errors.
 */
class ScoreFunctionDriverTest {
  @TempDir
  static Path dir;
  static Connection c;

  @BeforeAll
  static void connect() throws Exception {
    Path model = new PilotStore().pilots("p", 2500, 135, 4).writeTo(dir);
    c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  /** The first column of every row, as text. */
  private static List<String> column(String sql, Object... binds) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < binds.length; i++) {
        p.setObject(i + 1, binds[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }

  @Test
  void onTheBuildsDayTheRowsAreTheScoresTablesOpenOnesWhateverTheArgumentsForm()
      throws SQLException {
    String open = "SELECT journey_id, as_of, observed_days, p_convert, band, top_reasons, model,"
        + " model_version FROM scores WHERE role = 'open'";
    String columns = "journey_id, as_of, observed_days, p_convert, band, top_reasons, model,"
        + " model_version";
    for (String call : List.of("score(as_of_days => 3)", "score(3)", "score()",
        "TABLE(score(as_of_days => ?))", "score(?)")) {
      Object[] binds = call.contains("?") ? new Object[] {3} : new Object[0];
      String difference = "SELECT (SELECT count(*) FROM (SELECT " + columns + " FROM " + call
          + " EXCEPT ALL " + open + ")) || '/' || (SELECT count(*) FROM (" + open
          + " EXCEPT ALL SELECT " + columns + " FROM " + call + "))";
      // the ? of a call used twice is bound once per occurrence
      Object[] twice = binds.length == 0 ? binds : new Object[] {3, 3};
      assertEquals(List.of("0/0"), column(difference, twice), call);
    }
    assertTrue(Long.parseLong(column("SELECT count(*) FROM scores WHERE role = 'open'")
        .get(0)) > 100, "open journeys to compare");
    // a bound string is a number too
    assertEquals(column("SELECT count(*) FROM score(3)"), column("SELECT count(*) FROM"
        + " score(as_of_days => ?)", "3"));
  }

  @Test
  void anotherDayHasItsOwnModelAndProbabilities() throws SQLException {
    List<String> day5 = column("SELECT DISTINCT model_version FROM score(as_of_days => ?)", 5);
    assertEquals(1, day5.size());
    assertNotEquals(column("SELECT version FROM model_health WHERE chosen"), day5);
    assertEquals(List.of("true"), column("SELECT bool_and(p_convert BETWEEN 0 AND 1"
        + " AND observed_days <= 5 AND band IN ('low', 'medium', 'high')"
        + " AND subject_id IS NOT NULL) AND count(*) = (SELECT count(*) FROM journeys"
        + " WHERE status = 'open') FROM score(?)", 5));
    // filters and joins run in the engine over the function's rows
    assertEquals(List.of("true"), column("SELECT count(*) > 0 FROM score(5) a JOIN score(3) b"
        + " USING (journey_id) WHERE a.p_convert <> b.p_convert"));
  }

  @Test
  void badArgumentsAreSqlErrorsThatSayWhatIsAllowed() {
    String range = "score: as_of_days must be a whole number of days from 1 to 13 (the journey"
        + " window is 14 days; a score is made while the outcome is still open), got ";
    assertRefused(range + "0", "SELECT * FROM score(as_of_days => ?)", 0);
    assertRefused(range + "14", "SELECT * FROM score(14)");
    assertRefused(range + "1.5", "SELECT * FROM score(?)", 1.5);
    assertRefused("score: as_of_days is a whole number of days", "SELECT * FROM score(?)",
        "three");
    assertRefused("score: unknown argument 'days'", "SELECT * FROM score(days => 3)");
    assertRefused("score: at most 1 arguments", "SELECT * FROM score(3, 4)");
  }

  private static void assertRefused(String message, String sql, Object... binds) {
    SQLException e = assertThrows(SQLException.class, () -> column(sql, binds));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void theFunctionIsListedWithItsArgumentAndColumns() throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet r = c.getMetaData().getFunctionColumns(null, "journey", "score", "%")) {
      while (r.next()) {
        names.add(r.getString("COLUMN_NAME") + ":" + r.getInt("COLUMN_TYPE"));
      }
    }
    assertEquals("as_of_days:1", names.get(0));
    assertTrue(names.contains("p_convert:5") && names.contains("subject_id:5"),
        names.toString());
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT * FROM score(3) LIMIT 1")) {
      assertEquals("journey_id", r.getMetaData().getColumnName(1));
      assertEquals(16, r.getMetaData().getColumnCount());
    }
  }
}
