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
  public static final int FORMAT = 2;

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
      col("store_format", INTEGER, "Version of the store layout"));

  public static final TableSpec BUILD_LOG = table("build_log",
      "What each build phase read, accepted and rejected, how long it took, and warnings.",
      col("build_id", VARCHAR, "Identifier of the build"),
      col("phase", VARCHAR, "ingest, identity, coverage, journeys, stages, analyses, or"
          + " resources (the engine's memory limit and the process's peak resident size)"),
      col("source", VARCHAR, "Source name for ingest and coverage rows, else null"),
      col("rows_read", BIGINT, "Rows read (ingest: = accepted + rejected)"),
      col("rows_accepted", BIGINT, "Rows that became canonical events (or identity links)"),
      col("rows_rejected", BIGINT, "Rows written to rejected_events"),
      col("first_event_at", TIMESTAMP, "Earliest accepted event of the source, UTC"),
      col("last_event_at", TIMESTAMP, "Latest accepted event of the source, UTC"),
      col("detail", VARCHAR, "Phase summary or warning in words"),
      col("seconds", DOUBLE, "Wall time of the phase"));

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
      col("source_row", BIGINT, "Row number within the source, 1 = first data row"),
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
      col("source_row", BIGINT, "Row number within the source (null for unparseable lines)"),
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
      col("events", BIGINT, "Events inside the journey"));

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
      col("quality_rank", INTEGER, "Rank by ci_low (rate that is sure), 1 = best"),
      col("recent_conversions", BIGINT, "Conversions among journeys still in their window: real,"
          + " but not in the rate until their cohort is complete"),
      col("sample_note", VARCHAR, "'small sample' when the counts are too small to read"));

  public static final TableSpec BEHAVIOR_LIFT = table("behavior_lift",
      "Which behaviours early in a journey go with converting: each behaviour's conversion rate"
          + " with and without it, the lift with its interval, exact p and false-discovery q,"
          + " the lift with the first channel held constant, a verdict and a sentence.",
      col("behavior", VARCHAR, "The behaviour in words: an event (at least k times), two events,"
          + " or one event then another, within d days of the start"),
      col("event", VARCHAR, "Canonical event, or the two events of a pair, comma separated"),
      col("min_count", INTEGER, "Times the event happened, at least"),
      col("within_days", INTEGER, "Days after the journey start it happened within"),
      col("n_with", BIGINT, "Judged journeys with the behaviour (before their outcome)"),
      col("conv_with", BIGINT, "Of those, converted"),
      col("n_without", BIGINT, "Judged journeys without it"),
      col("conv_without", BIGINT, "Of those, converted"),
      col("rate_with", DOUBLE, "conv_with / n_with"),
      col("rate_without", DOUBLE, "conv_without / n_without"),
      col("lift", DOUBLE, "rate_with / rate_without"),
      col("lift_low", DOUBLE, "95% lower bound of lift (Katz log interval)"),
      col("lift_high", DOUBLE, "95% upper bound of lift"),
      col("p_value", DOUBLE, "Fisher's exact two-sided p-value"),
      col("q_value", DOUBLE, "Benjamini-Hochberg q-value across every behaviour tested"),
      col("adjusted_lift", DOUBLE, "Mantel-Haenszel lift within first channels (null when no"
          + " channel has journeys with and without the behaviour)"),
      col("adjusted_low", DOUBLE, "95% lower bound of adjusted_lift"),
      col("adjusted_high", DOUBLE, "95% upper bound of adjusted_lift"),
      col("verdict", VARCHAR, "signal (q < 0.05, interval excludes 1, enough journeys),"
          + " speculation, or too few"),
      col("sentence", VARCHAR, "What the row says, in words"));

  private StoreCatalogue() {}

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
          + " of kind to value (the value seen on most events)"));

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
      default -> List.of();
    };
  }

  /** The table of that name (store names are lower case), or null. */
  public static TableSpec table(String name) {
    return TABLES.get(name);
  }
}
