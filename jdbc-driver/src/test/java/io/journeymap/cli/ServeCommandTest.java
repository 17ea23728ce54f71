package io.journeymap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serve command's refusals, before anything is built or opened. */
class ServeCommandTest {
  private static String[] run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = JourneymapCli.run(args);
      return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void loopbackAndPort8765ByDefault() {
    ServeCommand serve = new ServeCommand();
    assertEquals("127.0.0.1", serve.bind);
    assertEquals(8765, serve.port);
  }

  @Test
  void aMissingOrWeakTokenFileIsRefusedWithExitCode2(@TempDir Path dir) throws Exception {
    String[] missing = run("serve", "--model", dir.resolve("m.yaml").toString(), "--token-file",
        dir.resolve("none").toString());
    assertEquals("2", missing[0], missing[1]);
    assertTrue(missing[1].contains("cannot read the token file"), missing[1]);
    Path weak = Files.writeString(dir.resolve("token"), "short\n");
    String[] shortToken = run("serve", "--model", dir.resolve("m.yaml").toString(),
        "--token-file", weak.toString());
    assertEquals("2", shortToken[0], shortToken[1]);
    assertTrue(shortToken[1].contains("shorter than 16"), shortToken[1]);
  }

  @Test
  void noTargetIsRefusedWithExitCode2() {
    String[] none = run("serve");
    assertEquals("2", none[0], none[1]);
    assertTrue(none[1].contains("no target"), none[1]);
  }
}
