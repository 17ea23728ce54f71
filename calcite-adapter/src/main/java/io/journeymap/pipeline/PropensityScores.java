package io.journeymap.pipeline;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Propensity;
import io.journeymap.model.JourneyModel;
import io.journeymap.stats.Stability;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Conversion scores as seen at a moment in each journey (insights.scores.at_days after the
 * start). Matured journeys (judged) still undecided at that moment are split by start time:
 * the oldest 60% train, the next 20% calibrate, the most recent 20% validate, so the reported
 * numbers are those of scoring later journeys with a model of earlier ones. Every journey
 * undecided at its moment is then scored in one streamed pass: open ones to act on, the others
 * flagged by their role. Too few converted or unconverted journeys: no model, no scores, and
 * model_health says so.
 */
final class PropensityScores {
  /** Converted and unconverted matured journeys each needed, at least, for a model. */
  static final int MIN_PER_OUTCOME = 100;
  /** And of each in each of training, calibration and validation. */
  static final int MIN_PER_OUTCOME_PER_PART = 10;
  /** Journeys per part read onto the heap, at most (the most recent ones of the part). */
  static final int MAX_ROWS = 50_000;
  /** Features whose drift is measured. */
  static final int DRIFT_FEATURES = 5;
  private static final long SEED = 20_240_602L;

  private final DuckDBConnection store;
  private final JourneyModel model;
  private final Instant asOf;
  private final String at;

  PropensityScores(DuckDBConnection store, JourneyModel model, Instant asOf) {
    this.store = store;
    this.model = model;
    this.asOf = asOf;
    this.at = "make_timestamp(" + asOf.toEpochMilli() * 1000 + ")";
  }

  private record Part(String name, Propensity.Data data, List<Long> ids) {}

  /** What was done, in words for the build log. */
  String run() throws SQLException {
    int days = model.insights().scoreDays();
    long windowDays = model.journey().window().toDays();
    if (days >= windowDays) {
      return health("not_applicable", String.format(Locale.ROOT, "A %d-day window leaves no"
          + " whole day to score a journey inside it before it is decided.", windowDays));
    }
    JourneyFeatures.Table t = JourneyFeatures.create(store, model.journey(), asOf, days,
        "score_features", true);
    try (Statement s = store.createStatement()) {
      // undecided at the moment: an outcome at the moment itself is not known before it
      s.execute("CREATE TABLE build.score_roles AS SELECT journey_id, CASE"
          + " WHEN status = 'open' THEN 'open' WHEN NOT judged THEN 'recent'"
          + " WHEN rank < 0.6 THEN 'training' WHEN rank < 0.8 THEN 'calibration'"
          + " ELSE 'validation' END AS role FROM (SELECT journey_id, status, judged,"
          + " CASE WHEN judged THEN percent_rank() OVER (PARTITION BY judged ORDER BY"
          + " started_at, journey_id) END AS rank FROM " + t.name()
          + " WHERE outcome_at IS NULL OR outcome_at >= moment_at)");
    }
    long[][] counts = new long[3][2]; // training, calibration, validation x unconverted, converted
    List<String> parts = List.of("training", "calibration", "validation");
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT r.role, f.converted, count(*) FROM"
             + " build.score_roles r JOIN " + t.name() + " f USING (journey_id)"
             + " WHERE r.role IN ('training', 'calibration', 'validation') GROUP BY ALL")) {
      while (r.next()) {
        counts[parts.indexOf(r.getString(1))][r.getBoolean(2) ? 1 : 0] = r.getLong(3);
      }
    }
    long converted = counts[0][1] + counts[1][1] + counts[2][1];
    long unconverted = counts[0][0] + counts[1][0] + counts[2][0];
    boolean thinPart = false;
    for (long[] c : counts) {
      thinPart |= c[0] < MIN_PER_OUTCOME_PER_PART || c[1] < MIN_PER_OUTCOME_PER_PART;
    }
    if (converted < MIN_PER_OUTCOME || unconverted < MIN_PER_OUTCOME || thinPart) {
      return health("insufficient_data", String.format(Locale.ROOT, "%,d converted and %,d"
              + " unconverted matured journeys were undecided on day %d; a model needs at least"
              + " %d of each (and %d of each in training, calibration and validation), so no"
              + " journey is scored.", converted, unconverted, days, MIN_PER_OUTCOME,
          MIN_PER_OUTCOME_PER_PART));
    }
    long fitStarted = System.nanoTime();
    Part train = part(t, "training");
    Part calibration = part(t, "calibration");
    Part validation = part(t, "validation");
    Propensity propensity = Propensity.train(t.features(), train.data(), calibration.data(),
        validation.data(), SEED);
    String version = version(t, train);
    double[] typical = typical(t);
    double baseRate = (double) converted / (converted + unconverted);
    long scoreStarted = System.nanoTime();
    List<double[]> recent = score(t, propensity, typical, version, baseRate);
    write(t, propensity, version, train, calibration, validation, recent);
    return String.format(Locale.ROOT, "%s chosen (validation AUC %.2f, %,d journeys),"
            + " model %s; fitting %.1f s, scoring %.1f s", propensity.method().label(),
        propensity.evaluation().discrimination().auc(), validation.ids().size(), version,
        (scoreStarted - fitStarted) / 1e9, (System.nanoTime() - scoreStarted) / 1e9);
  }

  /** A part's journeys, the most recent {@link #MAX_ROWS} of them, oldest first. */
  private Part part(JourneyFeatures.Table t, String role) throws SQLException {
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT * FROM (SELECT f.journey_id, f.started_at,"
             + " f.converted, " + t.columns() + " FROM build.score_roles r JOIN " + t.name()
             + " f USING (journey_id) WHERE r.role = " + Sql.literal(role)
             + " ORDER BY f.started_at DESC, f.journey_id DESC LIMIT " + MAX_ROWS + ")"
             + " ORDER BY started_at, journey_id")) {
      while (r.next()) {
        ids.add(r.getLong(1));
        y.add(r.getBoolean(3) ? 1 : 0);
        x.add(t.transform(t.raw(r, 4)));
      }
    }
    return new Part(role, new Propensity.Data(x.toArray(double[][]::new),
        y.stream().mapToInt(Integer::intValue).toArray()), ids);
  }

  /**
   * A version that changes when the settings, the features or the training journeys and
   * their outcomes change: the same data and model file give the same version.
   */
  private String version(JourneyFeatures.Table t, Part train) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((Propensity.CONFIG + "|at_days=" + t.days() + "|" + t.features())
          .getBytes(StandardCharsets.UTF_8));
      for (int i = 0; i < train.ids().size(); i++) {
        d.update((train.ids().get(i) + ":" + train.data().y()[i] + ";")
            .getBytes(StandardCharsets.UTF_8));
        for (double v : train.data().x()[i]) {
          d.update(Double.toString(v).getBytes(StandardCharsets.UTF_8));
        }
      }
      return "m-" + HexFormat.of().formatHex(d.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Median raw value of each feature over matured journeys; times only where they happened. */
  private double[] typical(JourneyFeatures.Table t) throws SQLException {
    StringBuilder q = new StringBuilder("SELECT 1");
    for (Feature f : t.features()) {
      String c = "f." + Sql.ident(f.column());
      q.append(f.kind() == Feature.Kind.DAYS_TO_FIRST
          ? ", CASE WHEN 2 * count(" + c + ") >= count(*) THEN median(" + c + ") END"
          : ", median(" + c + ")");
    }
    q.append(" FROM build.score_roles r JOIN ").append(t.name()).append(" f USING (journey_id)"
        + " WHERE r.role IN ('training', 'calibration', 'validation')");
    double[] out = new double[t.features().size()];
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery(q.toString())) {
      r.next();
      for (int j = 0; j < out.length; j++) {
        out[j] = r.getDouble(2 + j);
        if (r.wasNull()) {
          out[j] = Double.NaN;
        }
      }
    }
    return out;
  }

  /**
   * Scores every journey undecided at its moment, streamed into the store. Returns the
   * transformed features of journeys started in the 30 days before as-of whose moment has
   * passed (at most {@link #MAX_ROWS}), for drift.
   */
  private List<double[]> score(JourneyFeatures.Table t, Propensity propensity, double[] typical,
      String version, double baseRate) throws SQLException {
    List<double[]> recent = new ArrayList<>();
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.score_rows (journey_id BIGINT, p_convert DOUBLE,"
          + " band VARCHAR, top_reasons VARCHAR)");
    }
    // a second connection streams the features while the first appends
    try (DuckDBAppender a = store.createAppender("build", "score_rows");
         DuckDBConnection reader = (DuckDBConnection) store.duplicate();
         Statement s = reader.createStatement();
         ResultSet r = s.executeQuery("SELECT f.journey_id, f.started_at >= " + at
             + " - INTERVAL 30 DAY AND f.moment_at <= " + at + ", r.role IN ('open', 'recent'), "
             + t.columns() + " FROM build.score_roles r JOIN " + t.name()
             + " f USING (journey_id)")) {
      while (r.next()) {
        double[] raw = t.raw(r, 4);
        double[] x = t.transform(raw);
        double p = propensity.probability(x);
        a.beginRow();
        a.append(r.getLong(1));
        a.append(p);
        a.append(p >= 1.5 * baseRate ? "high" : p <= baseRate / 1.5 ? "low" : "medium");
        // reasons are for journeys someone can still act on; matured ones are there to be
        // evaluated, and Shapley values for every one of them would cost most of the phase
        if (r.getBoolean(3)) {
          a.append(propensity.reasons(raw, propensity.contributions(x), typical, 3));
        } else {
          a.appendNull();
        }
        a.endRow();
        if (r.getBoolean(2) && recent.size() < MAX_ROWS) {
          recent.add(x);
        }
      }
    }
    try (Statement s = store.createStatement()) {
      s.execute("INSERT INTO main.scores SELECT f.journey_id, least(f.moment_at, " + at + "),"
          + " least(f.observed_days, " + t.days() + "), r.role, f.status, x.p_convert, x.band,"
          // a journey younger than the moment was seen for less time than the model learnt on
          + " CASE WHEN f.observed_days < " + t.days() + " THEN printf('provisional, %.1f of "
          + t.days() + " days seen: ', f.observed_days) ELSE '' END || x.top_reasons, " + Sql.literal(propensity.method().label()) + ", "
          + Sql.literal(version) + " FROM build.score_rows x JOIN build.score_roles r"
          + " USING (journey_id) JOIN " + t.name() + " f USING (journey_id)"
          + " ORDER BY f.journey_id");
    }
    return recent;
  }

  private void write(JourneyFeatures.Table t, Propensity propensity, String version, Part train,
      Part calibration, Part validation, List<double[]> recent) throws SQLException {
    // drift of the chosen model's most important features: training journeys vs recent ones
    List<String> drift = new ArrayList<>();
    double maxPsi = Double.NaN;
    String worst = null;
    int[] ranking = propensity.ranking();
    if (!recent.isEmpty()) {
      for (int j : java.util.Arrays.copyOf(ranking, Math.min(DRIFT_FEATURES, ranking.length))) {
        double[] before = column(train.data().x(), j);
        double[] now = column(recent.toArray(double[][]::new), j);
        double psi = Stability.psi(before, now, 10);
        Feature f = t.features().get(j);
        drift.add(String.format(Locale.ROOT, "%s: %.3f", f.subject(), psi));
        if (Double.isNaN(maxPsi) || psi > maxPsi) {
          maxPsi = psi;
          worst = f.subject();
        }
      }
    }
    var chosen = propensity.evaluation();
    boolean retrain;
    String recommendation;
    if (!Double.isNaN(maxPsi) && maxPsi > Stability.MAJOR) {
      retrain = true;
      recommendation = String.format(Locale.ROOT, "Retrain: %s shifted between the training"
          + " journeys and the last 30 days (PSI %.2f > %.2f).", worst, maxPsi, Stability.MAJOR);
    } else if (chosen.calibration().ece() > 0.1) {
      retrain = true;
      recommendation = String.format(Locale.ROOT, "Retrain: on the latest cohort the"
          + " probabilities are off by %.0f points on average (ECE %.2f).",
          100 * chosen.calibration().ece(), chosen.calibration().ece());
    } else {
      retrain = false;
      recommendation = Double.isNaN(maxPsi)
          ? "No journeys in the last 30 days reached their scoring moment, so drift is"
              + " unknown; calibration on the latest cohort is fine."
          : String.format(Locale.ROOT, "No retraining needed: top features stable (largest"
              + " PSI %.2f) and calibration error %.2f on the latest cohort.", maxPsi,
              chosen.calibration().ece());
    }
    if (!chosen.discrimination().betterThanChance()) {
      recommendation += " The scores separate converters no better than chance on the latest"
          + " cohort (the AUC interval includes 0.5): do not act on them.";
    }
    Instant validationFrom;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT epoch_ms(min(f.started_at)) FROM"
             + " build.score_roles r JOIN " + t.name() + " f USING (journey_id)"
             + " WHERE r.role = 'validation'")) {
      r.next();
      validationFrom = Instant.ofEpochMilli(r.getLong(1));
    }
    for (Propensity.Evaluation e : propensity.evaluations()) {
      boolean isChosen = e.method() == propensity.method();
      try (PreparedStatement out = store.prepareStatement("INSERT INTO main.model_health"
          + " VALUES (?, ?, 'ok', ?, now(), ?, ?, ?, ?, ?, ?, make_timestamp(?), ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        out.setString(1, e.method().label());
        out.setBoolean(2, isChosen);
        out.setString(3, version);
        out.setInt(4, t.days());
        out.setLong(5, train.ids().size());
        out.setLong(6, train.data().positives());
        out.setLong(7, calibration.ids().size());
        out.setLong(8, validation.ids().size());
        out.setLong(9, validation.data().positives());
        out.setLong(10, validationFrom.toEpochMilli() * 1000);
        setDouble(out, 11, e.calibration().baseRate());
        setDouble(out, 12, e.logLoss());
        setDouble(out, 13, e.discrimination().auc());
        setDouble(out, 14, e.discrimination().low());
        setDouble(out, 15, e.discrimination().high());
        setDouble(out, 16, e.calibration().brier());
        setDouble(out, 17, e.calibration().ece());
        out.setString(18, e.method() == Propensity.Method.LOGISTIC_REGRESSION
            ? "coefficient x standardised value" : "TreeSHAP (Shapley values of the trees)");
        out.setLong(19, recent.size());
        setDouble(out, 20, maxPsi);
        out.setString(21, drift.isEmpty() ? null : String.join("; ", drift));
        out.setBoolean(22, isChosen && retrain);
        out.setString(23, isChosen ? recommendation : "Not chosen: a higher validation"
            + " log-loss than " + propensity.method().label() + ".");
        out.setString(24, String.format(Locale.ROOT, "%s%s: on the %,d most recent matured"
                + " journeys (from %s), AUC %.2f (95%% CI %.2f-%.2f), Brier %.3f, calibration"
                + " error %.3f, base rate %.1f%%.", e.method().label().replace('_', ' '),
            isChosen ? " (chosen)" : "", validation.ids().size(),
            validationFrom.toString().substring(0, 10), e.discrimination().auc(),
            e.discrimination().low(), e.discrimination().high(), e.calibration().brier(),
            e.calibration().ece(), 100 * e.calibration().baseRate()));
        out.execute();
      }
    }
  }

  /** A model_health row without a model. */
  private String health(String status, String why) throws SQLException {
    try (PreparedStatement out = store.prepareStatement("INSERT INTO main.model_health"
        + " (model, chosen, status, trained_at, at_days, retrain_recommended, recommendation,"
        + " sentence) VALUES (NULL, false, ?, now(), ?, false, ?, ?)")) {
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

  private static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }

  private static void setDouble(PreparedStatement out, int index, double v) throws SQLException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      out.setNull(index, Types.DOUBLE);
    } else {
      out.setDouble(index, v);
    }
  }
}
