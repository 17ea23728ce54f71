package io.journeymap.sql;

import static io.journeymap.store.ColumnType.BIGINT;
import static io.journeymap.store.ColumnType.DOUBLE;
import static io.journeymap.store.ColumnType.INTEGER;
import static io.journeymap.store.ColumnType.VARCHAR;

import io.journeymap.funnel.FunnelMode;
import io.journeymap.funnel.FunnelSummary;
import io.journeymap.funnel.WindowFunnel;
import io.journeymap.stats.Proportion;
import io.journeymap.store.ColumnSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code funnel(steps, window_days, mode)}: one row per step, with ClickHouse
 * {@code windowFunnel} semantics. Subjects' canonical events stream from the store sorted by
 * subject and time, up to the store's as-of moment; each subject's level is evaluated with
 * {@link WindowFunnel}, so memory holds one subject's events at a time. As journeys are judged,
 * only chains whose window closed before as-of count; subjects with none are counted apart.
 */
final class FunnelFunction implements JourneyTableFunction {
  private static final List<Parameter> PARAMETERS = List.of(
      new Parameter("steps", VARCHAR, true,
          "Canonical events of the steps, comma separated, in order (1 to 32)"),
      new Parameter("window_days", INTEGER, false,
          "Days every later step must follow step 1 within (default: the journey window)"),
      new Parameter("mode", VARCHAR, false, "default, or a comma-separated mix of strict_order,"
          + " strict_deduplication, strict_increase"));

  private static final List<ColumnSpec> COLUMNS = List.of(
      new ColumnSpec("step", INTEGER, "Step number, 1 = first"),
      new ColumnSpec("event", VARCHAR, "Canonical event of the step"),
      new ColumnSpec("reached", BIGINT, "Subjects that reached the step"),
      new ColumnSpec("rate_from_previous", DOUBLE, "reached / reached at the previous step"),
      new ColumnSpec("previous_ci_low", DOUBLE, "Wilson 95% lower bound of rate_from_previous"),
      new ColumnSpec("previous_ci_high", DOUBLE, "Wilson 95% upper bound of rate_from_previous"),
      new ColumnSpec("rate_from_first", DOUBLE, "reached / reached at step 1"),
      new ColumnSpec("first_ci_low", DOUBLE, "Wilson 95% lower bound of rate_from_first"),
      new ColumnSpec("first_ci_high", DOUBLE, "Wilson 95% upper bound of rate_from_first"),
      new ColumnSpec("median_hours_from_previous", DOUBLE, "Median hours from the previous step"),
      new ColumnSpec("sample_note", VARCHAR,
          "'small sample' when the rate from the previous step is thin"),
      new ColumnSpec("still_in_window", BIGINT, "Subjects left out of every step: each of"
          + " their step-1 events lies within the window before as-of, so no chain of theirs"
          + " is final yet (the same on every row)"));

  @Override
  public String name() {
    return "funnel";
  }

  @Override
  public String description() {
    return "Ordered funnel over canonical events per journey subject (ClickHouse windowFunnel"
        + " semantics), with counts, rates and Wilson 95% intervals per step.";
  }

  @Override
  public List<Parameter> parameters() {
    return PARAMETERS;
  }

  @Override
  public List<ColumnSpec> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object[]> rows(Connection c, Map<String, Object> arguments) throws SQLException {
    Object stepsArgument = arguments.get("steps");
    if (stepsArgument == null || stepsArgument.toString().isBlank()) {
      throw new IllegalArgumentException("funnel: steps is required, e.g. "
          + "funnel(steps => 'trial_started,setup_step_completed,subscription_paid')");
    }
    List<String> steps = Arrays.stream(stepsArgument.toString().split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (steps.size() > 32) {
      throw new IllegalArgumentException("funnel: at most 32 steps, got " + steps.size());
    }
    Integer windowDays = integer(arguments.get("window_days"));
    if (windowDays != null && windowDays <= 0) {
      throw new IllegalArgumentException("funnel: window_days must be positive, got "
          + windowDays);
    }
    Object mode = arguments.get("mode");
    Set<FunnelMode> modes = FunnelMode.parse(mode == null ? null : mode.toString());

    String subjectKind;
    double journeyWindowDays;
    long asOfMicros;
    Set<String> known = new LinkedHashSet<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT subject, window_days, epoch_us(as_of)"
          + " FROM main.build_info")) {
        r.next();
        subjectKind = r.getString(1);
        journeyWindowDays = r.getDouble(2);
        asOfMicros = r.getLong(3);
      }
      try (ResultSet r = s.executeQuery("SELECT event FROM main.taxonomy")) {
        while (r.next()) {
          known.add(r.getString(1));
        }
      }
    }
    for (String step : steps) {
      if (!known.contains(step)) {
        throw new IllegalArgumentException("funnel: unknown event '" + step
            + "'; the taxonomy declares: " + String.join(", ", known));
      }
    }
    String subject = "account".equals(subjectKind) ? "account_id" : "person_id";
    long windowMillis = windowDays != null ? Duration.ofDays(windowDays).toMillis()
        : Math.round(journeyWindowDays * 86_400_000.0);
    boolean allEvents = modes.contains(FunnelMode.STRICT_ORDER);
    String in = new LinkedHashSet<>(steps).stream().map(e -> "'" + e.replace("'", "''") + "'")
        .collect(Collectors.joining(", "));
    String sql = "SELECT CAST(" + subject + " AS VARCHAR), epoch_ms(occurred_at), event"
        + " FROM main.events WHERE " + subject + " IS NOT NULL"
        // the store judges journeys as of one moment; later events do not count here either
        + " AND occurred_at <= make_timestamp(" + asOfMicros + ")"
        + (allEvents ? "" : " AND event IN (" + in + ")")
        + " ORDER BY " + subject + ", occurred_at, event_id";
    WindowFunnel funnel = new WindowFunnel(steps.size(), windowMillis, modes);
    // only chains whose whole window lies before as-of count, as journeys are judged: a chain
    // started since could still go further, and counting it would lower every rate
    long latestStart = asOfMicros / 1000 - windowMillis;
    FunnelSummary summary = new FunnelSummary(steps);
    long stillInWindow = 0;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      String current = null;
      List<Long> times = new ArrayList<>();
      List<int[]> matches = new ArrayList<>();
      while (r.next()) {
        String subjectId = r.getString(1);
        if (!subjectId.equals(current)) {
          stillInWindow += flush(funnel, summary, times, matches, latestStart);
          current = subjectId;
        }
        times.add(r.getLong(2));
        matches.add(stepsOf(steps, r.getString(3)));
      }
      stillInWindow += flush(funnel, summary, times, matches, latestStart);
    }
    List<Object[]> rows = new ArrayList<>();
    for (FunnelSummary.Step st : summary.steps()) {
      Proportion prev = st.fromPrevious();
      Proportion first = st.fromFirst();
      rows.add(new Object[] {st.step(), st.event(), st.reached(),
          nan(prev.rate()), nan(prev.low()), nan(prev.high()),
          nan(first.rate()), nan(first.low()), nan(first.high()),
          nan(st.medianHoursFromPrevious()),
          st.step() > 1 && prev.smallSample() ? "small sample" : null, stillInWindow});
    }
    return rows;
  }

  private static Integer integer(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.valueOf(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("funnel: window_days is a whole number of days, got '"
          + value + "'");
    }
  }

  private static int[] stepsOf(List<String> steps, String event) {
    int n = 0;
    int[] hit = new int[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).equals(event)) {
        hit[n++] = i;
      }
    }
    return Arrays.copyOf(hit, n);
  }

  /**
   * Adds one subject's result to the summary when it has a chain that is final; returns 1 for a
   * subject whose step-1 events all lie after {@code latestStart}, left out, else 0.
   */
  private static int flush(WindowFunnel funnel, FunnelSummary summary, List<Long> times,
      List<int[]> matches, long latestStart) {
    if (times.isEmpty()) {
      return 0;
    }
    boolean starts = false;
    boolean judged = false;
    for (int i = 0; i < times.size(); i++) {
      if (Arrays.stream(matches.get(i)).anyMatch(step -> step == 0)) {
        starts = true;
        judged |= times.get(i) <= latestStart;
      }
    }
    if (judged) {
      long[] ts = times.stream().mapToLong(Long::longValue).toArray();
      summary.add(funnel.evaluate(ts, matches.toArray(new int[0][]), latestStart));
    }
    times.clear();
    matches.clear();
    return starts && !judged ? 1 : 0;
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
