package io.journeymap.identity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges account identifiers (company ids, workspace ids, email domains) that name the same
 * account in different systems. Two things link them: one record naming both (a user directory
 * row with workspace and company), and one person whose records name both (a CRM contact with a
 * company id who uses a product workspace).
 *
 * <p>A person links accounts only when that is believable: the merged account may hold at most
 * as many values of each kind as the kind allows (one company id per account; a company may
 * run several workspaces). A person whose records would put two company ids into one account
 * works for two companies (a consultant, an agency) and links none of their accounts. Persons
 * are decided in the order given, so the outcome is deterministic.
 */
public final class AccountMerge {
  private final UnionFind sets;
  private final int[] kindOf;
  private final int[] limitOfKind;
  /** Per limited kind, values of that kind in the set rooted at each node. */
  private final int[][] held;
  private final List<PersonRefusal> refused = new ArrayList<>();

  /**
   * @param kindOf kind index of each account identifier node
   * @param limitOfKind most values of each kind one account may hold; 0 = no limit
   */
  public AccountMerge(int[] kindOf, int[] limitOfKind) {
    this.sets = new UnionFind(kindOf.length);
    this.kindOf = kindOf;
    this.limitOfKind = limitOfKind;
    this.held = new int[limitOfKind.length][];
    for (int k = 0; k < limitOfKind.length; k++) {
      if (limitOfKind[k] > 0) {
        held[k] = new int[kindOf.length];
      }
    }
    for (int i = 0; i < kindOf.length; i++) {
      if (held[kindOf[i]] != null) {
        held[kindOf[i]][i] = 1;
      }
    }
  }

  /** Two account identifiers on one record name one account. */
  public void sameRecord(int a, int b) {
    union(a, b);
  }

  /**
   * A person refused as a link: the distinct accounts their records touch, the kind that would
   * exceed its limit, and how many values of it the merged account would hold.
   */
  public record PersonRefusal(long person, int accountsTouched, int kind, int values) {}

  /**
   * Links every account identifier a person's records name, unless the merged account would
   * hold more values of a kind than the kind allows.
   *
   * @return whether the person's identifiers were linked
   */
  public boolean person(long person, int[] nodes) {
    Set<Integer> roots = new LinkedHashSet<>();
    for (int n : nodes) {
      roots.add(sets.find(n));
    }
    if (roots.size() <= 1) {
      return true;
    }
    for (int k = 0; k < held.length; k++) {
      if (held[k] == null) {
        continue;
      }
      int values = 0;
      for (int r : roots) {
        values += held[k][r];
      }
      if (values > limitOfKind[k]) {
        refused.add(new PersonRefusal(person, roots.size(), k, values));
        return false;
      }
    }
    for (int n : nodes) {
      union(nodes[0], n);
    }
    return true;
  }

  private void union(int a, int b) {
    int ra = sets.find(a);
    int rb = sets.find(b);
    if (ra == rb) {
      return;
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

  /** Accounts as the smallest node id of each set, and the persons refused as links. */
  public record Result(int[] account, List<PersonRefusal> refused) {}

  public Result finish() {
    int[] account = sets.labels();
    return new Result(account, List.copyOf(refused));
  }
}
