package io.journeymap.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.journeymap.demo.DemoWorld;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged journeymap.jar as a Metabase plugin: every dependency that can clash with the
 * host's classpath is relocated, the plugin files sit at the jar root, and the driver loads from
 * the jar in a classloader of its own on a Java 21+ runtime, builds a store and answers queries
 * as the same driver does on the build's classpath.
 */
class ShadedJarIT {
  /** What may stay under its own name: our code, and what native code binds by name. */
  private static final List<String> KEPT = List.of("io/journeymap/", "org/duckdb/",
      "com/sun/jna/", "org/fusesource/jansi/", "org/jline/", "sqlline/", "META-INF/",
      "metabase/driver/", "metabase-plugin.yaml");
  /** Other versions of libraries Metabase carries, copied here by the build. */
  private static final Path HOST = Path.of("target/host-libraries");

  private static Path jar() {
    Path jar = Path.of("target/journeymap.jar");
    assertTrue(Files.isRegularFile(jar), "the shaded jar is built before this test: " + jar);
    return jar;
  }

  @Test
  void onlyOurCodeAndNativeBoundLibrariesKeepTheirNames() throws Exception {
    TreeSet<String> unrelocated = new TreeSet<>();
    TreeSet<String> roots = new TreeSet<>();
    try (JarFile j = new JarFile(jar().toFile())) {
      j.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).forEach(name -> {
        String path = name.startsWith("META-INF/versions/")
            ? name.replaceFirst("META-INF/versions/\\d+/", "") : name;
        if (path.endsWith(".class") && KEPT.stream().noneMatch(path::startsWith)) {
          unrelocated.add(path.substring(0, Math.max(0, path.lastIndexOf('/'))));
        }
        if (!name.contains("/")) {
          roots.add(name);
        }
      });
      assertTrue(unrelocated.isEmpty(), "classes left under their own names: " + unrelocated);
      assertTrue(j.getEntry("metabase-plugin.yaml") != null, "metabase-plugin.yaml at the root");
      assertTrue(j.getEntry("metabase/driver/journeymap.clj") != null);
      assertTrue(j.getEntry("metabase/driver/journeymap/sql.properties") != null);
      assertTrue(j.getEntry("io/journeymap/shaded/jackson/databind/ObjectMapper.class") != null);
      String services = new String(j.getInputStream(j.getEntry(
          "META-INF/services/java.sql.Driver")).readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(JourneymapDriver.class.getName(), services.strip().lines()
          .filter(l -> !l.startsWith("#")).findFirst().orElse(""));
    }
    assertTrue(roots.containsAll(List.of("metabase-plugin.yaml")), roots.toString());
  }

  /** A Java 21+ runtime: this JVM's if new enough, else a Temurin 21+ install on the machine. */
  private static Optional<Path> java21() {
    if (Runtime.version().feature() >= 21) {
      return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
    }
    String configured = System.getenv("JOURNEYMAP_JAVA21");
    if (configured != null) {
      return Optional.of(Path.of(configured));
    }
    try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      return jvms.filter(p -> p.getFileName().toString().matches("(temurin|java|jdk)-(2[1-9]|"
          + "[3-9]\\d)\\D.*")).sorted().map(p -> p.resolve("bin/java"))
          .filter(Files::isExecutable).findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  @Test
  void driverLoadsFromTheJarInItsOwnClassloaderOnJava21AndAnswers(@TempDir Path dir)
      throws Exception {
    Optional<Path> java = java21();
    assumeTrue(java.isPresent(), "no Java 21+ runtime found (this JVM, JOURNEYMAP_JAVA21 or"
        + " /usr/lib/jvm/<jdk>-21+); Metabase needs one, so the plugin check is skipped");
    List<String> host;
    try (Stream<Path> jars = Files.list(HOST)) {
      host = jars.map(p -> p.toAbsolutePath().toString()).sorted().toList();
    }
    assertTrue(host.size() >= 4, "host libraries: " + host);
    Path model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();

    List<String> command = new ArrayList<>(List.of(java.get().toString(), "-cp",
        Path.of("target/test-classes").toAbsolutePath().toString(),
        IsolatedDriverProbe.class.getName(), jar().toAbsolutePath().toString(),
        model.toString()));
    command.addAll(host);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe timed out");
    assertEquals(0, p.exitValue(), out);
    List<String> lines = out.lines().toList();
    assertTrue(Runtime.version().feature() >= 21
        || Integer.parseInt(lines.get(0).split(" ")[1]) >= 21, out);
    assertTrue(lines.contains("product Journeymap"), out);
    for (String host1 : List.of("com.fasterxml.jackson.databind.ObjectMapper",
        "org.yaml.snakeyaml.Yaml", "org.slf4j.LoggerFactory")) {
      assertTrue(lines.contains("host-class " + host1 + " true"), out);
    }
    assertEquals("done", lines.get(lines.size() - 1), out);

    // the store the isolated driver built answers the same through the build's classpath
    List<String> expected = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:journeymap:model=" + model);
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT status, count(*) FROM journeys GROUP BY status"
          + " ORDER BY status")) {
        while (r.next()) {
          expected.add("status " + r.getString(1) + " " + r.getLong(2));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT step, reached FROM funnel(steps =>"
          + " 'trial_started,setup_step_completed,subscription_paid') ORDER BY step")) {
        while (r.next()) {
          expected.add("funnel " + r.getInt(1) + " " + r.getLong(2));
        }
      }
    }
    assertTrue(expected.size() > 3, expected.toString());
    assertEquals(expected, lines.stream().filter(l -> l.startsWith("status ")
        || l.startsWith("funnel ")).toList());
    assertTrue(Files.list(dir).map(Path::toString).anyMatch(f -> f.endsWith(".duckdb")),
        "the isolated driver built the store" + File.separator);
  }
}
