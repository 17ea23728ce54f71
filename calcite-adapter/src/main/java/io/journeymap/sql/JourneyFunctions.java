package io.journeymap.sql;

import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.schema.ScannableTable;

/**
 * Journey table functions, registered in schema {@code journey}. They only capture their
 * arguments; the returned tables check them and find the store through the query's root schema
 * when scanned, so {@code ?} parameters and named arguments work.
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
    // Calcite also calls this while planning, with null for bound (?) arguments: arguments are
    // checked when the table is scanned, once their values are known.
    return new FunnelTable(steps, windowDays, mode);
  }
}
