package io.journeymap.funnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Reference cases of ClickHouse's tests/queries/0_stateless/00632_aggregation_window_funnel,
 * restated: each case gives the rows, the window, the modes and the expected level.
 */
class WindowFunnelTest {
  private static final long[][] FUNNEL_TEST = {
      {0, 1000}, {1, 1001}, {2, 1002}, {3, 1003}, {4, 1004}, {5, 1005}, {6, 1006}, {7, 1007},
      {8, 1008}};
  private static final long[][] FUNNEL_TEST2 = {
      {1, 1001}, {2, 1002}, {3, 1003}, {4, 1004}, {5, 1005}, {6, 1006}, {7, 1007}, {8, 1008}};

  /** Level of a subject whose rows are (timestamp, event) under conditions on the event. */
  private static int level(long[][] rows, long window, String modes, LongPredicate... steps) {
    List<Predicate<long[]>> onRows = new ArrayList<>();
    for (LongPredicate step : steps) {
      onRows.add(row -> step.test(row[1]));
    }
    return evaluate(rows, window, modes, onRows);
  }

  /** Level of a subject whose rows are (timestamp, columns...) under conditions on the row. */
  private static int evaluate(long[][] rows, long window, String modes,
      List<Predicate<long[]>> steps) {
    long[] ts = new long[rows.length];
    int[][] matches = new int[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      ts[i] = rows[i][0];
      List<Integer> m = new ArrayList<>();
      for (int s = 0; s < steps.size(); s++) {
        if (steps.get(s).test(rows[i])) {
          m.add(s);
        }
      }
      matches[i] = m.stream().mapToInt(Integer::intValue).toArray();
    }
    return new WindowFunnel(steps.size(), window, FunnelMode.parse(modes))
        .evaluate(ts, matches).level();
  }

  private static LongPredicate eq(long v) {
    return e -> e == v;
  }

  @Test
  void basicLevels() {
    assertEquals(1, level(FUNNEL_TEST, 10000, "", eq(1000)));
    assertEquals(2, level(FUNNEL_TEST, 10000, "", eq(1000), eq(1001)));
    assertEquals(3, level(FUNNEL_TEST, 10000, "", eq(1000), eq(1001), eq(1002)));
    assertEquals(4, level(FUNNEL_TEST, 10000, "", eq(1000), eq(1001), eq(1002), eq(1008)));
  }

  @Test
  void windowLimitsTheChain() {
    assertEquals(1, level(FUNNEL_TEST, 1, "", eq(1000)));
    assertEquals(3, level(FUNNEL_TEST, 2, "", eq(1003), eq(1004), eq(1005), eq(1006), eq(1007)));
    assertEquals(4, level(FUNNEL_TEST, 3, "", eq(1003), eq(1004), eq(1005), eq(1006), eq(1007)));
    assertEquals(5, level(FUNNEL_TEST, 4, "", eq(1003), eq(1004), eq(1005), eq(1006), eq(1007)));
  }

  @Test
  void orderMattersAndOverlappingConditions() {
    assertEquals(5, level(FUNNEL_TEST2, 4, "", eq(1003), eq(1004), eq(1005), eq(1006), eq(1007)));
    assertEquals(2, level(FUNNEL_TEST2, 10000, "", eq(1001), eq(1008)));
    assertEquals(1, level(FUNNEL_TEST2, 10000, "", eq(1008), eq(1001)));
    assertEquals(4, level(FUNNEL_TEST2, 4, "", e -> e <= 1007, e -> e >= 1002, e -> e <= 1006,
        e -> e >= 1004));
    long base = 100_000_000_000_000L;
    long[][] u64 = new long[FUNNEL_TEST2.length][];
    for (int i = 0; i < u64.length; i++) {
      u64[i] = new long[] {base + FUNNEL_TEST2[i][0], FUNNEL_TEST2[i][1]};
    }
    assertEquals(5, level(u64, 4, "", eq(1003), eq(1004), eq(1005), eq(1006), eq(1007)));
    assertEquals(1, level(u64, 10000, "", eq(1008), eq(1001)));
  }

  @Test
  void strictDeduplication() {
    long[][] rows = {{0, 1000}, {10, 1001}, {20, 1002}, {30, 1003}, {40, 1004}, {50, 1005},
        {51, 1005}, {60, 1006}, {70, 1007}, {80, 1008}};
    LongPredicate[] steps = {eq(1000), eq(1001), eq(1002), eq(1003), eq(1004), eq(1005), eq(1006)};
    assertEquals(6, level(rows, 10000, "strict_deduplication", steps));
    assertEquals(7, level(rows, 10000, "", steps));
    // ClickHouse issue 27469: a repeated step returns the level reached so far
    long[][] bite = {{1, 'a'}, {2, 'b'}, {3, 'c'}, {4, 'b'}, {5, 'd'}};
    assertEquals(3, level(bite, 86400, "strict_deduplication", eq('a'), eq('b'), eq('c'),
        eq('d')));
  }

  private static final long[][][] STRICT_ORDER_USERS = {
      {{1, 'a'}, {2, 'b'}, {3, 'c'}},
      {{1, 'a'}, {2, 'd'}, {3, 'b'}, {4, 'c'}},
      {{1, 'a'}, {2, 'a'}, {3, 'b'}, {4, 'b'}, {5, 'c'}, {6, 'c'}},
      {{1, 'a'}, {2, 'a'}, {3, 'a'}, {4, 'a'}, {5, 'b'}, {6, 'b'}, {7, 'c'}, {8, 'c'}},
      {{1, 'a'}, {2, 'a'}, {3, 'b'}, {4, 'b'}, {5, 'd'}, {6, 'c'}, {7, 'c'}},
      {{1, 'c'}, {2, 'c'}, {3, 'b'}, {4, 'b'}, {5, 'a'}, {6, 'a'}}};

  @Test
  void strictOrderPerUser() {
    int[] plain = {3, 3, 3, 3, 3, 1};
    int[] strictOrder = {3, 1, 3, 3, 2, 1};
    int[] both = {3, 1, 2, 2, 2, 1};
    for (int u = 0; u < STRICT_ORDER_USERS.length; u++) {
      long[][] rows = STRICT_ORDER_USERS[u];
      assertEquals(plain[u], level(rows, 86400, "", eq('a'), eq('b'), eq('c')), "user " + (u + 1));
      assertEquals(strictOrder[u], level(rows, 86400, "strict_order", eq('a'), eq('b'), eq('c')),
          "user " + (u + 1));
      assertEquals(both[u], level(rows, 86400, "strict_deduplication,strict_order", eq('a'),
          eq('b'), eq('c')), "user " + (u + 1));
    }
    long[][] user7 = {{1, 'a'}, {2, 'c'}, {3, 'b'}};
    assertEquals(1, level(user7, 10, "strict_order", eq('a'), eq('b'), eq('c')));
  }

  @Test
  void nullableConditions() {
    // rows: (dt, a, b) with null as 0; conditions written over both columns
    long[][][] users = {
        {{1, 'A' * 10 + 1, 'B' * 10 + 1}, {2, 'A' * 10 + 2, 'B' * 10 + 2}},
        {{1, 'A' * 10 + 1, 0}, {2, 'A' * 10 + 2, 0}},
        {{1, 0, 0}},
        {{1, 0, 'B' * 10 + 1}, {2, 'A' * 10 + 2, 0}, {3, 0, 'B' * 10 + 3}}};
    int[] aThenA = {2, 2, 0, 0};
    int[] aThenB = {2, 1, 0, 0};
    int[] bothNull = {0, 0, 1, 0};
    int[] nullThenB3 = {0, 0, 1, 2};
    int[] nullThenB3Strict = {0, 0, 1, 1};
    for (int u = 0; u < users.length; u++) {
      long[][] rows = users[u];
      assertEquals(aThenA[u], levelAb(rows, "", r -> r[1] == 'A' * 10 + 1,
          r -> r[1] == 'A' * 10 + 2));
      assertEquals(aThenB[u], levelAb(rows, "", r -> r[1] == 'A' * 10 + 1,
          r -> r[2] == 'B' * 10 + 2));
      assertEquals(bothNull[u], levelAb(rows, "", r -> r[1] == 0 && r[2] == 0));
      assertEquals(nullThenB3[u], levelAb(rows, "", r -> r[1] == 0, r -> r[2] == 'B' * 10 + 3));
      assertEquals(nullThenB3Strict[u], levelAb(rows, "strict_order", r -> r[1] == 0,
          r -> r[2] == 'B' * 10 + 3));
    }
  }

  @SafeVarargs
  private static int levelAb(long[][] rows, String modes, Predicate<long[]>... steps) {
    // ClickHouse returns 0 when no row matched any condition (no state was added)
    boolean any = false;
    for (long[] row : rows) {
      for (Predicate<long[]> step : steps) {
        any |= step.test(row);
      }
    }
    if (!any && !modes.contains("strict_order")) {
      return 0;
    }
    return evaluate(rows, 86400, modes, List.of(steps));
  }

  @Test
  void strictIncrease() {
    long[][] rows = {{0, 1000}, {1, 1001}, {1, 1002}, {1, 1003}, {2, 1004}};
    assertEquals(5, level(rows, 10000, "", eq(1000), eq(1001), eq(1002), eq(1003), eq(1004)));
    assertEquals(2, level(rows, 10000, "strict_increase", eq(1000), eq(1001), eq(1002), eq(1003),
        eq(1004)));
    assertEquals(3, level(rows, 10000, "", eq(1004), eq(1004), eq(1004)));
    assertEquals(1, level(rows, 10000, "strict_increase", eq(1004), eq(1004), eq(1004)));
  }

  @Test
  void chainTimesBelongToTheReturnedChain() {
    // a restarts at 10; the 3-step chain found is 0 -> 5 -> 12 (c is within 100 of a at 0)
    long[] ts = {0, 5, 10, 12};
    int[][] m = {{0}, {1}, {0}, {2}};
    WindowFunnel.Result r = new WindowFunnel(3, 100, Set.of()).evaluate(ts, m);
    assertEquals(3, r.level());
    assertArrayEquals(new long[] {0, 5, 12}, r.times());
  }

  /**
   * Only chains whose window has closed count: with the latest start at 10, the step-1 event at
   * 20 starts nothing, while the chain from 0 still takes b at 30 (within 100 of 0). With the
   * latest start at -1 no chain starts; with 20 the later start gives the same level.
   */
  @Test
  void chainsStartOnlyUpToTheLatestStart() {
    long[] ts = {0, 20, 30, 150};
    int[][] m = {{0}, {0}, {1}, {2}};
    WindowFunnel funnel = new WindowFunnel(3, 100, Set.of());
    WindowFunnel.Result r = funnel.evaluate(ts, m, 10);
    assertEquals(2, r.level());
    assertArrayEquals(new long[] {0, 30}, r.times());
    assertEquals(0, funnel.evaluate(ts, m, -1).level());
    // c at 150 is beyond the window of both starts (100 and 120): level 2 whatever the bound
    assertEquals(2, funnel.evaluate(ts, m, 20).level());
    assertEquals(2, funnel.evaluate(ts, m).level());
    // a step-1 event at 60 would reach c at 150: counted only when it may start a chain
    long[] ts2 = {0, 60, 70, 150};
    assertEquals(2, funnel.evaluate(ts2, m, 59).level());
    assertEquals(3, funnel.evaluate(ts2, m, 60).level());
    // strict order: the late step-1 event neither starts nor breaks the earlier chain
    WindowFunnel strict = new WindowFunnel(3, 100, FunnelMode.parse("strict_order"));
    assertEquals(2, strict.evaluate(new long[] {0, 20, 30}, new int[][] {{0}, {0}, {1}}, 10)
        .level());
  }

  @Test
  void rejectsUnknownModes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FunnelMode.parse("strict_once"));
    assertEquals(true, e.getMessage().contains("allowed: default, strict_order"));
  }
}
