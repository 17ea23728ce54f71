package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.pipeline.ModelFuzzTest.Mutant;
import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds mutants of the demo model that load ({@link ModelFuzzTest}'s, same seed) on 30 demo
 * persons: every build either succeeds or fails with a located model error or a build error with
 * a message, never with a raw SQL, null pointer or arithmetic exception.
 */
class ModelFuzzBuildTest {
  /** Random loadable mutants built beside the edge cases below. */
  private static final int RANDOM_BUILDS = 8;

  /** Edge cases whose trouble only a build can show (limits of instants, paths, SQL rules). */
  private static final Set<String> EDGE_BUILDS = Set.of("window 100 years",
      "as_of 9999-12-31", "as_of before the data", "time_range one day",
      "key plan_tier", "subject account", "failure support ticket", "rule 3000 terms",
      "rule division by zero", "rule product overflow", "path folder", "path glob of all",
      "path the model itself", "event rule sql statements", "event rule bad cast",
      "query of two statements", "strptime with zone", "min_count max int");

  @TempDir
  Path dir;

  @Test
  void loadableMutantsBuildOrFailWithAClearError() throws Exception {
    long started = System.nanoTime();
    String demo = ModelFuzzTest.baseModels().get("demo");
    List<Mutant> edges = new ArrayList<>();
    List<Mutant> preferred = new ArrayList<>();
    List<Mutant> others = new ArrayList<>();
    for (Mutant m : ModelFuzzTest.mutants(Map.of("demo", demo))) {
      if (m.text() == null || !loads(m)) {
        continue;
      }
      String c = ModelFuzzTest.category(m);
      if (m.base().equals("demo-edge")) {
        if (EDGE_BUILDS.contains(m.label().substring("edge ".length()))) {
          edges.add(m);
        }
      } else if (c.startsWith("text") || c.equals("rename") || c.equals("remove")
          || c.equals("string") || c.equals("number")) {
        others.add(m);
      } else {
        preferred.add(m); // changes what the build reads: times, events, rules, identity
      }
    }
    assertEquals(EDGE_BUILDS.size(), edges.size(), () -> "every edge case to build loads, but"
        + " not all of " + EDGE_BUILDS + " are among " + edges.stream().map(Mutant::label)
        .toList());
    Random random = new Random(7);
    Collections.shuffle(preferred, random);
    Collections.shuffle(others, random);
    List<Mutant> sample = new ArrayList<>(edges);
    sample.addAll(preferred.subList(0, Math.min(preferred.size(), RANDOM_BUILDS * 3 / 4)));
    sample.addAll(others.subList(0, Math.min(others.size(), RANDOM_BUILDS / 4)));

    Path data = dir.resolve("data");
    new DemoWorld(30, 1).writeTo(data, n -> { });
    List<String> failures = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    Map<String, Integer> buildErrors = new TreeMap<>();
    int ok = 0;
    int modelErrors = 0;
    int n = 0;
    for (Mutant m : sample) {
      Path file = data.resolve("fuzz" + n + ".yaml");
      Path store = dir.resolve("stores").resolve("s" + n++ + ".duckdb");
      Files.writeString(file, m.text());
      try {
        JourneyModel model = ModelLoader.load(file);
        BuildSummary summary = new JourneyBuilder(model, store, BuildListener.SILENT).build();
        outcomes.add(m.label() + ": built, " + summary.journeys() + " journeys");
        ok++;
      } catch (ModelException e) {
        outcomes.add(m.label() + ": " + firstLine(e.problems().get(0).toString()));
        String bad = ModelFuzzTest.unlocated(e);
        if (bad != null) {
          failures.add(bad + ": " + m.describe());
        }
        modelErrors++;
      } catch (BuildException e) {
        outcomes.add(m.label() + ": " + firstLine(e.getMessage()));
        buildErrors.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
        String unclear = unclear(e);
        if (unclear != null) {
          failures.add(unclear + ": " + m.describe());
        }
      } catch (Throwable e) {
        failures.add(e + " at " + ModelFuzzTest.where(e) + ": " + m.describe());
      }
    }
    int errors = buildErrors.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT, "model fuzzer builds: %d in %.1f s (%d edge cases, %d random"
            + " mutants): %d ok, %d model errors, %d build errors, %d failures%n", sample.size(),
        (System.nanoTime() - started) / 1e9, edges.size(), sample.size() - edges.size(), ok,
        modelErrors, errors, failures.size());
    outcomes.forEach(o -> System.out.println("  " + o));
    assertTrue(failures.isEmpty(), failures.size() + " builds failed badly:\n"
        + String.join("\n", failures));
    assertTrue(ok > 0 && modelErrors > 0, "both outcomes of a build are sampled");
  }

  /** The first line of a message, its folder names dropped and cut at 200 characters. */
  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("");
    line = line.replaceAll("/[^ :']*/", "");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static boolean loads(Mutant m) {
    try {
      ModelLoader.parse(Path.of("journey.yaml"), m.text());
      return true;
    } catch (RuntimeException | StackOverflowError e) {
      return false; // ModelFuzzTest reports these
    }
  }

  /** A build error is clear when it has a message and no programming error behind it. */
  private static String unclear(BuildException e) {
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return "BuildException without a message";
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof NullPointerException || t instanceof ArithmeticException
          || t instanceof IndexOutOfBoundsException || t instanceof ClassCastException
          || t instanceof IllegalStateException) {
        return "BuildException caused by " + t;
      }
    }
    return null;
  }
}
