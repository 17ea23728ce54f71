package io.journeymap.cli;

import static io.journeymap.cli.JourneymapCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.jdbc.PilotStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journeymap retrain} and {@code build --retrain}/{@code --full}: which model a build
 * scores with, and the side-by-side comparison of the monthly review, read back against
 * model_health.
 */
class RetrainCommandTest {
  @TempDir
  Path dir;

  private final PilotStore world = new PilotStore();

  private void pilots(String prefix, int n, int days, long seed) {
    world.pilots(prefix, n, days, seed);
  }

  private Path write() throws Exception {
    return world.writeTo(dir);
  }

  /** model_health's chosen row: version, reused, training_journeys, AUC, Brier, log-loss. */
  private String[] health() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:store="
        + dir.resolve("m.journeymap.duckdb"));
         ResultSet r = c.createStatement().executeQuery("SELECT version, reused,"
             + " training_journeys, auc, brier, log_loss, validation_converted,"
             + " expected_converted, oe_ratio, oe_low, oe_high FROM model_health WHERE chosen")) {
      r.next();
      return new String[] {r.getString(1), r.getString(2), r.getString(3),
          String.format(java.util.Locale.ROOT, "%.3f", r.getDouble(4)),
          String.format(java.util.Locale.ROOT, "%.4f", r.getDouble(5)),
          String.format(java.util.Locale.ROOT, "%.4f", r.getDouble(6)),
          String.format(java.util.Locale.ROOT, "%,d / %,.1f = %.2f (%.2f-%.2f)", r.getLong(7),
              r.getDouble(8), r.getDouble(9), r.getDouble(10), r.getDouble(11))};
    }
  }

  @Test
  void retrainComparesTheReplacedModelWithTheNewOne() throws Exception {
    pilots("p", 2500, 120, 1);
    Path model = write();
    JourneymapCliTest.Run built = run("build", "--model", model.toString());
    assertEquals(0, built.code(), built.err());
    String[] before = health();
    assertEquals("false", before[1]);

    pilots("q", 1500, 90, 2);
    write();
    JourneymapCliTest.Run full = run("build", "--model", model.toString(), "--full");
    assertEquals(0, full.code(), full.err());
    assertEquals(before[0] + "|true", health()[0] + "|" + health()[1],
        "--full reads every file again but keeps the saved model");

    JourneymapCliTest.Run r = run("retrain", "--model", model.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    String[] after = health();
    assertNotEquals(before[0], after[0]);
    assertEquals("false", after[1]);
    assertTrue(Long.parseLong(after[2]) > Long.parseLong(before[2]));
    // each printed row holds the two models' own numbers, as model_health gave them
    assertEquals(before[0] + "|" + after[0], pair(r.out(), "version"));
    assertEquals(before[3] + "|" + after[3], pair(r.out(), "AUC \\(95% CI\\)").replaceAll(
        " \\([0-9.-]+\\)", ""));
    assertEquals(before[4] + "|" + after[4], pair(r.out(), "Brier score"));
    assertEquals(before[5] + "|" + after[5], pair(r.out(), "log-loss"));
    assertEquals(before[6] + "|" + after[6], pair(r.out(), "converted / predicted \\(95% CI\\)"));
    assertTrue(r.out().contains("training journeys (converted)"), r.out());
    // then both on the new validation journeys, where the new model's numbers are its own
    String both = r.out().substring(r.out().indexOf("on the new validation journeys (both):"));
    assertEquals(after[4], pair(both, "Brier score").split("\\|")[1]);
    assertEquals(after[5], pair(both, "log-loss").split("\\|")[1]);
    assertEquals(after[6], pair(both, "converted / predicted \\(95% CI\\)").split("\\|")[1]);
    assertTrue(pair(both, "AUC \\(95% CI\\)").split("\\|")[1].startsWith(after[3] + " ("),
        both);
    assertTrue(r.out().contains("Saved as " + dir.resolve("m.journeymap.duckdb.models")
        .resolve(after[0] + ".model")), r.out());

    JourneymapCliTest.Run again = run("build", "--model", model.toString(), "--retrain");
    assertEquals(0, again.code(), again.err());
    assertEquals(after[0] + "|false", health()[0] + "|" + health()[1],
        "--retrain fits again: the same data give the same version");
  }

  @Test
  void tooFewJourneysLeaveTheSavedModelAndSaySo() throws Exception {
    pilots("p", 80, 120, 3);
    Path model = write();
    JourneymapCliTest.Run r = run("retrain", "--model", model.toString());
    assertEquals(1, r.code(), r.err() + r.out());
    assertTrue(r.out().startsWith("No new model (insufficient_data): "), r.out());
    assertTrue(r.out().contains("No model is saved."), r.out());
  }

  /** The two values of a printed row, joined by '|'. */
  private static String pair(String out, String label) {
    Matcher m = Pattern.compile("(?m)^  " + label + " +(.+?)  +(.+)$").matcher(out);
    assertTrue(m.find(), label + " in " + out);
    return m.group(1).trim() + "|" + m.group(2).trim();
  }
}
