package io.journeymap.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects located problems so one validation run reports all of them. */
final class Problems {
  private final Path file;
  private final SourceMap map;
  private final List<ModelProblem> found = new ArrayList<>();

  Problems(Path file, SourceMap map) {
    this.file = file;
    this.map = map;
  }

  void atValue(String pointer, String message) {
    int[] at = map.valueAt(pointer);
    found.add(new ModelProblem(file, at[0], at[1], message));
  }

  void atKey(String pointer, String message) {
    int[] at = map.keyAt(pointer);
    found.add(new ModelProblem(file, at[0], at[1], message));
  }

  void throwIfAny() {
    if (!found.isEmpty()) {
      throw new ModelException(found);
    }
  }
}
