package io.journeymap.identity;

/** Disjoint sets over dense int ids, with path halving and union by size. */
final class UnionFind {
  private final int[] parent;
  private final int[] size;

  UnionFind(int n) {
    parent = new int[n];
    size = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
      size[i] = 1;
    }
  }

  int find(int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  void union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return;
    }
    if (size[ra] < size[rb]) {
      int t = ra;
      ra = rb;
      rb = t;
    }
    parent[rb] = ra;
    size[ra] += size[rb];
  }

  /** Each element's set, named by the set's smallest element, so labels are deterministic. */
  int[] labels() {
    int n = parent.length;
    int[] smallest = new int[n];
    java.util.Arrays.fill(smallest, -1);
    int[] label = new int[n];
    for (int i = 0; i < n; i++) {
      int root = find(i);
      if (smallest[root] < 0) {
        smallest[root] = i;
      }
      label[i] = smallest[root];
    }
    return label;
  }
}
