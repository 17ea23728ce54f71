package io.journeymap.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated journeys with known effects, for recovery tests. Each journey starts with
 * {@code start}, gets a first channel ({@code cheap} or {@code premium}: premium converts three
 * times as often), and in its first 2.5 days may do:
 * <ul>
 *   <li>{@code booster}: planted, multiplies the chance to convert by {@link #BOOST};</li>
 *   <li>{@code idle1}..{@code idle3}: no effect;</li>
 *   <li>{@code decoy}: no effect, but done far more by premium journeys, so it looks good
 *       unless the first channel is held constant.</li>
 * </ul>
 * Conversions ({@code won}) come 3 to 12 days after the start, after every behaviour. Starts
 * are half as many on weekends. Optional plants: starts drop to 30% for 3 days, and premium
 * journeys that start in one week convert at a tenth of their chance.
 */
final class PlantedWorld {
  static final double BOOST = 2.5;
  static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 6);
  static final int DAYS = 120;
  static final int STARTS_DROP_DAY = 100;
  static final int CONVERSION_DROP_DAY = 70;

  static final String MODEL = """
      journey:
        name: planted
        goal: A started journey is won within 14 days
        start_event: start
        success_event: won
        window: 14 days
        as_of: %s
      taxonomy: [start, booster, idle1, idle2, idle3, decoy, won]
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
      insights:
        lift: {within_days: [3], confounders: [first_channel]}
      %s
      stages:
        - name: started
          events: [start]
        - name: won
          events: [won]
      """;

  private PlantedWorld() {}

  /** Writes app.csv and the model (with {@code changes}, YAML or empty) into dir. */
  static String write(Path dir, long seed, int perDay, boolean dropStarts,
      boolean dropConversions, String changes) throws IOException {
    Random random = new Random(seed);
    List<String> rows = new ArrayList<>();
    rows.add("ts,login,event,channel");
    int person = 0;
    for (int day = 0; day < DAYS; day++) {
      LocalDate date = FIRST_DAY.plusDays(day);
      DayOfWeek dow = date.getDayOfWeek();
      double mean = perDay * (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.5 : 1);
      if (dropStarts && day >= STARTS_DROP_DAY && day < STARTS_DROP_DAY + 3) {
        mean *= 0.3;
      }
      int starts = poisson(random, mean);
      for (int k = 0; k < starts; k++) {
        String login = "p" + person++;
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant()
            .plusSeconds(random.nextInt(86_400));
        boolean premium = random.nextBoolean();
        String channel = premium ? "premium" : "cheap";
        rows.add(row(start, login, "start", channel));
        double chance = premium ? 0.15 : 0.05;
        if (random.nextDouble() < 0.3) {
          rows.add(row(early(random, start), login, "booster", channel));
          chance *= BOOST;
        }
        for (String idle : List.of("idle1", "idle2", "idle3")) {
          if (random.nextDouble() < 0.4) {
            rows.add(row(early(random, start), login, idle, channel));
          }
        }
        if (random.nextDouble() < (premium ? 0.6 : 0.1)) {
          rows.add(row(early(random, start), login, "decoy", channel));
        }
        if (dropConversions && premium && day >= CONVERSION_DROP_DAY
            && day < CONVERSION_DROP_DAY + 7) {
          chance *= 0.1;
        }
        if (random.nextDouble() < chance) {
          Instant won = start.plus(Duration.ofMinutes(
              (long) ((3 + 9 * random.nextDouble()) * 1440)));
          rows.add(row(won, login, "won", channel));
        }
      }
    }
    Files.write(dir.resolve("app.csv"), rows);
    return MODEL.formatted(FIRST_DAY.plusDays(DAYS), changes);
  }

  private static Instant early(Random random, Instant start) {
    return start.plusSeconds(60 + random.nextInt((int) (2.5 * 86_400)));
  }

  private static String row(Instant at, String login, String event, String channel) {
    return at + "," + login + "," + event + "," + channel;
  }

  private static int poisson(Random random, double mean) {
    // Knuth's method: fine for the means used here
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }
}
