package io.journeymap.sql;

import io.journeymap.funnel.FunnelMode;
import io.journeymap.funnel.FunnelSummary;
import io.journeymap.funnel.WindowFunnel;
import io.journeymap.stats.Proportion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Result of {@code funnel(steps, window_days, mode)}: one row per step. Subjects' canonical events
 * stream from the store sorted by subject and time; each subject's level is evaluated with
 * {@link WindowFunnel}, so memory holds one subject's events at a time.
 */
final class FunnelTable extends AbstractTable implements ScannableTable, TranslatableTable {
  private final String stepsArgument;
  private final Integer windowDays;
  private final String mode;
  private List<String> steps;
  private Set<FunnelMode> modes;

  FunnelTable(String steps, Integer windowDays, String mode) {
    this.stepsArgument = steps;
    this.windowDays = windowDays;
    this.mode = mode;
  }

  /** Checks the arguments; messages name the allowed values. */
  private void checkArguments() {
    if (stepsArgument == null || stepsArgument.isBlank()) {
      throw new IllegalArgumentException("funnel: steps is required, e.g. "
          + "funnel(steps => 'trial_started,setup_step_completed,subscription_paid')");
    }
    List<String> list = new ArrayList<>();
    for (String s : stepsArgument.split(",")) {
      if (!s.isBlank()) {
        list.add(s.trim());
      }
    }
    if (list.size() > 32) {
      throw new IllegalArgumentException("funnel: at most 32 steps, got " + list.size());
    }
    if (windowDays != null && windowDays <= 0) {
      throw new IllegalArgumentException("funnel: window_days must be positive, got "
          + windowDays);
    }
    steps = list;
    modes = FunnelMode.parse(mode);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataType dbl = f.createTypeWithNullability(f.createSqlType(SqlTypeName.DOUBLE), true);
    return f.builder()
        .add("step", SqlTypeName.INTEGER)
        .add("event", SqlTypeName.VARCHAR)
        .add("reached", SqlTypeName.BIGINT)
        .add("rate_from_previous", dbl).add("previous_ci_low", dbl).add("previous_ci_high", dbl)
        .add("rate_from_first", dbl).add("first_ci_low", dbl).add("first_ci_high", dbl)
        .add("median_hours_from_previous", dbl)
        .add("sample_note", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
        .build();
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return LogicalTableScan.create(context.getCluster(), relOptTable, context.getTableHints());
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    checkArguments();
    DataSource store = JourneySchemas.store(root.getRootSchema());
    try (Connection c = store.getConnection()) {
      return Linq4j.asEnumerable(compute(c));
    } catch (SQLException e) {
      throw new IllegalStateException("funnel failed: " + e.getMessage(), e);
    }
  }

  private List<Object[]> compute(Connection c) throws SQLException {
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
    StringBuilder in = new StringBuilder();
    for (String s : new LinkedHashSet<>(steps)) {
      in.append(in.length() == 0 ? "" : ", ").append("'").append(s).append("'");
    }
    String sql = "SELECT CAST(" + subject + " AS VARCHAR), epoch_ms(occurred_at), event"
        // the store judges journeys as of one moment; later events do not count here either
        + " FROM main.events WHERE " + subject + " IS NOT NULL"
        + " AND occurred_at <= make_timestamp(" + asOfMicros + ")"
        + (allEvents ? "" : " AND event IN (" + in + ")")
        + " ORDER BY " + subject + ", occurred_at, event_id";
    WindowFunnel funnel = new WindowFunnel(steps.size(), windowMillis, modes);
    FunnelSummary summary = new FunnelSummary(steps);
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery(sql)) {
      String current = null;
      List<Long> times = new ArrayList<>();
      List<int[]> matches = new ArrayList<>();
      while (r.next()) {
        String subjectId = r.getString(1);
        if (!subjectId.equals(current)) {
          flush(funnel, summary, times, matches);
          current = subjectId;
        }
        times.add(r.getLong(2));
        matches.add(stepsOf(r.getString(3)));
      }
      flush(funnel, summary, times, matches);
    }
    List<Object[]> rows = new ArrayList<>();
    for (FunnelSummary.Step st : summary.steps()) {
      Proportion prev = st.fromPrevious();
      Proportion first = st.fromFirst();
      rows.add(new Object[] {st.step(), st.event(), st.reached(),
          nan(prev.rate()), nan(prev.low()), nan(prev.high()),
          nan(first.rate()), nan(first.low()), nan(first.high()),
          nan(st.medianHoursFromPrevious()),
          st.step() > 1 && prev.smallSample() ? "small sample" : null});
    }
    return rows;
  }

  private int[] stepsOf(String event) {
    int n = 0;
    int[] hit = new int[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).equals(event)) {
        hit[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(hit, n);
  }

  private static void flush(WindowFunnel funnel, FunnelSummary summary, List<Long> times,
      List<int[]> matches) {
    if (times.isEmpty()) {
      return;
    }
    long[] ts = times.stream().mapToLong(Long::longValue).toArray();
    summary.add(funnel.evaluate(ts, matches.toArray(new int[0][])));
    times.clear();
    matches.clear();
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
