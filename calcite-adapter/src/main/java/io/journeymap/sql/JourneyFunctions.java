package io.journeymap.sql;

import io.journeymap.funnel.FunnelMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.schema.ScannableTable;

/**
 * Journey table functions, registered in schema {@code journey}. They only check and capture
 * their arguments; the returned tables find the store through the query's root schema when
 * scanned, so {@code ?} parameters and named arguments work.
 */
public final class JourneyFunctions {
  private JourneyFunctions() {}

  /**
   * {@code funnel(steps => 'a,b,c', window_days => 21, mode => 'default')}: subjects reaching
   * each step in order within the window (ClickHouse windowFunnel semantics).
   */
  public static ScannableTable funnel(
      @Parameter(name = "steps") String steps,
      @Parameter(name = "window_days", optional = true) Integer windowDays,
      @Parameter(name = "mode", optional = true) String mode) {
    if (steps == null || steps.isBlank()) {
      throw new IllegalArgumentException("funnel: steps is required, e.g. "
          + "funnel(steps => 'trial_started,setup_step_completed,subscription_paid')");
    }
    List<String> list = new ArrayList<>();
    for (String s : steps.split(",")) {
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
    Set<FunnelMode> modes = FunnelMode.parse(mode);
    return new FunnelTable(list, windowDays, modes);
  }
}
