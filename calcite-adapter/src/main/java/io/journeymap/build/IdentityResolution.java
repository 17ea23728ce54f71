package io.journeymap.build;

import io.journeymap.identity.GuardedMerge;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Resolves identifiers to persons and accounts. SQL lists the distinct strong identifiers and the
 * edges between identifiers seen on one record; Java runs the guarded union-find over the streamed
 * edges; SQL then attaches weak identifiers (cookies, devices) only where they point to exactly
 * one person and writes identities, persons, accounts, conflicts and the resolved events.
 */
final class IdentityResolution {
  private final DuckDBConnection store;
  private final int maxPersons;
  private final BuildListener listener;

  IdentityResolution(DuckDBConnection store, int maxPersons, BuildListener listener) {
    this.store = store;
    this.maxPersons = maxPersons;
    this.listener = listener;
  }

  /** Counts for the summary. */
  record Result(long identifiers, long persons, long accounts, long conflicts) {}

  Result run() throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.nodes AS SELECT CAST(row_number() OVER (ORDER BY kind, value)"
          + " - 1 AS INTEGER) AS node, kind, value FROM (SELECT DISTINCT kind, value"
          + " FROM build.ids WHERE strong)");
      s.execute("CREATE TABLE build.event_nodes AS SELECT i.event_id, n.node FROM build.ids i"
          + " JOIN build.nodes n USING (kind, value) WHERE i.strong");
      s.execute("CREATE TABLE build.edges AS SELECT DISTINCT a.node AS a, b.node AS b"
          + " FROM build.event_nodes a JOIN build.event_nodes b"
          + " ON a.event_id = b.event_id AND a.node < b.node");
    }
    GuardedMerge.Result merged = merge();
    writePersons(merged);
    try (Statement s = store.createStatement()) {
      resolveEvents(s);
      writeTables(s);
      return new Result(count(s, "main.identities"), count(s, "main.persons"),
          count(s, "main.accounts"), count(s, "main.identity_conflicts"));
    }
  }

  private GuardedMerge.Result merge() throws SQLException {
    int nodes;
    int[] degree;
    try (Statement s = store.createStatement()) {
      nodes = (int) count(s, "build.nodes");
      degree = new int[nodes];
      try (ResultSet r = s.executeQuery("SELECT node, count(*) FROM (SELECT a AS node FROM"
          + " build.edges UNION ALL SELECT b FROM build.edges) GROUP BY node")) {
        while (r.next()) {
          degree[r.getInt(1)] = r.getInt(2);
        }
      }
    }
    GuardedMerge merge = new GuardedMerge(degree, maxPersons);
    long edges = 0;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT a, b FROM build.edges")) {
      while (r.next()) {
        merge.edge(r.getInt(1), r.getInt(2));
        if (++edges % 1_000_000 == 0) {
          listener.progress("edges", edges, -1);
        }
      }
    }
    return merge.finish();
  }

  private void writePersons(GuardedMerge.Result merged) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.node_person (node INTEGER, person_id BIGINT, refused BOOLEAN,"
          + " persons_touched INTEGER)");
    }
    int[] touched = new int[merged.person().length];
    for (GuardedMerge.Refusal r : merged.refused()) {
      touched[r.node()] = r.personsTouched();
    }
    try (DuckDBAppender a = store.createAppender("build", "node_person")) {
      for (int node = 0; node < merged.person().length; node++) {
        a.beginRow();
        a.append(node);
        a.append((long) merged.person()[node] + 1);
        a.append(touched[node] > 0);
        a.append(touched[node]);
        a.endRow();
      }
    }
  }

  private static void resolveEvents(Statement s) throws SQLException {
    // a refused value still names a person of its own, but loses to any other strong identifier
    s.execute("CREATE TABLE build.event_strong AS SELECT en.event_id, coalesce("
        + "min(np.person_id) FILTER (WHERE NOT np.refused), min(np.person_id)) AS person_id"
        + " FROM build.event_nodes en JOIN build.node_person np USING (node) GROUP BY 1");
    s.execute("CREATE TABLE build.weak_links AS SELECT i.kind, i.value,"
        + " count(DISTINCT es.person_id) AS persons, min(es.person_id) AS person_id,"
        + " count(*) AS events FROM build.ids i LEFT JOIN build.event_strong es USING (event_id)"
        + " WHERE NOT i.strong GROUP BY 1, 2");
    s.execute("CREATE TABLE build.event_weak AS SELECT i.event_id,"
        + " count(DISTINCT w.person_id) FILTER (WHERE w.persons = 1) AS attached,"
        + " min(w.person_id) FILTER (WHERE w.persons = 1) AS person_id,"
        + " bool_or(w.persons > 1) AS ambiguous"
        + " FROM build.ids i JOIN build.weak_links w USING (kind, value)"
        + " WHERE NOT i.strong AND i.event_id NOT IN (SELECT event_id FROM build.event_strong)"
        + " GROUP BY 1");
    s.execute("CREATE TABLE build.event_person AS"
        + " SELECT event_id, person_id, 'strong' AS status FROM build.event_strong"
        + " UNION ALL SELECT event_id, CASE WHEN attached = 1 THEN person_id END,"
        + " CASE WHEN attached = 1 THEN 'weak_attached'"
        + " WHEN attached > 1 OR ambiguous THEN 'weak_ambiguous' ELSE 'weak_unlinked' END"
        + " FROM build.event_weak");
    // a person's account is the one most of their events name (ties: smallest id)
    s.execute("CREATE TABLE build.person_account AS SELECT person_id, account AS account_id,"
        + " accounts FROM (SELECT person_id, account, count(*) OVER (PARTITION BY person_id)"
        + " AS accounts, row_number() OVER (PARTITION BY person_id ORDER BY n DESC, account)"
        + " AS pick FROM (SELECT p.person_id, e.account, count(*) AS n FROM build.events0 e"
        + " JOIN build.event_person p USING (event_id) WHERE p.person_id IS NOT NULL"
        + " AND e.account IS NOT NULL GROUP BY 1, 2)) WHERE pick = 1");
    s.execute("INSERT INTO main.events SELECT e.event_id, e.event, e.occurred_at, e.source,"
        + " e.source_row, e.raw_event, p.person_id, coalesce(e.account, pa.account_id),"
        + " coalesce(p.status, 'account_only'), e.channel, e.campaign, e.properties"
        + " FROM build.events0 e LEFT JOIN build.event_person p USING (event_id)"
        + " LEFT JOIN build.person_account pa ON pa.person_id = p.person_id ORDER BY e.event_id");
  }

  private static void writeTables(Statement s) throws SQLException {
    s.execute("INSERT INTO main.identities"
        + " SELECT n.kind, n.value, 'strong', CASE WHEN np.refused THEN NULL ELSE np.person_id"
        + " END, CASE WHEN np.refused THEN 'refused' ELSE 'merged' END,"
        + " (SELECT count(*) FROM build.event_nodes en WHERE en.node = n.node)"
        + " FROM build.nodes n JOIN build.node_person np USING (node)"
        + " UNION ALL SELECT kind, value, 'weak', CASE WHEN persons = 1 THEN person_id END,"
        + " CASE WHEN persons = 1 THEN 'attached' WHEN persons > 1 THEN 'ambiguous'"
        + " ELSE 'unlinked' END, events FROM build.weak_links");
    s.execute("INSERT INTO main.persons SELECT e.person_id, pa.account_id,"
        + " (SELECT n.kind || ':' || n.value FROM build.nodes n WHERE n.node ="
        + " CAST(e.person_id - 1 AS INTEGER)),"
        + " (SELECT count(*) FROM build.node_person np WHERE np.person_id = e.person_id"
        + " AND NOT np.refused), count(*), min(e.occurred_at), max(e.occurred_at)"
        + " FROM main.events e LEFT JOIN build.person_account pa USING (person_id)"
        + " WHERE e.person_id IS NOT NULL GROUP BY e.person_id, pa.account_id");
    s.execute("INSERT INTO main.accounts SELECT account_id, count(DISTINCT person_id), count(*),"
        + " min(occurred_at), max(occurred_at) FROM main.events WHERE account_id IS NOT NULL"
        + " GROUP BY 1");
    s.execute("INSERT INTO main.identity_conflicts"
        + " SELECT n.kind, n.value, 'supernode_refused', np.persons_touched,"
        + " (SELECT count(*) FROM build.event_nodes en WHERE en.node = n.node),"
        + " 'would join ' || np.persons_touched || ' otherwise distinct persons; kept apart'"
        + " FROM build.nodes n JOIN build.node_person np USING (node) WHERE np.refused"
        + " UNION ALL SELECT kind, value, 'shared_weak_identifier', persons, events,"
        + " 'points to ' || persons || ' persons; its anonymous events stay unattached'"
        + " FROM build.weak_links WHERE persons > 1"
        + " UNION ALL SELECT 'person_id', CAST(person_id AS VARCHAR),"
        + " 'person_in_several_accounts', accounts, NULL,"
        + " 'events name ' || accounts || ' accounts; assigned to ' || account_id"
        + " FROM build.person_account WHERE accounts > 1");
  }

  static long count(Statement s, String table) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
