package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channels are ranked by quality only on judged journeys; 0 of 0 gets no rank. */
class ChannelQualityTest {
  @TempDir
  Path dir;

  static final String MODEL = """
      journey:
        name: trial
        goal: Trial converts within 10 days
        start_event: trial_started
        success_event: paid
        window: 10 days
        as_of: 2024-03-01
      taxonomy: [trial_started, paid]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login}
          channel: channel
      stages:
        - name: started
          events: [trial_started]
        - name: converted
          events: [paid]
      """;

  @Test
  void aChannelWithNoJudgedJourneyHasNoQualityRank() throws Exception {
    // ads 1 of 2 judged, email 0 of 1, late: its one journey's window is still open at as-of
    Files.writeString(dir.resolve("app.csv"), """
        ts,login,event,channel
        2024-01-02T00:00:00Z,a,trial_started,ads
        2024-01-05T00:00:00Z,a,paid,
        2024-01-03T00:00:00Z,b,trial_started,ads
        2024-01-04T00:00:00Z,c,trial_started,email
        2024-02-25T00:00:00Z,d,trial_started,late
        """);
    StoreQueries.build(dir, MODEL);
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("ads|2|2|1|1|1", "email|1|1|0|2|2", "late|1|0|0|3|null"),
          rows(c, "SELECT channel, journeys, judged, conversions, volume_rank, quality_rank"
              + " FROM channel_quality ORDER BY quality_rank NULLS LAST, channel"));
    }
  }
}
