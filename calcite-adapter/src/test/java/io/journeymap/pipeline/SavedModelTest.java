package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Propensity;
import io.journeymap.insight.ScoreModel;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.store.JourneyStore;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversion model is saved beside the store and reused by later builds until retraining
 * is asked for, the model file changes what its features mean, or the saved file cannot be
 * read; each of those is said in the build log, never silently.
 */
class SavedModelTest {
  @TempDir
  Path dir;

  private final PilotWorld world = new PilotWorld();

  private void pilots(String prefix, int n, int days, long seed) {
    world.pilots(prefix, n, days, seed);
  }

  private BuildSummary build(String model, boolean retrain) throws Exception {
    world.writeTo(dir);
    if (!retrain) {
      return StoreQueries.build(dir, model);
    }
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, model);
    JourneyModel m = ModelLoader.load(file);
    return new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT,
        BuildSettings.defaults().withRetrain(true)).build();
  }

  private Path store() {
    return dir.resolve("m.journeymap.duckdb");
  }

  /** Every score row by login (journey ids may move when journeys are added), in full. */
  private static List<String> scoresByLogin(Connection c, String prefix) throws Exception {
    return rows(c, "SELECT i.identifier, s.as_of, s.observed_days, s.role, s.status,"
        + " s.p_convert, s.band, s.top_reasons, s.model, s.model_version FROM scores s"
        + " JOIN journeys j USING (journey_id) JOIN identities i ON i.person_id = j.person_id"
        + " WHERE i.identifier LIKE '" + prefix + "%' ORDER BY 1");
  }

  private static String health(Connection c) throws Exception {
    return rows(c, "SELECT version, reused, training_journeys, validation_journeys"
        + " FROM model_health WHERE chosen").get(0);
  }

  @Test
  void laterBuildsScoreWithTheSavedModelUntilRetrainingIsAsked() throws Exception {
    pilots("p", 3000, 135, 5);
    build(InsightsBuildTest.MODEL, false);
    List<String> before;
    List<String> drift;
    String[] first;
    try (Connection c = StoreQueries.open(dir)) {
      first = health(c).split("\\|");
      assertEquals("false", first[1], "the first build fits the model");
      before = scoresByLogin(c, "p");
      drift = rows(c, "SELECT recent_journeys, max_psi, drift FROM model_health WHERE chosen");
    }
    assertTrue(before.size() > 1000, "a store worth comparing");
    assertEquals(List.of("current", first[0] + ".model"), files());

    // more journeys, all long matured: the saved model scores them and every earlier one as
    // before, and says it was reused
    pilots("q", 1500, 100, 6);
    build(InsightsBuildTest.MODEL, false);
    try (Connection c = StoreQueries.open(dir)) {
      String[] again = health(c).split("\\|");
      assertEquals(List.of(first[0], "true", first[2], first[3]), Arrays.asList(again));
      assertEquals(before, scoresByLogin(c, "p"));
      // the last 30 days did not change, and drift is measured against the saved training
      // distributions: the same numbers as when the model was fitted
      assertEquals(drift, rows(c, "SELECT recent_journeys, max_psi, drift FROM model_health"
          + " WHERE chosen"));
      assertEquals(List.of("0"), rows(c, "SELECT matured_since FROM model_health WHERE chosen"),
          "the added journeys started before the validation cohort ended");
      assertEquals(List.of(first[0]), rows(c, "SELECT DISTINCT model_version FROM scores"));
      assertTrue(rows(c, "SELECT detail FROM build_log WHERE phase = 'scores'").get(0)
          .startsWith("saved model " + first[0] + " reused"));
      assertTrue(rows(c, "SELECT count(*) FROM scores s JOIN journeys j USING (journey_id)"
          + " JOIN identities i ON i.person_id = j.person_id WHERE i.identifier LIKE 'q%'"
          + " AND s.model_version = '" + first[0] + "'").get(0).compareTo("0") > 0);
    }

    // retraining fits on every matured journey now: a new version, learnt from more journeys
    build(InsightsBuildTest.MODEL, true);
    String[] retrained;
    try (Connection c = StoreQueries.open(dir)) {
      retrained = health(c).split("\\|");
      assertNotEquals(first[0], retrained[0]);
      assertEquals("false", retrained[1]);
      assertTrue(Long.parseLong(retrained[2]) > Long.parseLong(first[2]),
          "training journeys " + first[2] + " -> " + retrained[2]);
      assertTrue(Long.parseLong(retrained[3]) > Long.parseLong(first[3]),
          "validation journeys " + first[3] + " -> " + retrained[3]);
      assertTrue(rows(c, "SELECT detail FROM build_log WHERE phase = 'scores'").get(0)
          .contains("fitted because retraining was asked for"));
    }
    assertEquals(List.of(first[0] + ".model", retrained[0] + ".model", "current").stream()
        .sorted().toList(), files());
    assertEquals(retrained[0], SavedModels.current(store()).orElseThrow().version());
    // both models on the new validation journeys: the new one's numbers there are its own
    ScoreModel old = SavedModels.read(SavedModels.file(store(), first[0]));
    ScoreModel fresh = SavedModels.current(store()).orElseThrow();
    JourneyStore engine = JourneyStore.open(store());
    try (Connection c = engine.connect()) {
      assertEquals(fresh.propensity().evaluation(), CohortEvaluation.of(c, fresh, fresh));
      Propensity.Evaluation oldOnNew = CohortEvaluation.of(c, old, fresh);
      assertEquals(fresh.split().validation(), oldOnNew.calibration().cases());
      assertEquals(fresh.split().validationConverted(),
          oldOnNew.discrimination().positives());
    } finally {
      engine.release();
    }
    build(InsightsBuildTest.MODEL, false);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(retrained[0] + "|true", rows(c, "SELECT version, reused FROM model_health"
          + " WHERE chosen").get(0));
    }
  }

  @Test
  void journeysMaturedSinceFittingAreCountedAndCallForARefit() throws Exception {
    pilots("p", 3000, 135, 5);
    build(InsightsBuildTest.MODEL, false);
    // a month later: more pilots, and the model file looks from mid-June
    world.pilots("q", 2000, 100, 65, 7);
    String later = InsightsBuildTest.MODEL.replace("as_of: 2024-05-15", "as_of: 2024-06-15");
    assertNotEquals(InsightsBuildTest.MODEL, later);
    build(later, false);
    try (Connection c = StoreQueries.open(dir)) {
      List<String> health = rows(c, "SELECT reused, matured_since, validation_journeys,"
          + " retrain_recommended, recommendation FROM model_health WHERE chosen");
      String[] h = health.get(0).split("\\|");
      assertEquals("true", h[0]);
      // recomputed from journeys: judged, undecided on day 3, started after the last
      // validation journey the model was tested on
      assertEquals(rows(c, "SELECT count(*) FROM journeys WHERE judged AND started_at > (SELECT"
          + " max(j.started_at) FROM scores s JOIN journeys j USING (journey_id)"
          + " WHERE s.role = 'validation') AND (coalesce(converted_at, failed_at) IS NULL"
          + " OR coalesce(converted_at, failed_at) >= started_at + INTERVAL 3 DAY)"),
          List.of(h[1]));
      assertEquals(rows(c, "SELECT count(*) FROM scores WHERE role = 'since_training'"),
          List.of(h[1]));
      assertTrue(Long.parseLong(h[1]) > Long.parseLong(h[2]), health.toString());
      assertEquals("true", h[3]);
      assertEquals(String.format(java.util.Locale.ROOT, "Retrain: %,d journeys have matured"
          + " since the model was fitted, more than its validation cohort of %,d; a refit"
          + " learns from them.", Long.parseLong(h[1]), Long.parseLong(h[2])), h[4]);
    }
  }

  @Test
  void aModelFileThatChangesTheFeaturesForcesARefitAndSaysWhy() throws Exception {
    pilots("p", 3000, 135, 5);
    build(InsightsBuildTest.MODEL, false);
    ScoreModel saved = SavedModels.current(store()).orElseThrow();

    // the model file's other scoring moment: another model, and the build log says why
    String changed = InsightsBuildTest.MODEL.replace("scores: {at_days: 3}",
        "scores: {at_days: 4}");
    assertNotEquals(InsightsBuildTest.MODEL, changed);
    BuildSummary s = build(changed, false);
    String expected = "the saved conversion model " + saved.version() + " no longer fits the"
        + " model file (insights.scores.at_days is 4, the saved model scores on day 3); a new"
        + " model is fitted";
    assertTrue(s.warnings().contains(expected), s.warnings().toString());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of(expected), rows(c, "SELECT detail FROM build_log"
          + " WHERE phase = 'scores' AND seconds = 0"));
      assertEquals(List.of("false|4"), rows(c, "SELECT reused, at_days FROM model_health"
          + " WHERE chosen"));
      assertNotEquals(saved.version(), rows(c, "SELECT version FROM model_health"
          + " WHERE chosen").get(0));
    }

    // an event the model counts leaving the taxonomy, or another window, also no longer fits
    String counted = saved.features().stream().filter(f -> f.kind() == Feature.Kind.COUNT)
        .map(Feature::event).findFirst().orElseThrow();
    List<String> taxonomy = new ArrayList<>(List.of("pilot_begun", "tour_done", "doc_read",
        "invite_sent", "ping", "plan_page", "upgraded"));
    assertNull(saved.mismatch(saved.scope(), taxonomy));
    taxonomy.remove(counted);
    assertEquals("the taxonomy no longer has " + counted + ", which the saved model counts",
        saved.mismatch(saved.scope(), taxonomy));
    ScoreModel.Scope longer = new ScoreModel.Scope(saved.scope().settings(), 3, 21,
        "pilot_begun", List.of("upgraded"));
    assertEquals("the journey window is 21 days, the saved model learnt 14-day windows",
        saved.mismatch(longer, List.of("pilot_begun", "tour_done", "doc_read", "invite_sent",
            "ping", "plan_page", "upgraded")));
  }

  @Test
  void anUnreadableSavedModelIsReportedAndRefitted() throws Exception {
    pilots("p", 3000, 135, 5);
    build(InsightsBuildTest.MODEL, false);
    String version = SavedModels.current(store()).orElseThrow().version();
    Path file = SavedModels.file(store(), version);
    byte[] good = Files.readAllBytes(file);

    Files.writeString(file, "not a model at all");
    assertRefit(version, "the saved conversion model cannot be read: " + file + " is not a"
        + " saved Journeymap model");

    Files.write(file, Arrays.copyOf(good, good.length / 2));
    assertRefit(version, "the saved conversion model cannot be read: " + file + " is damaged"
        + " or incomplete");

    Files.writeString(SavedModels.directory(store()).resolve("current"), "m-000000000000\n");
    assertRefit(version, "the saved conversion model cannot be read: "
        + SavedModels.file(store(), "m-000000000000") + " does not exist");
    assertEquals(version, SavedModels.current(store()).orElseThrow().version());
  }

  /** The next build warns with {@code warning}, fits again, and saves a readable model. */
  private void assertRefit(String version, String warning) throws Exception {
    BuildSummary s = build(InsightsBuildTest.MODEL, false);
    assertTrue(s.warnings().stream().anyMatch(w -> w.startsWith(warning)
            && w.endsWith("; a new model is fitted")), s.warnings().toString());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("1"), rows(c, "SELECT count(*) FROM build_log WHERE phase = 'scores'"
          + " AND detail LIKE 'the saved conversion model cannot be read: %'"));
      // the same data fit the same model again
      assertEquals(List.of(version + "|false"), rows(c, "SELECT version, reused"
          + " FROM model_health WHERE chosen"));
    }
    assertEquals(version, SavedModels.read(SavedModels.file(store(), version)).version());
  }

  @Test
  void aFileHoldingOtherClassesIsRefusedUnread() throws Exception {
    Path file = dir.resolve("m-0123456789ab.model");
    try (OutputStream out = Files.newOutputStream(file)) {
      DataOutputStream data = new DataOutputStream(out);
      data.writeUTF("journeymap conversion model");
      data.writeInt(SavedModels.FORMAT);
      data.flush();
      ObjectOutputStream objects = new ObjectOutputStream(out);
      objects.writeObject(new java.net.URI("http://example.com/"));
      objects.flush();
    }
    SavedModels.Unreadable e = assertThrows(SavedModels.Unreadable.class,
        () -> SavedModels.read(file));
    assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
  }

  /** A model written by a jar that relocated Smile is read with this runtime's Smile classes. */
  @Test
  void smileClassesAreReadWhateverPackageTheWriterHadThemIn() {
    assertEquals("smile.util.IntSet", SavedModels.localName("io.journeymap.shaded.smile.util.IntSet"));
    assertEquals("smile.util.IntSet", SavedModels.localName("smile.util.IntSet"));
    assertEquals("[[Lsmile.regression.RegressionTree;",
        SavedModels.localName("[[Lio.journeymap.shaded.smile.regression.RegressionTree;"));
    assertEquals("[D", SavedModels.localName("[D"));
    assertEquals("io.journeymap.insight.ScoreModel",
        SavedModels.localName("io.journeymap.insight.ScoreModel"));
    assertEquals("java.util.ArrayList", SavedModels.localName("java.util.ArrayList"));
  }

  private List<String> files() throws Exception {
    try (var list = Files.list(SavedModels.directory(store()))) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
