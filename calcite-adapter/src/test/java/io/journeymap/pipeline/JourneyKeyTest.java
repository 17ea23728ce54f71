package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Journeys keyed by campaign: household h1 receives campaign A (type x) on Jan 1 and campaign B
 * (type y) on Jan 5, and redeems a coupon of B on Jan 10. Without a key, the redemption would
 * convert the Jan 1 journey and credit type x; with it, (h1, B) converts and (h1, A) does not.
 * h2 redeems a coupon of A, a campaign it never received: no journey converts. A start without
 * a campaign starts nothing and is counted in the build log. Purchases carry no campaign and
 * join every running journey of the household.
 */
class JourneyKeyTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: campaign
        goal: A household redeems a coupon of the campaign it received within 20 days
        start_event: campaign_received
        success_event: coupon_redeemed
        key: campaign
        window: 20 days
        as_of: 2024-03-01
      taxonomy: [campaign_received, purchase_made, coupon_redeemed]
      identity:
        kinds: {household_id: strong}
      sources:
        - name: events
          format: csv
          path: events.csv
          time: ts
          event: {column: event}
          identifiers: {household: household_id}
          channel: type
          campaign: campaign
      stages:
        - name: received
          events: [campaign_received]
        - name: shopped
          events: [purchase_made]
        - name: redeemed
          events: [coupon_redeemed]
      """;


  @Test
  void startAndSuccessMustShareTheKey() throws Exception {
    Files.writeString(dir.resolve("events.csv"), """
        ts,household,event,type,campaign
        2024-01-01T00:00:00Z,h1,campaign_received,x,A
        2024-01-03T00:00:00Z,h1,purchase_made,,
        2024-01-05T00:00:00Z,h1,campaign_received,y,B
        2024-01-07T00:00:00Z,h1,purchase_made,,
        2024-01-10T00:00:00Z,h1,coupon_redeemed,,B
        2024-01-02T00:00:00Z,h2,campaign_received,y,B
        2024-01-04T00:00:00Z,h2,coupon_redeemed,,A
        2024-01-06T00:00:00Z,h2,campaign_received,x,
        """);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of(
              "h1|A|dropped|shopped|x|A|3",
              "h1|B|converted|redeemed|y|B|3",
              "h2|B|dropped|received|y|B|1"),
          rows(c, "SELECT (SELECT identifier FROM identities i WHERE i.person_id = j.person_id),"
              + " journey_key, status, furthest_stage, first_channel, first_campaign, events"
              + " FROM journeys j ORDER BY 1, 2"));
      // the type that brought the converting campaign gets the credit
      assertEquals(List.of("x|1|0", "y|2|1"), rows(c, "SELECT channel, journeys, conversions"
          + " FROM channel_quality ORDER BY channel"));
      // the Jan 7 purchase falls in both of h1's journeys and carries the earlier one
      assertEquals(List.of("A"), rows(c, "SELECT j.journey_key FROM events e JOIN journeys j"
          + " USING (journey_id) WHERE e.occurred_at = TIMESTAMP '2024-01-07 00:00:00'"));
      List<String> log = rows(c, "SELECT detail FROM build_log WHERE phase = 'journeys'");
      assertTrue(log.get(0).contains("1 start events without a 'campaign' value started no"
          + " journey"), log.toString());
      assertEquals(List.of("campaign"), rows(c, "SELECT journey_key FROM build_info"));
    }
  }
}
