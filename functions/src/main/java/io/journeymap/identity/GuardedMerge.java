package io.journeymap.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges strong identifiers into persons through union-find, refusing supernodes: an identifier
 * value (a role mailbox, a shared login) that would join more than {@code maxPersons} otherwise
 * distinct persons is kept apart and reported instead of collapsing them into one.
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

  /**
   * @param degree distinct neighbouring identifiers of each node
   */
  public GuardedMerge(int[] degree, int maxPersons) {
    this.maxPersons = maxPersons;
    this.sets = new UnionFind(degree.length);
    this.hub = new boolean[degree.length];
    for (int i = 0; i < degree.length; i++) {
      hub[i] = degree[i] > maxPersons;
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
      sets.union(a, b);
    }
  }

  /** A refused identifier and how many persons it would have joined. */
  public record Refusal(int node, int personsTouched) {}

  /** Persons after all edges, as the smallest node id of each set, and the refusals. */
  public record Result(int[] person, List<Refusal> refused) {}

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
            sets.union(entry.getKey(), neighbour);
          }
        }
      }
    }
    int n = hub.length;
    int[] smallest = new int[n];
    Arrays.fill(smallest, -1);
    int[] person = new int[n];
    for (int i = 0; i < n; i++) {
      int root = sets.find(i);
      if (smallest[root] < 0) {
        smallest[root] = i;
      }
      person[i] = smallest[root];
    }
    return new Result(person, refused);
  }
}
