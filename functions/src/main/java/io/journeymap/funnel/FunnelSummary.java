package io.journeymap.funnel;

import io.journeymap.stats.Medians;
import io.journeymap.stats.Proportion;
import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates funnel results of many subjects into one row per step: how many reached it, the rate
 * from the previous and from the first step (with intervals), and the median time from the
 * previous step within the chains that reached it.
 */
public final class FunnelSummary {
  private final List<String> stepNames;
  private final long[] reached;
  private final List<List<Double>> hoursFromPrevious = new ArrayList<>();

  public FunnelSummary(List<String> stepNames) {
    this.stepNames = List.copyOf(stepNames);
    this.reached = new long[stepNames.size()];
    for (int i = 0; i < stepNames.size(); i++) {
      hoursFromPrevious.add(new ArrayList<>());
    }
  }

  /** Adds one subject's result; times are epoch milliseconds. */
  public void add(WindowFunnel.Result result) {
    for (int s = 0; s < result.level(); s++) {
      reached[s]++;
      if (s > 0) {
        hoursFromPrevious.get(s).add((result.times()[s] - result.times()[s - 1]) / 3_600_000.0);
      }
    }
  }

  /** One funnel step as reported. */
  public record Step(int step, String event, long reached, Proportion fromPrevious,
      Proportion fromFirst, double medianHoursFromPrevious) {}

  public List<Step> steps() {
    List<Step> out = new ArrayList<>();
    for (int s = 0; s < reached.length; s++) {
      long previous = s == 0 ? reached[0] : reached[s - 1];
      double[] hours = hoursFromPrevious.get(s).stream().mapToDouble(Double::doubleValue).toArray();
      out.add(new Step(s + 1, stepNames.get(s), reached[s],
          Proportion.wilson(reached[s], previous), Proportion.wilson(reached[s], reached[0]),
          Medians.of(hours)));
    }
    return out;
  }
}
