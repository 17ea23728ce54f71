package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelProblem;
import java.util.List;

/** Turns a problem found while building into a located model error. */
final class ModelErrors {
  private ModelErrors() {}

  static ModelException at(JourneyModel model, String pointer, String message) {
    int[] at = model.locations().valueAt(pointer);
    return new ModelException(List.of(new ModelProblem(model.file(), at[0], at[1], message)));
  }
}
