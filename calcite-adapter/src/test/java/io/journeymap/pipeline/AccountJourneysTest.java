package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code subject: account}, colleagues' events add up to one account journey. */
class AccountJourneysTest {
  @TempDir
  Path dir;

  @Test
  void colleaguesShareOneAccountJourney() throws Exception {
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,company,event
        2024-01-01T00:00:00Z,p1,acme,trial_started
        2024-01-02T00:00:00Z,p2,acme,setup_done
        2024-01-03T00:00:00Z,p1,acme,setup_done
        2024-01-05T00:00:00Z,p2,acme,paid
        2024-01-01T00:00:00Z,p3,globex,trial_started
        2024-01-02T00:00:00Z,p3,globex,setup_done
        2024-01-02T00:00:00Z,p4,,setup_done
        """);
    String model = TrialFixture.MODEL
        .replace("  start_event:", "  subject: account\n  start_event:")
        .replace("""
              - name: crm
                format: csv
                path: crm.csv
                time: {column: created, format: "%Y-%m-%d %H:%M:%S"}
                event: {constant: lead_created}
                identifiers: {customer_id: customer_id, email: email}
                channel: channel
            """, "")
        .replace("identifiers: {login: login, email: email, cookie: cookie}",
            "identifiers: {login: login}\n    account: company");
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, model);
    JourneyModel m = ModelLoader.load(file);
    BuildSummary s = new JourneyBuilder(m, m.defaultStore(), BuildListener.SILENT).build();
    assertEquals(2, s.journeys());
    assertEquals(2, s.accounts());
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + m.defaultStore());
         Statement st = c.createStatement();
         ResultSet r = st.executeQuery("SELECT subject, subject_id, person_id, status,"
             + " furthest_stage, events FROM journeys ORDER BY subject_id")) {
      while (r.next()) {
        rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3) + "|"
            + r.getString(4) + "|" + r.getString(5) + "|" + r.getLong(6));
      }
    }
    // acme: p1 starts, p2 and p1 each add a setup step (2 within 7 days: activated), p2 pays
    // globex: one setup step only, window closed on Jan 22: dropped at the first stage
    assertEquals(List.of("account|acme|null|converted|converted|4",
        "account|globex|null|dropped|started|2"), rows);
  }
}
