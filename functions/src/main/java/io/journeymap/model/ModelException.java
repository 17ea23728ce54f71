package io.journeymap.model;

import java.util.List;
import java.util.stream.Collectors;

/** A model file that cannot be used, with every problem found (not just the first). */
public final class ModelException extends RuntimeException {
  private final List<ModelProblem> problems;

  public ModelException(List<ModelProblem> problems) {
    super(problems.stream().map(ModelProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<ModelProblem> problems() {
    return problems;
  }
}
