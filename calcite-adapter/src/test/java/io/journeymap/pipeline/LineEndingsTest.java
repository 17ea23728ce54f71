package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineEndingsTest {
  @TempDir
  Path dir;

  @Test
  void countsEachEndingAndMakesCrlfLfLeavingALoneCr() throws Exception {
    Path from = dir.resolve("in.csv");
    Files.write(from, "a,b\r\n1,2\n3,x\ry\r\n4,5\r".getBytes(StandardCharsets.UTF_8));
    LineEndings e = LineEndings.of(from);
    assertEquals(new LineEndings(2, 1, 0), e);
    assertTrue(e.mixed());
    Path to = dir.resolve("out.csv");
    LineEndings.normalise(from, to);
    assertArrayEquals("a,b\n1,2\n3,x\ry\n4,5\r".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(to));
    assertFalse(LineEndings.of(to).mixed());
  }

  @Test
  void emptyLinesAreFoundWithEitherEnding() throws Exception {
    Path f = dir.resolve("e.csv");
    for (String text : new String[] {"a\n\nb\n", "a\r\n\r\nb\r\n", "\na\n", "a\nb\n\n"}) {
      Files.write(f, text.getBytes(StandardCharsets.UTF_8));
      assertTrue(LineEndings.of(f).empty() > 0, text);
    }
    for (String text : new String[] {"a\nb\n", "a\r\nb", " \na\r\n", "a\rb\n"}) {
      Files.write(f, text.getBytes(StandardCharsets.UTF_8));
      assertFalse(LineEndings.of(f).empty() > 0, text);
    }
  }

  @Test
  void compressedFilesAreKnownByTheirName() {
    assertTrue(LineEndings.compressed(Path.of("x/events.csv.gz")));
    assertTrue(LineEndings.compressed(Path.of("events.CSV.ZST")));
    assertFalse(LineEndings.compressed(Path.of("events.csv")));
  }

  @Test
  void oneEndingThroughoutIsNotMixed() throws Exception {
    Path crlf = dir.resolve("crlf.csv");
    Files.write(crlf, "a\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
    assertFalse(LineEndings.of(crlf).mixed());
    Path lf = dir.resolve("lf.csv");
    Files.write(lf, "a\nb".getBytes(StandardCharsets.UTF_8));
    assertEquals(new LineEndings(0, 1, 0), LineEndings.of(lf));
  }
}
