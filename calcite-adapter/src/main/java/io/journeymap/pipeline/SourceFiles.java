package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

/**
 * When a model's file sources last changed, so a store older than its data is rebuilt instead
 * of served silently: a day's rows appended to an export, or a new file matching a glob.
 * Database and query sources cannot be watched this way; {@code journeymap build} refreshes
 * them.
 */
final class SourceFiles {
  private SourceFiles() {}

  /** The latest modification among the model file and its file sources' files. */
  static FileTime latestChange(JourneyModel model, Path modelFile) throws IOException {
    FileTime latest = Files.getLastModifiedTime(modelFile);
    for (Source s : model.sources()) {
      if (s.format() == null || !(s.format().isFile() || s.format() == Source.Format.DUCKDB)
          || s.location() == null) {
        continue;
      }
      for (Path p : matches(model.baseDir(), s.location())) {
        FileTime t = Files.getLastModifiedTime(p);
        if (t.compareTo(latest) > 0) {
          latest = t;
        }
      }
    }
    return latest;
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
