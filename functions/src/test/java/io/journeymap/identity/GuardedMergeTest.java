package io.journeymap.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedMergeTest {
  /** Distinct neighbours per node, as the store computes them. */
  private static int[] degrees(int n, int[][] edges) {
    java.util.List<java.util.Set<Integer>> nb = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      nb.add(new java.util.HashSet<>());
    }
    for (int[] e : edges) {
      nb.get(e[0]).add(e[1]);
      nb.get(e[1]).add(e[0]);
    }
    return nb.stream().mapToInt(java.util.Set::size).toArray();
  }

  private static GuardedMerge.Result run(int n, int cap, int[][] edges) {
    GuardedMerge merge = new GuardedMerge(degrees(n, edges), cap);
    for (int[] e : edges) {
      merge.edge(e[0], e[1]);
    }
    return merge.finish();
  }

  @Test
  void chainsMergeIntoOnePersonNamedBySmallestId() {
    // customer 0 - email 1 - login 2 ; customer 3 alone
    GuardedMerge.Result r = run(4, 3, new int[][] {{0, 1}, {1, 2}});
    assertEquals(List.of(0, 0, 0, 3), List.of(r.person()[0], r.person()[1], r.person()[2],
        r.person()[3]));
    assertEquals(List.of(), r.refused());
  }

  @Test
  void roleMailboxJoiningTooManyPersonsIsRefused() {
    // info@ (node 0) seen with customers 1..4, each also with their own email 5..8
    int[][] edges = {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 5}, {2, 6}, {3, 7}, {4, 8}};
    GuardedMerge.Result r = run(9, 3, edges);
    assertEquals(List.of(new GuardedMerge.Refusal(0, 4)), r.refused());
    assertNotEquals(r.person()[1], r.person()[2]);
    assertEquals(r.person()[1], r.person()[5]);
    assertEquals(0, r.person()[0]); // the refused value stays a person of its own
  }

  @Test
  void highDegreeValueOfOnePersonStillMerges() {
    // email 0 seen with customer ids 1, 2 (CRM duplicates) and logins 3, 4 that all belong
    // together through customer 1: degree 4 > cap 3, but the neighbours form only 2 persons
    int[][] edges = {{0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 3}, {1, 4}};
    GuardedMerge.Result r = run(5, 3, edges);
    assertEquals(List.of(), r.refused());
    for (int i = 0; i < 5; i++) {
      assertEquals(0, r.person()[i]);
    }
  }

  @Test
  void aLimitedKindRefusesTheLinkThatWouldGiveAPersonTwoValues() {
    // kinds: 0 = login (max 1 per person), 1 = email. Records in time order: (login 0, email 2),
    // (login 1, email 2): the second link would give one person two logins
    int[] kindOf = {0, 0, 1};
    int[][] edges = {{0, 2}, {1, 2}};
    GuardedMerge merge = new GuardedMerge(degrees(3, edges), 3, kindOf, new int[] {1, 0});
    for (int[] e : edges) {
      merge.edge(e[0], e[1]);
    }
    GuardedMerge.Result r = merge.finish();
    assertEquals(List.of(new GuardedMerge.LimitRefusal(1, 2, 0)), r.limited());
    assertEquals(r.person()[0], r.person()[2]);
    assertNotEquals(r.person()[1], r.person()[2]);
  }

  @Test
  void limitsHoldThroughChainsOfOtherKinds() {
    // login 0 - email 2 - customer 3 - login 1: the last link is refused, whichever kind bridges
    int[] kindOf = {0, 0, 1, 2};
    int[][] edges = {{0, 2}, {2, 3}, {1, 3}};
    GuardedMerge merge = new GuardedMerge(degrees(4, edges), 3, kindOf, new int[] {1, 0, 0});
    for (int[] e : edges) {
      merge.edge(e[0], e[1]);
    }
    GuardedMerge.Result r = merge.finish();
    assertEquals(1, r.limited().size());
    assertEquals(r.person()[0], r.person()[3]);
    assertNotEquals(r.person()[0], r.person()[1]);
  }
}
