package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts named differently in different systems: the CRM and billing name companies
 * ({@code co_1}), the product names workspaces ({@code ws_1}), and only people link them, through
 * a user directory without times (login, email, workspace) and CRM contacts (email, company).
 *
 * <p>A (c1, a@one.com, u1) links co_1 and ws_1; B (c2, b@two.com, u2) links co_2 and ws_2, where
 * B's colleague u3 sets the trial up. K, a consultant, is a CRM contact of both co_1 and co_2 and
 * has a workspace ws_3 of their own: two companies, so K links nothing. Trials start in the
 * product, payments arrive in billing: only merged accounts let them meet.
 */
class AccountLinkingTest {
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
      taxonomy: [lead_created, trial_started, setup_done, paid]
      identity:
        kinds:
          customer_id: strong
          login: {strength: strong, lowercase: true, max_per_person: 1}
          email: strong
          company_id: account
          workspace_id: account
      sources:
        - name: crm
          format: csv
          path: crm.csv
          time: created
          event: {constant: lead_created}
          identifiers: {contact: customer_id, email: email, company: company_id}
        - name: billing
          format: csv
          path: billing.csv
          time: paid_at
          event: {constant: paid}
          identifiers: {customer: customer_id, company: company_id}
        - name: product
          format: csv
          path: product.csv
          time: ts
          event: {column: event}
          identifiers: {login: login, workspace: workspace_id}
        - name: users
          format: csv
          path: users.csv
          identifiers: {login: login, email: email, workspace: workspace_id}
      stages:
        - name: started
          events: [trial_started]
        - name: set_up
          events: [setup_done]
        - name: converted
          events: [paid]
      """;

  private Connection build(String model) throws Exception {
    Files.writeString(dir.resolve("crm.csv"), """
        contact,email,company,created
        c1,a@one.com,co_1,2024-01-01T00:00:00Z
        c2,b@two.com,co_2,2024-01-01T00:00:00Z
        c9,k@consult.io,co_1,2024-01-02T00:00:00Z
        c9,k@consult.io,co_2,2024-01-02T00:00:00Z
        """);
    Files.writeString(dir.resolve("users.csv"), """
        login,email,workspace
        u1,a@one.com,ws_1
        u2,b@two.com,ws_2
        u3,b2@two.com,ws_2
        u9,k@consult.io,ws_3
        """);
    Files.writeString(dir.resolve("product.csv"), """
        ts,login,workspace,event
        2024-01-10T00:00:00Z,u1,ws_1,trial_started
        2024-01-11T00:00:00Z,u1,ws_1,setup_done
        2024-01-10T00:00:00Z,u2,ws_2,trial_started
        2024-01-12T00:00:00Z,u3,ws_2,setup_done
        2024-01-15T00:00:00Z,u9,ws_3,trial_started
        """);
    Files.writeString(dir.resolve("billing.csv"), """
        customer,company,paid_at
        c1,co_1,2024-01-20T00:00:00Z
        """);
    StoreQueries.build(dir, model);
    return StoreQueries.open(dir);
  }


  @Test
  void peopleLinkCompaniesAndWorkspacesIntoOneAccount() throws Exception {
    try (Connection c = build(MODEL)) {
      // the first declared account kind names the account; every id of every kind is listed
      assertEquals(List.of("co_1|company_id:co_1, workspace_id:ws_1|1|5",
              "co_2|company_id:co_2, workspace_id:ws_2|2|4",
              "ws_3|workspace_id:ws_3|1|1"),
          rows(c, "SELECT account_id, identifiers, persons, events FROM accounts ORDER BY 1"));
      assertEquals(List.of("company_id|co_1|account|co_1|billing,crm",
              "workspace_id|ws_1|account|co_1|product,users"),
          rows(c, "SELECT kind, identifier, status, account_id, sources FROM identities"
              + " WHERE identifier IN ('co_1', 'ws_1') ORDER BY 1"));
      // the directory rows are not events, but they link: u3 belongs to co_2 through ws_2
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM events WHERE source = 'users'"));
      assertEquals(List.of("b2@two.com|co_2"), rows(c, "SELECT identifier, account_id"
          + " FROM identities WHERE identifier = 'b2@two.com'"));
    }
  }

  @Test
  void accountJourneysMeetTheirPaymentsAndColleagues() throws Exception {
    try (Connection c = build(MODEL)) {
      // co_1 starts in the product and pays in billing; co_2's setup is a colleague's
      assertEquals(List.of("co_1|converted|10.0|converted|3",
              "co_2|dropped|null|set_up|2",
              "ws_3|dropped|null|started|1"),
          rows(c, "SELECT subject_id, status, days_to_convert, furthest_stage, stages_reached"
              + " FROM journeys ORDER BY 1"));
      assertEquals(List.of("started|set_up|3|2|0|0"), rows(c, "SELECT from_stage, to_stage,"
          + " entered, advanced, went_around, bypassed FROM stage_conversion"
          + " WHERE from_order = 1"));
    }
  }

  @Test
  void aConsultantOfTwoCompaniesLinksNothing() throws Exception {
    try (Connection c = build(MODEL)) {
      assertEquals(List.of(
              "person_in_several_accounts|3|records name 3 accounts; assigned to ws_3",
              "person_spans_accounts|3|records name 3 otherwise distinct accounts; linking"
                  + " them would give one account 2 company_id values (at most 1 allowed),"
                  + " so this person links none of them"),
          rows(c, "SELECT conflict, persons_touched, detail FROM identity_conflicts"
              + " ORDER BY conflict"));
      assertEquals(List.of("c9|ws_3"), rows(c, "SELECT identifier, account_id FROM identities"
          + " WHERE identifier = 'c9'"));
      // each of K's CRM records stays with the company it names
      assertEquals(List.of("co_1", "co_2"), rows(c, "SELECT account_id FROM events"
          + " WHERE source = 'crm' AND occurred_at = TIMESTAMP '2024-01-02 00:00:00' ORDER BY 1"));
    }
  }

  @Test
  void emailDomainsNameAccountsExceptFreeMail() throws Exception {
    // domains as an account kind: u5 (e@one.com, no company or workspace) joins co_1 through
    // one.com; a gmail address names no account
    String model = MODEL.replace("    email: strong",
        "    email: {strength: strong, account_domain: true}");
    Files.createDirectories(dir);
    try (Connection ignored = build(model)) {
      // the build wrote the fixture; add two users and rebuild
    }
    Files.writeString(dir.resolve("users.csv"), Files.readString(dir.resolve("users.csv"))
        + "u5,e@one.com,\nu6,g@gmail.com,\n");
    Files.writeString(dir.resolve("product.csv"), Files.readString(dir.resolve("product.csv"))
        + "2024-01-13T00:00:00Z,u5,,setup_done\n2024-01-13T00:00:00Z,u6,,setup_done\n");
    StoreQueries.build(dir, model);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("co_1|company_id:co_1, workspace_id:ws_1, email_domain:one.com"),
          rows(c, "SELECT account_id, identifiers FROM accounts WHERE account_id = 'co_1'"));
      assertEquals(List.of("e@one.com|co_1", "g@gmail.com|null"), rows(c, "SELECT identifier,"
          + " account_id FROM identities WHERE identifier IN ('e@one.com', 'g@gmail.com')"
          + " ORDER BY 1"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM identities"
          + " WHERE kind = 'email_domain' AND identifier = 'gmail.com'"));
    }
  }
}
