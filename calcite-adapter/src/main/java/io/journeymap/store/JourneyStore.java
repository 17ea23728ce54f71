package io.journeymap.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * A built journey store opened for queries. One DuckDB engine per store file and JVM, shared by
 * all connections through {@code duplicate()}; when a new build replaces the file, the next open
 * sees the new build while open connections finish on the old one.
 *
 * <p>The engine is an in-memory database with the store attached read-only as catalog
 * {@value #CATALOG}, so {@code journey.journeys} and plain {@code journeys} both resolve. Before
 * any user query it is locked down: times in UTC, no file or network access (a view in a foreign
 * file cannot read {@code /etc/passwd}), a memory limit, and configuration locked so no query
 * can undo any of it.
 */
public final class JourneyStore {
  /** The name SQL sees the store under: catalog, and the schema tools are shown. */
  public static final String CATALOG = "journey";

  /** Open stores by the path users gave; guarded by its own lock. */
  private static final Map<Path, JourneyStore> OPEN = new HashMap<>();

  private final Path file;
  private final long modified;
  private final DuckDBConnection root;
  /** Open uses (guarded by OPEN): connections that were handed this build. */
  private int users;
  private boolean superseded;

  private JourneyStore(Path file, long modified, DuckDBConnection root) {
    this.file = file;
    this.modified = modified;
    this.root = root;
  }

  /**
   * Opens (or reuses) the store at {@code file}. A build publishes each version under its own
   * file name behind the store path (a symbolic link), so a changed target means a new build.
   */
  public static JourneyStore open(Path file) throws SQLException {
    Path key = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(key)) {
      throw new SQLException("no journey store at " + key
          + " (build it with: journeymap build --model <model.yaml>)");
    }
    Path target;
    long modified;
    try {
      target = key.toRealPath();
      modified = Files.getLastModifiedTime(target).toMillis();
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read " + key, e);
    }
    synchronized (OPEN) {
      JourneyStore current = OPEN.get(key);
      if (current != null && current.file.equals(target) && current.modified == modified) {
        current.users++;
        return current;
      }
      JourneyStore store = new JourneyStore(target, modified, engine(target));
      store.users++;
      OPEN.put(key, store);
      if (current != null) {
        // users of the old build keep it open until they release it
        current.superseded = true;
        current.closeIfUnused();
      }
      return store;
    }
  }

  /** Ends one use begun by {@link #open}; a replaced build is closed after its last user. */
  public void release() {
    synchronized (OPEN) {
      users--;
      closeIfUnused();
    }
  }

  /** The in-memory engine with the store attached and everything else locked away. */
  private static DuckDBConnection engine(Path target) throws SQLException {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
    try (Statement s = root.createStatement()) {
      s.execute("ATTACH " + literal(target.toString()) + " AS " + CATALOG + " (READ_ONLY)");
      // locked before the first read: even build_info could be a view in a foreign file
      s.execute("USE " + CATALOG);
      s.execute("SET TimeZone = 'UTC'");
      // queries run under a memory bound and spill beyond it, instead of taking the machine
      s.execute("SET memory_limit = '" + memoryLimitMb() + "MB'");
      s.execute("SET temp_directory = " + literal(spillDirectory()));
      s.execute("SET enable_external_access = false");
      s.execute("SET autoinstall_known_extensions = false");
      s.execute("SET autoload_known_extensions = false");
      s.execute("SET lock_configuration = true");
      requireJourneyStore(root);
      // the first query of a session pays for the parser's and JSON functions' first use
      s.executeQuery("SELECT json_serialize_sql('SELECT 1')").close();
    } catch (SQLException e) {
      root.close();
      throw e;
    }
    return root;
  }

  /**
   * The engine's memory bound in MB: {@code -Djourneymap.query.memory=<MB>}, else half of the
   * machine's memory (the JVM and the building process need the rest).
   */
  static long memoryLimitMb() {
    Long configured = Long.getLong("journeymap.query.memory");
    if (configured != null && configured > 0) {
      return configured;
    }
    return halfOfMachineMemoryMb();
  }

  /** Half of this machine's memory in MB (at least 256): the default bound of an engine. */
  public static long halfOfMachineMemoryMb() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long total = os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getTotalMemorySize() : 4L << 30;
    return Math.max(256, total / 2 / (1 << 20));
  }

  private static String spillDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "journeymap-spill").toString();
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private void closeIfUnused() {
    if (superseded && users <= 0) {
      try {
        root.close();
      } catch (SQLException ignored) {
        // closing a read-only database cannot lose anything
      }
    }
  }

  private static void requireJourneyStore(DuckDBConnection c) throws SQLException {
    int format;
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*) FROM " + CATALOG + ".main.build_info")) {
      r.next();
    } catch (SQLException e) {
      throw new SQLException("not a journey store (no build_info table)", e);
    }
    try (Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT max(store_format) FROM " + CATALOG
             + ".main.build_info")) {
      r.next();
      format = r.getInt(1);
    } catch (SQLException e) {
      format = 1; // the first layout had no version column
    }
    if (format == 0) {
      throw new SQLException("not a complete journey store: its build did not finish (rebuild"
          + " it with 'journeymap build --model <model file>')");
    }
    if (format != StoreCatalogue.FORMAT) {
      throw new SQLException("this journey store has layout version " + format + " but this"
          + " Journeymap reads version " + StoreCatalogue.FORMAT + ": rebuild it with"
          + " 'journeymap build --model <model file>' (a model= connection rebuilds it itself)");
    }
  }

  public Path file() {
    return file;
  }

  /** A new connection to the store, its default catalog the store; close it when done. */
  public DuckDBConnection connect() throws SQLException {
    DuckDBConnection c = (DuckDBConnection) root.duplicate();
    try (Statement s = c.createStatement()) {
      s.execute("USE " + CATALOG);
    }
    return c;
  }
}
