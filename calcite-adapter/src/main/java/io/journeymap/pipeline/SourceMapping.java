package io.journeymap.pipeline;

import io.journeymap.model.IdentifierKind;
import io.journeymap.model.IdentityPolicy;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import io.journeymap.model.Source.EventSpec;
import io.journeymap.model.TaxonomyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SQL that maps a source's raw rows (all text, in {@code raw}) to canonical events: the time
 * parsed in the source's zone, the event name mapped to the taxonomy, identifiers trimmed,
 * lower-cased where their kind says so and blocklisted, and for each row that does not become an
 * event the reason. Each row also says which entry of the event mapping named it
 * ({@code mapped_by}), so a map key or rule that names no row can be found without the raw rows.
 * It is text from the model alone, so the same model gives the same SQL, which is what the ingest
 * cache keys on.
 */
final class SourceMapping {
  /**
   * A time that names its own zone: an offset ({@code Z}, {@code +02:00}) or a zone name
   * ({@code UTC}, {@code Europe/Berlin}) after the clock time; it wins over the source's zone.
   */
  private static final String ZONED_REGEX = "[0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?\\s*"
      + "(Z|[+-][0-9]{2}(:?[0-9]{2})?|[A-Za-z][A-Za-z_]*(/[A-Za-z_]+)*)$";

  private final JourneyModel model;
  private final Source source;
  private final String raw;

  SourceMapping(JourneyModel model, Source source, String raw) {
    this.model = model;
    this.source = source;
    this.raw = raw;
  }

  /**
   * The {@code mapped_by} value of a row whose raw name already is a canonical name; the
   * entries of the event mapping are numbered from 1: the map's keys in order, then the rules.
   */
  static final int CANONICAL = 0;

  /** The SELECT mapping every raw row to an event or a rejection reason. */
  String query(long offset) {
    IdentityPolicy identity = model.identity();
    Map<String, String> allIds = source.allIdentifiers();
    List<String> idColumns = new ArrayList<>(allIds.keySet());
    boolean identityOnly = source.identityOnly();
    StringBuilder select = new StringBuilder("SELECT ").append(offset)
        .append(" + rowid + 1 AS event_id, rowid + 1 AS source_row, ")
        .append("time_text, occurred_at, raw_event, ").append(event()).append(" AS event,")
        .append(" mapped_by");
    for (int i = 0; i < idColumns.size(); i++) {
      select.append(", id_").append(i);
    }
    select.append(", channel, campaign, properties, CASE");
    if (!identityOnly) {
      select.append(" WHEN time_text IS NULL THEN 'missing time in column ")
          .append(source.time().column().replace("'", "''")).append("'")
          .append(" WHEN occurred_at IS NULL THEN 'unparseable time ''' || time_text || ''''")
          .append(" WHEN occurred_at < make_timestamp(").append(timeFrom())
          .append(") OR occurred_at > make_timestamp(").append(timeTo())
          .append(") THEN 'time outside the plausible range ").append(rangeText())
          .append(" (journey.time_range): ''' || time_text || ''''")
          .append(" WHEN raw_event IS NULL THEN 'missing event name'")
          .append(" WHEN mapped_by IS NULL THEN 'unmapped event ''' || raw_event || ''''");
    }
    List<String> present = new ArrayList<>();
    for (int i = 0; i < idColumns.size(); i++) {
      present.add("id_" + i + " IS NULL");
    }
    // name the values the blocklist removed, so a too-broad blocklist is easy to spot
    List<String> dropped = new ArrayList<>();
    for (int i = 0; i < idColumns.size(); i++) {
      dropped.add("CASE WHEN idraw_" + i + " IS NOT NULL THEN "
          + Sql.literal(idColumns.get(i) + " '") + " || idraw_" + i + " || '''' END");
    }
    String droppedList = dropped.isEmpty() ? "NULL"
        : "concat_ws(', ', " + String.join(", ", dropped) + ")";
    select.append(" WHEN ").append(String.join(" AND ", present))
        .append(" THEN 'no usable identifier' || coalesce(': blocklisted ' || NULLIF(")
        .append(droppedList).append(", ''), ' (all blank)')")
        .append(" END AS reason FROM (SELECT rowid, ")
        .append(identityOnly ? "CAST(NULL AS VARCHAR)" : text(source.time().column()))
        .append(" AS time_text, ")
        .append(identityOnly ? "CAST(NULL AS TIMESTAMP)" : timeExpression())
        .append(" AS occurred_at, ")
        .append(identityOnly ? "CAST(NULL AS VARCHAR)" : rawEvent()).append(" AS raw_event, ")
        .append(identityOnly ? "CAST(NULL AS INTEGER)" : mappedBy()).append(" AS mapped_by");
    for (int i = 0; i < idColumns.size(); i++) {
      IdentifierKind kind = identity.kinds().get(allIds.get(idColumns.get(i)));
      select.append(", ").append(identifier(idColumns.get(i), kind))
          .append(" AS id_").append(i)
          .append(", ").append(text(idColumns.get(i))).append(" AS idraw_").append(i);
    }
    select.append(", ").append(optionalText(source.channel())).append(" AS channel")
        .append(", ").append(optionalText(source.campaign())).append(" AS campaign")
        .append(", ").append(properties()).append(" AS properties")
        .append(" FROM ").append(raw).append(" AS s)");
    return select.toString();
  }

  private static String text(String column) {
    return "NULLIF(trim(CAST(s." + Sql.ident(column) + " AS VARCHAR)), '')";
  }

  private static String optionalText(String column) {
    return column == null ? "CAST(NULL AS VARCHAR)" : text(column);
  }

  /**
   * Trimmed value, lower-cased for case-insensitive kinds and without an email's +tag where its
   * kind says so; null when blocklisted.
   */
  private String identifier(String column, IdentifierKind kind) {
    String v = text(column);
    String normalised = kind.lowercase() ? "lower(" + v + ")" : v;
    if (kind.stripPlusTags()) {
      // only a tag after a non-empty local part: '+1@x.com' stays as it is
      normalised = "regexp_replace(" + normalised + ", '^([^@+]+)\\+[^@]*@', '\\1@')";
    }
    if (model.identity().blocklist().isEmpty()) {
      return normalised;
    }
    return "CASE WHEN lower(" + v + ") IN (" + Sql.literals(model.identity().blocklist())
        + ") THEN NULL ELSE " + normalised + " END";
  }

  /** Any supported time text to a UTC TIMESTAMP (the store session runs in UTC). */
  private String timeExpression() {
    Source.TimeSpec t = source.time();
    String v = text(t.column());
    String zone = t.zone();
    String tz;
    if ("epoch_ms".equals(t.format())) {
      tz = "make_timestamp(TRY_CAST(" + v + " AS BIGINT) * 1000)::TIMESTAMPTZ";
    } else if ("epoch_s".equals(t.format())) {
      tz = "to_timestamp(TRY_CAST(" + v + " AS DOUBLE))";
    } else if (t.format() != null) {
      String parsed = "try_strptime(" + v + ", " + Sql.literal(t.format()) + ")";
      tz = t.format().contains("%z") || t.format().contains("%Z") ? parsed
          : zoned("CAST(" + parsed + " AS TIMESTAMP)", zone);
    } else {
      tz = "CASE WHEN regexp_matches(" + v + ", '" + ZONED_REGEX + "') THEN TRY_CAST(" + v
          + " AS TIMESTAMPTZ) ELSE " + zoned("TRY_CAST(" + v + " AS TIMESTAMP)", zone) + " END";
    }
    // TRY: an overflowing epoch or an impossible date is a rejected row, not a failed build
    return "TRY(CAST(" + tz + " AS TIMESTAMP))";
  }

  private long timeFrom() {
    return TimeRange.lower(model.journey()).toEpochMilli() * 1000;
  }

  private long timeTo() {
    return TimeRange.upper(model.journey()).toEpochMilli() * 1000;
  }

  private String rangeText() {
    return TimeRange.lower(model.journey()).toString().substring(0, 10) + " to "
        + TimeRange.upper(model.journey()).toString().substring(0, 10);
  }

  private static String zoned(String naive, String zone) {
    return zone == null ? "CAST(" + naive + " AS TIMESTAMPTZ)"
        : "timezone(" + Sql.literal(zone) + ", " + naive + ")";
  }

  private String rawEvent() {
    EventSpec e = source.event();
    if (e.constant() != null) {
      return Sql.literal(e.constant());
    }
    if (e.sql() != null) {
      return "NULLIF(trim(CAST((" + e.sql() + ") AS VARCHAR)), '')";
    }
    return text(e.column());
  }

  /**
   * Which entry names the row's event: exact map, then rules in order, then names that already
   * are canonical ({@link #CANONICAL}); null when none does. Each condition runs once per row.
   */
  private String mappedBy() {
    EventSpec e = source.event();
    String rawName = "(" + rawEvent() + ")";
    StringBuilder c = new StringBuilder("CASE");
    int entry = 0;
    for (String key : e.map().keySet()) {
      c.append(" WHEN ").append(rawName).append(" = ").append(Sql.literal(key))
          .append(" THEN ").append(++entry);
    }
    for (EventSpec.Rule r : e.rules()) {
      String condition = r.regex() != null
          ? "regexp_matches(" + rawName + ", " + Sql.literal(r.regex()) + ")"
          : "(" + r.when() + ")";
      c.append(" WHEN ").append(condition).append(" THEN ").append(++entry);
    }
    List<String> names = model.taxonomy().stream().map(TaxonomyEvent::name).toList();
    c.append(" WHEN ").append(rawName).append(" IN (").append(Sql.literals(names))
        .append(") THEN ").append(CANONICAL).append(" END");
    return c.toString();
  }

  /** The canonical event of the entry that named the row, over the inner query's columns. */
  private String event() {
    if (source.identityOnly()) {
      return "CAST(NULL AS VARCHAR)";
    }
    StringBuilder c = new StringBuilder("CASE mapped_by WHEN ").append(CANONICAL)
        .append(" THEN raw_event");
    int entry = 0;
    for (String to : source.event().map().values()) {
      c.append(" WHEN ").append(++entry).append(" THEN ").append(Sql.literal(to));
    }
    for (EventSpec.Rule r : source.event().rules()) {
      c.append(" WHEN ").append(++entry).append(" THEN ").append(Sql.literal(r.to()));
    }
    return c.append(" END").toString();
  }

  private String properties() {
    if (source.properties().isEmpty()) {
      return "CAST(NULL AS VARCHAR)";
    }
    List<String> pairs = new ArrayList<>();
    for (String p : source.properties()) {
      pairs.add(Sql.literal(p) + ", s." + Sql.ident(p));
    }
    return "CAST(json_object(" + String.join(", ", pairs) + ") AS VARCHAR)";
  }
}
