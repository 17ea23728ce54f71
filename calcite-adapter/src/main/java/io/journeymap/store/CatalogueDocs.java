package io.journeymap.store;

import java.util.stream.Collectors;

/**
 * Renders docs/tables.md from the catalogue, so the reference cannot drift from the store; a test
 * compares the committed file with this output.
 */
public final class CatalogueDocs {
  private CatalogueDocs() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  /** How to read the stage tables, with the hand-computed example the build test checks. */
  private static final String STAGES_EXPLAINED = """
      ## Reading the stage tables

      Stages are milestones, not gates. A journey reaches every stage whose rule holds inside
      the journey, whether or not it reached the stages before; `stage_entries.in_order` says
      whether every earlier stage came first. The last stage is the journey's outcome, so every
      converted journey reaches it. No conversion is invisible:

      - `stage_reach`: per stage, journeys that reached it (in order or not), skipped it (never
        reached it but reached a later stage), and converted with and without it;
      - `stage_conversion`: per consecutive pair, journeys that reached the first stage and
        also reached the next (`advanced`), those that went around the next stage to a later
        one (`went_around`) and those that reached the next stage without the first
        (`bypassed`). On the last pair, `advanced + bypassed` = all converted journeys;
      - `drop_offs`: only judged journeys that did not convert (dropped or failed), by the
        furthest stage they reached; the outcome stage has no row.

      **Which journeys count in rates.** A rate counts only *judged* journeys: those whose
      whole window lies before `as_of` (`journeys.judged`). Leaving out only the unconverted
      recent journeys would keep the recent ones that converted early and flatter every rate
      (and most, the channels and campaigns with many recent journeys). Recent journeys still
      show in the counts (`entered`, `advanced`, `journeys`), in `still_in_window`, and their
      conversions in `channel_quality.recent_conversions`.

      Events at the same instant are read in one documented order, whatever order the rows
      came in: the start event, other events, the success event, failure events; then by event
      name, source and row. A start and a success at the same instant therefore convert.

      **Worked example** (the build test's fixture; stages started -> activated (2 setup steps
      within 7 days) -> converted; as of 2024-03-01, window 21 days). Five trials: A activates
      and pays on day 10; B's second setup step comes on day 10 (too late): dropped; C started
      on Feb 20 and is still open; D activates but pays after its window: dropped; E pays on day
      1 without activating.

      | stage_reach | reached | in order | skipped | converted with | converted without |
      |---|---|---|---|---|---|
      | started | 5 | 5 | 0 | 2 | 0 |
      | activated | 2 (A, D) | 2 | 1 (E) | 1 (A) | 1 (E) |
      | converted | 2 (A, E) | 1 (A) | 0 | 2 | 0 |

      | stage_conversion | entered | advanced | still in window | rate | went around | bypassed |
      |---|---|---|---|---|---|---|
      | started -> activated | 5 | 2 | 1 (C) | 2 / 4 | 1 (E) | 0 |
      | activated -> converted | 2 | 1 (A) | 0 | 1 / 2 | 0 | 1 (E) |

      On the last pair, advanced 1 + bypassed 1 = the 2 converted journeys. `drop_offs` has two
      rows: `started` (reached by 4 judged journeys, B stalled there) and `activated` (reached
      by 2 judged journeys, D stalled there).

      """;

  /** How behaviour lift is computed and read. */
  private static final String LIFT_EXPLAINED = """
      ## Reading behaviour lift

      `behavior_lift` asks which behaviours go with moving forward. For the journey's outcome
      (`transition = 'outcome'`), a behaviour is an event done at least 1, 2 or 3 times, two
      events, or one event then another, within d days of the start. For each consecutive stage
      pair (`transition = 'A -> B'`) the same question is asked of the judged journeys that
      reached A (and had not reached B before): which behaviours within d days of entering A go
      with reaching B. A behaviour within d days is compared only among the journeys still
      undecided when those d days were over (not yet converted or ended; for a stage pair, not
      yet in B): a journey that converted on day 2 had no days 3 to 7 to do anything in, and
      counting it would make every behaviour look like it goes with converting less. So `n_with`
      and `n_without` of a 7-day behaviour add up to the journeys undecided on day 7, and
      nothing at or after a journey's outcome can explain it. The day limits d are the model's
      `insights.lift.within_days` (default 3, 7 and 14 days where shorter than the window, else
      half the window; `build_info.lift_within_days` shows them), each shorter than the window:
      on its last day no journey is undecided. Only judged journeys count. Behaviours
      with fewer than `insights.lift.min_support` journeys (default 30) on either side are not
      tested; a longer limit or a higher count that selects the same journeys is not tested
      twice. For a stage transition A -> B, the events B's rule counts are not behaviours (doing
      part of what defines B goes with reaching B by definition). Each row gives the rates with and without, the lift (their ratio) with a 95%
      interval, Fisher's exact p-value, a Benjamini-Hochberg q-value over every behaviour tested
      (all transitions together), and the lift within strata of the model's
      `insights.lift.confounders` taken jointly (Mantel-Haenszel; default: first channel), which
      moves toward 1 when a group both does the behaviour more and converts more. A stage
      transition A -> B is also held to when the journey entered A (on day 0, days 1-6, 7-13,
      or later): one that entered early has more of its window left to reach B. `signal` needs
      q < 0.05, an interval excluding 1, enough journeys, and an adjusted interval excluding 1
      on the same side; `confounded` marks a behaviour that passes all but the last (its lift
      goes with the confounders, and within their groups could be chance); `too few` marks thin
      counts; the rest is `speculation`. Signals are ranked by the adjusted lift's lower bound. Lift is association, not cause: a behaviour may be a sign of intent
      rather than its source. The table function `behavior_lift(...)` asks the same with other
      settings.

      """;

  /** How anomalies and changes_30d are computed and read. */
  private static final String ANOMALIES_EXPLAINED = """
      ## Reading anomalies and changes

      `anomalies` and `changes_30d` read daily series: entries into each stage per day, and
      conversion per cohort day (the share of journeys that started that day and converted, or
      that entered stage A that day and went on to the next stage B), each for all journeys, for
      the 8 largest first channels and for journeys that did one of the 3 strongest
      `behavior_lift` signals (a drop inside one segment is often invisible in the total).
      Conversion is read only for cohort days whose every journey has had its whole window before
      as-of, so journeys still converting never look like a drop; entries start once the first
      journeys' windows have closed, and behaviour segments stop the behaviour's days before
      as-of. A day's entries are compared with the same weekday in the 8 weeks before; conversion
      with the 7-day cohort windows ending on the same weekday (daily cohorts of a segment are
      too small): the baseline is their median, the spread the larger of the MAD-based and the
      sampling one. The p-value is the larger of an exact test (Poisson for entries, binomial
      for rates) and a robust normal test; Benjamini-Hochberg controls false discoveries across
      every day of every series, and overlapping unusual days of one series are one row. A change
      the model declares (`changes:`) within 7 days before an anomaly, or during it, is named.
      `changes_30d` compares each series' last 30 usable days with the 30 before: counts with
      a Poisson interval, rates with Newcombe's interval for a difference of proportions.

      """;

  /** How clusters, scores and model health are computed and read. */
  private static final String INSIGHTS_EXPLAINED = """
      ## Reading clusters and scores

      Both look at a journey as it was a few days after its start (`insights` in the model:
      `clusters.within_days`, `scores.at_days`, default 3): per canonical event the count and
      the days to its first occurrence, the days with any behaviour and the kinds of behaviour
      (the 30 most common events have features; start and outcome events are not behaviours),
      counting only events before that moment, before the journey's outcome and before as-of.
      Scores also know the first channel (the 8 most common). Counts are log-transformed, then
      every feature is standardised.

      `journey_clusters`: k-means (Smile) for k = 2 to 8, fitted on a repeatable sample of at
      most 20,000 journeys whose first days are over; k is the one with the best mean silhouette
      on 2,000 of them, and `stability` is the mean adjusted Rand index of 10 refits on bootstrap
      resamples of at most 5,000 journeys (smaller than the fit's sample, so it errs low).
      Every such journey then gets its nearest cluster in `journeys.cluster`. Labels name the
      features furthest from the average journey; rates count judged journeys only. A low
      silhouette (under 0.25) means journeys differ gradually: the clusters are a rough split.

      `scores` and `model_health`: only journeys still undecided at their scoring moment are
      scored (one that converted on day 1 needs no day-3 score). Matured (judged) ones are split
      by start time: the oldest 60% train (at most their 50,000 most recent), the next 20%
      calibrate (Platt scaling), the most recent 20% validate. Logistic regression and gradient
      boosted trees are both fitted; the lower validation log-loss wins. `model_health` reports
      each on validation: AUC with DeLong's interval, Brier score, expected calibration error,
      base rate, and calibration in the large: the conversions the scores predicted (the sum
      of `p_convert`) against those that happened, their ratio `oe_ratio` with a 95% interval
      and the p-value of the count given the predictions; and the population stability index
      of the chosen model's 5 most important features between its training journeys and
      journeys started in the last 30 days. Fewer
      than 100 converted or unconverted matured journeys (or 10 of each in a part): status
      `insufficient_data` and no scores. `top_reasons` are coefficient x standardised value for
      logistic regression and TreeSHAP for the trees; like lift, they are association, not
      cause. `model_version` is a hash of the settings, the features and the training journeys:
      fits are seeded, so the same data and model file give the same version.

      The fitted model is saved beside the store (`<store>.models/<model_version>.model`, and
      `current` naming the one in use) and later builds score with it, so scores move only
      because journeys did, not because the model was refitted on slightly different data.
      Its features (which events and channels, on which day) stay those it was fitted with,
      and `model_health` keeps its validation numbers from fitting time, measures drift
      against its own training journeys, and counts the journeys matured since
      (`matured_since`, role `since_training` in `scores`). A build fits a new model when none
      is saved, when `journeymap retrain` or `build --retrain` asks for it, when the model file
      changed what the features mean (`insights.scores.at_days`, the window, the start or
      outcome events, or an event the model counts left the taxonomy), or when the saved file
      cannot be read; the last two are warnings in `build_log`. `retrain_recommended` says
      when to refit: a top feature's PSI above 0.25; on the latest cohort, conversions off
      the predicted count by more than chance explains (p < 0.05) and by more than a tenth
      (`oe_ratio` outside 0.9-1.1: relative, so a 3-point gap at a 12% base rate counts and
      at 50% does not), or a calibration error above 0.1; or more journeys matured since
      fitting than the model was validated on. Fewer than 30 validation journeys, or fewer
      than 10 conversions or non-conversions predicted, are too few to judge the calibration
      (`calibration` says `too_few_to_judge`), not a reason to refit.

      """;

  /** How segments_needing_action is computed and read. */
  private static final String SEGMENTS_EXPLAINED = """
      ## Reading segments needing action

      `segments_needing_action` asks where today's open journeys stand to lose the most
      conversions. For each segment (first channel, behaviour cluster, account size in persons,
      current stage, and the model's own `segments:`) it reads the conversion rate of the segment's judged journeys and compares
      it with the benchmark, the rate of all judged journeys: `expected_lost` = open journeys x
      (benchmark - rate), the conversions the segment's open journeys would add if they
      converted like the average. The interval comes from the rate's Wilson interval; the
      benchmark, read from every judged journey, is taken as known. Only segments below the
      benchmark with open journeys have rows. They are ranked by `expected_lost`, except that
      segments with fewer than 30 judged journeys (`small_sample`) come after all the others,
      whatever their estimate: a segment of 10 judged journeys with none converted can look
      like the worst by luck. When the rate's upper bound reaches the benchmark,
      `expected_lost_low` is 0 and the sentence says the gap may be chance.

      A journey's stage says more the older it is (a day-1 journey that has not activated yet
      is not stuck). So a current-stage segment is compared at the same age: the judged
      journeys that, at the median age in whole days of the segment's open journeys, were still
      undecided and had reached that stage and no later one, against all judged journeys still
      undecided at that age (`benchmark_rate` of that row).

      `suggestion` names what to try first. A trigger qualifies when it is on today's list for
      a larger share of the segment's open journeys than of all open journeys; the one covering
      most of them is named with its `impact` verdict (`not live` until the team acts on it).
      Without one, the surest outcome signal of `behavior_lift` (by the lower bound of its lift)
      that the segment's judged journeys clearly do less than all judged journeys (the
      segment's Wilson upper bound below the overall share) is named with both shares. Like
      lift, such a behaviour goes with converting; doing more of it need not cause it.

      """;

  /** How change_impact is computed and read. */
  private static final String CHANGES_EXPLAINED = """
      ## Reading change impact

      `change_impact` compares, for each change the model declares under `changes:`, the
      judged journeys started in the 30 days before the change's day with those started in the
      30 days from it: the outcome rate (did they convert) and each consecutive stage-to-stage
      rate (of the journeys that reached A, how many reached B, as `stage_conversion` counts).
      Each row has both sides' counts and rates, the difference with Newcombe's interval, the
      relative lift with Katz's interval, Fisher's exact p, and the median days to convert (or
      from A to B) on each side. Journeys still in their window at as-of are left out and
      counted in `still_in_window`; a recent change therefore has few judged journeys after it
      for a while, and says so (`nothing to compare yet`, `small sample`).

      This is observational, and every row's `note` says so: nothing was held out, so the
      season, a campaign, another change (named in `other_changes` when one falls within the
      compared days) or a shift in who arrives can move the rates as much as the change did. An
      interval that excludes 0 says the two periods differ, not why. To measure an intervention,
      give it a holdout: a trigger with `live_since` and its row in `impact`.

      """;

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Tables and functions\n\n")
        .append("Everything lives in schema `journey` (the default schema of a")
        .append(" `jdbc:journeymap:` connection).\n")
        .append("Names are case-insensitive unless double-quoted; times are UTC `TIMESTAMP`s.\n")
        .append("Every rate comes with its counts and a Wilson 95% interval; `sample_note` says")
        .append(" `small sample` when fewer than 30 trials stand behind it, or fewer than 5")
        .append(" successes or failures while the interval is wider than 10 points (0 of 2,922")
        .append(" converting is a finding, not a small sample).\n\n")
        .append("This file is generated from `StoreCatalogue` (see `CatalogueDocs`); the build")
        .append(" test fails when they differ.\n\n")
        .append(STAGES_EXPLAINED)
        .append(LIFT_EXPLAINED)
        .append(ANOMALIES_EXPLAINED)
        .append(INSIGHTS_EXPLAINED)
        .append(SEGMENTS_EXPLAINED)
        .append(CHANGES_EXPLAINED);
    b.append("| table | what it answers |\n|---|---|\n");
    for (TableSpec t : StoreCatalogue.tables()) {
      b.append("| [`").append(t.name()).append("`](#").append(t.name())
          .append(") | ").append(t.description()).append(" |\n");
    }
    for (TableSpec t : StoreCatalogue.tables()) {
      b.append("\n## ").append(t.name()).append("\n\n").append(t.description()).append("\n\n")
          .append("| column | type | meaning |\n|---|---|---|\n")
          .append(t.columns().stream().map(c -> "| `" + c.name() + "` | " + c.type().name()
              + " | " + c.description() + " |").collect(Collectors.joining("\n")))
          .append("\n");
    }
    for (var f : io.journeymap.sql.TableFunctions.all()) {
      if (f.name().equals("funnel")) {
        continue; // written out below, with its modes
      }
      b.append("\n## ").append(f.name()).append(" (table function)\n\n")
          .append(f.description()).append("\n\n| argument | type | meaning |\n|---|---|---|\n")
          .append(f.parameters().stream().map(p -> "| `" + p.name() + "` | " + p.type().name()
              + " | " + (p.required() ? "" : "optional. ") + p.description() + " |")
              .collect(Collectors.joining("\n")))
          .append("\n\n| column | type | meaning |\n|---|---|---|\n")
          .append(f.columns().stream().map(c -> "| `" + c.name() + "` | " + c.type().name()
              + " | " + c.description() + " |").collect(Collectors.joining("\n")))
          .append("\n");
    }
    b.append("""

        ## funnel (table function)

        `SELECT * FROM TABLE(funnel(steps => 'a,b,c', window_days => 21, mode => 'default'))`

        Ordered funnel over canonical events for the journey's subject (person or account), with
        ClickHouse `windowFunnel` semantics: a chain starts at an event of step 1, every later
        step must happen within `window_days` of that event, and each subject counts at the
        furthest step it reached. `window_days` defaults to the journey window. Arguments may be
        positional, named, or `?` parameters. Like the tables, it reads only events up to the
        store's `as_of` (`build_info.as_of`), and like their rates it judges only what is final:
        chains start only at step-1 events at least `window_days` before `as_of`, and a subject
        whose step-1 events are all later is left out of every step and counted in
        `still_in_window` (a recent start that converted early would otherwise count, one that
        has not converted yet would count against the rate).

        `mode` is `default` or a comma-separated mix of:
        - `strict_order`: once the chain has started, an event that is not the next step (or a
          step already reached) ends it;
        - `strict_deduplication`: once a step after the first has been reached, another event
          matching that same step ends the evaluation; the subject keeps the furthest step
          reached before it (a repeated first step restarts the chain instead, as in
          ClickHouse; `strict`, ClickHouse's older name for it, is accepted too);
        - `strict_increase`: steps need strictly increasing timestamps (two steps at the same
          instant do not chain).

        | column | type | meaning |
        |---|---|---|
        | `step` | INTEGER | Step number, 1 = first |
        | `event` | VARCHAR | Canonical event of the step |
        | `reached` | BIGINT | Subjects that reached the step |
        | `rate_from_previous` | DOUBLE | reached / reached at the previous step |
        | `previous_ci_low`, `previous_ci_high` | DOUBLE | Wilson 95% interval of that rate |
        | `rate_from_first` | DOUBLE | reached / reached at step 1 |
        | `first_ci_low`, `first_ci_high` | DOUBLE | Wilson 95% interval of that rate |
        | `median_hours_from_previous` | DOUBLE | Median hours from the previous step |
        | `sample_note` | VARCHAR | `small sample` when the rate from the previous step is thin |
        | `still_in_window` | BIGINT | Subjects left out of every step: all their step-1 events lie within `window_days` before `as_of` (the same on every row) |
        """);
    return b.toString();
  }
}
