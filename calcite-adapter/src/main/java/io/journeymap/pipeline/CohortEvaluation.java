package io.journeymap.pipeline;

import io.journeymap.insight.Propensity;
import io.journeymap.insight.ScoreModel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's numbers on another model's validation journeys, so a replaced model and the one
 * fitted after it can be compared on the same journeys: each model's own validation cohort is
 * the most recent of its time, and two cohorts differ in more than the models.
 */
public final class CohortEvaluation {
  private CohortEvaluation() {}

  /**
   * {@code model} evaluated on the validation journeys of {@code cohort} (which must have been
   * fitted on this store's data, so its journeys are here): the same journeys, read the same
   * way, its own numbers came from. Null when the two score on different days, or the
   * journeys lack either outcome.
   */
  public static Propensity.Evaluation of(Connection store, ScoreModel model, ScoreModel cohort)
      throws SQLException {
    if (model.scope().atDays() != cohort.scope().atDays()) {
      return null;
    }
    OpenScores.Built b = OpenScores.built(store);
    String name = "journeymap_score_cohort_" + OpenScores.TABLES.incrementAndGet();
    ScoreModel.Split split = cohort.split();
    try {
      JourneyFeatures.Table t = JourneyFeatures.create(store, b.asOf(), b.notBehaviour(),
          JourneyFeatures.Work.TEMPORARY, name, model.features(), "judged AND started_at > "
              + ScoreFit.at(split.calibrationUntil()) + " AND started_at <= "
              + ScoreFit.at(split.validationUntil()));
      List<double[]> x = new ArrayList<>();
      List<Integer> y = new ArrayList<>();
      try (Statement s = store.createStatement();
           ResultSet r = s.executeQuery("SELECT * FROM (SELECT f.journey_id, f.started_at,"
               + " f.converted, " + t.columns() + " FROM " + t.name() + " f WHERE "
               + ScoreFit.undecided("f") + " ORDER BY f.started_at DESC, f.journey_id DESC"
               + " LIMIT " + ScoreFit.MAX_ROWS + ") ORDER BY started_at, journey_id")) {
        while (r.next()) {
          y.add(r.getBoolean(3) ? 1 : 0);
          x.add(t.transform(t.raw(r, 4)));
        }
      }
      Propensity.Data data = new Propensity.Data(x.toArray(double[][]::new),
          y.stream().mapToInt(Integer::intValue).toArray());
      if (data.positives() == 0 || data.positives() == y.size()) {
        return null;
      }
      return model.propensity().evaluate(data);
    } finally {
      OpenScores.drop(store, name);
    }
  }
}
