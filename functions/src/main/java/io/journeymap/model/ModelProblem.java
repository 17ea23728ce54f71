package io.journeymap.model;

import java.nio.file.Path;

/** One mistake in a model file, located so an editor can jump to it. */
public record ModelProblem(Path file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
