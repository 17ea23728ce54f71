package io.journeymap.report;

import io.journeymap.model.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything the two-minute report shows, read once from a journey store: the same values as
 * the store's tables hold, so the HTML and the terminal report cannot disagree with a query.
 *
 * @param overview the journey, its as-of moment and its totals
 * @param map the stages, the pairs between them, drop-offs and the paths at the biggest one
 * @param behaviours which behaviours go with moving forward
 * @param channels channels by quality next to volume
 * @param changes anomalies, 30-day changes, the daily series behind them, declared changes
 * @param action the segment ranking (when the store has it) and the triggers with their impact
 * @param clusters kinds of journeys
 * @param health how far the conversion scores can be trusted; null when the store has none
 */
public record ReportData(Overview overview, JourneyMap map, Behaviours behaviours,
    Channels channels, Changes changes, Action action, List<Cluster> clusters, Health health) {
  /** The query behind {@link Behaviours#topSignals()}, for tools that want the same rows. */
  public static final String TOP_SIGNALS = SignalReader.TOP_SIGNALS;

  /** Reads every section from a store connection (a {@code jdbc:journeymap:} one). */
  public static ReportData read(Connection store, DeclaredChanges declared) throws SQLException {
    return new ReportData(MapReader.overview(store), MapReader.map(store),
        SignalReader.behaviours(store), SignalReader.channels(store),
        ChangeReader.changes(store, declared), ActionReader.action(store),
        LearnedReader.clusters(store), LearnedReader.health(store));
  }

  /** The journey map alone: stages, stage pairs, drop-offs and paths (for notebooks). */
  public static JourneyMap map(Connection store) throws SQLException {
    return MapReader.map(store);
  }

  /**
   * Daily series of the anomaly detection, each (metric, segment) pair of {@code series} in
   * order, at most {@code max}; behaviour segments and unknown metrics are left out.
   */
  public static List<Timeline> timelines(Connection store, List<List<String>> series, int max)
      throws SQLException {
    return ChangeReader.timelines(store, series, max);
  }

  /**
   * The journey and its totals.
   *
   * @param recent journeys whose window had not ended at as-of (left out of rates)
   * @param recentConverted of them, journeys already converted
   * @param notes warnings of the build about coverage, reading and stages, and events no
   *     journey holds
   */
  public record Overview(String journey, String goal, String asOf, String asOfBasis,
      long journeys, long converted, long failed, long dropped, long open, long recent,
      long recentConverted, long judgedConverted, Rate overall, List<String> notes) {}

  /** A rate with its counts and Wilson 95% interval; rate and bounds null when nothing counts. */
  public record Rate(long successes, long trials, Double rate, Double low, Double high,
      boolean smallSample) {}

  public record JourneyMap(List<Stage> stages, List<Pair> pairs, List<DropOff> dropOffs,
      Paths paths) {
    /** The stage losing the most judged journeys, if any journey was lost. */
    public Optional<DropOff> biggest() {
      return dropOffs.stream().filter(DropOff::biggest).findFirst();
    }
  }

  /** A row of {@code stage_reach}. */
  public record Stage(int order, String stage, long reached, long reachedInOrder,
      long convertedWith, long convertedWithout, Double shareConvertedWithout) {}

  /** A row of {@code stage_conversion}. */
  public record Pair(String from, String to, long entered, long advanced, Rate rate,
      Double medianHours, long wentAround, long bypassed) {}

  /** A row of {@code drop_offs}. */
  public record DropOff(int order, String stage, long stalled, long failed, Rate share,
      Double shareOfAll, String lastEvents, boolean biggest) {}

  /** The rows of {@code paths(from, to, steps)}, most followed first. */
  public record Paths(String from, String to, int steps, List<Path> rows) {}

  public record Path(String path, long journeys, Rate reached) {}

  /**
   * @param forest the outcome behaviours for the forest plot: one per event, signals first
   * @param topSignals the surest signals that raise conversion, as the terminal lists them
   * @param tested behaviours tested for the outcome
   * @param signals of them, signals (either direction)
   * @param signalsDown of them, signals that go with converting less
   */
  public record Behaviours(List<Lift> forest, List<Lift> topSignals, long tested, long signals,
      long signalsDown) {}

  /** A row of {@code behavior_lift}. */
  public record Lift(String transition, String behavior, long withCount, long convertedWith,
      long withoutCount, long convertedWithout, Double rateWith, Double rateWithout,
      Double lift, Double low, Double high, Double adjusted, Double adjustedLow,
      Double adjustedHigh, Double q, String verdict, String sentence) {
    public boolean signal() {
      return "signal".equals(verdict);
    }
  }

  /** The rows of {@code channel_quality}, best first, and all channels together. */
  public record Channels(List<Channel> rows, Rate overall) {}

  /** A row of {@code channel_quality}; qualityRank is null with no judged journey. */
  public record Channel(String channel, long journeys, int volumeRank, Rate rate,
      Integer qualityRank, long recentConversions) {}

  /**
   * @param timelines the daily series drawn, those with anomalies or changes first
   * @param declared the model's changes; {@code declaredKnown} false when no model was at hand
   */
  public record Changes(List<Anomaly> anomalies, List<Change30> changes30d,
      List<Timeline> timelines, List<Change> declared, boolean declaredKnown,
      LocalDate asOfDay, List<ChangeEffect> effects) {}

  /**
   * A row of {@code change_impact}: a rate of the journeys started before a declared change
   * against those started after it; observational, never a controlled test.
   */
  public record ChangeEffect(LocalDate date, String what, String transition, long beforeJudged,
      long beforeConverted, Double beforeRate, long afterJudged, long afterConverted,
      Double afterRate, Double difference, Double low, Double high, boolean smallSample,
      String note, String sentence) {}

  /** A row of {@code anomalies}. */
  public record Anomaly(String metric, String segment, LocalDate from, LocalDate to, int days,
      double observed, double expected, double lower, double upper, long observedCount,
      Long observedBase, double q, String direction, String severity, String nearbyChange,
      String sentence) {
    public boolean rate() {
      return observedBase != null;
    }
  }

  /** A row of {@code changes_30d}. */
  public record Change30(String metric, String segment, LocalDate lastFrom, LocalDate lastTo,
      Double last30, Double prior30, Double delta, Double low, Double high, long lastCount,
      Long lastBase, long priorCount, Long priorBase, Double q, boolean significant,
      String sentence) {
    public boolean rate() {
      return lastBase != null;
    }
  }

  /**
   * One daily series as the anomaly detection reads it, with its usual range per day.
   *
   * @param rate true for conversion (pooled over 7 cohort days), false for entries per day
   */
  public record Timeline(String metric, String segment, boolean rate, List<Day> days,
      List<Anomaly> anomalies) {}

  /**
   * A day of a series: entries that day, or the conversion of the 7 cohort days ending that day.
   *
   * @param count entries, or conversions
   * @param base journeys in the cohorts (null for entries)
   */
  public record Day(LocalDate day, long count, Long base, Double value, Double expected,
      Double lower, Double upper) {}

  /**
   * @param segments the rows of {@code segments_needing_action}, best first; empty when the
   *     store has no such table
   * @param segmentsNote why there is no ranking, when there is none
   */
  public record Action(Optional<List<Segment>> segments, String segmentsNote,
      List<Trigger> triggers) {}

  /** A row of {@code segments_needing_action}. */
  public record Segment(int rank, String kind, String segment, long openJourneys, Rate rate,
      Double benchmarkRate, Double expectedLost, Double expectedLostLow,
      Double expectedLostHigh, String suggestion, String sentence) {}

  /**
   * A trigger of the model with today's lists and its {@code impact} rows.
   *
   * @param current the impact row that speaks for the trigger today (live, or the A/A check
   *     while it is not live); null when it has none
   */
  public record Trigger(String name, String action, long treatedOpen, long holdoutOpen,
      List<Impact> impact, Impact current) {}

  /** A row of {@code impact}. */
  public record Impact(String trigger, String period, Rate treated, Rate holdout,
      Double difference, Double differenceLow, Double differenceHigh, Double relativeLift,
      Double liftLow, Double liftHigh, Double pValue, Double medianDaysTreated,
      Double medianDaysHoldout, String overlap, String verdict, String sentence) {}

  /** A row of {@code journey_clusters}. */
  public record Cluster(int cluster, String label, int withinDays, long journeys, double share,
      Rate rate, Double medianDaysToConvert, double silhouette, double stability,
      String sentence) {}

  /** The chosen model's row of {@code model_health} (or the row saying there is none). */
  public record Health(String model, String status, String version, int atDays, Double auc,
      Double aucLow, Double aucHigh, Double brier, Double ece, Double baseRate,
      Long validationJourneys, Double maxPsi, Boolean retrainRecommended,
      String recommendation, String sentence, long openScored, long openHigh) {}
}
