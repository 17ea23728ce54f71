package io.journeymap.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * A model of pilots that upgrade within 14 days (as of 2024-05-15) and its data, built up in
 * batches: a third of the pilots send an invite on day 1, which raises conversion from 8% to
 * 50%, enough journeys for a conversion model from about 2,000 pilots on.
 */
public final class PilotStore {
  public static final String MODEL = """
      journey:
        name: pilot
        goal: A pilot upgrades within 14 days
        start_event: pilot_begun
        success_event: upgraded
        window: 14 days
        as_of: 2024-05-15
      taxonomy: [pilot_begun, tour_done, invite_sent, upgraded]
      identity:
        kinds: {login: strong}
      sources:
        - name: app
          format: csv
          path: app.csv
          time: ts
          event: {column: event}
          identifiers: {login: login}
      stages:
        - name: begun
          events: [pilot_begun]
        - name: upgraded
          events: [upgraded]
      insights:
        scores: {at_days: 3}
      """;

  private final StringBuilder csv = new StringBuilder("ts,login,event\n");

  /** {@code n} pilots with logins {@code prefix + i}, started over {@code days} days. */
  public PilotStore pilots(String prefix, int n, int days, long seed) {
    Random r = new Random(seed);
    Instant first = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      Instant start = first.plusSeconds((long) (r.nextDouble() * days * 86400));
      line(start, prefix + i, "pilot_begun");
      line(start.plusSeconds(3600 + r.nextInt(2 * 86400)), prefix + i, "tour_done");
      boolean invite = r.nextDouble() < 0.3;
      if (invite) {
        line(start.plusSeconds(86400), prefix + i, "invite_sent");
      }
      if (r.nextDouble() < (invite ? 0.5 : 0.08)) {
        line(start.plusSeconds(5 * 86400), prefix + i, "upgraded");
      }
    }
    return this;
  }

  private void line(Instant at, String login, String event) {
    csv.append(at).append(',').append(login).append(',').append(event).append('\n');
  }

  /** Writes the data so far and the model into {@code dir}; returns the model file. */
  public Path writeTo(Path dir) throws IOException {
    Files.writeString(dir.resolve("app.csv"), csv);
    Path model = dir.resolve("m.yaml");
    Files.writeString(model, MODEL);
    return model;
  }
}
