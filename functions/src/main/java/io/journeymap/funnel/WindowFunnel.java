package io.journeymap.funnel;

import java.util.Arrays;
import java.util.Set;

/**
 * The level a subject reaches in an ordered funnel, with ClickHouse {@code windowFunnel}
 * semantics: a chain starts at an event matching step 1; each later step must match within the
 * window measured from the chain's step-1 event; a new step-1 event restarts the chain at level 1
 * while longer chains already found are kept. The result is the longest chain found.
 *
 * <p>One event may match several steps (a funnel may name the same event twice); it then counts
 * for each of them, lowest step first, as in ClickHouse.
 */
public final class WindowFunnel {
  private final int steps;
  private final long window;
  private final boolean strictOrder;
  private final boolean strictDeduplication;
  private final boolean strictIncrease;

  public WindowFunnel(int steps, long window, Set<FunnelMode> modes) {
    if (steps < 1 || steps > 32) {
      throw new IllegalArgumentException("a funnel has 1 to 32 steps, got " + steps);
    }
    if (window < 0) {
      throw new IllegalArgumentException("window must not be negative");
    }
    this.steps = steps;
    this.window = window;
    this.strictOrder = modes.contains(FunnelMode.STRICT_ORDER);
    this.strictDeduplication = modes.contains(FunnelMode.STRICT_DEDUPLICATION);
    this.strictIncrease = modes.contains(FunnelMode.STRICT_INCREASE);
  }

  /**
   * The outcome for one subject.
   *
   * @param level steps reached, 0 to the number of steps
   * @param times when each reached step happened in the chain that reached {@code level}
   */
  public record Result(int level, long[] times) {}

  /**
   * Evaluates one subject's events.
   *
   * @param timestamps event times, in any order
   * @param matches for each event, the 0-based steps it matches (empty: matches no step)
   */
  public Result evaluate(long[] timestamps, int[][] matches) {
    return evaluate(timestamps, matches, Long.MAX_VALUE);
  }

  /**
   * Evaluates one subject's events counting only chains that start at or before
   * {@code latestStart}: a later step-1 event starts no chain (its window has not closed, so its
   * chain is not final), while events of any time still extend the earlier chains.
   */
  public Result evaluate(long[] timestamps, int[][] matches, long latestStart) {
    int total = 0;
    for (int[] m : matches) {
      total += Math.max(1, m.length);
    }
    // (timestamp, step) pairs sorted by time then step; step -1 marks a non-matching event.
    long[] ts = new long[total];
    int[] step = new int[total];
    Integer[] order = new Integer[total];
    int k = 0;
    for (int i = 0; i < timestamps.length; i++) {
      if (matches[i].length == 0) {
        ts[k] = timestamps[i];
        step[k++] = -1;
      } else {
        for (int s : matches[i]) {
          ts[k] = timestamps[i];
          step[k++] = s;
        }
      }
    }
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b])
        : Integer.compare(step[a], step[b]));

    if (total == 0) {
      return new Result(0, new long[0]);
    }
    // chains[s] = times of the chain currently reaching step s (null: not reached)
    long[][] chains = new long[steps][];
    boolean started = false;
    for (Integer idx : order) {
      long t = ts[idx];
      int s = step[idx];
      if (s == -1) {
        if (!strictOrder) {
          continue;
        }
        if (started) {
          break;
        }
        continue;
      }
      if (s == 0) {
        if (t > latestStart) {
          continue;
        }
        chains[0] = new long[] {t};
        started = true;
      } else if (strictDeduplication && chains[s] != null) {
        return best(chains);
      } else if (strictOrder && started && chains[s - 1] == null) {
        return best(chains);
      } else if (chains[s - 1] != null) {
        long[] previous = chains[s - 1];
        boolean inWindow = t <= previous[0] + window;
        if (strictIncrease) {
          inWindow = inWindow && previous[s - 1] < t;
        }
        if (inWindow) {
          long[] chain = Arrays.copyOf(previous, s + 1);
          chain[s] = t;
          chains[s] = chain;
          if (s + 1 == steps) {
            return new Result(steps, chain);
          }
        }
      }
    }
    return best(chains);
  }

  private static Result best(long[][] chains) {
    for (int s = chains.length - 1; s >= 0; s--) {
      if (chains[s] != null) {
        return new Result(s + 1, chains[s]);
      }
    }
    return new Result(0, new long[0]);
  }
}
