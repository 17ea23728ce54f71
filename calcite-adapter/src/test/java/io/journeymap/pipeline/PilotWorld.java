package io.journeymap.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

/**
 * Pilots for the model of {@link InsightsBuildTest} (a 14-day window, as of 2024-05-15), built
 * up in batches: an invite on day 1 (a third of the pilots) raises conversion from 8% to 50%;
 * converters upgrade on day 4 to 10.
 */
final class PilotWorld {
  private static final Instant FIRST = Instant.parse("2024-01-01T00:00:00Z");
  private final StringBuilder csv = new StringBuilder("ts,login,event,channel\n");

  /** {@code n} pilots with logins {@code prefix + i}, started over {@code days} days. */
  PilotWorld pilots(String prefix, int n, int days, long seed) {
    return pilots(prefix, n, 0, days, seed);
  }

  /** The same, started over {@code days} days from day {@code fromDay} (Jan 1 is day 0). */
  PilotWorld pilots(String prefix, int n, int fromDay, int days, long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) {
      String login = prefix + i;
      Instant start = FIRST.plusSeconds((long) ((fromDay + r.nextDouble() * days) * 86400));
      line(start, login, "pilot_begun", r.nextBoolean() ? "ads" : "search");
      for (int k = 0, times = 1 + r.nextInt(4); k < times; k++) {
        line(start.plusSeconds(600 + (long) (r.nextDouble() * 2.5 * 86400)), login,
            r.nextBoolean() ? "tour_done" : "doc_read", null);
      }
      boolean invite = r.nextDouble() < 0.3;
      if (invite) {
        line(start.plusSeconds(86400 + r.nextInt(3600)), login, "invite_sent", null);
      }
      if (r.nextDouble() < (invite ? 0.5 : 0.08)) {
        line(start.plusSeconds((long) ((4 + r.nextDouble() * 6) * 86400)), login, "upgraded",
            null);
      }
    }
    return this;
  }

  private void line(Instant at, String login, String event, String channel) {
    csv.append(at).append(',').append(login).append(',').append(event).append(',')
        .append(channel == null ? "" : channel).append('\n');
  }

  /** Writes the pilots so far as {@code dir/app.csv}. */
  void writeTo(Path dir) throws IOException {
    Files.writeString(dir.resolve("app.csv"), csv);
  }
}
