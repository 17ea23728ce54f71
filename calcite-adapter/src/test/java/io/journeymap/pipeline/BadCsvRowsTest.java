package io.journeymap.pipeline;

import static io.journeymap.pipeline.StoreQueries.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.model.ModelException;
import io.journeymap.model.ModelProblem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad rows of every kind in one CSV source: each is one {@code rejected_events} row with its
 * reason, every good row is accepted, and rows read = accepted + rejected. Two kinds of damage
 * make DuckDB's CSV reader refuse the whole file; those are pinned below as they are now.
 */
class BadCsvRowsTest {
  @TempDir
  Path dir;

  private static final String CRLF = "\r\n";

  private static String model(String time) {
    return BadRowsTest.MODEL.replace("    time: {column: ts, zone: America/New_York}\n",
        "    time: " + time + "\n").replace("    identifiers: {login: login}\n",
        "    identifiers: {login: login}\n    properties: [note]\n");
  }

  /** A CRLF file: header, four good rows, the given rows, four more good rows. */
  private static byte[] csv(List<byte[]> middle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("ts,login,event,note" + CRLF).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 4; i++) {
      out.writeBytes(("2024-01-0" + (i + 1) + "T10:00:00Z,g" + i + ",trial_started,ok" + CRLF)
          .getBytes(StandardCharsets.UTF_8));
    }
    middle.forEach(out::writeBytes);
    for (int i = 4; i < 8; i++) {
      out.writeBytes(("2024-01-0" + (i + 1) + "T10:00:00Z,g" + i + ",paid,ok" + CRLF)
          .getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static byte[] line(String text) {
    return (text + CRLF).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyKindOfBadRowIsOneRejectedRowWithItsReason() throws Exception {
    ByteArrayOutputStream badUtf8 = new ByteArrayOutputStream();
    badUtf8.writeBytes("2024-01-02T10:00:00Z,b8,trial_started,caf".getBytes(
        StandardCharsets.UTF_8));
    badUtf8.writeBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
    badUtf8.writeBytes(CRLF.getBytes(StandardCharsets.UTF_8));
    List<byte[]> middle = List.of(
        line("infinity,b1,trial_started,x"),                        // line 6
        line("9999-12-31,b2,paid,x"),                               // 7
        line("99999999999999999999,b3,paid,x"),                     // 8: an epoch, overflowing
        line("ts,login,event,note"),                                // 9: the header again
        line("2024-01-02T10:00:00Z,b6,trial_started,x,extra"),      // 10: a column too many
        line("2024-01-02T10:00:00Z,b7"),                            // 11: two too few
        badUtf8.toByteArray(),                                      // 12: not UTF-8
        line("2024-01-02T10:00:00Z,N/A,trial_started,x"),           // 13: a junk identifier
        line("2024-01-02T10:00:00Z,b9,debug,x"),                    // 14: an unmapped event
        line("2024-01-03T10:00:00Z,g9,trial_started,\"two\nlines\""), // 15-16: good, quoted
        line("2024-01-03T10:00:00Z,g10,trial_started,\"crlf\r\ninside\""), // 17-18: good
        line(",b11,trial_started,x"));                              // 19: no time
    Files.write(dir.resolve("app.csv"), csv(middle));
    BuildSummary s = StoreQueries.build(dir, model("ts"));

    int good = 8 + 2;
    int bad = 10;
    assertEquals(List.of(new BuildSummary.SourceCount("app", good + bad, good, bad)),
        s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      List<String> reasons = rows(c, "SELECT coalesce(CAST(source_row AS VARCHAR), '-'), reason"
          + " FROM rejected_events ORDER BY source_row NULLS LAST, reason");
      // every row keeps its data row number (the file's line less the header), the unreadable
      // lines too, and the rows after them are not shifted onto their neighbours
      List<String> expected = List.of(
          "5|time outside the plausible range 1970-01-01 to ",
          "6|time outside the plausible range 1970-01-01 to ",
          "7|unparseable time '99999999999999999999'",
          "8|unparseable time 'ts'",
          "9|unreadable line 10: Expected Number of Columns: 4 Found: 5",
          "10|unreadable line 11: Expected Number of Columns: 4 Found: 2",
          "11|unreadable line 12: Invalid unicode",
          "12|no usable identifier: blocklisted login 'N/A'",
          "13|unmapped event 'debug'",
          "16|missing time in column ts");
      assertEquals(bad, reasons.size(), String.join("\n", reasons));
      for (int i = 0; i < bad; i++) {
        assertTrue(reasons.get(i).startsWith(expected.get(i)), reasons.get(i) + "\n  expected: "
            + expected.get(i));
      }
      // each rejected row carries the raw line or row it came from
      List<String> raws = rows(c, "SELECT raw_row FROM rejected_events ORDER BY source_row"
          + " NULLS LAST, reason");
      String[] logins = {"b1", "b2", "b3", "login", "b6", "b7", "b8", "N/A", "b9", "b11"};
      for (int i = 0; i < bad; i++) {
        assertTrue(raws.get(i).contains(logins[i]), raws.get(i));
        assertFalse(raws.get(i).startsWith("\n"), "the raw line starts with the line: "
            + raws.get(i));
      }
      assertEquals(List.of(String.valueOf(good)), rows(c, "SELECT count(*) FROM events"));
      // quoted fields keep their line breaks (a record of two lines is one data row)
      assertEquals(List.of("14|two\nlines", "15|crlf\r\ninside", "17|ok", "20|ok"), rows(c,
          "SELECT source_row || '|' || json_extract_string(properties, '$.note') FROM events"
          + " WHERE source_row IN (14, 15, 17, 20) ORDER BY source_row"));
      // event ids follow the data rows, gaps where rows were rejected
      assertEquals(List.of("true"), rows(c, "SELECT bool_and(event_id = source_row) FROM events"));
    }
  }

  /**
   * In a glob the files' rows follow on in path order; an unreadable line keeps its number in
   * its file, so the next file's rows start after it, read from the files or from the cache.
   */
  @Test
  void rowNumbersOfAGlobCountUnreadableLines() throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/a.csv"), "ts,login,event,note\n"
        + "2024-01-02T10:00:00Z,a1,trial_started,n1\n"
        + "2024-01-02T11:00:00Z,a2,trial_started,n2,extra\n"
        + "2024-01-02T12:00:00Z,a3,trial_started,n3\n");
    Files.writeString(dir.resolve("app/b.csv"), "ts,login,event,note\n"
        + "2024-01-03T10:00:00Z,b1,trial_started,n4\n"
        + "2024-01-03T11:00:00Z,b2,debug,n5\n");
    String glob = model("ts").replace("path: app.csv", "path: 'app/*.csv'");
    for (int build = 1; build <= 2; build++) { // the second from the ingest cache
      BuildSummary s = StoreQueries.build(dir, glob);
      assertEquals(List.of(new BuildSummary.SourceCount("app", 5, 3, 2)), s.sources());
      try (Connection c = StoreQueries.open(dir)) {
        assertEquals(List.of("1|n1", "3|n3", "4|n4"), rows(c, "SELECT source_row || '|' ||"
            + " json_extract_string(properties, '$.note') FROM events ORDER BY source_row"));
        // a file of a glob is named by its path under the model's folder: two folders may
        // hold files of one name
        assertEquals(List.of("2|unreadable line 3 of app/a.csv", "5|unmapped event 'debug'"),
            rows(c, "SELECT source_row || '|' || regexp_extract(reason,"
                + " '^(unreadable line [0-9]+ of app/a.csv|unmapped event ''debug'')')"
                + " FROM rejected_events ORDER BY source_row"));
      }
    }
  }

  /**
   * The reader skips an empty line but counts it in an unreadable line's number, so in a file
   * with both the data row of an unreadable line is not known: its rows keep the numbers of the
   * rows read, the unreadable line has none, the next file starts after all of them, and the
   * build log says so.
   */
  @Test
  void aFileWithEmptyLinesKeepsTheNumbersOfTheRowsRead() throws Exception {
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/a.csv"), "ts,login,event,note\n"
        + "2024-01-02T10:00:00Z,a1,trial_started,n1\n"
        + "\n"
        + "2024-01-02T11:00:00Z,a2,trial_started,n2,extra\n"
        + "2024-01-02T12:00:00Z,a3,trial_started,n3\n");
    Files.writeString(dir.resolve("app/b.csv"), "ts,login,event,note\n"
        + "2024-01-03T10:00:00Z,b1,trial_started,n4\n");
    BuildSummary s = StoreQueries.build(dir, model("ts").replace("path: app.csv",
        "path: 'app/*.csv'"));
    assertEquals(List.of(new BuildSummary.SourceCount("app", 4, 3, 1)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("1|n1", "2|n3", "4|n4"), rows(c, "SELECT source_row || '|' ||"
          + " json_extract_string(properties, '$.note') FROM events ORDER BY source_row"));
      assertEquals(List.of("-|unreadable line 4 of app/a.csv"), rows(c, "SELECT"
          + " coalesce(CAST(source_row AS VARCHAR), '-') || '|' || regexp_extract(reason,"
          + " '^unreadable line [0-9]+ of app/a.csv') FROM rejected_events"));
      String detail = rows(c, "SELECT detail FROM build_log WHERE phase = 'ingest'").get(0);
      assertTrue(detail.endsWith("; app/a.csv has empty lines and unreadable ones: past its"
          + " first unreadable line, source_row counts the rows read, and unreadable lines"
          + " have none"), detail);
    }
  }

  @Test
  void overflowingEpochsAreRejectedRows() throws Exception {
    Files.writeString(dir.resolve("app.csv"), String.join("\n",
        "ts,login,event,note",
        "1704103200000,g1,trial_started,ok",
        "9223372036854775807,b1,trial_started,max long",
        "-9223372036854775808,b2,trial_started,min long",
        "99999999999999999999,b3,trial_started,beyond long",
        "1e30,b4,trial_started,exponent",
        "253402300800000,b5,trial_started,year 10000",
        "infinity,b6,trial_started,infinity",
        "9999-12-31,b7,trial_started,a date",
        "1704189600000,g2,paid,ok", ""));
    BuildSummary s = StoreQueries.build(dir, model("{column: ts, format: epoch_ms}"));
    assertEquals(List.of(new BuildSummary.SourceCount("app", 9, 2, 7)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      List<String> reasons = rows(c, "SELECT source_row, reason FROM rejected_events"
          + " ORDER BY source_row");
      assertEquals(7, reasons.size(), String.join("\n", reasons));
      for (String r : reasons) {
        assertTrue(r.contains("|unparseable time '") || r.contains("|time outside the"
            + " plausible range"), r);
      }
      assertTrue(reasons.get(4).startsWith("6|time outside"), reasons.get(4));
    }
  }

  @Test
  void a3MbFieldIsAcceptedWhereverItStands() throws Exception {
    // long free-text fields are data, not damage: lines up to 64 MB are read
    StringBuilder b = new StringBuilder("ts,login,event,note\n");
    b.append("2024-01-02T10:00:00Z,first,trial_started,").append("y".repeat(3_000_000))
        .append('\n');
    for (int i = 0; i < 25_000; i++) {
      b.append("2024-01-02T10:00:00Z,g").append(i % 50).append(",trial_started,ok\n");
      if (i == 24_000) {
        b.append("2024-01-02T10:00:00Z,big,trial_started,").append("x".repeat(3_000_000))
            .append('\n');
      }
    }
    Files.writeString(dir.resolve("app.csv"), b);
    BuildSummary s = StoreQueries.build(dir, model("ts"));
    assertEquals(List.of(new BuildSummary.SourceCount("app", 25_002, 25_002, 0)), s.sources());
  }

  /**
   * DuckDB's CSV reader (1.4) refuses a whole file in which one line ends in LF among CRLF
   * lines. Such a file is read from a copy with CRLF made LF: every row arrives, in its place,
   * with no CR left on the last field, and the build log says what was done.
   */
  @Test
  void anLfLineInACrlfFileIsReadWithTheEndingsMadeAlike() throws Exception {
    byte[] mixed = csv(List.of("2024-01-02T10:00:00Z,b5,trial_started,lf only\n".getBytes(
        StandardCharsets.UTF_8)));
    Files.write(dir.resolve("app.csv"), mixed);
    BuildSummary s = StoreQueries.build(dir, model("ts"));
    assertEquals(List.of(new BuildSummary.SourceCount("app", 9, 9, 0)), s.sources());
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(List.of("4|ok", "5|lf only", "6|ok"), rows(c, "SELECT source_row || '|' ||"
          + " json_extract_string(properties, '$.note') FROM events WHERE source_row IN (4, 5, 6)"
          + " ORDER BY source_row"));
      assertEquals(List.of("0"), rows(c, "SELECT count(*) FROM events"
          + " WHERE properties LIKE '%\\r%'"));
    }
    // the note stays with the file's rows in the ingest cache: a build that reuses them says it
    // too, with the same counts
    String note = "; app.csv mixes line endings (9 CRLF and 1 LF) and was read with every CRLF"
        + " taken as LF, line breaks inside quoted values too";
    for (int build = 1; build <= 2; build++) {
      if (build == 2) {
        assertEquals(s.sources(), StoreQueries.build(dir, model("ts")).sources());
      }
      try (Connection c = StoreQueries.open(dir)) {
        String detail = rows(c, "SELECT detail FROM build_log WHERE phase = 'ingest'").get(0);
        assertTrue(detail.endsWith(note), detail);
        assertEquals(build == 2, detail.contains("taken from the ingest cache"), detail);
      }
    }
  }

  /**
   * A file that mixes CRLF and LF and has a lone CR too does not read from the copy either: the
   * error names the user's file, never the copy, and says the endings were mixed.
   */
  @Test
  void aMixedFileThatStillDoesNotReadNamesTheFileNotItsCopy() throws Exception {
    Files.write(dir.resolve("app.csv"), csv(List.of(
        "2024-01-02T10:00:00Z,b5,trial_started,lf only\n".getBytes(StandardCharsets.UTF_8),
        "2024-01-02T10:00:00Z,b6,trial_started,cr only\r".getBytes(StandardCharsets.UTF_8))));
    ModelException e = assertThrows(ModelException.class,
        () -> StoreQueries.build(dir, model("ts")));
    String message = e.problems().get(0).message();
    assertTrue(message.contains(dir.resolve("app.csv").toString()), message);
    assertFalse(message.contains("lf-app-"), message);
    assertTrue(message.endsWith("; the file also mixes CRLF and LF line endings"), message);
  }

  /**
   * A file the reader cannot make out for another reason (here a line ended by a lone CR, as old
   * Mac tools wrote them) fails the build at the source's path, with the reader's reason and
   * what to do, and no store is written.
   */
  @Test
  void aFileTheReaderCannotMakeOutRefusesTheSourceWithAHint() throws Exception {
    Files.write(dir.resolve("app.csv"), csv(List.of(
        "2024-01-02T10:00:00Z,b5,trial_started,cr only\r".getBytes(StandardCharsets.UTF_8))));
    ModelException e = assertThrows(ModelException.class,
        () -> StoreQueries.build(dir, model("ts")));
    ModelProblem p = e.problems().get(0);
    assertEquals(14, p.line(), p.toString()); // the source's path
    assertTrue(p.message().startsWith("source 'app' cannot be read: Invalid Input Error: "),
        p.message());
    assertTrue(p.message().contains("lines ended by a lone CR"), p.message());
    assertFalse(Files.exists(dir.resolve("m.journeymap.duckdb")));
  }

  /** An empty file is named as such, not as a file missing the model's columns. */
  @Test
  void anEmptyFileSaysSo() throws Exception {
    Files.write(dir.resolve("app.csv"), new byte[0]);
    ModelException e = assertThrows(ModelException.class,
        () -> StoreQueries.build(dir, model("ts")));
    ModelProblem p = e.problems().get(0);
    assertEquals(14, p.line(), p.toString()); // the source's path
    assertEquals("source 'app' cannot be read: the file is empty (0 bytes, not even a header"
        + " line)", p.message());
    assertFalse(Files.exists(dir.resolve("m.journeymap.duckdb")));
  }
}
