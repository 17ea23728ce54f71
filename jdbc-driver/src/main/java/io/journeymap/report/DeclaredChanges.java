package io.journeymap.report;

import io.journeymap.model.Change;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The business changes the model declares ({@code changes:}). The store keeps only those near
 * an anomaly, so the report reads the model file: the one given, else the one the store was
 * built from when it is still at hand.
 *
 * @param known false when no model file could be read: the report says so rather than
 *     implying that nothing was declared
 */
public record DeclaredChanges(List<Change> changes, boolean known) {
  public DeclaredChanges {
    changes = List.copyOf(changes);
  }

  public static final DeclaredChanges UNKNOWN = new DeclaredChanges(List.of(), false);

  /** The changes of {@code model}, or of the store's own model file when {@code model} is null. */
  public static DeclaredChanges of(Path model, Connection store) throws SQLException {
    if (model != null) {
      return new DeclaredChanges(ModelLoader.load(model).changes(), true);
    }
    String built = Rows.one(store, "SELECT model FROM build_info", r -> r.getString(1));
    if (built == null) {
      return UNKNOWN;
    }
    try {
      Path file = Path.of(built);
      if (!Files.isRegularFile(file)) {
        return UNKNOWN;
      }
      return new DeclaredChanges(ModelLoader.load(file).changes(), true);
    } catch (InvalidPathException | ModelException e) {
      return UNKNOWN; // the file changed into something else since the build
    }
  }
}
