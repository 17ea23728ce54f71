package io.journeymap.pipeline;

import io.journeymap.demo.DemoWorld;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelLoader;
import io.journeymap.store.StoreCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds the store for a model, building it when it is missing or was built from other files
 * than the model and its file sources are now ({@link SourceFiles}), and sets up the built-in
 * demo. A lock file keeps two processes from building the same store at once.
 */
public final class StoreLocator {
  /** Persons in the built-in demo (about 20 events each). */
  public static final int DEMO_PERSONS = 20_000;
  public static final long DEMO_SEED = 42;

  private StoreLocator() {}

  /** Where Journeymap keeps its own files: {@code $JOURNEYMAP_HOME} or {@code ~/.journeymap}. */
  public static Path home() {
    String env = System.getenv("JOURNEYMAP_HOME");
    String prop = System.getProperty("journeymap.home");
    if (prop != null) {
      return Path.of(prop);
    }
    return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".journeymap");
  }

  /** The store for {@code modelFile} (or {@code store} if given), built if needed. */
  public static Path forModel(Path modelFile, Path store, BuildListener listener) {
    JourneyModel model = ModelLoader.load(modelFile);
    Path target = (store != null ? store : model.defaultStore()).toAbsolutePath();
    try {
      if (isCurrent(target, model)) {
        return target;
      }
      buildLocked(model, target, listener, () -> isCurrent(target, model),
          BuildSettings.defaults());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(cannotWrite(target, e), e);
    }
  }

  /** A build the caller asked for: always builds, but never beside another build. */
  public static BuildSummary build(JourneyModel model, Path store, BuildListener listener) {
    return build(model, store, listener, BuildSettings.defaults());
  }

  /** {@link #build(JourneyModel, Path, BuildListener)} with explicit resource settings. */
  public static BuildSummary build(JourneyModel model, Path store, BuildListener listener,
      BuildSettings settings) {
    Path target = store.toAbsolutePath();
    try {
      return buildLocked(model, target, listener, () -> false, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(cannotWrite(target, e), e);
    }
  }

  private interface Check {
    boolean done() throws IOException;
  }

  /**
   * Builds under the store's lock file, so two builds of one store (two CLI runs, a CLI run and
   * a driver) never run at once; the second waits, then finds the first's result.
   */
  private static BuildSummary buildLocked(JourneyModel model, Path target,
      BuildListener listener, Check current, BuildSettings settings) throws IOException {
    Files.createDirectories(target.getParent());
    try (FileChannel lockFile = FileChannel.open(target.resolveSibling(
             target.getFileName() + ".lock"), StandardOpenOption.CREATE,
             StandardOpenOption.WRITE);
         FileLock ignored = lockFile.lock()) {
      if (current.done()) {
        return null;
      }
      return new JourneyBuilder(model, target, listener, settings).build();
    }
  }

  /** Why a store cannot be prepared, and what to do, e.g. for a teammate without write access. */
  private static String cannotWrite(Path target, IOException e) {
    String reason = e instanceof java.nio.file.AccessDeniedException
        ? "no permission to write in " + target.getParent()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
    return "cannot prepare the store " + target + " (" + reason + "): the store is missing or"
        + " older than its model, so it must be built; build it where you may write with"
        + " 'journeymap build --model <model> --store <writable path>' and connect with"
        + " store=<that path>, or ask the store's owner to rebuild it";
  }

  /** The built-in demo model, generating the demo data first if this machine has none. */
  public static Path demoModel(BuildListener listener) {
    return demoModel(DEMO_PERSONS, listener);
  }

  /** A demo of {@code persons} persons (its own folder per size). */
  public static Path demoModel(int persons, BuildListener listener) {
    Path dir = home().resolve(persons == DEMO_PERSONS ? "demo" : "demo-" + persons);
    Path model = dir.resolve("journey.yaml");
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"),
               StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock ignored = lockFile.lock()) {
        // the generator writes its version: data of an older generator are made anew
        Path version = dir.resolve("demo.version");
        boolean current = Files.exists(model) && Files.exists(version)
            && Files.readString(version).trim().equals(DemoWorld.VERSION);
        if (!current) {
          long t = System.nanoTime();
          listener.phase("demo data");
          DemoWorld.Written w = new DemoWorld(persons, DEMO_SEED).writeTo(dir,
              n -> listener.progress("persons", n, persons));
          listener.done("demo data", String.format(java.util.Locale.ROOT,
              "%,d persons, %,d raw rows in %s", persons, w.rows(), dir),
              (System.nanoTime() - t) / 1e9);
          Files.writeString(version, DemoWorld.VERSION + "\n");
        }
      }
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo data under " + dir, e);
    }
  }

  /**
   * Built from this model's current text and its file sources' current files, in this
   * version's store layout.
   */
  private static boolean isCurrent(Path store, JourneyModel model) throws IOException {
    Path format = JourneyBuilder.formatFile(store);
    Path listing = SourceFiles.listingFile(store);
    return Files.exists(store)
        && Files.exists(format)
        && Files.readString(format).trim().equals(Integer.toString(StoreCatalogue.FORMAT))
        && Files.exists(listing)
        && Files.readString(listing).equals(SourceFiles.listing(model));
  }
}
