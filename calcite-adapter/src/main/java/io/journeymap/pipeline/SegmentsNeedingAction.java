package io.journeymap.pipeline;

import io.journeymap.stats.Proportion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Which segments of today's open journeys need action: each segment's conversion rate among
 * judged journeys against the benchmark, sized by the open journeys it would apply to. A
 * segment converting at {@code rate} below the benchmark, with {@code open} journeys at risk,
 * stands to lose {@code open x (benchmark - rate)} conversions; the interval comes from the
 * rate's Wilson interval (the benchmark rests on every judged journey and is taken as known).
 *
 * <p>Segments: first channel, behaviour cluster, account size (persons per account) and the
 * current stage. A journey's stage says more the older it is, so for the current stage the
 * comparison is made at the same age: the judged journeys that were still undecided at the
 * segment's typical age (the median whole days of its open journeys) and had then reached that
 * stage and no later one, against all judged journeys undecided at that age.
 *
 * <p>The suggestion is the trigger on today's list that covers most of the segment's open
 * journeys among those that fire on it more often than on open journeys overall, with its
 * verdict in {@code impact}; else the surest outcome signal of {@code behavior_lift} that the
 * segment's judged journeys clearly do less often than all judged journeys (its Wilson upper
 * bound below the overall share).
 */
final class SegmentsNeedingAction {
  /** Fewer judged journeys than this: a small sample, ranked below the others. */
  static final int SMALL = 30;
  /** Outcome signals considered for a suggestion, surest first. */
  static final int SIGNALS = 5;

  private final DuckDBConnection store;
  private final List<String> segments;

  /**
   * @param segments the model's further segments: journey columns or source properties (a
   *     journey's value is the first one its events carry; '(none)' without one)
   */
  SegmentsNeedingAction(DuckDBConnection store, List<String> segments) {
    this.store = store;
    this.segments = List.copyOf(segments);
  }

  /** One segment's counts; {@code landmarkDays} only for current_stage. */
  private record Segment(String kind, String segment, long open, long judged, long converted,
      long benchmarkJudged, long benchmarkConverted, Integer landmarkDays, String label) {
    String key() {
      return kind + "\u001f" + segment;
    }
  }

  /** A row of the table before ranking. */
  record Row(String kind, String segment, long open, Proportion rate, double benchmark,
      double lost, double lostLow, double lostHigh, boolean small, String suggestion,
      String sentence) {}

  /** Fills {@code segments_needing_action}; returns its rows. */
  int run() throws SQLException {
    members();
    List<Segment> segments = segments();
    Map<String, String> triggers = triggerSuggestions();
    Map<String, String> behaviours = behaviourSuggestions();
    List<Row> rows = new ArrayList<>();
    for (Segment s : segments) {
      Proportion rate = Proportion.wilson(s.converted(), s.judged());
      double benchmark = s.benchmarkJudged() == 0 ? Double.NaN
          : (double) s.benchmarkConverted() / s.benchmarkJudged();
      if (s.open() == 0 || s.judged() == 0 || !(rate.rate() < benchmark)) {
        continue; // nothing at risk, nothing known, or not below the benchmark
      }
      double lost = s.open() * (benchmark - rate.rate());
      double low = s.open() * Math.max(0, benchmark - rate.high());
      double high = s.open() * (benchmark - rate.low());
      String suggestion = triggers.getOrDefault(s.key(), behaviours.get(s.key()));
      boolean small = s.judged() < SMALL;
      rows.add(new Row(s.kind(), s.segment(), s.open(), rate, benchmark, lost, low, high, small,
          suggestion, sentence(s, rate, benchmark, lost, low, high, small, suggestion)));
    }
    rows.sort(Comparator.comparing(Row::small).thenComparing(Comparator.comparingDouble(
        Row::lost).reversed()).thenComparing(Row::kind).thenComparing(Row::segment));
    try (PreparedStatement out = store.prepareStatement("INSERT INTO"
        + " main.segments_needing_action VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int rank = 0;
      for (Row row : rows) {
        int i = 0;
        out.setInt(++i, ++rank);
        out.setString(++i, row.kind());
        out.setString(++i, row.segment());
        out.setLong(++i, row.open());
        out.setLong(++i, row.rate().trials());
        out.setLong(++i, row.rate().successes());
        out.setDouble(++i, row.rate().rate());
        out.setDouble(++i, row.rate().low());
        out.setDouble(++i, row.rate().high());
        out.setDouble(++i, row.benchmark());
        out.setDouble(++i, row.lost());
        out.setDouble(++i, row.lostLow());
        out.setDouble(++i, row.lostHigh());
        out.setBoolean(++i, row.small());
        if (row.suggestion() == null) {
          out.setNull(++i, Types.VARCHAR);
        } else {
          out.setString(++i, row.suggestion());
        }
        out.setString(++i, row.sentence());
        out.execute();
      }
    }
    return rows.size();
  }

  /**
   * {@code build.seg_members}: per segment, its open journeys and the judged journeys its rate
   * is read from ({@code pooled}), with whether they converted.
   */
  private void members() throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.seg_members AS"
          + " SELECT 'first_channel' AS kind, first_channel AS segment, journey_id,"
          + " status = 'open' AS is_open, judged AS pooled, status = 'converted' AS converted"
          + " FROM main.journeys"
          + " UNION ALL SELECT 'cluster', CAST(cluster AS VARCHAR), journey_id, status = 'open',"
          + " judged, status = 'converted' FROM main.journeys WHERE cluster IS NOT NULL"
          + " UNION ALL SELECT 'account_size', CASE WHEN a.persons <= 1 THEN '1'"
          + " WHEN a.persons <= 5 THEN '2-5' WHEN a.persons <= 20 THEN '6-20' ELSE '21+' END,"
          + " j.journey_id, j.status = 'open', j.judged, j.status = 'converted'"
          + " FROM main.journeys j JOIN main.accounts a USING (account_id)"
          + " UNION ALL SELECT 'current_stage', coalesce(furthest_stage, '(no stage)'),"
          + " journey_id, true, false, false FROM main.journeys WHERE status = 'open'");
      for (String segment : segments) {
        String value = segment.equals("first_campaign") || segment.equals("journey_key")
            ? "coalesce(CAST(j." + segment + " AS VARCHAR), '(none)')"
            : "coalesce(v.value, '(none)')";
        s.execute("INSERT INTO build.seg_members SELECT " + Sql.literal(segment) + ", " + value
            + ", j.journey_id, j.status = 'open', j.judged, j.status = 'converted'"
            + " FROM main.journeys j LEFT JOIN (SELECT journey_id, arg_min(v, (occurred_at,"
            + " event_id)) AS value FROM (SELECT e.journey_id, json_extract_string(e.properties, "
            + Sql.literal("$.\"" + segment.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
            + ") AS v, e.occurred_at, e.event_id FROM main.events e JOIN main.journeys oj"
            // only what was known before the outcome: a property that only the outcome's own
            // rows carry (a plan on payments) would otherwise mark every converted journey
            + " USING (journey_id) WHERE e.occurred_at < coalesce(oj.closed_at, 'infinity'))"
            + " WHERE v IS NOT NULL GROUP BY 1) v USING (journey_id)");
      }
      // the current stage's comparison: judged journeys at the open journeys' median age
      s.execute("CREATE TABLE build.seg_landmarks AS SELECT coalesce(j.furthest_stage,"
          + " '(no stage)') AS segment, coalesce(j.furthest_stage_order, 0) AS stage_order,"
          + " CAST(floor(median(date_diff('second', j.started_at, b.as_of) / 86400.0)) AS"
          + " INTEGER) AS days FROM main.journeys j, main.build_info b WHERE j.status = 'open'"
          + " GROUP BY ALL");
      s.execute("CREATE TABLE build.seg_at_landmark AS SELECT l.segment, l.stage_order AS"
          + " wanted, j.journey_id, any_value(j.status = 'converted') AS converted,"
          + " coalesce(max(se.stage_order), 0) AS stage_then"
          + " FROM build.seg_landmarks l JOIN main.journeys j ON j.judged"
          + " AND (j.converted_at IS NULL AND j.failed_at IS NULL"
          + " OR coalesce(j.converted_at, j.failed_at) > j.started_at + to_days(l.days))"
          + " LEFT JOIN main.stage_entries se ON se.journey_id = j.journey_id"
          + " AND se.entered_at <= j.started_at + to_days(l.days)"
          + " GROUP BY l.segment, l.stage_order, j.journey_id");
      s.execute("INSERT INTO build.seg_members SELECT 'current_stage', segment, journey_id,"
          + " false, true, converted FROM build.seg_at_landmark WHERE stage_then = wanted");
    }
  }

  private List<Segment> segments() throws SQLException {
    Map<String, long[]> benchmarks = new HashMap<>();
    try (Statement s = store.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT segment, count(*), count(*) FILTER (WHERE"
          + " converted) FROM build.seg_at_landmark GROUP BY 1")) {
        while (r.next()) {
          benchmarks.put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)});
        }
      }
      long[] all;
      try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE status ="
          + " 'converted') FROM main.journeys WHERE judged")) {
        r.next();
        all = new long[] {r.getLong(1), r.getLong(2)};
      }
      List<Segment> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT m.kind, m.segment, count(*) FILTER (WHERE"
          + " m.is_open), count(*) FILTER (WHERE m.pooled), count(*) FILTER (WHERE m.pooled AND"
          + " m.converted), any_value(l.days), any_value(c.label) FROM build.seg_members m"
          + " LEFT JOIN build.seg_landmarks l ON m.kind = 'current_stage'"
          + " AND l.segment = m.segment"
          + " LEFT JOIN main.journey_clusters c ON m.kind = 'cluster'"
          + " AND CAST(c.cluster AS VARCHAR) = m.segment GROUP BY 1, 2 ORDER BY 1, 2")) {
        while (r.next()) {
          int days = r.getInt(6);
          boolean stage = !r.wasNull();
          long[] b = stage ? benchmarks.getOrDefault(r.getString(2), new long[2]) : all;
          out.add(new Segment(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
              r.getLong(5), b[0], b[1], stage ? days : null, r.getString(7)));
        }
      }
      return out;
    }
  }

  /**
   * Per segment, the trigger on today's list that covers most of its open journeys among those
   * firing on it more often than on all open journeys, as "name (verdict)".
   */
  private Map<String, String> triggerSuggestions() throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("WITH listed AS ("
        + "SELECT DISTINCT trigger_name, journey_id FROM main.triggers WHERE open_now),"
        + " overall AS (SELECT trigger_name, count(*) / (SELECT count(*) FROM main.journeys"
        + " WHERE status = 'open') AS share FROM listed GROUP BY 1),"
        + " seg AS (SELECT kind, segment, count(*) AS open FROM build.seg_members WHERE is_open"
        + " GROUP BY ALL),"
        + " verdicts AS (SELECT trigger_name, arg_max(verdict, period = 'live') AS verdict"
        + " FROM main.impact GROUP BY 1)"
        + " SELECT m.kind, m.segment, l.trigger_name, any_value(v.verdict), count(*)"
        + " FROM build.seg_members m JOIN listed l ON l.journey_id = m.journey_id"
        + " JOIN seg USING (kind, segment) JOIN overall o USING (trigger_name)"
        + " LEFT JOIN verdicts v USING (trigger_name) WHERE m.is_open"
        + " GROUP BY m.kind, m.segment, l.trigger_name"
        + " HAVING count(*) > any_value(o.share) * any_value(seg.open)"
        + " ORDER BY m.kind, m.segment, count(*) DESC, l.trigger_name")) {
      while (r.next()) {
        String verdict = r.getString(4);
        out.putIfAbsent(r.getString(1) + "\u001f" + r.getString(2), r.getString(3)
            + (verdict == null ? "" : " (" + verdict + ")"));
      }
    }
    return out;
  }

  /**
   * Per segment, the surest outcome signal (by the lower bound of its lift within the
   * confounders' groups) that the segment's judged journeys clearly do less often than all
   * judged journeys.
   */
  private Map<String, String> behaviourSuggestions() throws SQLException {
    record Signal(String behavior, String kind, String event, int minCount, int days) {}
    List<Signal> signals = new ArrayList<>();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT behavior,"
        + " kind, event, min_count, within_days FROM main.behavior_lift"
        + " WHERE transition = 'outcome' AND verdict = 'signal' AND lift > 1"
        + " ORDER BY coalesce(adjusted_low, lift_low) DESC, behavior LIMIT " + SIGNALS)) {
      while (r.next()) {
        signals.add(new Signal(r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
            r.getInt(5)));
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Signal signal : signals) {
      String[] events = signal.event().split(",");
      String a = Sql.literal(events[0]);
      String b = Sql.literal(events[events.length - 1]);
      String having = switch (signal.kind()) {
        case "both" -> "count(*) FILTER (WHERE e.event = " + a + ") >= 1 AND count(*) FILTER"
            + " (WHERE e.event = " + b + ") >= 1";
        case "then" -> "min(e.occurred_at) FILTER (WHERE e.event = " + a + ") < max("
            + "e.occurred_at) FILTER (WHERE e.event = " + b + ")";
        default -> "count(*) FILTER (WHERE e.event = " + a + ") >= " + signal.minCount();
      };
      // the behaviour as behavior_lift counts it: within its days of the start, before the
      // journey's outcome
      String doers = "SELECT j.journey_id FROM main.journeys j JOIN main.events e"
          + " ON e.journey_id = j.journey_id AND e.occurred_at >= j.started_at"
          + " AND e.occurred_at < coalesce(j.converted_at, j.failed_at, j.window_ends_at)"
          + " AND e.occurred_at <= j.started_at + to_days(" + signal.days() + ")"
          + " WHERE j.judged AND e.event IN (" + a + ", " + b + ") GROUP BY j.journey_id"
          + " HAVING " + having;
      try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("WITH doers AS ("
          + doers + "), overall AS (SELECT (SELECT count(*) FROM doers) AS doers, count(*) AS"
          + " judged FROM main.journeys WHERE judged)"
          + " SELECT m.kind, m.segment, count(d.journey_id), count(*), any_value(o.doers),"
          + " any_value(o.judged)"
          + " FROM build.seg_members m CROSS JOIN overall o LEFT JOIN doers d"
          + " ON d.journey_id = m.journey_id WHERE m.pooled GROUP BY 1, 2 ORDER BY 1, 2")) {
        while (r.next()) {
          Proportion share = Proportion.wilson(r.getLong(3), r.getLong(4));
          double overall = (double) r.getLong(5) / r.getLong(6);
          String key = r.getString(1) + "\u001f" + r.getString(2);
          if (share.high() < overall && !out.containsKey(key)) {
            String[] pct = distinctPercents(share.rate(), overall);
            out.put(key, String.format(Locale.ROOT, "more journeys doing %s (%s here: %,d of"
                + " %,d; %s of all judged journeys: %,d of %,d)", signal.behavior(), pct[0],
                r.getLong(3), r.getLong(4), pct[1], r.getLong(5), r.getLong(6)));
          }
        }
      }
    }
    return out;
  }

  /**
   * Two shares as percentages with as few decimals as tell them apart (5.5% and 6.0%, not 6%
   * and 6%): a suggestion must not read as a gap of nothing.
   */
  static String[] distinctPercents(double a, double b) {
    for (int decimals = 0; decimals < 3; decimals++) {
      String fa = String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * a);
      String fb = String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * b);
      if (!fa.equals(fb)) {
        return new String[] {fa, fb};
      }
    }
    return new String[] {String.format(Locale.ROOT, "%.3f%%", 100 * a),
        String.format(Locale.ROOT, "%.3f%%", 100 * b)};
  }

  private static String sentence(Segment s, Proportion rate, double benchmark, double lost,
      double low, double high, boolean small, String suggestion) {
    String who = switch (s.kind()) {
      case "first_channel" -> "First channel " + s.segment();
      case "cluster" -> "Cluster " + s.segment() + (s.label() == null ? "" : " ("
          + s.label() + ")");
      case "account_size" -> "Accounts of " + s.segment() + (s.segment().equals("1")
          ? " person" : " persons");
      case "current_stage" -> "Furthest stage so far " + s.segment();
      default -> s.kind() + " = " + s.segment();
    };
    String interval = String.format(Locale.ROOT, "%s (95%% CI %s\u2013%s, %,d judged)",
        percent(rate.rate()), percent(rate.low()).replace("%", ""), percent(rate.high()),
        rate.trials());
    String journeys = String.format(Locale.ROOT, "%,d open %s", s.open(),
        s.open() == 1 ? "journey" : "journeys");
    String compared = s.landmarkDays() == null
        ? String.format(Locale.ROOT, "%s; judged ones converted at %s against %s overall",
            journeys, interval, percent(benchmark))
        : String.format(Locale.ROOT, "%s; judged journeys at this stage on day %d (the open"
            + " ones' median age) converted at %s against %s of all judged journeys still"
            + " undecided on day %d", journeys, s.landmarkDays(), interval, percent(benchmark),
            s.landmarkDays());
    // one precision for the estimate and its interval: a decimal below 10 conversions
    String number = lost < 10 ? "%.1f" : "%,.0f";
    String estimate = String.format(Locale.ROOT, number, lost);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %s; about %s %s"
        + " (" + number + "\u2013" + number + ") at stake.", who, compared, estimate,
        estimate.equals("1.0") ? "conversion" : "conversions", low, high));
    if (small) {
      b.append(String.format(Locale.ROOT, " Small sample (under %d judged journeys): read"
          + " with care.", SMALL));
    }
    if (rate.high() >= benchmark) {
      b.append(" The rate's interval reaches the benchmark, so the gap may be chance.");
    }
    if (suggestion != null) {
      b.append(" Suggested: ").append(suggestion).append('.');
    }
    return b.toString();
  }

  private static String percent(double rate) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }
}
