package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the generated demo and measures identity resolution against the truth the generator
 * wrote beside the data ({@value DemoWorld#TRUTH}).
 *
 * <p>Quality is pairwise: of all pairs of identifier values the build put in one person, the
 * share that belong to one true person (precision), and of all pairs that belong to one true
 * person, the share the build put in one person (recall). Pairs are counted per (resolved, true)
 * cell, {@code n(n-1)/2} each, never enumerated. Accounts are measured the same way over true
 * persons (two persons in one resolved account vs in one true company) and over account
 * identifiers (company ids and workspace ids).
 *
 * <p>The size is 5,000 persons by default; {@code -Ddemo.persons=20000} measures the size the
 * {@code demo} command uses. The figures are printed.
 */
class DemoIdentityTest {
  private static final int PERSONS = Integer.getInteger("demo.persons", 5_000);
  private static final long SEED = StoreLocator.DEMO_SEED;

  @TempDir
  static Path dir;
  static BuildSummary summary;
  static Connection db;

  @BeforeAll
  static void build() throws Exception {
    Path model = new DemoWorld(PERSONS, SEED).writeTo(dir, n -> { }).model();
    JourneyModel m = ModelLoader.load(model);
    summary = new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build();
    // the truth is read by an in-memory database; the store is attached read-only
    db = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = db.createStatement()) {
      s.execute("ATTACH " + literal(m.defaultStore().toString()) + " AS store (READ_ONLY)");
      s.execute("CREATE TABLE truth AS SELECT * FROM read_csv("
          + literal(dir.resolve(DemoWorld.TRUTH).toString())
          + ", header = true, all_varchar = true)");
      // each true person identifier with the person the build gave it (a refused value is a
      // person of its own; one missing from the store only appeared on rejected rows)
      s.execute("CREATE TABLE person_ids AS SELECT t.kind, t.identifier, t.person AS truth,"
          + " t.company, i.status, coalesce(CAST(i.person_id AS VARCHAR), 'alone:' || t.kind"
          + " || ':' || t.identifier) AS resolved, i.account_id FROM truth t"
          + " JOIN store.identities i ON i.kind = t.kind AND i.identifier = t.identifier"
          + " AND i.level = 'person' WHERE t.level = 'person'");
    }
    System.out.printf(Locale.ROOT, "demo %,d persons: %,d identifiers, %,d persons,"
            + " %,d accounts, %,d conflicts, %,d journeys as of %s, %.1f s%n", PERSONS,
        summary.identifiers(), summary.persons(), summary.accounts(), summary.conflicts(),
        summary.journeys(), summary.asOf(), summary.seconds());
    for (String row : rows("SELECT conflict, kind, count(*) FROM store.identity_conflicts GROUP BY 1, 2"
        + " ORDER BY 1, 2")) {
      System.out.println("  conflicts " + row);
    }
  }

  @AfterAll
  static void close() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void everyTrueIdentifierReachedTheStore() throws SQLException {
    List<String> missing = rows("SELECT t.kind || ':' || t.identifier FROM truth t"
        + " ANTI JOIN store.identities i ON i.kind = t.kind AND i.identifier = t.identifier"
        + " ORDER BY 1 LIMIT 20");
    assertEquals(List.of(), missing);
  }

  @Test
  void personsArePreciseAndComplete() throws SQLException {
    Pairs p = pairs("person_ids", "resolved", "truth");
    System.out.println("persons (identifier pairs): " + p);
    printErrors();
    assertTrue(p.precision() >= 0.99, "person precision " + p);
    assertTrue(p.recall() >= 0.99, "person recall " + p);
    long truePersons = (long) number("SELECT count(DISTINCT person) FROM truth"
        + " WHERE level = 'person'");
    assertEquals(PERSONS, truePersons);
  }

  @Test
  void roleAddressesBelongToNoPersonButToTheirCompany() throws SQLException {
    // a role address is a team mailbox: it never holds a person together, and its events go to
    // the account of the company it belongs to
    List<String> wrong = rows("SELECT t.identifier || ' ' || coalesce(i.status, 'missing') || ' '"
        + " || coalesce(i.account_id, '-') || ' (company ' || t.company || ' is '"
        + " || coalesce(c.account_id, '-') || ')' FROM truth t"
        + " LEFT JOIN store.identities i ON i.kind = t.kind AND i.identifier = t.identifier"
        + " LEFT JOIN store.identities c ON c.kind = 'account' AND c.identifier = t.company"
        + " WHERE t.level = 'role' AND (i.status IS DISTINCT FROM 'role_address'"
        + " OR i.person_id IS NOT NULL OR i.account_id IS DISTINCT FROM c.account_id)"
        + " ORDER BY 1 LIMIT 20");
    assertEquals(List.of(), wrong);
    assertTrue(number("SELECT count(*) FROM truth WHERE level = 'role'") > 0);
  }

  /**
   * Accounts, over persons and over account identifiers. The demo's companies run up to two
   * workspaces and the model says a company may (workspace {@code max_per_account: 5}), while an
   * account holds one company id: so every company is one account, and no account joins two.
   */
  @Test
  void accountsArePreciseAndComplete() throws SQLException {
    // persons: each true person in the account of the resolved person holding its login (every
    // person has exactly one login); a person without account is an account of its own
    try (Statement s = db.createStatement()) {
      s.execute("CREATE OR REPLACE TABLE workspaces AS SELECT company, count(*) AS workspaces"
          + " FROM truth WHERE kind = 'workspace' GROUP BY 1");
      s.execute("CREATE OR REPLACE TABLE person_accounts AS SELECT p.truth, p.company,"
          + " coalesce(p.account_id, 'none:' || p.truth) AS resolved, w.workspaces"
          + " FROM person_ids p JOIN workspaces w USING (company) WHERE p.kind = 'login_id'");
      s.execute("CREATE OR REPLACE TABLE account_ids AS SELECT t.kind, t.identifier,"
          + " t.company, coalesce(i.account_id, 'none:' || t.kind || ':' || t.identifier)"
          + " AS resolved, w.workspaces FROM truth t JOIN workspaces w USING (company)"
          + " JOIN store.identities i ON i.kind = t.kind AND i.identifier = t.identifier"
          + " AND i.level = 'account' WHERE t.level = 'account'");
    }
    Pairs persons = pairs("person_accounts", "resolved", "company");
    Pairs ids = pairs("account_ids", "resolved", "company");
    Pairs onePersons = pairs("(FROM person_accounts WHERE workspaces = 1)", "resolved",
        "company");
    Pairs oneIds = pairs("(FROM account_ids WHERE workspaces = 1)", "resolved", "company");
    long companies = (long) number("SELECT count(*) FROM workspaces");
    long twoWorkspaces = (long) number("SELECT count(*) FROM workspaces WHERE workspaces > 1");
    System.out.printf(Locale.ROOT, "accounts: %,d resolved, %,d true companies (%,d with two"
        + " workspaces)%n", summary.accounts(), companies, twoWorkspaces);
    System.out.println("accounts (person pairs): " + persons);
    System.out.println("accounts (account identifier pairs): " + ids);
    System.out.println("accounts, companies with one workspace (person pairs): " + onePersons);
    System.out.println("accounts, companies with one workspace (identifier pairs): " + oneIds);
    List<String> joined = rows("SELECT resolved || ' <- ' || string_agg(DISTINCT company, ', ')"
        + " FROM account_ids GROUP BY resolved HAVING count(DISTINCT company) > 1"
        + " ORDER BY 1 LIMIT 10");
    List<String> splits = rows("SELECT company || ' (' || any_value(workspaces)"
        + " || ' workspaces) -> ' || string_agg(DISTINCT resolved, ', ' ORDER BY resolved)"
        + " FROM account_ids GROUP BY company HAVING count(DISTINCT resolved) > 1"
        + " ORDER BY 1");
    splits.stream().limit(5).forEach(row -> System.out.println("  account split: " + row));
    assertEquals(List.of(), joined);
    assertTrue(persons.precision() >= 0.99, "account precision over persons " + persons);
    assertTrue(ids.precision() >= 0.99, "account precision over identifiers " + ids);
    assertTrue(persons.recall() >= 0.99, "account recall over persons " + persons);
    assertTrue(ids.recall() >= 0.99, "account recall over identifiers " + ids);
    assertTrue(onePersons.recall() >= 0.99, "account recall over persons " + onePersons);
    assertTrue(oneIds.recall() >= 0.99, "account recall over identifiers " + oneIds);
    assertEquals(List.of(), splits);
  }

  @Test
  void oneJourneyPerReadableTrialStart() throws SQLException {
    // from the raw files, as the generator wrote them: the build judges journeys as of the last
    // payment (the outcome source's last event), so later trial starts are not yet journeys
    Instant asOf = Instant.MIN;
    for (String paidAt : rows("SELECT paid_at FROM read_csv(" + raw("billing_payments.csv")
        + ")")) {
      Instant paid = Instant.parse(paidAt);
      asOf = paid.isAfter(asOf) ? paid : asOf;
    }
    long starts = 0;
    long unreadable = 0;
    long afterAsOf = 0;
    for (String eventTime : rows("SELECT coalesce(event_time, '') FROM read_csv("
        + raw("product_events.csv") + ") WHERE event_name = 'Trial Started'")) {
      long at;
      try {
        at = Long.parseLong(eventTime.trim());
      } catch (NumberFormatException e) {
        unreadable++;
        continue;
      }
      if (Instant.ofEpochMilli(at).isAfter(asOf)) {
        afterAsOf++;
      } else {
        starts++;
      }
    }
    System.out.printf(Locale.ROOT, "trial starts: %,d readable up to %s (%,d unreadable,"
        + " %,d later); journeys %,d%n", starts, asOf, unreadable, afterAsOf, summary.journeys());
    assertEquals(asOf, summary.asOf());
    assertEquals(starts, summary.journeys());
  }

  /** Pair counts over one (resolved, true) assignment. */
  record Pairs(long both, long resolved, long truth, long items) {
    double precision() {
      return resolved == 0 ? 1 : (double) both / resolved;
    }

    double recall() {
      return truth == 0 ? 1 : (double) both / truth;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "precision %.5f recall %.5f (%,d items; pairs: %,d"
          + " together in both, %,d resolved together, %,d truly together)", precision(),
          recall(), items, both, resolved, truth);
    }
  }

  private static Pairs pairs(String table, String resolved, String truth) throws SQLException {
    String pairs = "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM "
        + table + " GROUP BY ";
    return new Pairs((long) number(pairs + resolved + ", " + truth + ")"),
        (long) number(pairs + resolved + ")"), (long) number(pairs + truth + ")"),
        (long) number("SELECT count(*) FROM " + table));
  }

  /** Prints a few wrongly joined and wrongly split persons, with their identifiers. */
  private static void printErrors() throws SQLException {
    for (String row : rows("SELECT 'joined: resolved ' || resolved || ' holds '"
        + " || string_agg(kind || ':' || identifier || ' (person ' || truth || ')', ', '"
        + " ORDER BY truth, kind) FROM person_ids WHERE resolved IN (SELECT resolved"
        + " FROM person_ids GROUP BY 1 HAVING count(DISTINCT truth) > 1)"
        + " GROUP BY resolved ORDER BY resolved LIMIT 10")) {
      System.out.println("  " + row);
    }
    for (String row : rows("SELECT 'split: person ' || truth || ' -> '"
        + " || string_agg(kind || ':' || identifier || ' in ' || resolved || ' ' || status, ', '"
        + " ORDER BY resolved, kind) FROM person_ids WHERE truth IN (SELECT truth"
        + " FROM person_ids GROUP BY 1 HAVING count(DISTINCT resolved) > 1)"
        + " GROUP BY truth ORDER BY truth LIMIT 10")) {
      System.out.println("  " + row);
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    return StoreQueries.rows(db, sql);
  }

  private static double number(String sql) throws SQLException {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getDouble(1);
    }
  }

  /** A raw file of the demo, read as text only (the parsing is this test's own). */
  private static String raw(String file) {
    return literal(dir.resolve(file).toString()) + ", header = true, all_varchar = true";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
