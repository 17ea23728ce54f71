package io.journeymap.insight;

import io.journeymap.model.ModelLoader;
import io.journeymap.stats.FalseDiscovery;
import io.journeymap.stats.Lift;
import io.journeymap.stats.MantelHaenszel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which behaviours go with moving forward. For the journey's outcome, a behaviour is a canonical
 * event done at least k times (k = 1, 2, 3), two events both done, or one event then another,
 * within d days of the start; only judged journeys count. For each consecutive stage pair A to
 * B the same question is asked among judged journeys that reached A (and not B first): which
 * behaviours within d days of entering A go with reaching B.
 *
 * <p>A behaviour within d days is compared among the journeys still undecided on day d (a
 * landmark): a journey that converted on day 2 had no days 3 to 7 to do anything in, so counting
 * it would make every behaviour look like it goes with converting less. Among journeys still
 * undecided on day d, each was watched for the whole d days, and nothing after its outcome can
 * explain it. So day limits are shorter than the journey window: on its last day no journey is
 * undecided.
 *
 * <p>Each behaviour with enough journeys on both sides gets its lift with Katz interval, Fisher's
 * exact p, a Benjamini-Hochberg q across everything tested, and the Mantel-Haenszel lift within
 * strata of the declared confounders (all jointly), so a behaviour that only looks good because
 * one group both does it more and converts more is adjusted. It reads only the store's public
 * tables, so the build and the {@code behavior_lift()} table function give the same answer.
 */
public final class LiftAnalysis {
  /** The outcome rows' {@code transition}. */
  public static final String OUTCOME = "outcome";
  private static final int[] DEFAULT_DAYS = {3, 7, 14};

  /**
   * @param withinDays day limits; empty means 3, 7 and 14 where shorter than the window (else
   *     half the window)
   * @param minSupport journeys needed with and without a behaviour to test it
   */
  public record Settings(List<Integer> withinDays, int minSupport,
      List<Confounder> confounders) {
    public Settings {
      withinDays = List.copyOf(withinDays);
      confounders = List.copyOf(confounders);
    }
  }

  /** One tested behaviour; kind is single, both or then. */
  public record Row(String transition, String behavior, String kind, String event,
      int minCount, int withinDays, Lift lift, double qValue, MantelHaenszel.Result adjusted,
      String verdict, String sentence) {

    /** The values of a {@code behavior_lift} row, in its column order; NaN as null. */
    public Object[] values() {
      return new Object[] {transition, behavior, kind, event, minCount, withinDays,
          lift.with().trials(), lift.with().successes(), lift.without().trials(),
          lift.without().successes(), orNull(lift.with().rate()), orNull(lift.without().rate()),
          orNull(lift.lift()), orNull(lift.low()), orNull(lift.high()), orNull(lift.pValue()),
          orNull(qValue), orNull(adjusted.ratio()), orNull(adjusted.low()),
          orNull(adjusted.high()), verdict, sentence};
    }
  }

  static Double orNull(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }

  private record Cell(long nWith, long convWith) {}

  /** Journeys of a stratum in a landmark cohort, and how many of them moved on. */
  private record Tally(long journeys, long converted) {}

  private record Candidate(String transition, String kind, String first, String second,
      int minCount, int days, Map<String, Cell> cells) {
    String event() {
      return second == null ? first : first + "," + second;
    }
  }

  private LiftAnalysis() {}

  /**
   * The day limits the settings ask for, given the journey window (NaN: none), each shorter than
   * the window; empty when the window is a day or less.
   */
  public static List<Integer> days(Settings settings, double windowDays) {
    if (!settings.withinDays().isEmpty()) {
      return settings.withinDays().stream().filter(d -> !(d >= windowDays)).sorted().toList();
    }
    List<Integer> days = new ArrayList<>();
    for (int d : DEFAULT_DAYS) {
      if (!(d >= windowDays)) {
        days.add(d);
      }
    }
    if (days.isEmpty() && windowDays / 2 >= 1) {
      days.add((int) Math.floor(windowDays / 2));
    }
    return days;
  }

  /** Every tested behaviour, outcome rows first, then per transition in stage order. */
  public static List<Row> rows(Connection store, Settings settings) throws SQLException {
    String excluded;
    double windowDays;
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " start_event, success_event, coalesce(failure_events, ''), window_days"
        + " FROM main.build_info")) {
      if (!r.next()) {
        throw new SQLException("the store has no build_info row");
      }
      Set<String> names = new LinkedHashSet<>();
      names.add(r.getString(1));
      names.add(r.getString(2));
      for (String f : r.getString(3).split(",")) {
        if (!f.isBlank()) {
          names.add(f);
        }
      }
      excluded = Quote.literals(names);
      windowDays = r.getDouble(4);
    }
    List<Integer> days = days(settings, windowDays);
    if (days.isEmpty()) {
      return List.of();
    }
    String ownEvents = targetStageEvents(store);
    String cohort = cohortSql(settings.confounders());
    // Events, transitions and strata travel as small integer codes: the pair search joins and
    // groups millions of rows per million events, and integer keys make it several times
    // faster than names. Codes follow the names' order, so "first < second" means the same.
    String codes = "SELECT event, (row_number() OVER (ORDER BY event))::INTEGER AS code FROM"
        + " (SELECT DISTINCT event FROM main.events WHERE event NOT IN (" + excluded + "))";
    String strataSql = "SELECT stratum, (row_number() OVER (ORDER BY stratum))::INTEGER AS scode"
        + " FROM (SELECT DISTINCT stratum FROM cohort)";
    // the outcome events and the start decide the journey; they are not behaviours
    // one row per journey and event with a count and a last time per day limit (filtered
    // aggregates), unnested to one row per limit the event was done within: joining the events
    // with the limits first would copy every event once per limit before grouping
    StringBuilder perLimit = new StringBuilder();
    List<String> limitRows = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      // within the limit, of a journey still undecided when it is over
      String within = "e.occurred_at <= c.t0 + to_days(" + days.get(i) + ") AND "
          + undecided("c", days.get(i));
      perLimit.append(", count(*) FILTER (WHERE ").append(within).append(") AS n").append(i)
          .append(", max(e.occurred_at) FILTER (WHERE ").append(within).append(") AS last")
          .append(i);
      limitRows.add("{'days': " + days.get(i) + ", 'times': n" + i + ", 'last_at': last" + i
          + "}");
    }
    // one row per cohort journey and event: its first time and, per day limit, how often and
    // when last it was done within the limit (a last time is null where it was not)
    String agg = "SELECT c.step, c.journey_id, s.scode, c.converted, v.code,"
        + " min(e.occurred_at) AS first_at" + perLimit + " FROM cohort c"
        + " JOIN strata s ON s.stratum IS NOT DISTINCT FROM c.stratum"
        + " JOIN main.events e ON e.journey_id = c.journey_id AND e.occurred_at >= c.t0"
        + " AND e.occurred_at < c.t_end"
        + " AND e.occurred_at <= c.t0 + to_days(" + days.get(days.size() - 1) + ")"
        + " JOIN codes v ON v.event = e.event"
        + " WHERE e.event_id IS DISTINCT FROM c.t0_event" + ownEvents
        + " GROUP BY c.step, c.journey_id, s.scode, c.converted, v.code";
    String counts = "SELECT step, journey_id, scode, converted, code, x.days, x.times,"
        + " first_at, x.last_at FROM (SELECT *, unnest([" + String.join(", ", limitRows)
        + "]) AS x FROM agg) WHERE x.times > 0";
    // pairs only of events common enough to be tested alone: it bounds the search by support;
    // per transition and event, the day limits it is common within
    String frequent = "SELECT step, code, list(days) AS within FROM (SELECT step, code, days"
        + " FROM counts GROUP BY ALL HAVING count(*) >= " + settings.minSupport()
        + ") GROUP BY ALL";
    // each journey's events once, with whether each counts for pairs within each limit: one
    // self-join for all limits, where joining per limit copied every pair once per limit
    StringBuilder inLimit = new StringBuilder();
    List<String> anyLimit = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      inLimit.append(", a.last").append(i).append(", a.last").append(i)
          .append(" IS NOT NULL AND list_contains(f.within, ").append(days.get(i))
          .append(") AS in").append(i);
      anyLimit.add("in" + i);
    }
    String common = "SELECT * FROM (SELECT a.step, a.journey_id, a.scode, a.converted, a.code,"
        + " a.first_at" + inLimit + " FROM agg a JOIN frequent f"
        + " ON f.step = a.step AND f.code = a.code) WHERE " + String.join(" OR ", anyLimit);
    // every ordered pair of different events in one journey, counted per limit as it is
    // joined (both: once per unordered pair; then: the first done before the second's last
    // time within the limit)
    StringBuilder pairCounts = new StringBuilder();
    List<String> pairRows = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      String both = "a.in" + i + " AND b.in" + i;
      String then = both + " AND a.first_at < b.last" + i;
      pairCounts.append(", count(*) FILTER (WHERE ").append(both).append(" AND a.code < b.code)")
          .append(" AS both_n").append(i)
          .append(", count(*) FILTER (WHERE ").append(both)
          .append(" AND a.code < b.code AND a.converted) AS both_c").append(i)
          .append(", count(*) FILTER (WHERE ").append(then).append(") AS then_n").append(i)
          .append(", count(*) FILTER (WHERE ").append(then).append(" AND a.converted) AS then_c")
          .append(i);
      pairRows.add("{'days': " + days.get(i) + ", 'both_n': both_n" + i + ", 'both_c': both_c"
          + i + ", 'then_n': then_n" + i + ", 'then_c': then_c" + i + "}");
    }
    String pairs = "SELECT step, first, second, x.days, scode, x.both_n, x.both_c, x.then_n,"
        + " x.then_c FROM (SELECT *, unnest([" + String.join(", ", pairRows) + "]) AS x FROM"
        + " (SELECT a.step, a.code AS first, b.code AS second, a.scode" + pairCounts
        + " FROM common a JOIN common b ON a.step = b.step AND a.journey_id = b.journey_id"
        + " AND a.code <> b.code GROUP BY ALL))";
    String tallies = "SELECT step, 'single' AS kind, code AS first, NULL::INTEGER AS second,"
        + " k.k, days, scode, count(*) AS n, count(*) FILTER (WHERE converted) AS c"
        + " FROM counts JOIN (SELECT unnest([1, 2, 3]) AS k) k ON times >= k.k GROUP BY ALL"
        + " UNION ALL SELECT step, 'both', first, second, 1, days, scode, both_n, both_c"
        + " FROM pairs WHERE both_n > 0"
        + " UNION ALL SELECT step, 'then', first, second, 1, days, scode, then_n, then_c"
        + " FROM pairs WHERE then_n > 0";
    String sql = "WITH cohort AS MATERIALIZED (" + cohort + "), codes AS MATERIALIZED (" + codes
        + "), strata AS MATERIALIZED (" + strataSql + "), agg AS MATERIALIZED (" + agg
        + "), counts AS MATERIALIZED (" + counts + "), frequent AS MATERIALIZED (" + frequent
        + "), common AS MATERIALIZED (" + common + "), pairs AS MATERIALIZED (" + pairs
        + "), tallies AS (" + tallies + ")"
        + " SELECT t.transition, x.kind, f.event, g.event, x.k, x.days, st.stratum, x.n, x.c"
        + " FROM tallies x JOIN (SELECT DISTINCT step, transition FROM cohort) t USING (step)"
        + " JOIN codes f ON f.code = x.first LEFT JOIN codes g ON g.code = x.second"
        + " JOIN strata st USING (scode) ORDER BY 1, 2 DESC, 3, 4, 5, 6, 7";
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    Map<String, Map<String, Tally>> totals = new LinkedHashMap<>();
    List<String> transitions = new ArrayList<>();
    try (Statement s = store.createStatement()) {
      StringBuilder landmarks = new StringBuilder();
      for (int d : days) {
        landmarks.append(landmarks.isEmpty() ? "" : " UNION ALL ").append("SELECT ").append(d)
            .append(" AS days, * FROM cohort c WHERE ").append(undecided("c", d));
      }
      try (ResultSet r = s.executeQuery("WITH cohort AS (" + cohort + ") SELECT transition,"
          + " days, stratum, count(*), count(*) FILTER (WHERE converted) FROM (" + landmarks
          + ") GROUP BY ALL ORDER BY min(step), 2, 3")) {
        while (r.next()) {
          String transition = r.getString(1);
          if (!transitions.contains(transition)) {
            transitions.add(transition);
          }
          totals.computeIfAbsent(transition + "|" + r.getInt(2), t -> new LinkedHashMap<>())
              .put(r.getString(3), new Tally(r.getLong(4), r.getLong(5)));
        }
      }
      try (ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          String key = r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
              + r.getString(4) + "|" + r.getInt(5) + "|" + r.getInt(6);
          Candidate c = candidates.computeIfAbsent(key, k -> {
            try {
              return new Candidate(r.getString(1), r.getString(2), r.getString(3),
                  r.getString(4), r.getInt(5), r.getInt(6), new LinkedHashMap<>());
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
          c.cells().put(r.getString(7), new Cell(r.getLong(8), r.getLong(9)));
        }
      }
    }

    List<Candidate> tested = new ArrayList<>();
    List<Lift> lifts = new ArrayList<>();
    List<MantelHaenszel.Result> adjusted = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String transition : transitions) {
      for (Candidate c : candidates.values()) {
        if (!c.transition().equals(transition)) {
          continue;
        }
        // a candidate's journeys were undecided on its day, so its landmark cohort is there
        Map<String, Tally> strata = totals.get(transition + "|" + c.days());
        long total = strata.values().stream().mapToLong(Tally::journeys).sum();
        long converted = strata.values().stream().mapToLong(Tally::converted).sum();
        long nWith = c.cells().values().stream().mapToLong(Cell::nWith).sum();
        long convWith = c.cells().values().stream().mapToLong(Cell::convWith).sum();
        long nWithout = total - nWith;
        if (nWith < settings.minSupport() || nWithout < settings.minSupport()
            || converted == 0) {
          continue; // too thin to test, or none moved on: it would only add false discoveries
        }
        // a longer limit or a higher count that selects the same journeys among the same
        // undecided ones is the same test
        if (!seen.add(transition + "|" + c.kind() + "|" + c.event() + "|" + c.cells() + "|"
            + strata)) {
          continue;
        }
        List<MantelHaenszel.Stratum> byStratum = new ArrayList<>();
        strata.forEach((stratum, t) -> {
          Cell cell = c.cells().getOrDefault(stratum, new Cell(0, 0));
          byStratum.add(new MantelHaenszel.Stratum(cell.convWith(), cell.nWith(),
              t.converted() - cell.convWith(), t.journeys() - cell.nWith()));
        });
        Lift lift = Lift.of(convWith, nWith, converted - convWith, nWithout);
        tested.add(c);
        lifts.add(lift);
        // nothing to hold constant: the adjusted lift is the lift, interval and all
        // a stage transition is always held to when the journey entered A: one that entered
        // early has more of its window left to reach B, and early behaviours go with that
        adjusted.add(settings.confounders().isEmpty() && OUTCOME.equals(transition)
            ? new MantelHaenszel.Result(lift.lift(), lift.low(), lift.high())
            : MantelHaenszel.pooled(byStratum));
      }
    }
    double[] q = FalseDiscovery.qValues(lifts.stream().mapToDouble(Lift::pValue).toArray());
    String confounders = settings.confounders().stream().map(Confounder::words)
        .collect(Collectors.joining(" and "));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tested.size(); i++) {
      Candidate c = tested.get(i);
      String behavior = describe(c);
      String verdict = verdict(lifts.get(i), q[i], adjusted.get(i));
      String accountedFor = OUTCOME.equals(c.transition()) ? confounders
          : (confounders.isEmpty() ? "" : confounders + " and ") + "when the journey entered "
              + c.transition().split(" -> ", 2)[0];
      rows.add(new Row(c.transition(), behavior, c.kind(), c.event(), c.minCount(), c.days(),
          lifts.get(i), q[i], adjusted.get(i), verdict, sentence(c.transition(), behavior,
              c.days(), lifts.get(i), adjusted.get(i), accountedFor, verdict)));
    }
    return rows;
  }

  /**
   * A condition leaving out, for each stage transition A -> B, the events B's rule counts: doing
   * part of what defines B (two of the three setup steps it needs) goes with reaching B by
   * definition, and would crowd out the behaviours that say something.
   */
  private static String targetStageEvents(Connection store) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement s = store.createStatement(); ResultSet r = s.executeQuery("SELECT"
        + " stage_order - 1, events, rule, within_days FROM main.stages WHERE stage_order > 1"
        + " ORDER BY 1")) {
      while (r.next()) {
        List<String> counted;
        if (r.getString(2) != null) {
          counted = List.of(r.getString(2).split(","));
        } else {
          String rule = r.getString(3);
          String suffix = " within " + r.getInt(4) + " days of start";
          if (r.getObject(4) != null && rule.endsWith(suffix)) {
            rule = rule.substring(0, rule.length() - suffix.length());
          }
          counted = ModelLoader.referencedNames(rule);
        }
        if (!counted.isEmpty()) {
          out.append(" AND NOT (c.step = ").append(r.getInt(1)).append(" AND e.event IN (")
              .append(Quote.literals(new LinkedHashSet<>(counted))).append("))");
        }
      }
    }
    return out.toString();
  }

  /**
   * Whether a cohort journey was still undecided when its first {@code days} days were over:
   * it had not moved on (or ended) by then.
   */
  private static String undecided(String alias, int days) {
    return "coalesce(" + alias + ".t_end > " + alias + ".t0 + to_days(" + days + "), true)";
  }

  /**
   * Judged journeys per transition: whether they moved on (converted), their stratum, and the
   * span behaviours are counted in: from t0 (start, or entering stage A; the event that did it
   * is not a behaviour) to t_end (reaching B, or the journey's outcome).
   */
  private static String cohortSql(List<Confounder> confounders) {
    String journeys = "SELECT j.journey_id, j.status = 'converted' AS converted, j.started_at,"
        + " coalesce(j.converted_at, j.failed_at, j.window_ends_at) AS end_at, "
        + Confounder.stratumSql(confounders) + " AS stratum FROM main.journeys j"
        + " WHERE j.judged";
    return "WITH jj AS (" + journeys + ") SELECT 0 AS step, '" + OUTCOME + "' AS transition,"
        + " journey_id, converted, stratum, started_at AS t0, CAST(NULL AS BIGINT) AS t0_event,"
        + " end_at AS t_end FROM jj"
        + " UNION ALL SELECT a.stage_order, sa.stage || ' -> ' || sb.stage, jj.journey_id,"
        + " b.entered_at IS NOT NULL, concat_ws(chr(31), jj.stratum, " + ENTERED_DAYS
        + "), a.entered_at, a.triggering_event_id,"
        + " least(coalesce(b.entered_at, jj.end_at), jj.end_at) FROM jj"
        + " JOIN main.stage_entries a ON a.journey_id = jj.journey_id"
        + " JOIN main.stages sa ON sa.stage_order = a.stage_order"
        + " JOIN main.stages sb ON sb.stage_order = a.stage_order + 1"
        + " LEFT JOIN main.stage_entries b ON b.journey_id = jj.journey_id"
        + " AND b.stage_order = sb.stage_order"
        // a journey that reached B first (or with the same event) never moved from A to B
        + " WHERE b.entered_at IS NULL OR b.entered_at > a.entered_at";
  }

  /**
   * When a journey entered a transition's first stage, in days after its start, as a stratum:
   * the day itself, the rest of the first week, the second week, later.
   */
  private static final String ENTERED_DAYS = "CASE WHEN a.entered_at < jj.started_at"
      + " + INTERVAL 1 DAY THEN 'entered on day 0' WHEN a.entered_at < jj.started_at"
      + " + INTERVAL 7 DAY THEN 'entered on days 1-6' WHEN a.entered_at < jj.started_at"
      + " + INTERVAL 14 DAY THEN 'entered on days 7-13' ELSE 'entered on day 14 or later' END";

  private static String describe(Candidate c) {
    String what = switch (c.kind()) {
      case "both" -> c.first() + " and " + c.second();
      case "then" -> c.first() + ", then " + c.second();
      default -> c.minCount() == 1 ? c.first() : c.first() + " at least " + c.minCount()
          + " times";
    };
    return what + " within " + c.days() + (c.days() == 1 ? " day" : " days");
  }

  /**
   * signal: q < 0.05, the interval excludes 1, enough journeys and conversions, and the lift
   * within the confounders' strata excludes 1 on the same side; confounded: all of it but the
   * last, so the difference goes with the confounders and within their groups could be chance.
   */
  static String verdict(Lift l, double q, MantelHaenszel.Result adjusted) {
    if (l.with().tooFewToCompare() || l.without().tooFewToCompare()) {
      return "too few";
    }
    boolean excludesOne = !Double.isNaN(l.low()) && (l.low() > 1 || l.high() < 1);
    if (q >= 0.05 || !excludesOne) {
      return "speculation";
    }
    // no stratum with journeys on both sides: the confounders cannot be told apart from it
    boolean holds = !Double.isNaN(adjusted.low())
        && (l.low() > 1 ? adjusted.low() > 1 : adjusted.high() < 1);
    return holds ? "signal" : "confounded";
  }

  static String sentence(String transition, String behavior, int days, Lift l,
      MantelHaenszel.Result adjusted, String accountedFor, String verdict) {
    String who;
    String moved;
    String after = days + (days == 1 ? " day" : " days");
    if (OUTCOME.equals(transition)) {
      who = "Of journeys still undecided after " + after + ", those that did " + behavior;
      moved = "converted";
    } else {
      String[] stages = transition.split(" -> ", 2);
      who = "Of journeys still in " + stages[0] + " " + after + " after entering it, those"
          + " that did " + behavior;
      moved = "reached " + stages[1];
    }
    if (Double.isNaN(l.lift())) {
      return who + ": none " + moved + " without it, nothing to compare with.";
    }
    String text = String.format(Locale.ROOT, "%s %s %.1fx as often (95%% CI %.1f-%.1f; %,d"
            + " journeys, %.1f%% vs %.1f%%)", who, moved, l.lift(), l.low(), l.high(),
        l.with().trials(), 100 * l.with().rate(), 100 * l.without().rate());
    if (!accountedFor.isEmpty() && !Double.isNaN(adjusted.ratio())) {
      text += String.format(Locale.ROOT, "; %.1fx (95%% CI %.1f-%.1f) after accounting for %s",
          adjusted.ratio(), adjusted.low(), adjusted.high(), accountedFor);
    }
    return text + switch (verdict) {
      case "signal" -> ". A signal: unlikely to be chance across everything tested.";
      case "confounded" -> ". Confounded: within groups of the same " + accountedFor
          + ", it could be chance.";
      case "too few" -> ". Too few journeys to tell.";
      default -> ". Speculation: could be chance among everything tested.";
    };
  }
}
