package io.journeymap.pipeline;

import io.journeymap.identity.AccountMerge;
import io.journeymap.identity.GuardedMerge;
import io.journeymap.model.IdentifierKind;
import io.journeymap.model.IdentityPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Resolves identifiers to persons, then accounts, over record groups (a source's records naming
 * the same identifiers resolve alike, so each group is resolved once, weighted by its size where
 * records are counted). SQL lists the distinct identifiers and the links between identifiers
 * seen on one record; Java runs the guarded merges over the streamed links; SQL then attaches
 * weak identifiers (cookies, devices) only where they point to exactly one person, gives role
 * addresses an account, and writes identities, persons, accounts, conflicts and the resolved
 * events ({@code build.events1}).
 */
final class IdentityResolution {
  /** Sort key weight that makes a refused identifier lose to any other on the same record. */
  private static final long REFUSED = 1L << 32;

  private final DuckDBConnection store;
  private final IdentityPolicy policy;
  private final BuildListener listener;
  private final String journeyKey;

  /**
   * @param journeyKey the journey key of an event, an expression over its mapped columns: the
   *     resolved events carry it instead of every property
   */
  IdentityResolution(DuckDBConnection store, IdentityPolicy policy, BuildListener listener,
      String journeyKey) {
    this.store = store;
    this.policy = policy;
    this.listener = listener;
    this.journeyKey = journeyKey;
  }

  /** Counts for the summary. */
  record Result(long identifiers, long persons, long accounts, long conflicts) {}

  Result run() throws SQLException {
    writeKinds();
    try (Statement s = store.createStatement()) {
      // node order = kind priority, so the smallest node of a person is its most telling id
      s.execute("CREATE TABLE build.nodes AS SELECT CAST(row_number() OVER (ORDER BY k.prio,"
          + " i.value) - 1 AS INTEGER) AS node, i.kind, i.value, k.prio AS kind_index FROM"
          + " (SELECT DISTINCT kind, value FROM build.ids WHERE strong AND level = 'person'"
          + " AND NOT role) i JOIN build.kinds k USING (kind)");
      s.execute("CREATE TABLE build.record_nodes AS SELECT DISTINCT i.record, n.node"
          + " FROM build.ids i JOIN build.nodes n USING (kind, value)"
          + " WHERE i.strong AND i.level = 'person' AND NOT i.role");
      // records without time (a user directory) link first, then records as they happened
      s.execute("CREATE TABLE build.edges AS SELECT a.node AS a, b.node AS b,"
          + " bool_or(NOT r.event) AS directory, min(r.first_at) AS first_at,"
          + " min(a.record) AS first_record FROM build.record_nodes a"
          + " JOIN build.record_nodes b ON a.record = b.record AND a.node < b.node"
          + " JOIN build.records r ON r.record = a.record GROUP BY 1, 2");
    }
    GuardedMerge.Result merged = mergePersons();
    writePersons(merged);
    try (Statement s = store.createStatement()) {
      resolvePersons(s);
    }
    AccountMerge.Result accounts = mergeAccounts();
    writeAccounts(accounts);
    try (Statement s = store.createStatement()) {
      String eventSource = eventSource(s);
      resolveAccounts(s);
      writeEvents(s);
      writeTables(s, eventSource);
      return new Result(count(s, "main.identities"), count(s, "main.persons"),
          count(s, "main.accounts"), count(s, "main.identity_conflicts"));
    }
  }

  /** Kind priorities and limits: person kinds in declaration order, then account kinds. */
  private void writeKinds() throws SQLException {
    try (Statement s = store.createStatement()) {
      // max_values: per person for person kinds, per account for account kinds (0: no limit)
      s.execute("CREATE TABLE build.kinds (kind VARCHAR, prio INTEGER, level VARCHAR,"
          + " max_values INTEGER, derived BOOLEAN)");
    }
    List<IdentifierKind> accountKinds = new ArrayList<>();
    try (DuckDBAppender a = store.createAppender("build", "main", "kinds")) {
      int prio = 0;
      for (IdentifierKind k : policy.kinds().values()) {
        if (k.isAccount()) {
          accountKinds.add(k);
        } else if (k.strong()) {
          a.beginRow();
          a.append(k.name());
          a.append(prio++);
          a.append("person");
          a.append(k.maxPerPerson() == null ? 0 : k.maxPerPerson());
          a.append(false);
          a.endRow();
        }
      }
      // account kinds count from 0 again: their index is a bit in AccountMerge's kind mask
      int aprio = 0;
      for (IdentifierKind k : accountKinds) {
        a.beginRow();
        a.append(k.name());
        a.append(aprio++);
        a.append("account");
        a.append(k.maxPerAccount() == null ? 0 : k.maxPerAccount());
        a.append(false);
        a.endRow();
      }
      // email domains name accounts last: a company or workspace id is the better name
      for (IdentifierKind k : policy.kinds().values()) {
        if (k.accountDomain()) {
          a.beginRow();
          a.append(k.domainKind());
          a.append(aprio++);
          a.append("account");
          a.append(0);
          a.append(true);
          a.endRow();
        }
      }
    }
  }

  private GuardedMerge.Result mergePersons() throws SQLException {
    int nodes;
    int[] degree;
    int[] kindOf;
    int[] limits;
    try (Statement s = store.createStatement()) {
      nodes = (int) count(s, "build.nodes");
      degree = new int[nodes];
      kindOf = new int[nodes];
      try (ResultSet r = s.executeQuery("SELECT node, count(*) FROM (SELECT a AS node FROM"
          + " build.edges UNION ALL SELECT b FROM build.edges) GROUP BY node")) {
        while (r.next()) {
          degree[r.getInt(1)] = r.getInt(2);
        }
      }
      try (ResultSet r = s.executeQuery("SELECT node, kind_index FROM build.nodes")) {
        while (r.next()) {
          kindOf[r.getInt(1)] = r.getInt(2);
        }
      }
      List<Integer> limitList = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT max_values FROM build.kinds"
          + " WHERE level = 'person' ORDER BY prio")) {
        while (r.next()) {
          limitList.add(r.getInt(1));
        }
      }
      limits = limitList.stream().mapToInt(Integer::intValue).toArray();
      if (limits.length == 0) {
        limits = new int[] {0};
      }
    }
    GuardedMerge merge = new GuardedMerge(degree, policy.maxPersonsPerIdentifier(), kindOf,
        limits);
    long edges = 0;
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT a, b FROM build.edges"
             + " ORDER BY directory DESC, first_at, first_record, a, b")) {
      while (r.next()) {
        merge.edge(r.getInt(1), r.getInt(2));
        if (++edges % 1_000_000 == 0) {
          listener.progress("links", edges, -1);
        }
      }
    }
    return merge.finish();
  }

  private void writePersons(GuardedMerge.Result merged) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.node_person (node INTEGER, person_id BIGINT, refused BOOLEAN,"
          + " persons_touched INTEGER)");
      s.execute("CREATE TABLE build.limit_refusals (a INTEGER, b INTEGER, kind_index INTEGER)");
    }
    int[] touched = new int[merged.person().length];
    for (GuardedMerge.Refusal r : merged.refused()) {
      touched[r.node()] = r.personsTouched();
    }
    Sql.inTransaction(store, () -> {
      try (DuckDBAppender a = store.createAppender("build", "main", "node_person")) {
        for (int node = 0; node < merged.person().length; node++) {
          a.beginRow();
          a.append(node);
          a.append((long) merged.person()[node] + 1);
          a.append(touched[node] > 0);
          a.append(touched[node]);
          a.endRow();
        }
      }
    });
    try (DuckDBAppender a = store.createAppender("build", "main", "limit_refusals")) {
      for (GuardedMerge.LimitRefusal r : merged.limited()) {
        a.beginRow();
        a.append(r.a());
        a.append(r.b());
        a.append(r.kind());
        a.endRow();
      }
    }
  }

  /** Each record's person: strong identifiers by kind priority, else one weak link. */
  private static void resolvePersons(Statement s) throws SQLException {
    // a refused value still names a person of its own, but loses to any other strong identifier;
    // where a refused link left a record's identifiers in two persons, the first kind decides
    s.execute("CREATE TABLE build.record_strong AS SELECT rn.record, arg_min(np.person_id,"
        + " CAST(np.refused AS BIGINT) * " + REFUSED + " + rn.node) AS person_id"
        + " FROM build.record_nodes rn JOIN build.node_person np USING (node) GROUP BY 1");
    s.execute("CREATE TABLE build.weak_links AS SELECT i.kind, i.value,"
        + " count(DISTINCT rs.person_id) AS persons, min(rs.person_id) AS person_id"
        + " FROM build.ids i LEFT JOIN build.record_strong rs USING (record)"
        + " WHERE NOT i.strong AND i.level = 'person' GROUP BY 1, 2");
    s.execute("CREATE TABLE build.record_weak AS SELECT i.record,"
        + " count(DISTINCT w.person_id) FILTER (WHERE w.persons = 1) AS attached,"
        + " min(w.person_id) FILTER (WHERE w.persons = 1) AS person_id,"
        + " bool_or(w.persons > 1) AS ambiguous"
        + " FROM build.ids i JOIN build.weak_links w USING (kind, value)"
        + " WHERE NOT i.strong AND i.level = 'person'"
        + " AND i.record NOT IN (SELECT record FROM build.record_strong) GROUP BY 1");
    s.execute("CREATE TABLE build.record_person AS"
        + " SELECT record, person_id, 'strong' AS status FROM build.record_strong"
        + " UNION ALL SELECT record, CASE WHEN attached = 1 THEN person_id END,"
        + " CASE WHEN attached = 1 THEN 'weak_attached'"
        + " WHEN attached > 1 OR ambiguous THEN 'weak_ambiguous' ELSE 'weak_unlinked' END"
        + " FROM build.record_weak");
  }

  private AccountMerge.Result mergeAccounts() throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.anodes AS SELECT CAST(row_number() OVER (ORDER BY k.prio,"
          + " i.value) - 1 AS INTEGER) AS node, i.kind, i.value, k.prio AS kind_index, k.derived"
          + " FROM (SELECT DISTINCT kind, value FROM build.ids WHERE level = 'account') i"
          + " JOIN build.kinds k USING (kind)");
      s.execute("CREATE TABLE build.record_anodes AS SELECT DISTINCT i.record, n.node"
          + " FROM build.ids i JOIN build.anodes n USING (kind, value) WHERE i.level = 'account'");
      excludeSharedIdentifiers(s);
      int n = (int) count(s, "build.anodes");
      int[] kindOf = new int[n];
      try (ResultSet r = s.executeQuery("SELECT node, kind_index FROM build.anodes")) {
        while (r.next()) {
          kindOf[r.getInt(1)] = r.getInt(2);
        }
      }
      List<Integer> limitList = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT max_values FROM build.kinds"
          + " WHERE level = 'account' ORDER BY prio")) {
        while (r.next()) {
          limitList.add(r.getInt(1));
        }
      }
      int[] limits = limitList.isEmpty() ? new int[] {0}
          : limitList.stream().mapToInt(Integer::intValue).toArray();
      AccountMerge merge = new AccountMerge(kindOf, limits);
      // ids a record names side by side (a directory row with company and workspace) are one
      // account; an email domain is only the person's, so it links through persons alone
      try (ResultSet r = s.executeQuery("SELECT DISTINCT a.node, b.node FROM build.record_anodes a"
          + " JOIN build.record_anodes b ON a.record = b.record AND a.node < b.node"
          + " JOIN build.anodes na ON na.node = a.node JOIN build.anodes nb ON nb.node = b.node"
          + " WHERE NOT na.derived AND NOT nb.derived ORDER BY 1, 2")) {
        while (r.next()) {
          merge.sameRecord(r.getInt(1), r.getInt(2));
        }
      }
      // only strongly identified records speak for a person; distinct rows in order, grouped
      // here, because a list per person would be held in the engine's memory whole
      try (ResultSet r = s.executeQuery("SELECT DISTINCT p.person_id, an.node"
          + " FROM build.record_person p JOIN build.record_anodes an"
          + " USING (record) WHERE p.status = 'strong' ORDER BY 1, 2")) {
        long person = Long.MIN_VALUE;
        List<Integer> nodes = new ArrayList<>();
        while (r.next()) {
          if (r.getLong(1) != person) {
            personNodes(merge, person, nodes);
            person = r.getLong(1);
            nodes.clear();
          }
          nodes.add(r.getInt(2));
        }
        personNodes(merge, person, nodes);
      }
      return merge.finish();
    }
  }

  /** Hands a person's account nodes to the merge when there are several. */
  private static void personNodes(AccountMerge merge, long person, List<Integer> nodes) {
    if (nodes.size() > 1) {
      merge.person(person, nodes.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /**
   * An account identifier named alongside more companies (values of a kind limited per
   * account) than one account may hold is shared: a demo workspace every customer's staff
   * joins, a corporate email domain of several CRM companies. It names no account, so it
   * neither joins those companies nor makes their staff look like consultants. Only ordinary
   * persons count here (those naming no more values of a kind than an account holds), so a
   * consultant's own workspace does not turn shared through the consultant's companies.
   */
  private static void excludeSharedIdentifiers(Statement s) throws SQLException {
    s.execute("CREATE TABLE build.person_anodes AS SELECT DISTINCT p.person_id, an.node"
        + " FROM build.record_person p JOIN build.record_anodes an USING (record)"
        + " WHERE p.status = 'strong'");
    s.execute("CREATE TABLE build.person_kind_values AS SELECT pa.person_id, n.kind,"
        + " count(*) AS vals FROM build.person_anodes pa JOIN build.anodes n USING (node)"
        + " GROUP BY 1, 2");
    s.execute("CREATE TABLE build.anode_pairs AS SELECT a.node, b.node AS other"
        + " FROM build.record_anodes a JOIN build.record_anodes b ON a.record = b.record"
        + " AND a.node <> b.node UNION SELECT a.node, b.node FROM build.person_anodes a"
        + " JOIN build.person_anodes b ON a.person_id = b.person_id AND a.node <> b.node"
        + " WHERE a.person_id NOT IN (SELECT pk.person_id FROM build.person_kind_values pk"
        + " JOIN build.kinds k ON k.kind = pk.kind AND k.level = 'account'"
        + " WHERE k.max_values > 0 AND pk.vals > k.max_values)");
    s.execute("CREATE TABLE build.shared_anodes AS SELECT p.node, o.kind AS other_kind,"
        + " count(DISTINCT p.other) AS vals, any_value(k.max_values) AS max_values"
        + " FROM build.anode_pairs p JOIN build.anodes n ON n.node = p.node"
        + " JOIN build.anodes o ON o.node = p.other"
        + " JOIN build.kinds k ON k.kind = o.kind AND k.level = 'account'"
        + " WHERE k.max_values > 0 AND o.kind <> n.kind GROUP BY p.node, o.kind"
        + " HAVING count(DISTINCT p.other) > any_value(k.max_values)");
    s.execute("DELETE FROM build.record_anodes WHERE node IN (SELECT node FROM"
        + " build.shared_anodes)");
  }

  private void writeAccounts(AccountMerge.Result merged) throws SQLException {
    try (Statement s = store.createStatement()) {
      s.execute("CREATE TABLE build.node_account0 (node INTEGER, rep INTEGER)");
      s.execute("CREATE TABLE build.account_refusals (person_id BIGINT, accounts INTEGER,"
          + " kind_index INTEGER, kind_values INTEGER)");
    }
    Sql.inTransaction(store, () -> {
      try (DuckDBAppender a = store.createAppender("build", "main", "node_account0")) {
        for (int node = 0; node < merged.account().length; node++) {
          a.beginRow();
          a.append(node);
          a.append(merged.account()[node]);
          a.endRow();
        }
      }
    });
    try (DuckDBAppender a = store.createAppender("build", "main", "account_refusals")) {
      for (AccountMerge.PersonRefusal r : merged.refused()) {
        a.beginRow();
        a.append(r.person());
        a.append(r.accountsTouched());
        a.append(r.kind());
        a.append(r.values());
        a.endRow();
      }
    }
  }

  /**
   * A condition on {@code source} that holds exactly for records that are events: identity-only
   * sources list identifiers, event sources' accepted rows are all in {@code build.events0}.
   * It spares joining every identifier row with every event to ask the same.
   */
  private static String eventSource(Statement s) throws SQLException {
    List<String> sources = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT DISTINCT source FROM build.events0")) {
      while (r.next()) {
        sources.add(r.getString(1));
      }
    }
    return sources.isEmpty() ? "false" : "source IN (" + Sql.literals(sources) + ")";
  }

  /**
   * Each record's account: the account its own account identifiers name (the person's own
   * account where it is among them), else its person's account, else the account of the role
   * address it was sent to.
   */
  private static void resolveAccounts(Statement s) throws SQLException {
    // an account is named by its first identifier; the kind is added only where two accounts
    // would otherwise share a name
    s.execute("CREATE TABLE build.node_account AS SELECT na.node, rn.account_id"
        + " FROM build.node_account0 na JOIN (SELECT r.node AS rep, CASE WHEN count(*) OVER"
        + " (PARTITION BY r.value) > 1 THEN r.kind || ':' || r.value ELSE r.value END"
        + " AS account_id FROM (SELECT DISTINCT rep FROM build.node_account0) d"
        + " JOIN build.anodes r ON r.node = d.rep) rn ON rn.rep = na.rep");
    s.execute("CREATE TABLE build.record_account AS SELECT ra.record,"
        + " arg_min(na.account_id, ra.node) AS account_id FROM build.record_anodes ra"
        + " JOIN build.node_account na USING (node) GROUP BY 1");
    // every account a record names, as rows: a list per record would be held in memory
    // whole, where rows spill to disk under the build's memory bound
    s.execute("CREATE TABLE build.record_accounts AS SELECT DISTINCT ra.record,"
        + " na.account_id FROM build.record_anodes ra JOIN build.node_account na USING (node)");
    // a person's account is the one most of their records name (ties: smallest id)
    s.execute("CREATE TABLE build.person_account AS SELECT person_id, account_id, accounts"
        + " FROM (SELECT person_id, account_id, count(*) OVER (PARTITION BY person_id)"
        + " AS accounts, row_number() OVER (PARTITION BY person_id ORDER BY n DESC, account_id)"
        + " AS pick FROM (SELECT p.person_id, ra.account_id, sum(rc.records) AS n"
        + " FROM build.record_person p JOIN build.record_account ra USING (record)"
        + " JOIN build.records rc USING (record)"
        + " WHERE p.person_id IS NOT NULL GROUP BY 1, 2)) WHERE pick = 1");
    // every record group: of events and of identity-only rows
    s.execute("CREATE TABLE build.record_account2 AS SELECT r.record,"
        + " CASE WHEN own.record IS NOT NULL"
        + " THEN pa.account_id ELSE coalesce(ra.account_id, pa.account_id) END AS account_id"
        + " FROM build.records r LEFT JOIN build.record_person rp USING (record)"
        + " LEFT JOIN build.record_account ra ON ra.record = r.record"
        + " LEFT JOIN build.person_account pa ON pa.person_id = rp.person_id"
        + " LEFT JOIN build.record_accounts own ON own.record = r.record"
        + " AND own.account_id = pa.account_id");
    // a role address belongs to the account most records carrying it name
    s.execute("CREATE TABLE build.role_account AS SELECT kind, value, account_id FROM ("
        + "SELECT i.kind, i.value, r.account_id, row_number() OVER (PARTITION BY i.kind, i.value"
        + " ORDER BY sum(i.records) DESC, r.account_id) AS pick FROM build.ids i"
        + " JOIN build.record_account2 r USING (record) WHERE i.role AND r.account_id IS NOT NULL"
        + " GROUP BY i.kind, i.value, r.account_id) WHERE pick = 1");
  }

  /**
   * Each event with its person, account and identity status, and only the columns journeys and
   * stages read: the raw name and properties (the widest columns) stay in {@code build.events0}
   * until {@code events} is written, and the journey key is taken out of the properties here.
   */
  private void writeEvents(Statement s) throws SQLException {
    // each record group's person, account and status, joined to the events once
    s.execute("CREATE TABLE build.record_resolution AS SELECT r.record, p.person_id,"
        + " coalesce(r.account_id, ro.account_id) AS account_id,"
        + " coalesce(p.status, CASE WHEN ro.record IS NOT NULL THEN 'role_address'"
        + " WHEN r.account_id IS NOT NULL THEN 'account_only' ELSE 'unresolved' END)"
        + " AS identity_status FROM build.record_account2 r"
        + " LEFT JOIN build.record_person p USING (record)"
        + " LEFT JOIN (SELECT i.record, min(ra.account_id) AS account_id FROM build.ids i"
        + " JOIN build.role_account ra USING (kind, value) WHERE i.role GROUP BY 1) ro"
        + " USING (record)");
    s.execute("CREATE TABLE build.events1 AS SELECT e.event_id, e.event, e.occurred_at,"
        + " e.source, e.source_row, rr.person_id, rr.account_id,"
        + " coalesce(rr.identity_status, 'unresolved') AS identity_status, e.channel,"
        + " e.campaign, " + journeyKey + " AS key_value"
        // an event resolves as its record group: the group's first record stands for it (an
        // event of a source without identifiers has no group)
        + " FROM (SELECT e.*, coalesce(er.record, e.event_id) AS record FROM build.events0 e"
        + " LEFT JOIN build.event_records er USING (event_id)) e"
        + " LEFT JOIN build.record_resolution rr USING (record)");
  }

  private static void writeTables(Statement s, String eventSource) throws SQLException {
    // events and sources per identifier, with fixed-size aggregate states (a flag per source
    // instead of DISTINCT lists) so the statement spills under the build's memory bound; a
    // record group lists an identifier once (SourceIngest), so sums of group sizes count
    // records (a DISTINCT over every identifier row spilled gigabytes at 50M events)
    List<String> sources = new ArrayList<>();
    try (ResultSet r = s.executeQuery("SELECT DISTINCT source FROM build.ids ORDER BY 1")) {
      while (r.next()) {
        sources.add(r.getString(1));
      }
    }
    StringBuilder flags = new StringBuilder("concat_ws(','");
    for (String source : sources) {
      flags.append(", CASE WHEN bool_or(source = ").append(Sql.literal(source))
          .append(") THEN ").append(Sql.literal(source)).append(" END");
    }
    flags.append(")");
    String sourceList = sources.isEmpty() ? "CAST(NULL AS VARCHAR)" : flags.toString();
    s.execute("CREATE TABLE build.id_stats AS SELECT kind, value,"
        + " CAST(coalesce(sum(records) FILTER (WHERE " + eventSource + "), 0) AS BIGINT)"
        + " AS events, " + sourceList + " AS sources"
        + " FROM build.ids GROUP BY 1, 2");
    s.execute("INSERT INTO main.identities"
        + " SELECT n.kind, n.value, 'person', 'strong', CASE WHEN np.refused THEN NULL"
        + " ELSE np.person_id END, CASE WHEN np.refused THEN NULL ELSE pa.account_id END,"
        + " CASE WHEN np.refused THEN 'refused' ELSE 'merged' END, st.events, st.sources"
        + " FROM build.nodes n JOIN build.node_person np USING (node)"
        + " JOIN build.id_stats st USING (kind, value)"
        + " LEFT JOIN build.person_account pa ON pa.person_id = np.person_id"
        + " UNION ALL SELECT w.kind, w.value, 'person', 'weak',"
        + " CASE WHEN persons = 1 THEN w.person_id END,"
        + " CASE WHEN persons = 1 THEN pa.account_id END,"
        + " CASE WHEN persons = 1 THEN 'attached' WHEN persons > 1 THEN 'ambiguous'"
        + " ELSE 'unlinked' END, st.events, st.sources FROM build.weak_links w"
        + " JOIN build.id_stats st USING (kind, value)"
        + " LEFT JOIN build.person_account pa ON pa.person_id = w.person_id"
        + " UNION ALL SELECT r.kind, r.value, 'person', 'strong', NULL, ra.account_id,"
        + " 'role_address', st.events, st.sources"
        + " FROM (SELECT DISTINCT kind, value FROM build.ids WHERE role) r"
        + " JOIN build.id_stats st USING (kind, value)"
        + " LEFT JOIN build.role_account ra USING (kind, value)"
        + " UNION ALL SELECT a.kind, a.value, 'account', NULL, NULL, CASE WHEN a.node IN"
        + " (SELECT node FROM build.shared_anodes) THEN NULL ELSE na.account_id END,"
        + " CASE WHEN a.node IN (SELECT node FROM build.shared_anodes) THEN 'shared'"
        + " ELSE 'account' END, st.events, st.sources"
        + " FROM build.anodes a JOIN build.node_account na USING (node)"
        + " JOIN build.id_stats st USING (kind, value)"
        + " ORDER BY 1, 2");
    // every person, also those only a directory names (no events yet)
    s.execute("INSERT INTO main.persons SELECT p.person_id, pa.account_id,"
        + " (SELECT n.kind || ':' || n.value FROM build.nodes n WHERE n.node ="
        + " CAST(p.person_id - 1 AS INTEGER)),"
        + " (SELECT count(*) FROM build.node_person np WHERE np.person_id = p.person_id"
        + " AND NOT np.refused), coalesce(ev.events, 0), ev.first_seen, ev.last_seen"
        + " FROM (SELECT person_id FROM build.node_person WHERE NOT refused UNION"
        + " SELECT person_id FROM build.events1 WHERE person_id IS NOT NULL) p"
        + " LEFT JOIN (SELECT person_id, count(*) AS events, min(occurred_at) AS first_seen,"
        + " max(occurred_at) AS last_seen FROM build.events1 GROUP BY 1) ev USING (person_id)"
        + " LEFT JOIN build.person_account pa USING (person_id) ORDER BY p.person_id");
    s.execute("INSERT INTO main.accounts SELECT na.account_id, string_agg(a.kind || ':'"
        + " || a.value, ', ' ORDER BY a.node), coalesce(any_value(p.persons), 0),"
        + " coalesce(any_value(ev.events), 0),"
        + " any_value(ev.first_seen), any_value(ev.last_seen) FROM build.anodes a"
        + " JOIN build.node_account na USING (node)"
        + " LEFT JOIN (SELECT account_id, count(*) AS persons FROM build.person_account"
        + " GROUP BY 1) p ON p.account_id = na.account_id"
        + " LEFT JOIN (SELECT account_id, count(*) AS events, min(occurred_at) AS first_seen,"
        + " max(occurred_at) AS last_seen FROM build.events1 GROUP BY 1) ev"
        + " ON ev.account_id = na.account_id"
        + " WHERE a.node NOT IN (SELECT node FROM build.shared_anodes)"
        + " GROUP BY na.account_id ORDER BY na.account_id");
    s.execute("INSERT INTO main.identity_conflicts"
        + " SELECT n.kind, n.value, 'supernode_refused', np.persons_touched, st.events,"
        + " 'would join ' || np.persons_touched || ' otherwise distinct persons; kept apart'"
        + " FROM build.nodes n JOIN build.node_person np USING (node)"
        + " JOIN build.id_stats st USING (kind, value) WHERE np.refused"
        // a refused link: the identifier that would have bridged two persons, and both sides
        + " UNION ALL SELECT bridge.kind, bridge.value, 'limit_refused', 2, st.events,"
        + " 'would give one person ' || k.kind || ' values from two persons: '"
        + " || (SELECT string_agg(x.value, ', ' ORDER BY x.value) FROM build.nodes x"
        + " JOIN build.node_person xp USING (node) WHERE x.kind = k.kind"
        + " AND xp.person_id = pa.person_id) || ' (person ' || pa.person_id || ') and '"
        + " || (SELECT string_agg(x.value, ', ' ORDER BY x.value) FROM build.nodes x"
        + " JOIN build.node_person xp USING (node) WHERE x.kind = k.kind"
        + " AND xp.person_id = pb.person_id) || ' (person ' || pb.person_id || ');'"
        + " || ' the link through ' || bridge.kind || ' ''' || bridge.value || ''' was refused'"
        + " FROM build.limit_refusals lr"
        + " JOIN build.kinds k ON k.prio = lr.kind_index AND k.level = 'person'"
        + " JOIN build.nodes na ON na.node = lr.a JOIN build.nodes nb ON nb.node = lr.b"
        + " JOIN build.node_person pa ON pa.node = lr.a JOIN build.node_person pb"
        + " ON pb.node = lr.b, LATERAL (SELECT CASE WHEN na.kind = k.kind THEN nb.kind"
        + " ELSE na.kind END AS kind, CASE WHEN na.kind = k.kind THEN nb.value ELSE na.value"
        + " END AS value) bridge JOIN build.id_stats st ON st.kind = bridge.kind"
        + " AND st.value = bridge.value"
        + " UNION ALL SELECT a.kind, a.value, 'shared_account_identifier', sh.vals, st.events,"
        + " 'named alongside ' || sh.vals || ' ' || sh.other_kind || ' values (an account holds"
        + " at most ' || sh.max_values || '): shared, names no account'"
        // the kind it is shared most with; on a tie the one furthest over its limit, then the
        // last name: one row gives both numbers, the same every build
        + " FROM (SELECT node, arg_max(other_kind, (vals, -max_values, other_kind)) AS other_kind,"
        + " max(vals) AS vals, arg_max(max_values, (vals, -max_values, other_kind))"
        + " AS max_values"
        + " FROM build.shared_anodes GROUP BY 1) sh"
        + " JOIN build.anodes a USING (node) JOIN build.id_stats st USING (kind, value)"
        + " UNION ALL SELECT w.kind, w.value, 'shared_weak_identifier', w.persons, st.events,"
        + " 'points to ' || w.persons || ' persons; its anonymous events stay unattached'"
        + " FROM build.weak_links w JOIN build.id_stats st USING (kind, value) WHERE w.persons > 1"
        + " UNION ALL SELECT 'person_id', CAST(r.person_id AS VARCHAR), 'person_spans_accounts',"
        + " r.accounts, NULL, 'records name ' || r.accounts || ' otherwise distinct accounts;"
        + " linking them would give one account ' || r.kind_values || ' ' || k.kind"
        + " || ' values (at most ' || k.max_values || ' allowed), so this person links none of"
        + " them' FROM build.account_refusals r JOIN build.kinds k ON k.level = 'account'"
        + " AND k.prio = r.kind_index"
        + " UNION ALL SELECT 'person_id', CAST(person_id AS VARCHAR),"
        + " 'person_in_several_accounts', accounts, NULL,"
        + " 'records name ' || accounts || ' accounts; assigned to ' || account_id"
        + " FROM build.person_account WHERE accounts > 1"
        + " ORDER BY 3, 1, 2");
  }

  static long count(Statement s, String table) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
