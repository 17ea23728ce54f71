package io.journeymap.pipeline;

import io.journeymap.insight.Feature;
import io.journeymap.insight.Propensity;
import io.journeymap.insight.ScoreModel;
import io.journeymap.stats.Stability;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Fits a conversion model on a store's matured journeys, as seen at a moment in each (a
 * features table). Matured journeys still undecided at that moment are split by start time:
 * the oldest 60% train, the next 20% calibrate, the most recent 20% validate, so the reported
 * numbers are those of scoring later journeys with a model of earlier ones. Used by the build
 * and by the {@code score()} table function, on the build's work schema or a query
 * connection's temporary one.
 */
final class ScoreFit {
  /** Converted and unconverted matured journeys each needed, at least, for a model. */
  static final int MIN_PER_OUTCOME = 100;
  /** And of each in each of training, calibration and validation. */
  static final int MIN_PER_OUTCOME_PER_PART = 10;
  /** Journeys per part read onto the heap, at most (the most recent ones of the part). */
  static final int MAX_ROWS = 50_000;
  /** Features whose drift is measured. */
  static final int DRIFT_FEATURES = 5;
  /** Bins of a drift reference. */
  static final int DRIFT_BINS = 10;
  private static final long SEED = 20_240_602L;
  private static final List<String> PARTS = List.of("training", "calibration", "validation");

  private ScoreFit() {}

  /** A fitted model, or why none could be fitted. */
  record Outcome(ScoreModel model, String insufficient) {}

  /** What the features of a model fitted now mean (the settings of this code and model). */
  static ScoreModel.Scope scope(int days, double windowDays, String startEvent,
      List<String> outcomeEvents) {
    return new ScoreModel.Scope(Propensity.CONFIG + "; " + JourneyFeatures.DEFINITION, days,
        windowDays, startEvent, outcomeEvents);
  }

  /** Journeys undecided at their moment: an outcome at the moment itself is not known before. */
  static String undecided(String f) {
    return "(" + f + ".outcome_at IS NULL OR " + f + ".outcome_at >= " + f + ".moment_at)";
  }

  /**
   * Writes {@code roles} (journey_id, role) for every journey of {@code t} undecided at its
   * moment: open, recent (decided, window not over), training, calibration, validation, or
   * since_training (matured after the split's last validation start).
   */
  static void roles(Connection c, JourneyFeatures.Work work, String roles,
      JourneyFeatures.Table t, ScoreModel.Split split) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(work.create(roles) + " AS SELECT f.journey_id, CASE"
          + " WHEN f.status = 'open' THEN 'open' WHEN NOT f.judged THEN 'recent'"
          + " WHEN f.started_at <= " + at(split.trainingUntil()) + " THEN 'training'"
          + " WHEN f.started_at <= " + at(split.calibrationUntil()) + " THEN 'calibration'"
          + " WHEN f.started_at <= " + at(split.validationUntil()) + " THEN 'validation'"
          + " ELSE 'since_training' END AS role FROM " + t.name() + " f WHERE "
          + undecided("f"));
    }
  }

  /**
   * Fits on the matured journeys of {@code t}, leaving their roles in {@code roles}; or says
   * why there are too few to fit on.
   */
  static Outcome fit(Connection c, JourneyFeatures.Work work, String roles,
      JourneyFeatures.Table t, ScoreModel.Scope scope) throws SQLException {
    Instant[] cut = new Instant[3];
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT epoch_us(quantile_disc(f.started_at, 0.6)),"
             + " epoch_us(quantile_disc(f.started_at, 0.8)), epoch_us(max(f.started_at))"
             + " FROM " + t.name() + " f WHERE f.judged AND " + undecided("f"))) {
      r.next();
      for (int i = 0; i < 3; i++) {
        long us = r.getLong(i + 1);
        cut[i] = r.wasNull() ? Instant.EPOCH : Instant.EPOCH.plusNanos(us * 1000);
      }
    }
    ScoreModel.Split provisional = new ScoreModel.Split(cut[0], cut[1], cut[2], null, 0, 0,
        0, 0, 0);
    roles(c, work, roles, t, provisional);
    long[][] counts = new long[3][2]; // training, calibration, validation x unconverted, converted
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT r.role, f.converted, count(*) FROM "
             + work.table(roles) + " r JOIN " + t.name() + " f USING (journey_id)"
             + " WHERE r.role IN ('training', 'calibration', 'validation') GROUP BY ALL")) {
      while (r.next()) {
        counts[PARTS.indexOf(r.getString(1))][r.getBoolean(2) ? 1 : 0] = r.getLong(3);
      }
    }
    long converted = counts[0][1] + counts[1][1] + counts[2][1];
    long unconverted = counts[0][0] + counts[1][0] + counts[2][0];
    boolean thinPart = false;
    for (long[] n : counts) {
      thinPart |= n[0] < MIN_PER_OUTCOME_PER_PART || n[1] < MIN_PER_OUTCOME_PER_PART;
    }
    if (converted < MIN_PER_OUTCOME || unconverted < MIN_PER_OUTCOME || thinPart) {
      return new Outcome(null, String.format(Locale.ROOT, "%,d converted and %,d unconverted"
              + " matured journeys were undecided on day %d; a model needs at least %d of"
              + " each (and %d of each in training, calibration and validation)", converted,
          unconverted, t.days(), MIN_PER_OUTCOME, MIN_PER_OUTCOME_PER_PART));
    }
    Part train = part(c, work, roles, t, "training");
    Part calibration = part(c, work, roles, t, "calibration");
    Part validation = part(c, work, roles, t, "validation");
    Propensity propensity = Propensity.train(t.features(), train.data(), calibration.data(),
        validation.data(), SEED);
    Instant validationFrom;
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT epoch_us(min(f.started_at)) FROM "
             + work.table(roles) + " r JOIN " + t.name() + " f USING (journey_id)"
             + " WHERE r.role = 'validation'")) {
      r.next();
      validationFrom = Instant.EPOCH.plusNanos(r.getLong(1) * 1000);
    }
    ScoreModel.Split split = new ScoreModel.Split(cut[0], cut[1], cut[2], validationFrom,
        train.ids().size(), train.data().positives(), calibration.ids().size(),
        validation.ids().size(), validation.data().positives());
    List<ScoreModel.Drift> drift = new ArrayList<>();
    int[] ranking = propensity.ranking();
    for (int j : Arrays.copyOf(ranking, Math.min(DRIFT_FEATURES, ranking.length))) {
      drift.add(new ScoreModel.Drift(j, Stability.reference(column(train.data().x(), j),
          DRIFT_BINS)));
    }
    return new Outcome(new ScoreModel(version(t, scope, train), Instant.now(), scope,
        propensity, typical(c, work, roles, t), (double) converted / (converted + unconverted),
        split, drift), null);
  }

  private record Part(Propensity.Data data, List<Long> ids) {}

  /** A part's journeys, the most recent {@link #MAX_ROWS} of them, oldest first. */
  private static Part part(Connection c, JourneyFeatures.Work work, String roles,
      JourneyFeatures.Table t, String role) throws SQLException {
    List<double[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT * FROM (SELECT f.journey_id, f.started_at,"
             + " f.converted, " + t.columns() + " FROM " + work.table(roles) + " r JOIN "
             + t.name() + " f USING (journey_id) WHERE r.role = " + Sql.literal(role)
             + " ORDER BY f.started_at DESC, f.journey_id DESC LIMIT " + MAX_ROWS + ")"
             + " ORDER BY started_at, journey_id")) {
      while (r.next()) {
        ids.add(r.getLong(1));
        y.add(r.getBoolean(3) ? 1 : 0);
        x.add(t.transform(t.raw(r, 4)));
      }
    }
    return new Part(new Propensity.Data(x.toArray(double[][]::new),
        y.stream().mapToInt(Integer::intValue).toArray()), ids);
  }

  /**
   * A version that changes when the settings, the features or the training journeys and
   * their outcomes change: the same data and model file give the same version.
   */
  private static String version(JourneyFeatures.Table t, ScoreModel.Scope scope, Part train) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((scope.settings() + "|at_days=" + t.days() + "|" + t.features())
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
  private static double[] typical(Connection c, JourneyFeatures.Work work, String roles,
      JourneyFeatures.Table t) throws SQLException {
    StringBuilder q = new StringBuilder("SELECT 1");
    for (Feature f : t.features()) {
      String col = "f." + Sql.ident(f.column());
      q.append(f.kind() == Feature.Kind.DAYS_TO_FIRST
          ? ", CASE WHEN 2 * count(" + col + ") >= count(*) THEN median(" + col + ") END"
          : ", median(" + col + ")");
    }
    q.append(" FROM ").append(work.table(roles)).append(" r JOIN ").append(t.name())
        .append(" f USING (journey_id) WHERE r.role IN ('training', 'calibration',"
            + " 'validation')");
    double[] out = new double[t.features().size()];
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(q.toString())) {
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

  static double[] column(double[][] rows, int j) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i][j];
    }
    return out;
  }

  static String at(Instant t) {
    return "make_timestamp(" + (t.getEpochSecond() * 1_000_000 + t.getNano() / 1000) + ")";
  }
}
