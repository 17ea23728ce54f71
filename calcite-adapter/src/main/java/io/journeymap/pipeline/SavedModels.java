package io.journeymap.pipeline;

import io.journeymap.insight.ScoreModel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Conversion models saved beside a store: {@code <store>.models/<version>.model}, one file per
 * version (older ones stay, for comparison and for stores that still name them), and {@code
 * <store>.models/current}, the version the next build scores with.
 *
 * <p>A file is a header line, a layout number, then the {@link ScoreModel} in Java
 * serialization. Smile 2.6's models are {@code Serializable}; a form of our own would have to
 * rebuild Smile's trees, whose constructors are not public, or re-implement their evaluation and
 * TreeSHAP. Reading accepts only the classes a model is made of (an {@link ObjectInputFilter}),
 * so a tampered file cannot make anything else; whatever cannot be read is reported as {@link
 * Unreadable} with the reason, and the build then fits a new model and says so.
 *
 * <p>The jars relocate Smile into their own packages ({@code journeymap.jar} to {@code
 * io.journeymap.shaded.smile}; the Zeppelin jar and the plain classpath keep {@code smile}), so
 * a model written by one is read by another: Smile classes are looked up under this runtime's
 * Smile package, whatever package the writer had. It is the same Smile (2.6.0 only) in every
 * jar.
 */
public final class SavedModels {
  /**
   * Layout of a model file; a file of another layout is refused (and a build refits). 2: each
   * evaluation's calibration holds the observed against the expected count.
   */
  static final int FORMAT = 2;
  private static final String HEADER = "journeymap conversion model";
  private static final String CURRENT = "current";
  private static final String SUFFIX = ".model";
  /** The classes a saved model is made of; everything else is rejected while reading. */
  /** This runtime's Smile package: {@code smile}, or where a jar relocated it. */
  private static final String SMILE = smilePackage();
  private static final ObjectInputFilter CLASSES = ObjectInputFilter.Config.createFilter(
      "maxdepth=64;maxrefs=1000000;maxbytes=268435456;io.journeymap.insight.*;"
          + "io.journeymap.stats.*;" + SMILE + ".**;java.lang.*;java.util.*;java.time.*;!*");

  /** Why a saved model cannot be used, in words. */
  public static final class Unreadable extends Exception {
    Unreadable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private SavedModels() {}

  /** The folder of {@code store}'s saved models. */
  public static Path directory(Path store) {
    Path s = store.toAbsolutePath();
    return s.resolveSibling(s.getFileName() + ".models");
  }

  /** The file of one version of {@code store}'s model. */
  public static Path file(Path store, String version) {
    if (!version.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("not a model version: " + version);
    }
    return directory(store).resolve(version + SUFFIX);
  }

  /**
   * The model the next build of {@code store} scores with; empty when none was saved.
   *
   * @throws Unreadable when one is named but cannot be read
   */
  public static Optional<ScoreModel> current(Path store) throws Unreadable {
    Path pointer = directory(store).resolve(CURRENT);
    String version;
    try {
      version = Files.readString(pointer, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new Unreadable("cannot read " + pointer + ": " + e.getMessage(), e);
    }
    try {
      return Optional.of(read(file(store, version)));
    } catch (IllegalArgumentException e) {
      throw new Unreadable(pointer + " names no model version ('" + version + "')", e);
    }
  }

  /** The saved model in {@code file}, checked to be the version its name says. */
  public static ScoreModel read(Path file) throws Unreadable {
    String name = file.getFileName().toString();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      DataInputStream data = new DataInputStream(in);
      String header;
      int format;
      try {
        header = data.readUTF();
        format = data.readInt();
      } catch (IOException e) {
        throw new Unreadable(file + " is not a saved Journeymap model (no header)", e);
      }
      if (!header.equals(HEADER)) {
        throw new Unreadable(file + " is not a saved Journeymap model", null);
      }
      if (format != FORMAT) {
        throw new Unreadable(file + " has model file layout " + format + "; this Journeymap"
            + " reads layout " + FORMAT, null);
      }
      ObjectInputStream objects = new ModelInput(in);
      objects.setObjectInputFilter(CLASSES);
      Object read = objects.readObject();
      if (!(read instanceof ScoreModel model)) {
        throw new Unreadable(file + " holds no conversion model", null);
      }
      if (!name.equals(model.version() + SUFFIX)) {
        throw new Unreadable(file + " holds model " + model.version() + ", not the version"
            + " its name says", null);
      }
      return model;
    } catch (NoSuchFileException e) {
      throw new Unreadable(file + " does not exist", e);
    } catch (InvalidClassException e) {
      throw new Unreadable(file + " was written by another version of Journeymap or is"
          + " damaged (" + e.getMessage() + ")", e);
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      throw new Unreadable(file + " is damaged or incomplete (" + e + ")", e);
    }
  }

  /**
   * Writes {@code model} as its version's file (through a temporary file, so a reader never
   * sees half of one). It does not become current: {@link #makeCurrent} does that once the
   * store that uses it is in place.
   */
  static Path write(Path store, ScoreModel model) throws IOException {
    Path target = file(store, model.version());
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid()
        + ".writing");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(HEADER);
        data.writeInt(FORMAT);
        data.flush();
        ObjectOutputStream objects = new ObjectOutputStream(out);
        objects.writeObject(model);
        objects.flush();
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  private static String smilePackage() {
    String p = smile.classification.GradientTreeBoost.class.getPackageName();
    return p.substring(0, p.length() - ".classification".length());
  }

  /**
   * {@code name} (a class or array class name as serialization writes it) with a Smile class
   * under this runtime's Smile package, e.g. {@code io.journeymap.shaded.smile.util.IntSet} to
   * {@code smile.util.IntSet}; other names unchanged.
   */
  static String localName(String name) {
    int dims = 0;
    while (dims < name.length() && name.charAt(dims) == '[') {
      dims++;
    }
    if (dims > 0 && !(name.charAt(dims) == 'L' && name.endsWith(";"))) {
      return name; // an array of a primitive type
    }
    String element = dims == 0 ? name : name.substring(dims + 1, name.length() - 1);
    String rest;
    if (element.startsWith("smile.")) {
      rest = element.substring("smile.".length());
    } else if (element.contains(".smile.")) {
      rest = element.substring(element.indexOf(".smile.") + ".smile.".length());
    } else {
      return name;
    }
    String local = SMILE + "." + rest;
    return dims == 0 ? local : "[".repeat(dims) + "L" + local + ";";
  }

  /**
   * Reads Smile classes written under another package as this runtime's: their descriptors
   * are replaced by the local class's (the same Smile, so the same fields); every other class
   * keeps the usual checks, the serial version among them.
   */
  private static final class ModelInput extends ObjectInputStream {
    ModelInput(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected ObjectStreamClass readClassDescriptor() throws IOException,
        ClassNotFoundException {
      ObjectStreamClass written = super.readClassDescriptor();
      String local = localName(written.getName());
      if (local.equals(written.getName())) {
        return written;
      }
      ObjectStreamClass here = ObjectStreamClass.lookup(Class.forName(local, false,
          SavedModels.class.getClassLoader()));
      if (here == null) {
        throw new InvalidClassException(written.getName(), "not serializable as " + local);
      }
      return here;
    }
  }

  /** Makes {@code version} the model the next build of {@code store} scores with. */
  static void makeCurrent(Path store, String version) throws IOException {
    Path pointer = directory(store).resolve(CURRENT);
    Path temp = pointer.resolveSibling(CURRENT + "." + ProcessHandle.current().pid()
        + ".writing");
    Files.writeString(temp, version + "\n", StandardCharsets.UTF_8);
    Files.move(temp, pointer, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
