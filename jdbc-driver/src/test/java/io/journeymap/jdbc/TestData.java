package io.journeymap.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Locates the shared public data sets (bpic2012, completejourney) near the project checkout. */
final class TestData {
  private TestData() {}

  /** The folder holding bpic2012/ and completejourney/, searched upward from the module dir. */
  static Optional<Path> sharedData() {
    String configured = System.getProperty("JOURNEYMAP_DATA", System.getenv("JOURNEYMAP_DATA"));
    if (configured != null) {
      return Optional.of(Path.of(configured));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      for (Path candidate : new Path[] {p.resolve("shared/data"), p.resolve("../shared/data")}) {
        if (Files.isDirectory(candidate.resolve("bpic2012"))) {
          return Optional.of(candidate.normalize());
        }
      }
    }
    return Optional.empty();
  }

  /** The project root (where docs/ lives), from the module directory. */
  static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
  }
}
