package io.journeymap.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges account identifiers (company ids, workspace ids, email domains) that name the same
 * account in different systems. Two things link them: one record naming both (a user directory
 * row with workspace and company), and one person whose records name both (a CRM contact with a
 * company id who uses a product workspace).
 *
 * <p>A person links accounts only when that is believable: of the otherwise distinct accounts
 * the person touches, at most {@code maxAccountsPerPerson} (default 1) may hold an identifier of
 * one kind; two company ids, or two workspaces, mean two accounts (a consultant, an agency).
 * Identifiers of different kinds (a company id, a workspace, an email domain) are one account
 * seen from different systems. Persons are decided in the order given, so the outcome is
 * deterministic.
 */
public final class AccountMerge {
  private final UnionFind sets;
  /** Kinds held by the set rooted at each node, one bit per kind index (at most 64 kinds). */
  private final long[] kinds;
  private final int maxAccountsPerPerson;
  private final List<PersonRefusal> refused = new ArrayList<>();

  /**
   * @param kindOf kind index (0-63) of each account identifier node
   */
  public AccountMerge(int[] kindOf, int maxAccountsPerPerson) {
    this.sets = new UnionFind(kindOf.length);
    this.kinds = new long[kindOf.length];
    for (int i = 0; i < kindOf.length; i++) {
      if (kindOf[i] < 0 || kindOf[i] > 63) {
        throw new IllegalArgumentException("at most 64 account identifier kinds");
      }
      kinds[i] = 1L << kindOf[i];
    }
    this.maxAccountsPerPerson = maxAccountsPerPerson;
  }

  /** Two account identifiers on one record name one account. */
  public void sameRecord(int a, int b) {
    union(a, b);
  }

  /**
   * A person refused as a link: the distinct accounts their records touch, and the most of
   * them that hold an identifier of one kind.
   */
  public record PersonRefusal(long person, int accountsTouched, int ofOneKind) {}

  /**
   * Links every account identifier a person's records name, unless the person spans accounts:
   * more than {@code maxAccountsPerPerson} of the otherwise distinct accounts they touch hold an
   * identifier of one kind (two company ids are two companies).
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
    int[] perKind = new int[64];
    int most = 0;
    for (int r : roots) {
      for (int k = 0; k < 64; k++) {
        if ((kinds[r] & (1L << k)) != 0) {
          most = Math.max(most, ++perKind[k]);
        }
      }
    }
    if (most > maxAccountsPerPerson) {
      refused.add(new PersonRefusal(person, roots.size(), most));
      return false;
    }
    for (int n : nodes) {
      union(nodes[0], n);
    }
    return true;
  }

  private void union(int a, int b) {
    int ra = sets.find(a);
    int rb = sets.find(b);
    if (ra != rb) {
      long merged = kinds[ra] | kinds[rb];
      sets.union(ra, rb);
      kinds[sets.find(ra)] = merged;
    }
  }

  /** Accounts as the smallest node id of each set, and the persons refused as links. */
  public record Result(int[] account, List<PersonRefusal> refused) {}

  public Result finish() {
    int n = kinds.length;
    int[] smallest = new int[n];
    Arrays.fill(smallest, -1);
    int[] account = new int[n];
    for (int i = 0; i < n; i++) {
      int root = sets.find(i);
      if (smallest[root] < 0) {
        smallest[root] = i;
      }
      account[i] = smallest[root];
    }
    return new Result(account, List.copyOf(refused));
  }
}
