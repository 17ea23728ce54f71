package io.journeymap.cli;

import io.journeymap.insight.Propensity;
import io.journeymap.jdbc.JourneymapDriver;
import io.journeymap.insight.ScoreModel;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.pipeline.BuildSettings;
import io.journeymap.pipeline.CohortEvaluation;
import io.journeymap.pipeline.SavedModels;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.stats.Calibration;
import io.journeymap.store.JourneyStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code journeymap retrain}: the monthly review in one command. Rebuilds the store fitting the
 * conversion model anew on the current matured journeys, saves it as a new version (the next
 * builds score with it) and prints the replaced model and the new one side by side.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Fit the conversion model again on the current matured journeys, save it beside the"
            + " store as the model later builds score with, and print the model it replaces"
            + " and the new one side by side.",
        "",
        "First each model's numbers from its own fitting, on the most recent matured"
            + " journeys of its time; then both on the new model's validation journeys, the"
            + " same journeys for both. The replaced version's file stays in <store>.models."},
    optionListHeading = "%nOptions:%n", exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:a new model was fitted and saved",
        "1:the build failed, or too few matured journeys to fit a model (the saved one stays)",
        "2:wrong command line or model file"})
final class RetrainCommand implements Callable<Integer> {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "FILE",
      description = "Model file (YAML).")
  Path model;

  @Option(names = "--store", paramLabel = "FILE",
      description = "Store file (default: beside the model).")
  Path store;

  @Option(names = "--memory", paramLabel = "SIZE", description = "Memory bound of the store"
      + " engine, as for build.")
  String memory;

  @Override
  public Integer call() throws Exception {
    JourneyModel m = ModelLoader.load(model);
    Path target = (store != null ? store : m.defaultStore()).toAbsolutePath();
    BuildSettings settings;
    try {
      settings = (memory == null ? BuildSettings.defaults()
          : new BuildSettings(BuildSettings.parseMegabytes(memory), true)).withRetrain(true);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--memory: "
          + e.getMessage());
    }
    ScoreModel before = null;
    String beforeNote = "none saved";
    try {
      before = SavedModels.current(target).orElse(null);
    } catch (SavedModels.Unreadable e) {
      beforeNote = "unreadable: " + e.getMessage();
    }
    JourneymapCli.err().println("Retraining the conversion model of " + target);
    StoreLocator.build(m, target, new ConsoleProgress(JourneymapCli.err()), settings);
    String status;
    String version;
    String sentence;
    try (Connection c = DriverManager.getConnection(
        JourneymapDriver.PREFIX + "store=" + target);
         Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT status, version, sentence FROM model_health"
             + " WHERE chosen OR model IS NULL")) {
      r.next();
      status = r.getString(1);
      version = r.getString(2);
      sentence = r.getString(3);
    }
    var out = JourneymapCli.out();
    if (!"ok".equals(status)) {
      out.println("No new model (" + status + "): " + sentence);
      out.println(before == null ? "No model is saved." : "The saved model " + before.version()
          + " stays the one later builds score with.");
      return 1;
    }
    ScoreModel after;
    try {
      after = SavedModels.read(SavedModels.file(target, version));
    } catch (SavedModels.Unreadable e) {
      JourneymapCli.err().println("error: the model this build saved cannot be read back: "
          + e.getMessage());
      return 1;
    }
    out.printf(Locale.ROOT, "Conversion model, scores on day %d after the start%n",
        after.scope().atDays());
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"", "before", "after"});
    row(rows, "version", before, after, ScoreModel::version);
    row(rows, "fitted (UTC)", before, after, x -> MINUTE.format(x.trainedAt()));
    row(rows, "method", before, after, x -> x.propensity().method().label());
    row(rows, "training journeys (converted)", before, after, x -> String.format(Locale.ROOT,
        "%,d (%,d)", x.split().training(), x.split().trainingConverted()));
    row(rows, "validation journeys (converted)", before, after, x -> String.format(Locale.ROOT,
        "%,d (%,d)", x.split().validation(), x.split().validationConverted()));
    row(rows, "validation cohort started", before, after,
        x -> x.split().validationFrom().toString().substring(0, 10) + " to "
            + x.split().validationUntil().toString().substring(0, 10));
    rows.add(new String[] {"on its own validation journeys:", "", ""});
    row(rows, "AUC (95% CI)", before, after, x -> auc(x.propensity().evaluation()));
    row(rows, "Brier score", before, after, x -> String.format(Locale.ROOT, "%.4f",
        x.propensity().evaluation().calibration().brier()));
    row(rows, "log-loss", before, after, x -> String.format(Locale.ROOT, "%.4f",
        x.propensity().evaluation().logLoss()));
    row(rows, "calibration error (ECE)", before, after, x -> String.format(Locale.ROOT,
        "%.4f", x.propensity().evaluation().calibration().ece()));
    row(rows, "converted / predicted (95% CI)", before, after,
        x -> observedAgainstExpected(x.propensity().evaluation().calibration()));
    Propensity.Evaluation beforeNow = before == null ? null : sameJourneys(target, before, after);
    if (beforeNow != null) {
      Propensity.Evaluation afterNow = after.propensity().evaluation();
      rows.add(new String[] {"on the new validation journeys (both):", "", ""});
      rows.add(new String[] {"AUC (95% CI)", auc(beforeNow), auc(afterNow)});
      rows.add(new String[] {"Brier score", String.format(Locale.ROOT, "%.4f",
          beforeNow.calibration().brier()), String.format(Locale.ROOT, "%.4f",
          afterNow.calibration().brier())});
      rows.add(new String[] {"log-loss", String.format(Locale.ROOT, "%.4f",
          beforeNow.logLoss()), String.format(Locale.ROOT, "%.4f", afterNow.logLoss())});
      rows.add(new String[] {"calibration error (ECE)", String.format(Locale.ROOT, "%.4f",
          beforeNow.calibration().ece()), String.format(Locale.ROOT, "%.4f",
          afterNow.calibration().ece())});
      // the replaced model on journeys it never saw: over- or under-predicting shows here
      rows.add(new String[] {"converted / predicted (95% CI)",
          observedAgainstExpected(beforeNow.calibration()),
          observedAgainstExpected(afterNow.calibration())});
    }
    int[] width = new int[3];
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      out.println(("  " + pad(r[0], width[0]) + "  " + pad(r[1], width[1]) + "  "
          + r[2]).stripTrailing());
    }
    if (before == null) {
      out.println("Before: " + beforeNote + ".");
    } else if (before.version().equals(after.version())) {
      out.println("Same data and settings as the saved model: the same model again.");
    }
    out.println("Saved as " + SavedModels.file(target, after.version())
        + "; later builds score with it.");
    return 0;
  }

  private static void row(List<String[]> rows, String label, ScoreModel before,
      ScoreModel after, Function<ScoreModel, String> value) {
    rows.add(new String[] {label, before == null ? "-" : value.apply(before),
        value.apply(after)});
  }

  /**
   * The replaced model on the new model's validation journeys; null when it scores on another
   * day (the model file changed), or cannot be read on this store.
   */
  private static Propensity.Evaluation sameJourneys(Path target, ScoreModel before,
      ScoreModel after) throws java.sql.SQLException {
    JourneyStore store = JourneyStore.open(target);
    try (Connection c = store.connect()) {
      return CohortEvaluation.of(c, before, after);
    } finally {
      store.release();
    }
  }

  private static String auc(Propensity.Evaluation e) {
    return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", e.discrimination().auc(),
        e.discrimination().low(), e.discrimination().high());
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  /** Converted against predicted, and their ratio with its interval: 347 / 371.0 = 0.94 (...). */
  private static String observedAgainstExpected(Calibration c) {
    var large = c.inTheLarge();
    return String.format(Locale.ROOT, "%,d / %,.1f = %.2f (%.2f-%.2f)", large.observed(),
        large.expected(), large.ratio(), large.low(), large.high());
  }
}
