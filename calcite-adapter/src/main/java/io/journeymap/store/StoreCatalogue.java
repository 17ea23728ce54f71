package io.journeymap.store;

import static io.journeymap.store.ColumnType.BIGINT;
import static io.journeymap.store.ColumnType.BOOLEAN;
import static io.journeymap.store.ColumnType.DOUBLE;
import static io.journeymap.store.ColumnType.INTEGER;
import static io.journeymap.store.ColumnType.TIMESTAMP;
import static io.journeymap.store.ColumnType.VARCHAR;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every table the journey store holds and SQL users see in schema {@code journey}. The build
 * creates tables from these definitions and the SQL surface reports their types and descriptions
 * from here, so store, metadata and docs cannot drift apart.
 */
public final class StoreCatalogue {
  private static final Map<String, TableSpec> TABLES = new LinkedHashMap<>();

  /**
   * Version of the store layout. A store of another version is rebuilt from its model, or
   * refused with a message, instead of failing later on a missing column.
   */
  public static final int FORMAT = 5;

  public static final TableSpec BUILD_INFO = table("build_info",
      "One row: the build this store holds, its journey and the moment it looks from.",
      col("build_id", VARCHAR, "Identifier of the build"),
      col("built_at", TIMESTAMP, "When the build finished, UTC"),
      col("model", VARCHAR, "Model file the store was built from"),
      col("journey", VARCHAR, "Journey name"),
      col("goal", VARCHAR, "The journey's goal in words"),
      col("subject", VARCHAR, "person or account"),
      col("start_event", VARCHAR, "Event that starts a journey"),
      col("success_event", VARCHAR, "Event that converts it"),
      col("failure_events", VARCHAR, "Events that close it as failed, comma separated (null: none)"),
      col("journey_key", VARCHAR, "Attribute start and success must share (null: none)"),
      col("window_days", DOUBLE, "Days a journey has to convert"),
      col("as_of", TIMESTAMP, "The moment journeys are judged from, UTC; later events are ignored"),
      col("as_of_basis", VARCHAR, "Why this as-of: set in the model, or where the outcome data end"),
      col("build_seconds", DOUBLE, "Wall time of the build"),
      col("store_format", INTEGER, "Version of the store layout"),
      col("lift_within_days", VARCHAR, "Day limits behavior_lift counted behaviours within,"
          + " comma separated (the model's insights.lift.within_days or the default)"),
      col("lift_min_support", INTEGER, "Journeys behavior_lift needed with and without a"
          + " behaviour to test it"),
      col("lift_confounders", VARCHAR, "What behavior_lift.adjusted_lift holds constant,"
          + " jointly, comma separated (null: nothing)"));

  public static final TableSpec BUILD_LOG = table("build_log",
      "What each build phase read, accepted and rejected, how long it took, and warnings.",
      col("build_id", VARCHAR, "Identifier of the build"),
      col("phase", VARCHAR, "ingest, identity, coverage, journeys, stages, lift, anomalies,"
          + " analyses, clusters, scores, triggers, actions, or resources (the engine's memory limit"
          + " and the process's peak resident size)"),
      col("source", VARCHAR, "Source name for ingest and coverage rows, else null"),
      col("rows_read", BIGINT, "Rows read (ingest: = accepted + rejected)"),
      col("rows_accepted", BIGINT, "Rows that became canonical events (or identity links)"),
      col("rows_rejected", BIGINT, "Rows written to rejected_events"),
      col("first_event_at", TIMESTAMP, "Earliest accepted event of the source, UTC"),
      col("last_event_at", TIMESTAMP, "Latest accepted event of the source, UTC"),
      col("detail", VARCHAR, "Phase summary or warning in words"),
      col("seconds", DOUBLE, "Wall time of the phase; 0 on a warning's row"));

  public static final TableSpec TAXONOMY = table("taxonomy",
      "The canonical events: one meaning for each name across every source.",
      col("event", VARCHAR, "Canonical event name"),
      col("description", VARCHAR, "What the event means"),
      col("sources", VARCHAR, "Sources that produced it, comma separated"),
      col("events", BIGINT, "Events of this name in the store"));

  public static final TableSpec STAGES = table("stages",
      "The journey map itself: ordered stages, each an observable event threshold.",
      col("stage_order", INTEGER, "Position in the journey, 1 = first"),
      col("stage", VARCHAR, "Stage name"),
      col("description", VARCHAR, "What reaching the stage means"),
      col("rule", VARCHAR, "The threshold in words"),
      col("events", VARCHAR, "Counted events, comma separated (null for a SQL rule)"),
      col("min_count", INTEGER, "How many counted events are needed"),
      col("within_days", INTEGER, "Days after journey start the events must fall in (null: window)"));

  public static final TableSpec EVENTS = table("events",
      "Canonical, identity-resolved events from every source.",
      col("event_id", BIGINT, "Stable event number (source order)"),
      col("event", VARCHAR, "Canonical event name"),
      col("occurred_at", TIMESTAMP, "When it happened, UTC"),
      col("source", VARCHAR, "Source it came from"),
      col("source_row", BIGINT, "Row number within the source, 1 = first data row (rows"
          + " the reader could not read count too, unless their file also has empty lines:"
          + " build_log says so; files of a glob follow on in path order)"),
      col("raw_event", VARCHAR, "Event name as the source wrote it"),
      col("person_id", BIGINT, "Resolved person (null when no person identifier resolved)"),
      col("account_id", VARCHAR, "Merged account of the event or of its person"),
      col("identity_status", VARCHAR, "strong, weak_attached, weak_ambiguous, weak_unlinked,"
          + " role_address (sent to a team address: account only), account_only (names an"
          + " account, no person) or unresolved (neither)"),
      col("journey_id", BIGINT, "Journey the event falls in (null: none; with a journey key,"
          + " an event without a key value shared by several journeys carries the earliest)"),
      col("channel", VARCHAR, "Channel the source reported, if any"),
      col("campaign", VARCHAR, "Campaign the source reported, if any"),
      col("properties", VARCHAR, "Extra source columns as JSON"));

  public static final TableSpec REJECTED_EVENTS = table("rejected_events",
      "Source rows that did not become events, with the reason and the raw row.",
      col("source", VARCHAR, "Source name"),
      col("source_row", BIGINT, "Row number within the source, 1 = first data row, also for"
          + " a line the reader could not read (null when its file also has empty lines)"),
      col("reason", VARCHAR, "Why the row was rejected"),
      col("raw_row", VARCHAR, "The row as read, JSON (or the raw line)"));

  public static final TableSpec IDENTITIES = table("identities",
      "Every identifier value seen, normalised, and the person or account it resolved to.",
      col("kind", VARCHAR, "Identifier kind (customer_id, email, cookie_id, company_id, ...)"),
      col("identifier", VARCHAR, "Normalised identifier value"),
      col("level", VARCHAR, "person (names a person) or account (names a company, workspace)"),
      col("strength", VARCHAR, "strong (merges persons) or weak (only attaches); null for accounts"),
      col("person_id", BIGINT, "Resolved person, null if refused, ambiguous, unlinked or a role address"),
      col("account_id", VARCHAR, "Merged account of the value (or of its person)"),
      col("status", VARCHAR, "merged, refused, attached, ambiguous, unlinked, role_address,"
          + " account, or shared (an account id named alongside several companies)"),
      col("events", BIGINT, "Events carrying this value"),
      col("sources", VARCHAR, "Sources the value came from, comma separated"));

  public static final TableSpec PERSONS = table("persons",
      "One row per resolved person, also those only a directory names (0 events).",
      col("person_id", BIGINT, "Person number"),
      col("account_id", VARCHAR, "Account the person belongs to (most frequent)"),
      col("primary_identifier", VARCHAR, "First strong identifier, kind:value"),
      col("identifiers", INTEGER, "Strong identifier values merged into the person"),
      col("events", BIGINT, "Events of the person"),
      col("first_seen", TIMESTAMP, "First event, UTC (null without events)"),
      col("last_seen", TIMESTAMP, "Last event, UTC (null without events)"));

  public static final TableSpec ACCOUNTS = table("accounts",
      "One row per merged account (company) with every identifier that names it.",
      col("account_id", VARCHAR, "Account name: its first identifier by kind priority"),
      col("identifiers", VARCHAR, "Every id of every kind naming the account, kind:value"),
      col("persons", BIGINT, "Persons assigned to the account"),
      col("events", BIGINT, "Events of the account"),
      col("first_seen", TIMESTAMP, "First event, UTC"),
      col("last_seen", TIMESTAMP, "Last event, UTC"));

  public static final TableSpec IDENTITY_CONFLICTS = table("identity_conflicts",
      "Merges refused and links left ambiguous, so identity decisions are visible.",
      col("kind", VARCHAR, "Identifier kind (person_id for account conflicts)"),
      col("identifier", VARCHAR, "Identifier value (or person id for account conflicts)"),
      col("conflict", VARCHAR, "supernode_refused, limit_refused, shared_weak_identifier,"
          + " shared_account_identifier, person_spans_accounts or person_in_several_accounts"),
      col("persons_touched", BIGINT, "Persons (or accounts) the value points to"),
      col("events", BIGINT, "Events carrying the value"),
      col("detail", VARCHAR, "Explanation in words, with both sides of a refused link"));

  public static final TableSpec JOURNEYS = table("journeys",
      "One row per journey instance: subject, start, outcome within the window, stages reached.",
      col("journey_id", BIGINT, "Journey number"),
      col("subject", VARCHAR, "person or account"),
      col("subject_id", VARCHAR, "Person id or account id of the subject"),
      col("person_id", BIGINT, "Person (null for account journeys)"),
      col("account_id", VARCHAR, "Account of the subject"),
      col("journey_key", VARCHAR, "Value of the journey key (null when the model declares none)"),
      col("started_at", TIMESTAMP, "Start event time, UTC"),
      col("window_ends_at", TIMESTAMP, "Start plus the journey window, UTC"),
      col("status", VARCHAR, "converted, failed (a failure event came first), dropped"
          + " (window closed without success) or open (window not closed at as-of)"),
      col("closed_at", TIMESTAMP, "When the outcome was decided: conversion, failure or"
          + " window end (null while open)"),
      col("judged", BOOLEAN, "True when the whole window lies before as-of: only such journeys"
          + " count in rates, so recent journeys that converted early do not flatter them"),
      col("converted_at", TIMESTAMP, "Success event time, UTC"),
      col("failed_at", TIMESTAMP, "Failure event time, UTC"),
      col("failure_event", VARCHAR, "The failure event that closed the journey"),
      col("days_to_convert", DOUBLE, "Days from start to success"),
      col("furthest_stage", VARCHAR, "Highest stage reached, in order or not (null: none)"),
      col("furthest_stage_order", INTEGER, "Order of the furthest stage (0: none)"),
      col("stages_reached", INTEGER, "How many stages the journey reached"),
      col("skipped_stages", VARCHAR,
          "Stages before the furthest one that the journey never reached, comma separated"),
      col("first_channel", VARCHAR, "Channel of this journey's first touch: the earliest touch"
          + " since the subject's previous journey closed ('unknown' if none)"),
      col("first_campaign", VARCHAR, "Campaign of that first touch"),
      col("events", BIGINT, "Events inside the journey"),
      col("cluster", INTEGER, "Behaviour cluster (journey_clusters.cluster) from what the"
          + " journey did in its first days (insights.clusters.within_days); null while those"
          + " days are not over at as-of, or when there were too few journeys to cluster"));

  public static final TableSpec STAGE_ENTRIES = table("stage_entries",
      "Every stage each journey reached, when, by which event, and whether in order.",
      col("journey_id", BIGINT, "Journey number"),
      col("stage_order", INTEGER, "Stage position"),
      col("stage", VARCHAR, "Stage name"),
      col("entered_at", TIMESTAMP, "When the rule first held: the triggering event's time, UTC"),
      col("triggering_event", VARCHAR, "Event that met the stage threshold"),
      col("triggering_event_id", BIGINT, "Its event_id"),
      col("hours_from_start", DOUBLE, "Hours from journey start to entry"),
      col("in_order", BOOLEAN, "True when every earlier stage was reached first"));

  public static final TableSpec STAGE_CONVERSION = table("stage_conversion",
      "Consecutive stage pairs: who advanced, with counts, Wilson 95% interval and median"
          + " time, and who went around the pair.",
      col("from_order", INTEGER, "Order of the stage journeys leave"),
      col("from_stage", VARCHAR, "Stage journeys leave"),
      col("to_stage", VARCHAR, "Next stage"),
      col("entered", BIGINT, "Journeys that reached from_stage"),
      col("advanced", BIGINT, "Of those, journeys that also reached to_stage"),
      col("still_in_window", BIGINT, "Of entered, journeys whose window had not ended at"
          + " as-of (advanced or not): left out of the rate"),
      col("judged", BIGINT, "entered - still_in_window: the rate's base"),
      col("judged_advanced", BIGINT, "Of judged, journeys that also reached to_stage"),
      col("rate", DOUBLE, "judged_advanced / judged"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("median_hours", DOUBLE, "Median hours from from_stage to to_stage, among judged"
          + " journeys that reached to_stage after from_stage"),
      col("went_around", BIGINT, "Journeys that reached from_stage, never to_stage, and still"
          + " reached a later stage (or converted)"),
      col("bypassed", BIGINT, "Journeys that reached to_stage without ever reaching from_stage"),
      col("sample_note", VARCHAR, "'small sample' when the counts are too small to read"));

  public static final TableSpec STAGE_REACH = table("stage_reach",
      "Per stage: who reached it (in order or not), who skipped it, and how many conversions"
          + " happened without it.",
      col("stage_order", INTEGER, "Stage position"),
      col("stage", VARCHAR, "Stage name"),
      col("reached", BIGINT, "Journeys that reached the stage"),
      col("reached_in_order", BIGINT, "Of those, journeys that had reached every earlier stage first"),
      col("reached_out_of_order", BIGINT, "reached - reached_in_order"),
      col("skipped", BIGINT, "Journeys that never reached the stage but reached a later one"),
      col("converted", BIGINT, "All converted journeys (the same on every row)"),
      col("converted_with", BIGINT, "Converted journeys that reached the stage"),
      col("converted_without", BIGINT, "Converted journeys that never reached the stage"),
      col("share_converted_without", DOUBLE, "converted_without / converted: how often the"
          + " road to conversion went around this stage"));

  public static final TableSpec DROP_OFFS = table("drop_offs",
      "Where judged journeys (whole window before as-of) that did not convert stalled, by the"
          + " furthest stage they reached, and what they did last.",
      col("stage_order", INTEGER, "Furthest stage position (0: no stage reached)"),
      col("stage", VARCHAR, "Furthest stage the stalled journeys reached"),
      col("reached", BIGINT, "Judged journeys that reached the stage (row 0: all judged)"),
      col("stalled", BIGINT, "Judged, unconverted (dropped or failed) journeys whose furthest"
          + " stage this is"),
      col("failed", BIGINT, "Of the stalled journeys, those closed by a failure event"),
      col("share", DOUBLE, "stalled / reached"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of share"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of share"),
      col("share_of_all_drop_offs", DOUBLE, "stalled / all judged, unconverted journeys"),
      col("last_events", VARCHAR, "Most common last events of stalled journeys, with shares"),
      col("biggest", BOOLEAN, "True for the stage losing the most journeys"));

  public static final TableSpec CHANNEL_QUALITY = table("channel_quality",
      "First-touch channels ranked by conversion quality next to volume.",
      col("channel", VARCHAR, "First-touch channel of the journey"),
      col("journeys", BIGINT, "Journeys started"),
      col("still_in_window", BIGINT, "Journeys whose window had not ended at as-of (whatever"
          + " their status): left out of the rate"),
      col("judged", BIGINT, "journeys - still_in_window: the rate's base"),
      col("conversions", BIGINT, "Converted journeys among judged"),
      col("failed", BIGINT, "Journeys among judged closed by a failure event"),
      col("rate", DOUBLE, "conversions / judged"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("volume_rank", INTEGER, "Rank by journeys, 1 = most"),
      col("quality_rank", INTEGER, "Rank by ci_low (rate that is sure), 1 = best; null for a"
          + " channel with no judged journey (0 of 0 is no evidence either way)"),
      col("recent_conversions", BIGINT, "Conversions among journeys still in their window: real,"
          + " but not in the rate until their cohort is complete"),
      col("sample_note", VARCHAR, "'small sample' when the counts are too small to read"));

  public static final TableSpec BEHAVIOR_LIFT = table("behavior_lift",
      "Which behaviours go with moving forward: for the outcome (early in a journey) and for"
          + " each consecutive stage pair (after entering the first stage), each behaviour's"
          + " rate with and without it, the lift with its interval, exact p and false-discovery"
          + " q, the lift with the model's confounders held constant, a verdict and a sentence.",
      col("transition", VARCHAR, "'outcome' (judged journeys: did they convert) or 'A -> B'"
          + " for consecutive stages (judged journeys that reached A, not B first: did they"
          + " reach B)"),
      col("behavior", VARCHAR, "The behaviour in words: an event (at least k times), two events,"
          + " or one event then another, within d days of the start (for a stage pair: of"
          + " entering A), before the outcome (of reaching B)"),
      col("kind", VARCHAR, "single (one event, min_count times), both (two events) or then"
          + " (the first event, then the second)"),
      col("event", VARCHAR, "Canonical event, or the two events of a pair, comma separated"),
      col("min_count", INTEGER, "Times the event happened, at least"),
      col("within_days", INTEGER, "Days after the start (or entering A) it happened within"),
      col("n_with", BIGINT, "Judged journeys with the behaviour"),
      col("conv_with", BIGINT, "Of those, converted (reached B)"),
      col("n_without", BIGINT, "Judged journeys without it"),
      col("conv_without", BIGINT, "Of those, converted (reached B)"),
      col("rate_with", DOUBLE, "conv_with / n_with"),
      col("rate_without", DOUBLE, "conv_without / n_without"),
      col("lift", DOUBLE, "rate_with / rate_without"),
      col("lift_low", DOUBLE, "95% lower bound of lift (Katz log interval)"),
      col("lift_high", DOUBLE, "95% upper bound of lift"),
      col("p_value", DOUBLE, "Fisher's exact two-sided p-value"),
      col("q_value", DOUBLE, "Benjamini-Hochberg q-value across every behaviour tested, all"
          + " transitions together"),
      col("adjusted_lift", DOUBLE, "Mantel-Haenszel lift within strata of the confounders in"
          + " build_info.lift_confounders, jointly, and for a stage transition A -> B also of when"
          + " the journey entered A (the outcome's lift and its interval when none are declared;"
          + " null when no stratum has journeys with and without the behaviour)"),
      col("adjusted_low", DOUBLE, "95% lower bound of adjusted_lift (Greenland-Robins)"),
      col("adjusted_high", DOUBLE, "95% upper bound of adjusted_lift"),
      col("verdict", VARCHAR, "signal (q < 0.05, interval excludes 1, at least 30 journeys and"
          + " 5 conversions and non-conversions on each side, and the adjusted interval excludes"
          + " 1 on the same side), confounded (all of that but the adjusted interval: within"
          + " the confounders' groups it could be chance), speculation, or too few"),
      col("sentence", VARCHAR, "What the row says, in words"));

  public static final TableSpec ANOMALIES = table("anomalies",
      "Days when stage entries or stage-to-stage conversion broke from their usual level, for"
          + " all journeys and per segment, with the expected value, the usual range, p and q,"
          + " and a declared change nearby.",
      col("metric", VARCHAR, "'entries into <stage>' (journeys entering it per day), '<A> ->"
          + " <B>' (share of journeys entering A that day that went on to B) or 'start ->"
          + " <outcome>' (share of journeys started that day that converted)"),
      col("segment", VARCHAR, "all journeys, first_channel = <channel> (the largest 8), or did"
          + " <behaviour> (the strongest behaviour_lift signals)"),
      col("from_day", TIMESTAMP, "First day of the anomaly, UTC (for conversion, the first"
          + " cohort day of the unusual 7-day cohort windows)"),
      col("to_day", TIMESTAMP, "Last day of the anomaly: overlapping or neighbouring unusual"
          + " days (windows) of one series in one direction are one row"),
      col("days", INTEGER, "Days from from_day to to_day"),
      col("observed", DOUBLE, "Entries per day, or the conversion rate of the cohorts of those"
          + " days"),
      col("expected", DOUBLE, "Median of the same weekday in the 8 weeks before (for"
          + " conversion: of the 7-day cohort windows ending on the same weekday), averaged over"
          + " the days or windows merged"),
      col("lower", DOUBLE, "Lower end of the usual range: expected - 1.96 x the larger of the"
          + " MAD-based and the sampling spread"),
      col("upper", DOUBLE, "Upper end of the usual range (entries per day, or a rate)"),
      col("observed_count", BIGINT, "Entries, or conversions, over the days"),
      col("observed_base", BIGINT, "Journeys in the days' cohorts (null for entries)"),
      col("p_value", DOUBLE, "Smallest day p-value: the larger of an exact test (Poisson for"
          + " entries, binomial for rates) and a robust normal test"),
      col("q_value", DOUBLE, "Benjamini-Hochberg q across every day of every series tested;"
          + " rows exist only below 0.05"),
      col("direction", VARCHAR, "drop or rise"),
      col("severity", VARCHAR, "high (at least 50% off expected), medium (25%) or low"),
      col("nearby_change", VARCHAR, "A change the model declares (changes:) within 7 days"
          + " before or during the anomaly, with its date; null if none"),
      col("sentence", VARCHAR, "What the row says, in words"));

  public static final TableSpec CHANGES_30D = table("changes_30d",
      "What changed: each series' last 30 usable days against the 30 before, with the"
          + " difference, its interval and whether it is more than chance.",
      col("metric", VARCHAR, "As in anomalies"),
      col("segment", VARCHAR, "As in anomalies"),
      col("last_from", TIMESTAMP, "First day of the last 30 (for conversion: cohort days whose"
          + " windows have all closed; in behaviour segments, days whose journeys have had the"
          + " behaviour's days)"),
      col("last_to", TIMESTAMP, "Last day of the last 30"),
      col("last_30", DOUBLE, "Entries in the last 30 days, or the conversion rate of their"
          + " cohorts"),
      col("prior_30", DOUBLE, "The same over the 30 days before"),
      col("delta", DOUBLE, "last_30 - prior_30 (for rates: a difference of proportions)"),
      col("delta_low", DOUBLE, "95% lower bound of delta (Newcombe's interval for rates, the"
          + " Poisson normal interval for counts)"),
      col("delta_high", DOUBLE, "95% upper bound of delta"),
      col("last_count", BIGINT, "Entries, or conversions, in the last 30 days"),
      col("last_base", BIGINT, "Journeys in the last 30 days' cohorts (null for entries)"),
      col("prior_count", BIGINT, "Entries, or conversions, in the 30 days before"),
      col("prior_base", BIGINT, "Journeys in those cohorts (null for entries)"),
      col("p_value", DOUBLE, "Two-sided p of the difference"),
      col("q_value", DOUBLE, "Benjamini-Hochberg q across every row"),
      col("significant", BOOLEAN, "q < 0.05 and the interval excludes 0"),
      col("sentence", VARCHAR, "What the row says, in words"));

  public static final TableSpec JOURNEY_CLUSTERS = table("journey_clusters",
      "Kinds of journeys by what they did in their first days (k-means on standardised"
          + " behaviour features, k chosen by silhouette), each with its size, conversion rate and"
          + " interval, and what sets it apart.",
      col("cluster", INTEGER, "Cluster number, 1 = largest"),
      col("label", VARCHAR, "What most distinguishes the cluster from the average journey"),
      col("within_days", INTEGER, "Days after the start whose behaviour was compared"),
      col("journeys", BIGINT, "Journeys in the cluster"),
      col("share", DOUBLE, "journeys / all clustered journeys"),
      col("judged", BIGINT, "Of those, journeys whose whole window lies before as-of: the"
          + " rate's base"),
      col("converted", BIGINT, "Converted journeys among judged"),
      col("rate", DOUBLE, "converted / judged"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("median_days_to_convert", DOUBLE, "Median days from start to conversion among"
          + " converted judged journeys"),
      col("defining_behaviors", VARCHAR, "The features furthest from the average, with the"
          + " cluster's mean next to all clustered journeys' mean"),
      col("silhouette", DOUBLE, "Mean silhouette of the chosen k on a sample (-1 to 1; above"
          + " 0.25 some structure, above 0.5 clear)"),
      col("stability", DOUBLE, "Mean adjusted Rand index between the clustering and refits on"
          + " bootstrap resamples of at most 5,000 journeys (1: identical every time, near 0:"
          + " chance)"),
      col("sample_note", VARCHAR, "'small sample' when the rate's counts are too small to read"),
      col("sentence", VARCHAR, "What the row says, in words"));

  public static final TableSpec SCORES = table("scores",
      "Each journey's chance of converting, as seen at its scoring moment (insights.scores."
          + "at_days after the start) from what it did before then, with the reasons in words.",
      col("journey_id", BIGINT, "Journey number"),
      col("as_of", TIMESTAMP, "The scoring moment: start + at_days, or the build's as-of for"
          + " journeys younger than that; only events before it count"),
      col("observed_days", DOUBLE, "Days of behaviour the score saw (less than at_days for"
          + " young open journeys: their score is provisional)"),
      col("role", VARCHAR, "open (still running: the scores to act on), training, calibration"
          + " or validation (matured journeys the model learnt from, was calibrated on, or was"
          + " tested on, by start time), since_training (matured after the model's validation"
          + " cohort: not seen by it), or recent (decided, window not over: not used)"),
      col("status", VARCHAR, "The journey's status at the build's as-of"),
      col("p_convert", DOUBLE, "Calibrated probability of converting within the window"),
      col("band", VARCHAR, "high (at least 1.5 times the base rate), low (at most the base"
          + " rate / 1.5) or medium"),
      col("top_reasons", VARCHAR, "The features that pulled the score hardest up or down, with"
          + " the typical value of matured journeys (open and recent journeys; null for"
          + " matured ones, which are scored for evaluation)"),
      col("model", VARCHAR, "logistic_regression or gradient_boosted_trees"),
      col("model_version", VARCHAR, "Version of the model: a hash of its settings and"
          + " training data"));

  public static final TableSpec MODEL_HEALTH = table("model_health",
      "How well the conversion scores work: each candidate model's numbers on the latest"
          + " matured cohort, drift of the top features, and whether to retrain.",
      col("model", VARCHAR, "logistic_regression or gradient_boosted_trees (null: no model)"),
      col("chosen", BOOLEAN, "True for the model whose scores are in scores (lowest"
          + " validation log-loss)"),
      col("status", VARCHAR, "ok, insufficient_data (too few converted or unconverted"
          + " matured journeys: no scores) or not_applicable (the window is too short to"
          + " score inside it)"),
      col("version", VARCHAR, "Model version: a hash of settings and training data"),
      col("trained_at", TIMESTAMP, "When the model was fitted: by this build, or by the"
          + " earlier one whose saved model this build reused (see reused), UTC"),
      col("at_days", INTEGER, "Scoring moment: days after the start"),
      col("training_journeys", BIGINT, "Matured journeys fitted on (the oldest 60%, at most"
          + " the 50,000 most recent of them)"),
      col("training_converted", BIGINT, "Of those, converted"),
      col("calibration_journeys", BIGINT, "Matured journeys the probabilities were calibrated"
          + " on (the next 20% by start time)"),
      col("validation_journeys", BIGINT, "Matured journeys tested on (the most recent 20% by"
          + " start time)"),
      col("validation_converted", BIGINT, "Of those, converted"),
      col("validation_from", TIMESTAMP, "Earliest start in the validation cohort"),
      col("base_rate", DOUBLE, "validation_converted / validation_journeys"),
      col("log_loss", DOUBLE, "Mean log-loss on validation (lower is better; the choice)"),
      col("auc", DOUBLE, "Area under the ROC curve on validation (0.5: chance)"),
      col("auc_low", DOUBLE, "DeLong 95% lower bound of auc"),
      col("auc_high", DOUBLE, "DeLong 95% upper bound of auc"),
      col("brier", DOUBLE, "Brier score on validation (mean squared error of p_convert)"),
      col("ece", DOUBLE, "Expected calibration error on validation (10 equal-width bins)"),
      col("reasons_by", VARCHAR, "How top_reasons are computed for this model"),
      col("recent_journeys", BIGINT, "Journeys started in the 30 days before as-of whose"
          + " scoring moment has passed: the drift comparison's sample"),
      col("max_psi", DOUBLE, "Largest population stability index among the top features"
          + " between training journeys and recent ones (0.1 moderate, 0.25 major shift)"),
      col("drift", VARCHAR, "PSI of each top feature"),
      col("retrain_recommended", BOOLEAN, "True when the recent journeys' drift, the"
          + " calibration (over_predicts or under_predicts, or ece above 0.1), or more journeys"
          + " matured since fitting than it was validated on call for a refit on newer data"
          + " ('journeymap retrain')"),
      col("recommendation", VARCHAR, "Why, or why not, in words"),
      col("sentence", VARCHAR, "What the row says, in words"),
      col("reused", BOOLEAN, "True when this build scored with the model saved beside the"
          + " store (<store>.models) by an earlier build; false when it fitted the model (none"
          + " saved, the model file changed, or retraining asked for). The validation numbers"
          + " are those of fitting time either way"),
      col("matured_since", BIGINT, "Matured journeys started after the model's validation"
          + " cohort: none of them was seen when it was fitted"),
      col("expected_converted", DOUBLE, "Sum of p_convert on validation: the conversions the"
          + " scores predicted, against validation_converted"),
      col("oe_ratio", DOUBLE, "validation_converted / expected_converted (below 1: the"
          + " scores over-predict)"),
      col("oe_low", DOUBLE, "95% lower bound of oe_ratio (score interval; excludes 1 exactly"
          + " when oe_p_value < 0.05)"),
      col("oe_high", DOUBLE, "95% upper bound of oe_ratio"),
      col("oe_p_value", DOUBLE, "Two-sided p-value of validation_converted given the"
          + " predictions (normal test, variance the sum of p(1 - p))"),
      col("calibration", VARCHAR, "over_predicts or under_predicts (p < 0.05 and oe_ratio"
          + " outside 0.9-1.1), calibrated, or too_few_to_judge (under 30 journeys, or under 10"
          + " conversions or non-conversions expected)"));

  private StoreCatalogue() {}

  public static final TableSpec TRIGGER_RULES = table("trigger_rules",
      "The model's triggers as declared: each rule, its action, holdout share, contact kinds"
          + " and live date (what triggers_as_of replays).",
      col("trigger_name", VARCHAR, "Trigger as named in the model"),
      col("description", VARCHAR, "What the trigger is for, in words"),
      col("rule", VARCHAR, "The condition checked daily (the model's when)"),
      col("action", VARCHAR, "What the team does for listed subjects"),
      col("holdout", DOUBLE, "Share of subjects kept out of the list to measure the effect"),
      col("contact", VARCHAR, "Identifier kinds exported with each subject, comma separated"
          + " (null: none)"),
      col("live_since", TIMESTAMP, "When the team started acting on the list, UTC (null: not"
          + " live)"));

  public static final TableSpec TRIGGERS = table("triggers",
      "Journeys each trigger of the model fired on: when, why in words, the action, and whether"
          + " the subject is in the treated group or the holdout kept out to measure the effect."
          + " open_now marks today's list; the other rows are its history.",
      col("trigger_name", VARCHAR, "Trigger as named in the model"),
      col("journey_id", BIGINT, "Journey the trigger fired on (once per journey, when its rule"
          + " first held at a daily check)"),
      col("subject", VARCHAR, "person or account"),
      col("subject_id", VARCHAR, "Person id or account id of the subject"),
      col("subject_key", VARCHAR, "Stable key of the subject (the person's first strong"
          + " identifier, or the account id): the holdout split hashes it, so a subject keeps"
          + " its group from build to build"),
      col("fired_at", TIMESTAMP, "The daily check (or the as-of moment) at which the rule first"
          + " held, UTC"),
      col("reason", VARCHAR, "The values that made the rule hold, in words"),
      col("action", VARCHAR, "What the team does for listed subjects"),
      col("test_group", VARCHAR, "treated (listed for the action) or holdout (never exported)"),
      col("open_now", BOOLEAN, "The journey is still open at as-of: on the current list"),
      col("journey_status", VARCHAR, "The journey's status at as-of"),
      col("judged", BOOLEAN, "The journey's window lies before as-of: it counts in impact"),
      col("converted", BOOLEAN, "The journey converted (always after the firing)"),
      col("days_to_convert", DOUBLE, "Days from firing to conversion"),
      col("contact", VARCHAR, "The model's contact identifiers of the subject, as a JSON object"
          + " of kind to value in the trigger's order of kinds (the value seen on most events)"));

  public static final TableSpec IMPACT = table("impact",
      "Per trigger, conversion of the treated group against the holdout, with the difference"
          + " and the relative lift and their 95% intervals, a verdict and a sentence. Only"
          + " judged journeys count. Firings before the trigger went live (live_since) are an"
          + " A/A check: nobody was treated, so a difference there is chance or a flawed split.",
      col("trigger_name", VARCHAR, "Trigger as named in the model"),
      col("period", VARCHAR, "live (fired on or after live_since) or before live (an A/A check;"
          + " all firings when the model gives no live_since)"),
      col("treated", BIGINT, "Judged journeys of treated subjects the trigger fired on"),
      col("treated_converted", BIGINT, "Of them, converted"),
      col("treated_rate", DOUBLE, "treated_converted / treated"),
      col("holdout", BIGINT, "Judged journeys of holdout subjects the trigger fired on"),
      col("holdout_converted", BIGINT, "Of them, converted"),
      col("holdout_rate", DOUBLE, "holdout_converted / holdout"),
      col("difference", DOUBLE, "treated_rate - holdout_rate (percentage points / 100)"),
      col("difference_low", DOUBLE, "Newcombe 95% lower bound of the difference"),
      col("difference_high", DOUBLE, "Newcombe 95% upper bound of the difference"),
      col("relative_lift", DOUBLE, "treated_rate / holdout_rate"),
      col("lift_low", DOUBLE, "Katz 95% lower bound of the relative lift"),
      col("lift_high", DOUBLE, "Katz 95% upper bound of the relative lift"),
      col("p_value", DOUBLE, "Fisher's exact two-sided p of treated vs holdout"),
      col("median_days_treated", DOUBLE, "Median days from firing to conversion, treated"),
      col("median_days_holdout", DOUBLE, "Median days from firing to conversion, holdout"),
      col("overlap", VARCHAR, "Other triggers that fired on at least a quarter of the same"
          + " journeys, with the share: their effects mix with this one's"),
      col("verdict", VARCHAR, "Live: working (interval above 0), hurting (below 0), no effect"
          + " yet (interval covers 0). Before live: split looks fair, or groups differ before"
          + " live: check the split. Either: too few to tell (under 30 judged journeys in a"
          + " group). Without live_since: not live"),
      col("sentence", VARCHAR, "The comparison in words"));

  public static final TableSpec SEGMENTS_NEEDING_ACTION = table("segments_needing_action",
      "Segments of today's open journeys that convert below the benchmark, ranked by the"
          + " conversions they stand to lose (open journeys x the rate gap), with intervals and"
          + " the trigger or behaviour the data suggest. Only segments below the benchmark with"
          + " open journeys have rows.",
      col("rank", INTEGER, "1 = most expected conversions lost; small samples come after all"
          + " the others"),
      col("segment_kind", VARCHAR, "first_channel, cluster (journeys.cluster), current_stage"
          + " (the furthest stage an open journey has reached so far), account_size (persons"
          + " in the subject's account: 1, 2-5, 6-20, 21+; only when accounts exist), or a"
          + " column the model lists under segments: (a journey column, or a source property:"
          + " the first value the journey's events carry)"),
      col("segment", VARCHAR, "The channel, cluster number, stage name ('(no stage)' when"
          + " none), account size or value ('(none)' when the journey has none)"),
      col("open_journeys", BIGINT, "Journeys of the segment open at as-of: the ones at risk"),
      col("judged", BIGINT, "Judged journeys the segment's rate is read from (for"
          + " current_stage: judged journeys that were at the stage, still undecided, at the"
          + " open journeys' median age in whole days)"),
      col("converted", BIGINT, "Of those, converted"),
      col("rate", DOUBLE, "converted / judged"),
      col("rate_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("rate_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("benchmark_rate", DOUBLE, "Conversion rate of all judged journeys (for current_stage:"
          + " of all judged journeys still undecided at the same age)"),
      col("expected_lost", DOUBLE, "open_journeys x (benchmark_rate - rate): conversions the"
          + " segment's open journeys stand to lose against the benchmark"),
      col("expected_lost_low", DOUBLE, "open_journeys x (benchmark_rate - rate_high), at least"
          + " 0 (the benchmark, read from every judged journey, is taken as known)"),
      col("expected_lost_high", DOUBLE, "open_journeys x (benchmark_rate - rate_low)"),
      col("small_sample", BOOLEAN, "Fewer than 30 judged journeys: ranked below the others"),
      col("suggestion", VARCHAR, "The trigger on today's list covering most of the segment's"
          + " open journeys among those that fire on it more often than on all open journeys,"
          + " with its impact verdict; else the surest outcome signal of behavior_lift the"
          + " segment's judged journeys clearly do less (Wilson upper bound below the share of"
          + " all judged journeys); else null"),
      col("sentence", VARCHAR, "The row in words"));

  public static final TableSpec CHANGE_IMPACT = table("change_impact",
      "Before and after each change the model declares (changes:): the outcome rate and each"
          + " stage-to-stage rate of judged journeys started in the 30 days before the change's"
          + " day against those started in the 30 days from it, with the difference and the"
          + " relative lift and their 95% intervals and Fisher's p. Observational: nothing was"
          + " held out.",
      col("change_date", TIMESTAMP, "The day of the change (midnight UTC)"),
      col("what", VARCHAR, "The change in words, as the model declares it"),
      col("transition", VARCHAR, "'outcome' (journeys started: did they convert) or 'A -> B'"
          + " for consecutive stages (journeys that reached A: did they also reach B, as in"
          + " stage_conversion)"),
      col("days", INTEGER, "Days compared on each side: journeys started in [change - days,"
          + " change) are before, in [change, change + days) after"),
      col("before_judged", BIGINT, "Judged journeys started before (for a stage pair: that"
          + " reached A)"),
      col("before_converted", BIGINT, "Of them, converted (for a stage pair: reached B)"),
      col("before_rate", DOUBLE, "before_converted / before_judged"),
      col("after_judged", BIGINT, "Judged journeys started after (for a stage pair: that"
          + " reached A)"),
      col("after_converted", BIGINT, "Of them, converted (for a stage pair: reached B)"),
      col("after_rate", DOUBLE, "after_converted / after_judged"),
      col("still_in_window", BIGINT, "Journeys of either side whose window had not ended at"
          + " as-of: left out of the rates"),
      col("difference", DOUBLE, "after_rate - before_rate"),
      col("difference_low", DOUBLE, "Newcombe 95% lower bound of the difference"),
      col("difference_high", DOUBLE, "Newcombe 95% upper bound of the difference"),
      col("relative_lift", DOUBLE, "after_rate / before_rate (null when before_rate is 0)"),
      col("lift_low", DOUBLE, "Katz 95% lower bound of the relative lift"),
      col("lift_high", DOUBLE, "Katz 95% upper bound of the relative lift"),
      col("p_value", DOUBLE, "Fisher's exact two-sided p of after against before"),
      col("median_days_before", DOUBLE, "Median days from the start to converting (for a stage"
          + " pair: from reaching A to reaching B), judged journeys before"),
      col("median_days_after", DOUBLE, "The same, judged journeys after"),
      col("other_changes", VARCHAR, "Other declared changes within the compared days, whose"
          + " effects mix with this one's (null: none)"),
      col("sample_note", VARCHAR, "'small sample' when either side has fewer than 30 judged"
          + " journeys, or fewer than 5 converting or not: a comparison of two rates swings"
          + " with each single conversion there, however narrow each rate's interval"),
      col("note", VARCHAR, "Always: a before/after comparison, not a controlled test;"
          + " seasonality, other changes and a shift in who arrives can explain a difference"),
      col("sentence", VARCHAR, "The comparison in words"));

  private static TableSpec table(String name, String description, ColumnSpec... columns) {
    TableSpec spec = new TableSpec(name, description, List.of(columns));
    TABLES.put(name, spec);
    return spec;
  }

  private static ColumnSpec col(String name, ColumnType type, String description) {
    return new ColumnSpec(name, type, description);
  }

  public static List<TableSpec> tables() {
    return new ArrayList<>(TABLES.values());
  }

  /** Columns that identify a row, for tools that read primary keys; empty when none do. */
  public static List<String> primaryKey(String table) {
    return switch (table) {
      case "build_info" -> List.of("build_id");
      case "taxonomy" -> List.of("event");
      case "stages", "stage_reach" -> List.of("stage_order");
      case "events" -> List.of("event_id");
      case "identities" -> List.of("kind", "identifier");
      case "persons" -> List.of("person_id");
      case "accounts" -> List.of("account_id");
      case "journeys" -> List.of("journey_id");
      case "stage_entries" -> List.of("journey_id", "stage_order");
      case "stage_conversion" -> List.of("from_order");
      case "drop_offs" -> List.of("stage_order");
      case "channel_quality" -> List.of("channel");
      case "journey_clusters" -> List.of("cluster");
      case "scores" -> List.of("journey_id");
      case "trigger_rules" -> List.of("trigger_name");
      case "segments_needing_action" -> List.of("segment_kind", "segment");
      default -> List.of();
    };
  }

  /** The table of that name (store names are lower case), or null. */
  public static TableSpec table(String name) {
    return TABLES.get(name);
  }
}
