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

  public static final TableSpec BUILD_INFO = table("build_info",
      "Facts about the build this store holds: model, journey, as-of time, build id.",
      col("fact", VARCHAR, "Fact name"),
      col("detail", VARCHAR, "Fact value"));

  public static final TableSpec BUILD_LOG = table("build_log",
      "What each build phase read, accepted and rejected, and how long it took.",
      col("build_id", VARCHAR, "Identifier of the build"),
      col("phase", VARCHAR, "ingest, identity, journeys, stages or analyses"),
      col("source", VARCHAR, "Source name for ingest rows, else null"),
      col("rows_read", BIGINT, "Rows read (ingest: = accepted + rejected)"),
      col("rows_accepted", BIGINT, "Rows that became canonical events"),
      col("rows_rejected", BIGINT, "Rows written to rejected_events"),
      col("detail", VARCHAR, "Phase summary in words"),
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
      col("person_id", BIGINT, "Resolved person (null when no identifier resolved)"),
      col("account_id", VARCHAR, "Account of the event or of its person"),
      col("identity_status", VARCHAR,
          "strong, weak_attached, weak_ambiguous, weak_unlinked or account_only"),
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
      "Every identifier value seen, normalised, and the person it resolved to.",
      col("kind", VARCHAR, "Identifier kind (customer_id, email, cookie_id, ...)"),
      col("identifier", VARCHAR, "Normalised identifier value"),
      col("strength", VARCHAR, "strong (merges persons) or weak (only attaches)"),
      col("person_id", BIGINT, "Resolved person, null if refused, ambiguous or unlinked"),
      col("status", VARCHAR, "merged, refused, attached, ambiguous or unlinked"),
      col("events", BIGINT, "Events carrying this value"));

  public static final TableSpec PERSONS = table("persons",
      "One row per resolved person.",
      col("person_id", BIGINT, "Person number"),
      col("account_id", VARCHAR, "Account the person belongs to (most frequent)"),
      col("primary_identifier", VARCHAR, "First strong identifier, kind:value"),
      col("identifiers", INTEGER, "Strong identifier values merged into the person"),
      col("events", BIGINT, "Events of the person"),
      col("first_seen", TIMESTAMP, "First event, UTC"),
      col("last_seen", TIMESTAMP, "Last event, UTC"));

  public static final TableSpec ACCOUNTS = table("accounts",
      "One row per account (company) with its persons and activity.",
      col("account_id", VARCHAR, "Account identifier as the sources give it"),
      col("persons", BIGINT, "Persons assigned to the account"),
      col("events", BIGINT, "Events of the account"),
      col("first_seen", TIMESTAMP, "First event, UTC"),
      col("last_seen", TIMESTAMP, "Last event, UTC"));

  public static final TableSpec IDENTITY_CONFLICTS = table("identity_conflicts",
      "Merges refused and links left ambiguous, so identity decisions are visible.",
      col("kind", VARCHAR, "Identifier kind"),
      col("identifier", VARCHAR, "Identifier value (or person id for account conflicts)"),
      col("conflict", VARCHAR,
          "supernode_refused, shared_weak_identifier or person_in_several_accounts"),
      col("persons_touched", BIGINT, "Persons (or accounts) the value points to"),
      col("events", BIGINT, "Events carrying the value"),
      col("detail", VARCHAR, "Explanation in words"));

  public static final TableSpec JOURNEYS = table("journeys",
      "One row per journey instance: subject, start, outcome within the window, stage reached.",
      col("journey_id", BIGINT, "Journey number"),
      col("subject", VARCHAR, "person or account"),
      col("subject_id", VARCHAR, "Person id or account id of the subject"),
      col("person_id", BIGINT, "Person (null for account journeys)"),
      col("account_id", VARCHAR, "Account of the subject"),
      col("started_at", TIMESTAMP, "Start event time, UTC"),
      col("window_ends_at", TIMESTAMP, "Start plus the journey window, UTC"),
      col("status", VARCHAR,
          "converted, dropped (window closed without success) or open (window not closed)"),
      col("converted_at", TIMESTAMP, "Success event time, UTC"),
      col("days_to_convert", DOUBLE, "Days from start to success"),
      col("current_stage", VARCHAR, "Furthest stage reached"),
      col("current_stage_order", INTEGER, "Order of the furthest stage (0: none)"),
      col("first_channel", VARCHAR, "Channel of the subject's first touch ('unknown' if none)"),
      col("first_campaign", VARCHAR, "Campaign of that first touch"),
      col("events", BIGINT, "Events inside the journey"));

  public static final TableSpec STAGE_ENTRIES = table("stage_entries",
      "When each journey entered each stage and which event took it there.",
      col("journey_id", BIGINT, "Journey number"),
      col("stage_order", INTEGER, "Stage position"),
      col("stage", VARCHAR, "Stage name"),
      col("entered_at", TIMESTAMP, "Entry time, UTC (never before the previous stage)"),
      col("triggering_event", VARCHAR, "Event that met the stage threshold"),
      col("triggering_event_id", BIGINT, "Its event_id"),
      col("hours_from_start", DOUBLE, "Hours from journey start to entry"));

  public static final TableSpec STAGE_CONVERSION = table("stage_conversion",
      "Stage-to-stage conversion with counts, Wilson 95% interval and median time.",
      col("from_order", INTEGER, "Order of the stage journeys leave"),
      col("from_stage", VARCHAR, "Stage journeys leave"),
      col("to_stage", VARCHAR, "Next stage"),
      col("entered", BIGINT, "Journeys that entered from_stage"),
      col("advanced", BIGINT, "Of those, journeys that entered to_stage"),
      col("open_excluded", BIGINT,
          "Journeys still open that have not advanced: left out of the rate, not dropped"),
      col("rate", DOUBLE, "advanced / (entered - open_excluded)"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("median_hours", DOUBLE, "Median hours from from_stage to to_stage among advanced"),
      col("sample_note", VARCHAR, "'small sample' when the counts are too small to read"));

  public static final TableSpec DROP_OFFS = table("drop_offs",
      "Where closed journeys stalled, and what they did last.",
      col("stage_order", INTEGER, "Stage position (0: before the first stage)"),
      col("stage", VARCHAR, "Furthest stage the dropped journeys reached"),
      col("entered", BIGINT, "Closed journeys that entered the stage"),
      col("stalled", BIGINT, "Dropped journeys whose furthest stage this is"),
      col("share", DOUBLE, "stalled / entered"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of share"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of share"),
      col("share_of_all_drop_offs", DOUBLE, "stalled / all dropped journeys"),
      col("last_events", VARCHAR, "Most common last events of stalled journeys, with shares"),
      col("biggest", BOOLEAN, "True for the stage losing the most journeys"));

  public static final TableSpec CHANNEL_QUALITY = table("channel_quality",
      "First-touch channels ranked by conversion quality next to volume.",
      col("channel", VARCHAR, "First-touch channel"),
      col("journeys", BIGINT, "Journeys started"),
      col("open_journeys", BIGINT, "Journeys still open (not converted, window not closed)"),
      col("closed", BIGINT, "journeys - open_journeys"),
      col("conversions", BIGINT, "Converted journeys"),
      col("rate", DOUBLE, "conversions / closed"),
      col("ci_low", DOUBLE, "Wilson 95% lower bound of rate"),
      col("ci_high", DOUBLE, "Wilson 95% upper bound of rate"),
      col("volume_rank", INTEGER, "Rank by journeys, 1 = most"),
      col("quality_rank", INTEGER, "Rank by ci_low (rate that is sure), 1 = best"),
      col("sample_note", VARCHAR, "'small sample' when the counts are too small to read"));

  private StoreCatalogue() {}

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

  /** The table of that name (store names are lower case), or null. */
  public static TableSpec table(String name) {
    return TABLES.get(name);
  }
}
