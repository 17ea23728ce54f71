package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hand-made trial world small enough to compute every number by hand. Persons: A (CRM
 * duplicate with messy email, anonymous cookie before signup, activated, converts on day 10),
 * B (second setup step too late: dropped at the first stage), C (window still open), D
 * (activated, pays after the window: dropped), E (pays on day 1 without activating). A role
 * mailbox links B-E (refused), cookie k2 is shared by B and C (ambiguous), and three rows are
 * rejected (no identifier, bad time, unmapped event).
 */
final class TrialFixture {
  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 21 days
        start_event: trial_started
        success_event: paid
        window: 21 days
        as_of: 2024-03-01
      taxonomy: [lead_created, page_viewed, trial_started, setup_done, paid]
      identity:
        kinds:
          customer_id: strong
          email: {strength: strong, lowercase: true}
          login: {strength: strong, lowercase: true}
          cookie: weak
        max_persons_per_identifier: 3
      sources:
        - name: crm
          format: csv
          path: crm.csv
          time: {column: created, format: "%Y-%m-%d %H:%M:%S"}
          event: {constant: lead_created}
          identifiers: {customer_id: customer_id, email: email}
          channel: channel
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login, email: email, cookie: cookie}
      stages:
        - name: started
          events: [trial_started]
        - name: activated
          events: [setup_done]
          min_count: 2
          within_days: 7
        - name: converted
          events: [paid]
      """;

  static final String CRM = """
      customer_id,email,created,channel
      c1, Ann@Example.com ,2024-01-01 09:00:00,partner
      c1b,ann@example.com,2024-01-01 10:00:00,partner
      c2,bob@example.com,2024-01-01 09:00:00,paid_social
      c3,cat@example.com,2024-02-01 09:00:00,paid_social
      c4,dan@example.com,2023-12-30 09:00:00,partner
      c5,eve@example.com,2024-01-01 09:00:00,organic
      c2,info@shop.com,2024-01-02 09:00:00,paid_social
      c3,info@shop.com,2024-02-02 09:00:00,paid_social
      c4,info@shop.com,2023-12-31 09:00:00,partner
      c5,info@shop.com,2024-01-02 09:00:00,organic
      ,N/A,2024-01-02 09:00:00,partner
      c1,ann@example.com,yesterday,partner
      """;

  static final String APP = """
      ts,login,email,cookie,event
      2024-01-08T00:00:00Z,,,k1,page_viewed
      2024-01-10T00:00:00Z,ANN,ann@example.com,k1,trial_started
      2024-01-11T00:00:00Z,ann,,,setup_done
      2024-01-13T00:00:00Z,ann,,,setup_done
      2024-01-20T00:00:00Z,ann,,,paid
      2024-01-05T00:00:00Z,bob,bob@example.com,k2,trial_started
      2024-01-06T00:00:00Z,bob,,,setup_done
      2024-01-15T00:00:00Z,bob,,,setup_done
      2024-02-20T00:00:00Z,cat,cat@example.com,k2,trial_started
      2024-02-21T00:00:00Z,,,k2,page_viewed
      2024-01-01T00:00:00Z,dan,dan@example.com,,trial_started
      2024-01-02T00:00:00Z,dan,,,setup_done
      2024-01-03T12:00:00Z,dan,,,setup_done
      2024-02-15T00:00:00Z,dan,,,paid
      2024-01-03T00:00:00Z,eve,eve@example.com,,trial_started
      2024-01-04T00:00:00Z,eve,,,paid
      2024-01-05T00:00:00Z,eve,,,debug
      """;

  private TrialFixture() {}

  /** Writes the fixture into {@code dir} and returns its loaded model. */
  static JourneyModel write(Path dir) throws IOException {
    Files.writeString(dir.resolve("crm.csv"), CRM);
    Files.writeString(dir.resolve("app.csv"), APP);
    Path model = dir.resolve("trial.yaml");
    Files.writeString(model, MODEL);
    return ModelLoader.load(model);
  }
}
