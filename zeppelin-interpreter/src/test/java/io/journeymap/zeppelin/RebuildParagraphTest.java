package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.demo.DemoWorld;
import io.journeymap.zeppelin.Paragraphs.Shown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.zeppelin.interpreter.InterpreterResult.Code;
import org.apache.zeppelin.interpreter.InterpreterResult.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build started from a paragraph, or needed by one, shows its phases as it goes. */
class RebuildParagraphTest {
  @TempDir
  Path dir;

  @Test
  void theFirstParagraphShowsTheBuildItWaitsForAndARebuildCanBeAskedFor() throws Exception {
    Path model = new DemoWorld(120, 5).writeTo(dir, n -> { }).model();
    JourneyInterpreter journey = interpreter(Settings.MODEL, model.toString());
    try {
      Shown first = Paragraphs.run(journey, "SELECT count(*) AS journeys FROM journeys");
      assertEquals(Code.SUCCESS, first.code(), first.text());
      String log = first.of(Type.TEXT).get(0).getData();
      assertTrue(log.contains("ok identity") && log.contains("ok journeys"), log);
      long journeys = Long.parseLong(first.table(0).get(1)[0]);

      Shown current = Paragraphs.run(journey, "SELECT 1 AS one");
      assertTrue(current.of(Type.TEXT).isEmpty(), "a current store needs no build: "
          + current.text());

      Shown rebuilt = Paragraphs.run(journey, "SELECT count(*) AS journeys FROM journeys",
          Map.of("build", "full"));
      assertEquals(Code.SUCCESS, rebuilt.code(), rebuilt.text());
      String text = rebuilt.of(Type.TEXT).get(0).getData();
      assertTrue(text.contains("reading every source again") && text.contains("ok identity")
          && text.contains(String.format(java.util.Locale.ROOT, "%,d journeys", journeys)),
          text);
      assertEquals(journeys, Long.parseLong(rebuilt.table(0).get(1)[0]));

      Shown refresh = Paragraphs.run(journey, "", Map.of("build", "refresh"));
      assertEquals(Code.SUCCESS, refresh.code(), refresh.text());
      assertTrue(refresh.text().contains("reading only source files that changed")
          && refresh.text().contains("Built in"), refresh.text());
      assertTrue(refresh.of(Type.TABLE).isEmpty(), "a build-only paragraph has no table");

      Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
      journey.close();
      journey.open();
      Shown stale = Paragraphs.run(journey, "SELECT 1 AS one");
      assertTrue(stale.text().contains("ok identity"), "a model newer than its store is"
          + " rebuilt before the paragraph, visibly: " + stale.text());
    } finally {
      journey.close();
    }
  }

  @Test
  void aStoreOrAnUnknownBuildValueCannotBeRebuiltAndSaysWhy() throws Exception {
    Path model = new DemoWorld(120, 5).writeTo(dir, n -> { }).model();
    JourneyInterpreter byModel = interpreter(Settings.MODEL, model.toString());
    Path store;
    try {
      assertEquals(Code.SUCCESS, Paragraphs.run(byModel, "SELECT 1").code());
      Shown odd = Paragraphs.run(byModel, "SELECT 1", Map.of("build", "sometimes"));
      assertEquals(Code.ERROR, odd.code());
      assertTrue(odd.text().contains("allowed: refresh"), odd.text());
      store = io.journeymap.model.ModelLoader.load(model).defaultStore();
    } finally {
      byModel.close();
    }
    JourneyInterpreter byStore = interpreter(Settings.URL, "jdbc:journeymap:store=" + store);
    try {
      Shown refused = Paragraphs.run(byStore, "SELECT 1", Map.of("build", "refresh"));
      assertEquals(Code.ERROR, refused.code());
      assertTrue(refused.text().contains("build= needs a model"), refused.text());
    } finally {
      byStore.close();
    }
  }

  private static JourneyInterpreter interpreter(String key, String value) throws Exception {
    Properties p = new Properties();
    p.setProperty(key, value);
    JourneyInterpreter i = new JourneyInterpreter(p);
    i.open();
    return i;
  }
}
