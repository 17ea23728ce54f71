package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account identifiers that name no single account, and records that name only an account.
 * Staff of companies CA, CB and CC all join the vendor's demo workspace {@code ws_demo}; those of
 * CA and CB also work in their own (a company may run up to three). Invoices name only the
 * company, once with a blank email and once with a billing role address.
 */
class SharedAccountsTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: An account pays within 14 days of its trial
        subject: account
        start_event: trial_started
        success_event: paid
        window: 14 days
        as_of: 2024-03-01
      taxonomy: [trial_started, paid]
      identity:
        kinds:
          login: strong
          email: strong
          company: account
          workspace: {level: account, max_per_account: 3}
      sources:
        - name: users
          format: csv
          path: users.csv
          identifiers: {login: login, email: email, company: company}
        - name: product
          format: csv
          path: product.csv
          time: ts
          event: {column: event}
          identifiers: {login: login, workspace: workspace}
        - name: invoices
          format: csv
          path: invoices.csv
          time: ts
          event: {constant: paid}
          identifiers: {email: email, company: company}
      stages:
        - name: started
          events: [trial_started]
        - name: converted
          events: [paid]
      """;

  @Test
  void aSharedWorkspaceJoinsNobodyAndAccountOnlyPaymentsStillConvert() throws Exception {
    Files.writeString(dir.resolve("users.csv"), """
        login,email,company
        a,a@ca.io,CA
        b,b@cb.io,CB
        c,c@cc.io,CC
        """);
    Files.writeString(dir.resolve("product.csv"), """
        ts,login,workspace,event
        2024-01-01T00:00:00Z,a,ws_demo,trial_started
        2024-01-01T00:00:00Z,b,ws_demo,trial_started
        2024-01-01T00:00:00Z,c,ws_demo,trial_started
        2024-01-02T00:00:00Z,b,ws_b,trial_started
        2024-01-02T00:00:00Z,a,ws_a,trial_started
        """);
    Files.writeString(dir.resolve("invoices.csv"), """
        ts,email,company
        2024-01-05T00:00:00Z,,CA
        2024-01-06T00:00:00Z,billing@cb.io,CB
        """);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      // ws_demo is named alongside three companies: shared, it names no account
      assertEquals(List.of("workspace|ws_demo|shared|null"), rows(c, "SELECT kind, identifier,"
          + " status, account_id FROM identities WHERE identifier = 'ws_demo'"));
      assertEquals(List.of("shared_account_identifier|ws_demo|3"), rows(c, "SELECT conflict,"
          + " identifier, persons_touched FROM identity_conflicts"));
      assertEquals(List.of("CA|company:CA, workspace:ws_a", "CB|company:CB, workspace:ws_b",
          "CC|company:CC"), rows(c, "SELECT account_id, identifiers FROM accounts ORDER BY 1"));
      // each trial in the demo workspace stays with its person's company; payments that name
      // only the company (blank email, a billing role address) convert its journey
      assertEquals(List.of("CA|converted", "CB|converted", "CC|dropped"), rows(c, "SELECT"
          + " subject_id, status FROM journeys ORDER BY 1"));
      assertEquals(List.of("account_only|CA", "role_address|CB"), rows(c, "SELECT"
          + " identity_status, account_id FROM events WHERE event = 'paid' ORDER BY 2"));
    }
  }

  /**
   * A workspace shared as widely with two kinds (three companies, three CRM ids, each over its
   * kind's limit): the conflict names the one it is furthest over the limit of, with that kind's
   * own limit, the same every build.
   */
  @Test
  void aTieBetweenTwoKindsNamesOneKindWithItsOwnLimit() throws Exception {
    Files.writeString(dir.resolve("users.csv"), """
        login,email,company,crm
        a,a@ca.io,CA,K1
        b,b@cb.io,CB,K2
        c,c@cc.io,CC,K3
        """);
    Files.writeString(dir.resolve("product.csv"), """
        ts,login,workspace,event
        2024-01-01T00:00:00Z,a,ws_demo,trial_started
        2024-01-01T00:00:00Z,b,ws_demo,trial_started
        2024-01-01T00:00:00Z,c,ws_demo,trial_started
        """);
    Files.writeString(dir.resolve("invoices.csv"), "ts,email,company\n");
    StoreQueries.build(dir, MODEL
        .replace("company: account\n", "company: {level: account, max_per_account: 1}\n"
            + "    crm: {level: account, max_per_account: 2}\n")
        .replace("identifiers: {login: login, email: email, company: company}",
            "identifiers: {login: login, email: email, company: company, crm: crm}"));
    try (Connection c = StoreQueries.open(dir)) {
      // a tie goes to the kind furthest over its limit: company (1), not crm (2)
      assertEquals(List.of("ws_demo|3|named alongside 3 company values (an account holds at most"
          + " 1): shared, names no account"), rows(c, "SELECT identifier, persons_touched, detail"
          + " FROM identity_conflicts WHERE conflict = 'shared_account_identifier'"));
    }
  }
}
