package io.journeymap.jdbc;

import static java.time.temporal.ChronoUnit.MICROS;
import static java.time.temporal.ChronoUnit.MILLIS;
import static java.time.temporal.ChronoUnit.MINUTES;
import static java.time.temporal.ChronoUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SQL template of the Metabase driver, run through the JDBC driver and checked against
 * java.time on fixture timestamps chosen for their edges (leap day, ISO week 53, the last
 * microsecond of a day, a Sunday, dates before 1970), and every date bucket grouped over a store
 * table the way Metabase writes it, against the same grouping done here in Java.
 */
class MetabaseSqlTest {
  /** Fixture times: UTC wall clocks, as the store keeps them. */
  private static final List<LocalDateTime> TIMES = List.of(
      LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_000), // leap day, last microsecond
      LocalDateTime.of(2021, 1, 3, 10, 15, 30, 500_000_000), // Sunday in ISO week 53 of 2020
      LocalDateTime.of(2026, 12, 31, 0, 0), // Thursday in ISO week 53 of 2026
      LocalDateTime.of(2025, 12, 29, 12, 0), // Monday in ISO week 1 of 2026
      LocalDateTime.of(2024, 1, 31, 8, 7, 6, 123_000_000), // month end before a short month
      LocalDateTime.of(2023, 6, 17, 13, 45, 0), // Saturday
      LocalDateTime.of(1969, 7, 20, 20, 17, 40)); // before the epoch

  /** What each date unit means, independently of the engine. */
  private static final Map<String, Function<LocalDateTime, Object>> DATE_UNITS = Map.ofEntries(
      Map.entry("minute", t -> t.truncatedTo(MINUTES)),
      Map.entry("hour", t -> t.truncatedTo(ChronoUnit.HOURS)),
      Map.entry("day", t -> t.truncatedTo(ChronoUnit.DAYS)),
      Map.entry("week", t -> t.toLocalDate()
          .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay()),
      Map.entry("month", t -> t.toLocalDate().withDayOfMonth(1).atStartOfDay()),
      Map.entry("quarter", t -> LocalDate.of(t.getYear(), (t.getMonthValue() - 1) / 3 * 3 + 1,
          1).atStartOfDay()),
      Map.entry("year", t -> t.toLocalDate().withDayOfYear(1).atStartOfDay()),
      Map.entry("second-of-minute", t -> (long) t.getSecond()),
      Map.entry("minute-of-hour", t -> (long) t.getMinute()),
      Map.entry("hour-of-day", t -> (long) t.getHour()),
      Map.entry("day-of-week", t -> (long) t.getDayOfWeek().getValue()),
      Map.entry("day-of-month", t -> (long) t.getDayOfMonth()),
      Map.entry("day-of-year", t -> (long) t.getDayOfYear()),
      Map.entry("week-of-year-iso", t -> (long) t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
      Map.entry("month-of-year", t -> (long) t.getMonthValue()),
      Map.entry("quarter-of-year", t -> (long) t.get(IsoFields.QUARTER_OF_YEAR)),
      Map.entry("year-of-era", t -> (long) t.getYear()));

  /** What adding {@code amount} of each unit means; sub-day units take fractions. */
  private static final Map<String, AddUnit> ADD_UNITS = Map.of(
      "millisecond", (t, a) -> t.plus(a.movePointRight(3).longValueExact(), MICROS),
      "second", (t, a) -> t.plus(a.movePointRight(6).longValueExact(), MICROS),
      "minute", (t, a) -> t.plus(a.multiply(BigDecimal.valueOf(60_000_000)).longValueExact(),
          MICROS),
      "hour", (t, a) -> t.plus(a.multiply(BigDecimal.valueOf(3_600_000_000L)).longValueExact(),
          MICROS),
      "day", (t, a) -> t.plusDays(a.longValueExact()),
      "week", (t, a) -> t.plusWeeks(a.longValueExact()),
      "month", (t, a) -> t.plusMonths(a.longValueExact()),
      "quarter", (t, a) -> t.plusMonths(3 * a.longValueExact()),
      "year", (t, a) -> t.plusYears(a.longValueExact()));

  private static final List<BigDecimal> WHOLE = Stream.of("-3", "0", "1", "14", "-400", "40000")
      .map(BigDecimal::new).toList();
  private static final List<BigDecimal> FRACTIONS = Stream.of("1.5", "-0.25", "0.001")
      .map(BigDecimal::new).toList();

  @FunctionalInterface
  interface AddUnit {
    LocalDateTime add(LocalDateTime t, BigDecimal amount);
  }

  @TempDir
  static Path dir;
  static Connection c;

  @BeforeAll
  static void connect() throws Exception {
    Path model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
    c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
  }

  @AfterAll
  static void close() throws SQLException {
    c.close();
  }

  private static String literal(LocalDateTime t) {
    return "TIMESTAMP '" + t.toLocalDate() + " " + t.toLocalTime() + "'";
  }

  /** Keys of the templates starting with {@code prefix}, without it. */
  private static TreeSet<String> keys(String prefix) {
    return MetabaseSql.templates().keySet().stream().filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyTemplateIsCheckedHere() {
    assertEquals(new TreeSet<>(DATE_UNITS.keySet()), keys("date."));
    assertEquals(new TreeSet<>(ADD_UNITS.keySet()), keys("add-interval."));
    assertEquals(new TreeSet<>(List.of("seconds", "milliseconds", "microseconds")),
        keys("unix-timestamp."));
    for (Map.Entry<String, String> e : MetabaseSql.templates().entrySet()) {
      String k = e.getKey();
      assertTrue(k.startsWith("date.") || k.startsWith("add-interval.")
          || k.startsWith("unix-timestamp.") || k.equals("current-datetime"), "unchecked " + k);
      // the driver's namespace reads {name} placeholders and plain text, nothing else
      String rest = e.getValue().replaceAll("\\{(expr|amount)}", "");
      assertFalse(rest.contains("{") || rest.contains("}"), k + ": " + e.getValue());
    }
  }

  /** One query per template: the template over a column of fixture values, in order. */
  private static List<Object> column(String sql, List<String> inputs, boolean temporal)
      throws SQLException {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(inputs.get(i))
          .append(")");
    }
    String query = "SELECT " + sql + " AS v FROM (VALUES " + values + ") AS f(i, x) ORDER BY i";
    List<Object> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      while (r.next()) {
        out.add(temporal ? r.getObject(1, LocalDateTime.class) : (Object) r.getLong(1));
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyDateUnitOnTimestampsAndDates() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String unit : DATE_UNITS.keySet()) {
      Function<LocalDateTime, Object> meaning = DATE_UNITS.get(unit);
      boolean temporal = meaning.apply(TIMES.get(0)) instanceof LocalDateTime;
      String sql = MetabaseSql.render("date." + unit, "f.x");
      tests.add(DynamicTest.dynamicTest(unit + " of timestamps", () -> assertEquals(
          TIMES.stream().map(meaning).toList(),
          column(sql, TIMES.stream().map(MetabaseSqlTest::literal).toList(), temporal), sql)));
      tests.add(DynamicTest.dynamicTest(unit + " of dates", () -> assertEquals(
          TIMES.stream().map(t -> meaning.apply(t.toLocalDate().atStartOfDay())).toList(),
          column(sql, TIMES.stream().map(t -> "DATE '" + t.toLocalDate() + "'").toList(),
              temporal), sql)));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyAddIntervalUnitWithWholeAndFractionalAmounts() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String unit : ADD_UNITS.keySet()) {
      boolean subDay = List.of("millisecond", "second", "minute", "hour").contains(unit);
      List<BigDecimal> amounts = new ArrayList<>(WHOLE);
      if (subDay) {
        amounts.addAll(FRACTIONS);
      }
      for (BigDecimal amount : amounts) {
        String sql = MetabaseSql.render("add-interval." + unit,
            Map.of("expr", "f.x", "amount", amount.toPlainString()));
        tests.add(DynamicTest.dynamicTest(unit + " " + amount, () -> assertEquals(
            TIMES.stream().map(t -> ADD_UNITS.get(unit).add(t, amount)).toList(),
            column(sql, TIMES.stream().map(MetabaseSqlTest::literal).toList(), true), sql)));
      }
    }
    return tests.stream();
  }

  @Test
  void addIntervalTakesAnExpressionAsTheAmount() throws SQLException {
    // relative filters can pass a column or computed amount, not only a number
    String sql = MetabaseSql.render("add-interval.month",
        Map.of("expr", "f.x", "amount", "(f.i - 2)"));
    List<LocalDateTime> expected = new ArrayList<>();
    for (int i = 0; i < TIMES.size(); i++) {
      expected.add(TIMES.get(i).plusMonths(i - 2));
    }
    assertEquals(expected, column(sql, TIMES.stream().map(MetabaseSqlTest::literal).toList(),
        true));
  }

  @Test
  void unixTimestampsInEachResolution() throws SQLException {
    List<String> seconds = new ArrayList<>();
    List<String> fractional = new ArrayList<>();
    List<String> millis = new ArrayList<>();
    List<String> micros = new ArrayList<>();
    for (LocalDateTime t : TIMES) {
      long epochMicros = ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t);
      seconds.add(Long.toString(t.toEpochSecond(ZoneOffset.UTC)));
      fractional.add(BigDecimal.valueOf(epochMicros, 6).toPlainString());
      millis.add(Long.toString(Math.floorDiv(epochMicros, 1000)));
      micros.add(Long.toString(epochMicros));
    }
    assertEquals(TIMES.stream().map(t -> t.truncatedTo(SECONDS)).toList(),
        column(MetabaseSql.render("unix-timestamp.seconds", "f.x"), seconds, true));
    assertEquals(TIMES.stream().map(t -> t.truncatedTo(MICROS)).toList(),
        column(MetabaseSql.render("unix-timestamp.seconds", "f.x"), fractional, true));
    assertEquals(TIMES.stream().map(t -> t.truncatedTo(MILLIS)).toList(),
        column(MetabaseSql.render("unix-timestamp.milliseconds", "f.x"), millis, true));
    assertEquals(TIMES.stream().map(t -> t.truncatedTo(MICROS)).toList(),
        column(MetabaseSql.render("unix-timestamp.microseconds", "f.x"), micros, true));
  }

  @Test
  void currentDatetimeIsNowAsTheUtcWallClock() throws SQLException {
    LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1);
    LocalDateTime now;
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT "
        + MetabaseSql.templates().get("current-datetime"))) {
      assertTrue(r.next());
      assertEquals("TIMESTAMP", r.getMetaData().getColumnTypeName(1));
      now = r.getObject(1, LocalDateTime.class);
    }
    LocalDateTime after = LocalDateTime.now(ZoneOffset.UTC).plusSeconds(1);
    assertTrue(!now.isBefore(before) && !now.isAfter(after), before + " <= " + now + " <= "
        + after);
  }

  // ---------------------------------------------------------------------------------------
  // what Metabase builds from the templates

  @Test
  void weeksStartingOnSundayAsMetabaseShiftsThem() throws SQLException {
    // Metabase's default start of week is Sunday: it shifts the Monday week by one day
    String shifted = MetabaseSql.render("add-interval.day", Map.of("amount", "-1", "expr",
        MetabaseSql.render("date.week", MetabaseSql.render("add-interval.day",
            Map.of("expr", "f.x", "amount", "1")))));
    assertEquals(TIMES.stream().map(t -> t.toLocalDate()
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)).atStartOfDay()).toList(),
        column(shifted, TIMES.stream().map(MetabaseSqlTest::literal).toList(), true));
    // and numbers days of the week from Sunday = 1
    String dow = "coalesce(nullif((" + MetabaseSql.render("date.day-of-week", "f.x")
        + " + 1) % 7, 0), 7)";
    assertEquals(TIMES.stream().map(t -> (Object) (long) (t.getDayOfWeek().getValue() % 7 + 1))
        .toList(), column(dow, TIMES.stream().map(MetabaseSqlTest::literal).toList(), false));
  }

  @TestFactory
  Stream<DynamicTest> countsAndSumsGroupedByEveryDateBucket() throws SQLException {
    // the store's own rows, bucketed here in Java
    record Journey(LocalDateTime startedAt, long events, Double daysToConvert) {}
    List<Journey> journeys = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT started_at, events, days_to_convert FROM journeys")) {
      while (r.next()) {
        journeys.add(new Journey(r.getObject(1, LocalDateTime.class), r.getLong(2),
            r.getObject(3) == null ? null : r.getDouble(3)));
      }
    }
    assertTrue(journeys.size() > 100, "journeys: " + journeys.size());
    return DATE_UNITS.keySet().stream().sorted().map(unit -> DynamicTest.dynamicTest(unit, () -> {
      Function<LocalDateTime, Object> meaning = DATE_UNITS.get(unit);
      Map<Object, double[]> expected = new TreeMap<>();
      for (Journey j : journeys) {
        double[] a = expected.computeIfAbsent(meaning.apply(j.startedAt()),
            k -> new double[3]);
        a[0]++;
        a[1] += j.events();
        a[2] += j.daysToConvert() == null ? 0 : j.daysToConvert();
      }
      boolean temporal = meaning.apply(journeys.get(0).startedAt()) instanceof LocalDateTime;
      String bucket = MetabaseSql.render("date." + unit,
          "\"journey\".\"journeys\".\"started_at\"");
      String sql = "-- Metabase:: userID: 1 queryType: MBQL queryHash: 5f1b\nSELECT " + bucket
          + " AS \"started_at\", count(*) AS \"count\", sum(\"journey\".\"journeys\".\"events\")"
          + " AS \"sum\", sum(\"journey\".\"journeys\".\"days_to_convert\") AS \"sum_2\""
          + " FROM \"journey\".\"journeys\" GROUP BY " + bucket + " ORDER BY " + bucket + " ASC";
      Map<Object, double[]> actual = new LinkedHashMap<>();
      try (PreparedStatement p = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY, ResultSet.CLOSE_CURSORS_AT_COMMIT);
          ResultSet r = p.executeQuery()) {
        while (r.next()) {
          Object key = temporal ? r.getObject(1, LocalDateTime.class) : (Object) r.getLong(1);
          actual.put(key, new double[] {r.getLong(2), r.getLong(3), r.getDouble(4)});
        }
      }
      assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()),
          "buckets in order: " + sql);
      for (Map.Entry<Object, double[]> e : expected.entrySet()) {
        double[] a = actual.get(e.getKey());
        assertEquals(e.getValue()[0], a[0], unit + " count " + e.getKey());
        assertEquals(e.getValue()[1], a[1], unit + " sum " + e.getKey());
        assertEquals(e.getValue()[2], a[2], 1e-9 * Math.max(1, Math.abs(a[2])),
            unit + " sum of doubles " + e.getKey());
      }
    }));
  }
}
