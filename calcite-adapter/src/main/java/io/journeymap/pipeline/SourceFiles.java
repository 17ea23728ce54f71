package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.stream.Stream;

/**
 * What a store was built from, so a store older than its data is rebuilt instead of served
 * silently: a day's rows appended to an export, a new file matching a glob (whatever its
 * modification time: copies made with {@code cp -p} or {@code mv} keep an old one), a removed
 * file, an edited model. Database and query sources cannot be watched this way ({@code journeymap
 * build} refreshes them).
 */
final class SourceFiles {
  private SourceFiles() {}

  /**
   * The model file and every file its file sources name, each with its size and modification
   * time, one per line: two listings are equal exactly when no watched file was added, removed
   * or changed.
   */
  static String listing(JourneyModel model) throws IOException {
    StringBuilder out = new StringBuilder();
    line(out, "model", model.file().toAbsolutePath().normalize());
    for (Source s : model.sources()) {
      if (s.format() == null || !(s.format().isFile() || s.format() == Source.Format.DUCKDB)
          || s.location() == null) {
        continue;
      }
      for (Path p : matches(model.baseDir(), s.location())) {
        line(out, s.name(), p);
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String owner, Path file) throws IOException {
    out.append(owner).append('\t').append(file).append('\t').append(Files.size(file))
        .append('\t').append(Files.getLastModifiedTime(file).toMillis()).append('\n');
  }

  /** Where a store keeps the listing of what it was built from. */
  static Path listingFile(Path store) {
    return store.resolveSibling(store.getFileName() + ".sources");
  }

  /** The files a location names: itself, or a glob's matches in path order. */
  static java.util.List<Path> matches(Path base, String location) throws IOException {
    Path path = base.resolve(location).normalize();
    boolean glob = location.contains("*") || location.contains("?") || location.contains("[");
    if (!glob) {
      return Files.exists(path) ? java.util.List.of(path) : java.util.List.of();
    }
    // walk from the deepest folder without wildcards
    Path root = path.getRoot() == null ? base : path.getRoot();
    for (Path part : path) {
      String p = part.toString();
      if (p.contains("*") || p.contains("?") || p.contains("[")) {
        break;
      }
      root = root.resolve(p);
    }
    if (!Files.isDirectory(root)) {
      return java.util.List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
