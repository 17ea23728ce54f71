package io.journeymap.pipeline;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Propensity;
import io.journeymap.insight.ScoreModel;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.TaxonomyEvent;
import io.journeymap.stats.CalibrationInTheLarge;
import io.journeymap.stats.Stability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Conversion scores as seen at a moment in each journey (insights.scores.at_days after the
 * start). The model is the one saved beside the store by an earlier build, as long as the
 * model file still defines its features the same way; otherwise (none saved, unreadable, the
 * definition changed, or retraining asked for) a new one is fitted on the matured journeys
 * ({@link ScoreFit}) and saved. Every journey undecided at its moment is then scored in one
 * streamed pass: open ones to act on, the others flagged by their role. Too few converted or
 * unconverted journeys: no model, no scores, and model_health says so.
 */
final class PropensityScores {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Instant asOf;
  private final Path storeFile;
  private final boolean retrain;
  private final String at;

  /**
   * @param storeFile the store being built (where its saved models live)
   * @param retrain fit a new model even when a saved one still fits
   */
  PropensityScores(DuckDBConnection store, JourneyModel model, Instant asOf, Path storeFile,
      boolean retrain) {
    this.store = store;
    this.model = model;
    this.asOf = asOf;
    this.storeFile = storeFile;
    this.retrain = retrain;
    this.at = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
  }

  /**
   * What the phase did.
   *
   * @param detail in words, for the build log
   * @param warnings why a saved model could not be used, for the build log and summary
   * @param fitted the model fitted and saved by this build (to become current once the store
   *     is in place); null when the saved one was used or there is none
   */
  record Result(String detail, List<String> warnings, ScoreModel fitted) {}

  Result run() throws SQLException {
    int days = model.insights().scoreDays();
    double windowDays = model.journey().window().toMillis() / 86_400_000.0;
    if (days >= windowDays) {
      return new Result(health("not_applicable", String.format(Locale.ROOT, "A %d-day window"
          + " leaves no whole day to score a journey inside it before it is decided.",
          model.journey().window().toDays())), List.of(), null);
    }
    List<String> warnings = new ArrayList<>();
    ScoreModel.Scope scope = ScoreFit.scope(days, windowDays, model.journey().startEvent(),
        model.journey().outcomeEvents());
    ScoreModel saved = null;
    String why = "retraining was asked for";
    if (!retrain) {
      try {
        saved = SavedModels.current(storeFile).orElse(null);
        why = "no model was saved before";
      } catch (SavedModels.Unreadable e) {
        why = "the saved model cannot be read";
        warnings.add("the saved conversion model cannot be read: " + e.getMessage()
            + "; a new model is fitted");
      }
      String mismatch = saved == null ? null : saved.mismatch(scope,
          model.taxonomy().stream().map(TaxonomyEvent::name).toList());
      if (mismatch != null) {
        warnings.add("the saved conversion model " + saved.version() + " no longer fits the"
            + " model file (" + mismatch + "); a new model is fitted");
        why = "the model file changed";
        saved = null;
      }
    }
    List<String> notBehaviour = JourneyFeatures.notBehaviour(model.journey());
    long started = System.nanoTime();
    if (saved != null) {
      JourneyFeatures.Table t = JourneyFeatures.create(store, asOf, notBehaviour,
          JourneyFeatures.Work.BUILD, "score_features", saved.features(), null);
      ScoreFit.roles(store, JourneyFeatures.Work.BUILD, "score_roles", t, saved.split());
      write(t, saved, true);
      return new Result(String.format(Locale.ROOT, "saved model %s reused (%s, fitted %s,"
              + " validation AUC %.2f); scoring %.1f s", saved.version(),
          saved.propensity().method().label(), saved.trainedAt().toString().substring(0, 10),
          saved.propensity().evaluation().discrimination().auc(),
          (System.nanoTime() - started) / 1e9), warnings, null);
    }
    JourneyFeatures.Table t = JourneyFeatures.create(store, asOf, notBehaviour, days,
        JourneyFeatures.Work.BUILD, "score_features", true);
    ScoreFit.Outcome fit = ScoreFit.fit(store, JourneyFeatures.Work.BUILD, "score_roles", t,
        scope);
    if (fit.model() == null) {
      return new Result(health("insufficient_data", fit.insufficient() + ", so no journey is"
          + " scored."), warnings, null);
    }
    ScoreModel fitted = fit.model();
    Path file;
    try {
      file = SavedModels.write(storeFile, fitted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the conversion model beside the store in "
          + SavedModels.directory(storeFile) + ": " + e.getMessage(), e);
    }
    long scoring = System.nanoTime();
    write(t, fitted, false);
    return new Result(String.format(Locale.ROOT, "%s chosen (validation AUC %.2f, %,d"
            + " journeys), model %s fitted because %s, saved as %s; fitting %.1f s, scoring"
            + " %.1f s", fitted.propensity().method().label(),
        fitted.propensity().evaluation().discrimination().auc(), fitted.split().validation(),
        fitted.version(), why, file.getFileName(), (scoring - started) / 1e9,
        (System.nanoTime() - scoring) / 1e9), warnings, fitted);
  }

  /** Scores every journey of the roles table, then describes the model in model_health. */
  private void write(JourneyFeatures.Table t, ScoreModel m, boolean reused) throws SQLException {
    List<double[]> recent = score(t, m);
    long maturedSince;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM build.score_roles"
             + " WHERE role = 'since_training'")) {
      r.next();
      maturedSince = r.getLong(1);
    }
    health(t, m, reused, recent, maturedSince);
  }

  /**
   * Scores every journey undecided at its moment, streamed into the store. Returns the
   * transformed features of journeys started in the 30 days before as-of whose moment has
   * passed (the newest {@link ScoreFit#MAX_ROWS} of them), for drift.
   */
  private List<double[]> score(JourneyFeatures.Table t, ScoreModel m) throws SQLException {
    List<double[]> recent = new ArrayList<>();
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.score_rows (journey_id BIGINT, p_convert DOUBLE,"
          + " band VARCHAR, top_reasons VARCHAR)");
    }
    // a second connection streams the features while the first appends
    Sql.inTransaction(store, () -> {
      try (DuckDBAppender a = store.createAppender("build", "main", "score_rows");
           DuckDBConnection reader = (DuckDBConnection) store.duplicate();
           Statement s = reader.createStatement();
           // the drift sample is the newest recent journeys, the same in every build: the
           // first ones the stream happened to bring changed with the engine's threads
           ResultSet r = s.executeQuery("SELECT f.journey_id, d.journey_id IS NOT NULL,"
               + " r.role IN ('open', 'recent'), " + t.columns() + " FROM build.score_roles r"
               + " JOIN " + t.name() + " f USING (journey_id) LEFT JOIN (SELECT f.journey_id"
               + " FROM build.score_roles JOIN " + t.name() + " f USING (journey_id)"
               + " WHERE f.started_at >= " + at + " - INTERVAL 30 DAY AND f.moment_at <= " + at
               + " ORDER BY f.started_at DESC, f.journey_id DESC LIMIT " + ScoreFit.MAX_ROWS
               + ") d USING (journey_id)")) {
        while (r.next()) {
          double[] raw = t.raw(r, 4);
          double[] x = t.transform(raw);
          double p = m.probability(x);
          a.beginRow();
          a.append(r.getLong(1));
          a.append(p);
          a.append(m.band(p));
          // reasons are for journeys someone can still act on; matured ones are there to be
          // evaluated, and Shapley values for every one of them would cost most of the phase
          if (r.getBoolean(3)) {
            a.append(m.reasons(raw, x));
          } else {
            a.appendNull();
          }
          a.endRow();
          if (r.getBoolean(2)) {
            recent.add(x);
          }
        }
      }
    });
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO main.scores SELECT f.journey_id, least(f.moment_at, " + at + "),"
          + " least(f.observed_days, " + t.days() + "), r.role, f.status, x.p_convert, x.band,"
          // a journey younger than the moment was seen for less time than the model learnt on
          + " " + provisional("f", t.days()) + " || x.top_reasons, "
          + Sql.literal(m.propensity().method().label()) + ", " + Sql.literal(m.version())
          + " FROM build.score_rows x JOIN build.score_roles r USING (journey_id) JOIN "
          + t.name() + " f USING (journey_id) ORDER BY f.journey_id");
    }
    return recent;
  }

  /** The prefix of a young journey's reasons: its score is provisional. */
  static String provisional(String f, int days) {
    return "CASE WHEN " + f + ".observed_days < " + days + " THEN printf('provisional, %.1f of "
        + days + " days seen: ', " + f + ".observed_days) ELSE '' END";
  }

  private void health(JourneyFeatures.Table t, ScoreModel m, boolean reused,
      List<double[]> recent, long maturedSince) throws SQLException {
    // drift of the chosen model's most important features: training journeys vs recent ones
    List<String> drift = new ArrayList<>();
    double maxPsi = Double.NaN;
    String worst = null;
    double[][] now = recent.toArray(double[][]::new);
    if (now.length > 0) {
      for (ScoreModel.Drift d : m.drift()) {
        double psi = Stability.psi(d.reference(), ScoreFit.column(now, d.feature()));
        Feature f = m.features().get(d.feature());
        drift.add(String.format(Locale.ROOT, "%s: %.3f", f.subject(), psi));
        if (Double.isNaN(maxPsi) || psi > maxPsi) {
          maxPsi = psi;
          worst = f.subject();
        }
      }
    }
    Propensity propensity = m.propensity();
    var chosen = propensity.evaluation();
    ScoreModel.Split split = m.split();
    CalibrationInTheLarge large = chosen.calibration().inTheLarge();
    String calibrated = large.words("converted");
    boolean retrainNow;
    String recommendation;
    if (!Double.isNaN(maxPsi) && maxPsi > Stability.MAJOR) {
      retrainNow = true;
      recommendation = String.format(Locale.ROOT, "Retrain: %s shifted between the training"
          + " journeys and the last 30 days (PSI %.2f > %.2f).", worst, maxPsi, Stability.MAJOR);
    } else if (large.verdict() == CalibrationInTheLarge.Verdict.OVER_PREDICTS
        || large.verdict() == CalibrationInTheLarge.Verdict.UNDER_PREDICTS) {
      retrainNow = true;
      recommendation = String.format(Locale.ROOT, "Retrain: the scores %s on the latest"
              + " cohort: %s, more than %.0f%% off and more than chance explains; read p_convert"
              + " as a ranking, not as a chance, until a refit.",
          large.ratio() < 1 ? "over-predict" : "under-predict", calibrated,
          100 * CalibrationInTheLarge.MATERIAL);
    } else if (chosen.calibration().ece() > 0.1) {
      retrainNow = true;
      recommendation = String.format(Locale.ROOT, "Retrain: on the latest cohort the"
          + " probabilities are off by %.0f points on average (ECE %.2f).",
          100 * chosen.calibration().ece(), chosen.calibration().ece());
    } else if (maturedSince >= split.validation()) {
      retrainNow = true;
      recommendation = String.format(Locale.ROOT, "Retrain: %,d journeys have matured since"
          + " the model was fitted, more than its validation cohort of %,d; a refit learns"
          + " from them.", maturedSince, split.validation());
    } else {
      retrainNow = false;
      // the words of a cohort too small to judge say so themselves
      String calibration = "on the latest cohort " + calibrated
          + (large.verdict() == CalibrationInTheLarge.Verdict.CALIBRATED ? String.format(
              Locale.ROOT, ", within chance or %.0f%%", 100 * CalibrationInTheLarge.MATERIAL)
              : "");
      recommendation = Double.isNaN(maxPsi)
          ? "No journeys in the last 30 days reached their scoring moment, so drift is"
              + " unknown; " + calibration + "."
          : String.format(Locale.ROOT, "No retraining needed: top features stable (largest"
              + " PSI %.2f); %s; calibration error %.2f.", maxPsi, calibration,
              chosen.calibration().ece());
    }
    if (!chosen.discrimination().betterThanChance()) {
      recommendation += " The scores separate converters no better than chance on the latest"
          + " cohort (the AUC interval includes 0.5): do not act on them.";
    }
    String origin = reused
        ? " Saved model fitted " + m.trainedAt().toString().substring(0, 10) + ", reused."
        : "";
    for (Propensity.Evaluation e : propensity.evaluations()) {
      boolean isChosen = e.method() == propensity.method();
      try (PreparedStatement out = store.prepareStatement("INSERT INTO main.model_health"
          + " VALUES (?, ?, 'ok', ?, make_timestamp(?), ?, ?, ?, ?, ?, ?, make_timestamp(?), ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        out.setString(1, e.method().label());
        out.setBoolean(2, isChosen);
        out.setString(3, m.version());
        out.setLong(4, micros(m.trainedAt()));
        out.setInt(5, t.days());
        out.setLong(6, split.training());
        out.setLong(7, split.trainingConverted());
        out.setLong(8, split.calibration());
        out.setLong(9, split.validation());
        out.setLong(10, split.validationConverted());
        out.setLong(11, micros(split.validationFrom()));
        setDouble(out, 12, e.calibration().baseRate());
        setDouble(out, 13, e.logLoss());
        setDouble(out, 14, e.discrimination().auc());
        setDouble(out, 15, e.discrimination().low());
        setDouble(out, 16, e.discrimination().high());
        setDouble(out, 17, e.calibration().brier());
        setDouble(out, 18, e.calibration().ece());
        out.setString(19, e.method() == Propensity.Method.LOGISTIC_REGRESSION
            ? "coefficient x standardised value" : "TreeSHAP (Shapley values of the trees)");
        out.setLong(20, recent.size());
        setDouble(out, 21, maxPsi);
        out.setString(22, drift.isEmpty() ? null : String.join("; ", drift));
        out.setBoolean(23, isChosen && retrainNow);
        out.setString(24, isChosen ? recommendation : "Not chosen: a higher validation"
            + " log-loss than " + propensity.method().label() + ".");
        CalibrationInTheLarge inLarge = e.calibration().inTheLarge();
        out.setString(25, String.format(Locale.ROOT, "%s%s: on the %,d most recent matured"
                + " journeys (from %s), AUC %.2f (95%% CI %.2f-%.2f), Brier %.3f, calibration"
                + " error %.3f; %s.%s", e.method().label().replace('_', ' '),
            isChosen ? " (chosen)" : "", split.validation(),
            split.validationFrom().toString().substring(0, 10), e.discrimination().auc(),
            e.discrimination().low(), e.discrimination().high(), e.calibration().brier(),
            e.calibration().ece(), inLarge.words("converted"), origin));
        out.setBoolean(26, reused);
        out.setLong(27, maturedSince);
        setDouble(out, 28, inLarge.expected());
        setDouble(out, 29, inLarge.ratio());
        setDouble(out, 30, inLarge.low());
        setDouble(out, 31, inLarge.high());
        setDouble(out, 32, inLarge.pValue());
        out.setString(33, inLarge.verdict().label());
        out.execute();
      }
    }
  }

  /** A model_health row without a model; returns its sentence for the build log. */
  private String health(String status, String why) throws SQLException {
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.model_health"
        + " (model, chosen, status, trained_at, at_days, retrain_recommended, recommendation,"
        + " sentence, reused) VALUES (NULL, false, ?, now(), ?, false, ?, ?, false)")) {
      out.setString(1, status);
      out.setInt(2, model.insights().scoreDays());
      out.setString(3, status.equals("insufficient_data")
          ? "Wait for more matured journeys; scores appear once both outcomes are common enough."
          : "Declare a longer journey window, or no scores.");
      out.setString(4, why);
      out.execute();
    }
    return status + ": " + why;
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private static void setDouble(PreparedStatement out, int index, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.setNull(index, Types.DOUBLE);
    } else {
      out.setDouble(index, v);
    }
  }
}
