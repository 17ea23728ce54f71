package io.journeymap.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges strong identifiers into persons through union-find, with two guards:
 *
 * <ul>
 *   <li>supernodes: an identifier value (a shared login, a team address) that would join more
 *       than {@code maxPersons} otherwise distinct persons is kept apart and reported;
 *   <li>limits per kind: a merge that would give one person more values of a kind than the kind
 *       allows (two login ids) is refused and reported with both sides. Edges arrive in the
 *       order records were first seen, so the earliest link wins, as in a CDP that resolves
 *       records as they arrive.
 * </ul>
 *
 * <p>Edges are streamed once. Identifiers with at most {@code maxPersons} distinct neighbours
 * cannot join more persons than that and merge directly; only the few high-degree ones ("hubs")
 * have their edges buffered and are checked against the persons formed without them.
 */
public final class GuardedMerge {
  private final int maxPersons;
  private final UnionFind sets;
  private final boolean[] hub;
  private final TreeMap<Integer, List<Integer>> hubEdges = new TreeMap<>();
  private final int[] kindOf;
  private final int[] limitOfKind;
  /** Per limited kind, values of that kind in the set rooted at each node. */
  private final int[][] held;
  private final List<LimitRefusal> limitRefusals = new ArrayList<>();

  /** Without limits per kind. */
  public GuardedMerge(int[] degree, int maxPersons) {
    this(degree, maxPersons, new int[degree.length], new int[] {0});
  }

  /**
   * @param degree distinct neighbouring identifiers of each node
   * @param kindOf kind index of each node
   * @param limitOfKind most values of each kind one person may hold; 0 = no limit
   */
  public GuardedMerge(int[] degree, int maxPersons, int[] kindOf, int[] limitOfKind) {
    this.maxPersons = maxPersons;
    this.sets = new UnionFind(degree.length);
    this.hub = new boolean[degree.length];
    this.kindOf = kindOf;
    this.limitOfKind = limitOfKind;
    this.held = new int[limitOfKind.length][];
    for (int k = 0; k < limitOfKind.length; k++) {
      if (limitOfKind[k] > 0) {
        held[k] = new int[degree.length];
      }
    }
    for (int i = 0; i < degree.length; i++) {
      hub[i] = degree[i] > maxPersons;
      if (held[kindOf[i]] != null) {
        held[kindOf[i]][i] = 1;
      }
    }
  }

  /** Adds one edge between two identifiers seen on the same record. */
  public void edge(int a, int b) {
    if (a == b) {
      return;
    }
    if (hub[a]) {
      hubEdges.computeIfAbsent(a, k -> new ArrayList<>()).add(b);
    }
    if (hub[b]) {
      hubEdges.computeIfAbsent(b, k -> new ArrayList<>()).add(a);
    }
    if (!hub[a] && !hub[b]) {
      union(a, b);
    }
  }

  /** Unites unless a limited kind would exceed its limit; then records the refusal. */
  private void union(int a, int b) {
    int ra = sets.find(a);
    int rb = sets.find(b);
    if (ra == rb) {
      return;
    }
    for (int k = 0; k < held.length; k++) {
      if (held[k] != null && held[k][ra] + held[k][rb] > limitOfKind[k]) {
        limitRefusals.add(new LimitRefusal(a, b, k));
        return;
      }
    }
    sets.union(ra, rb);
    int root = sets.find(ra);
    int other = root == ra ? rb : ra;
    for (int[] h : held) {
      if (h != null) {
        h[root] += h[other];
      }
    }
  }

  /** A refused identifier and how many persons it would have joined. */
  public record Refusal(int node, int personsTouched) {}

  /**
   * A link between two identifiers seen on one record, refused because the person would then
   * hold more values of {@code kind} than allowed.
   */
  public record LimitRefusal(int a, int b, int kind) {}

  /** Persons after all edges, as the smallest node id of each set, and the refusals. */
  public record Result(int[] person, List<Refusal> refused, List<LimitRefusal> limited) {}

  /** Decides the hubs (in node order, so the outcome is deterministic) and labels persons. */
  public Result finish() {
    List<Refusal> refused = new ArrayList<>();
    Set<Integer> refusedNodes = new HashSet<>();
    for (var entry : hubEdges.entrySet()) {
      Set<Integer> persons = new HashSet<>();
      for (int neighbour : entry.getValue()) {
        if (!refusedNodes.contains(neighbour)) {
          persons.add(sets.find(neighbour));
        }
      }
      if (persons.size() > maxPersons) {
        refused.add(new Refusal(entry.getKey(), persons.size()));
        refusedNodes.add(entry.getKey());
      } else {
        for (int neighbour : entry.getValue()) {
          if (!refusedNodes.contains(neighbour)) {
            union(entry.getKey(), neighbour);
          }
        }
      }
    }
    int[] person = sets.labels();
    return new Result(person, refused, limitRefusals);
  }
}
