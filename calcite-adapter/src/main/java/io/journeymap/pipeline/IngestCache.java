package io.journeymap.pipeline;

import io.journeymap.store.StoreCatalogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * The mapped rows of each source file, kept beside the store ({@code <store>.ingest}) so the next
 * build reads and maps only files that are new or changed: a day's export added to a glob costs
 * that day's rows, not the whole history.
 *
 * <p>A file's rows are found by two keys: the <em>mapping</em> (a hash of the exact SQL that maps
 * the source's rows, which spells out every model setting that affects them, with the engine's
 * version and the store format) and the <em>part</em> (the file's path, size and modification
 * time). Editing a source's mapping therefore re-reads that source; editing a stage re-reads
 * nothing. Later phases (identity, journeys, stages, analyses) always run over all rows, so a
 * build that reuses files gives exactly the store a build from scratch gives.
 *
 * <p>Sources that are not files (a database table, a query, a JDBC table) change without a
 * trace on disk: they are read whole on every build, into the build's scratch schema instead.
 */
final class IngestCache implements AutoCloseable {
  static final String CATALOG = "ingest_cache";
  /** Bumped when the layout of the cached tables changes. */
  private static final int LAYOUT = 4;

  private final DuckDBConnection db;
  private final String engineVersion;
  private final Set<String> used = new LinkedHashSet<>();

  private IngestCache(DuckDBConnection db, String engineVersion) {
    this.db = db;
    this.engineVersion = engineVersion;
  }

  /** The cache file of a store. */
  static Path fileFor(Path store) {
    return store.resolveSibling(store.getFileName() + ".ingest");
  }

  /**
   * Attaches the store's cache to the build's engine; with {@code reuse} false the old cache is
   * deleted first, so every file is read again.
   */
  static IngestCache attach(DuckDBConnection db, Path store, boolean reuse)
      throws SQLException, IOException {
    Path file = fileFor(store);
    if (!reuse) {
      delete(file);
    }
    try {
      attachFile(db, file);
      if (!hasLayout(db)) {
        // written by another version: its rows may be shaped differently
        try (Statement s = db.createStatement()) {
          s.execute("DETACH " + CATALOG);
        }
        delete(file);
        attachFile(db, file);
      }
    } catch (SQLException e) {
      // a cache that does not open is only lost time, never lost data: start a new one
      delete(file);
      attachFile(db, file);
    }
    String version;
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT version()")) {
      r.next();
      version = r.getString(1);
    }
    return new IngestCache(db, version);
  }

  private static void attachFile(DuckDBConnection db, Path file) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("ATTACH " + Sql.literal(file.toString()) + " AS " + CATALOG);
      s.execute("CREATE TABLE IF NOT EXISTS " + CATALOG + ".layout AS SELECT " + LAYOUT
          + " AS layout");
      s.execute("CREATE TABLE IF NOT EXISTS " + CATALOG + ".parts (mapping VARCHAR,"
          + " part VARCHAR, file VARCHAR, rows BIGINT, accepted BIGINT, unreadable BIGINT,"
          + " read_at TIMESTAMP, high_water VARCHAR, note VARCHAR,"
          + " PRIMARY KEY (mapping, part))");
      s.execute("CREATE TABLE IF NOT EXISTS " + CATALOG + ".times (phase VARCHAR,"
          + " seconds DOUBLE, rows_read BIGINT)");
    }
  }

  private static boolean hasLayout(DuckDBConnection db) throws SQLException {
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT layout FROM " + CATALOG + ".layout")) {
      return r.next() && r.getInt(1) == LAYOUT;
    }
  }

  private static void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
  }

  /** The mapping key of a source: its mapping SQL with everything else that shapes the rows. */
  String mappingKey(String mappingSql, String readOptions) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String all = LAYOUT + "\n" + StoreCatalogue.FORMAT + "\n" + engineVersion + "\n"
          + readOptions + "\n" + mappingSql;
      return HexFormat.of().formatHex(sha.digest(all.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The part key of a file: where it is, how long it is, when it last changed. */
  static String partKey(Path file) throws IOException {
    return file.toAbsolutePath() + "|" + Files.size(file) + "|"
        + Files.getLastModifiedTime(file).toMillis();
  }

  /** Rows, accepted rows and unreadable lines of a cached part, or null when it is not cached. */
  Part part(String mapping, String part) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("SELECT rows, accepted, unreadable,"
        + " high_water, note FROM " + CATALOG + ".parts WHERE mapping = ? AND part = ?")) {
      p.setString(1, mapping);
      p.setString(2, part);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? new Part(part, r.getLong(1), r.getLong(2), r.getLong(3),
            r.getString(4), r.getString(5)) : null;
      }
    }
  }

  /** Every cached part of a mapping, in the order they were read. */
  List<Part> parts(String mapping) throws SQLException {
    List<Part> out = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT part, rows, accepted, unreadable,"
        + " high_water, note FROM " + CATALOG + ".parts WHERE mapping = ?"
        + " ORDER BY read_at, rowid")) {
      p.setString(1, mapping);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new Part(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
              r.getString(5), r.getString(6)));
        }
      }
    }
    return out;
  }

  /** Forgets every part of a mapping, e.g. when rows changed behind a high-water mark. */
  void drop(String mapping) throws SQLException {
    try (Statement s = db.createStatement()) {
      for (String t : List.of("rows_", "rejected_", "unreadable_")) {
        s.execute("DROP TABLE IF EXISTS " + CATALOG + "." + t + mapping);
      }
      s.execute("DELETE FROM " + CATALOG + ".parts WHERE mapping = " + Sql.literal(mapping));
    }
  }

  /** The phase times of the last build of this store, or none. */
  PhaseTimes previousTimes() throws SQLException {
    java.util.Map<String, Double> seconds = new java.util.HashMap<>();
    long rows = 0;
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT phase, seconds, rows_read FROM " + CATALOG
             + ".times")) {
      while (r.next()) {
        seconds.put(r.getString(1), r.getDouble(2));
        rows = r.getLong(3);
      }
    }
    return seconds.isEmpty() ? PhaseTimes.NONE : new PhaseTimes(seconds, rows);
  }

  /** Keeps this build's phase times for the next build's expectations. */
  void recordTimes(PhaseTimes times) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM " + CATALOG + ".times");
    }
    try (PreparedStatement p = db.prepareStatement("INSERT INTO " + CATALOG
        + ".times VALUES (?, ?, ?)")) {
      for (var e : times.seconds().entrySet()) {
        p.setString(1, e.getKey());
        p.setDouble(2, e.getValue());
        p.setLong(3, times.rowsRead());
        p.execute();
      }
    }
  }

  /** Marks a part as belonging to this build, so {@link #forgetUnused} keeps it. */
  void use(String mapping, String part) {
    used.add(mapping + "\n" + part);
  }

  /**
   * The cached rows of one part, counted; {@code highWater} is the highest value of a jdbc
   * source's incremental column among them (null for files); {@code note} what reading it
   * needed that the build log says each time the part is used (null: nothing).
   */
  record Part(String key, long rows, long accepted, long unreadable, String highWater,
      String note) {}

  /**
   * Drops what this build did not use: files that left a glob, mappings the model no longer
   * produces. Keeps the cache the size of the current sources.
   */
  void forgetUnused() throws SQLException {
    List<String[]> stale = new ArrayList<>();
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT mapping, part FROM " + CATALOG + ".parts")) {
      while (r.next()) {
        if (!used.contains(r.getString(1) + "\n" + r.getString(2))) {
          stale.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
    }
    Set<String> liveMappings = new LinkedHashSet<>();
    for (String u : used) {
      liveMappings.add(u.substring(0, u.indexOf('\n')));
    }
    try (Statement s = db.createStatement()) {
      for (String[] part : stale) {
        String m = part[0];
        if (liveMappings.contains(m)) {
          for (String t : List.of("rows_", "rejected_", "unreadable_")) {
            s.execute("DELETE FROM " + CATALOG + "." + t + m + " WHERE part = "
                + Sql.literal(part[1]));
          }
        } else {
          for (String t : List.of("rows_", "rejected_", "unreadable_")) {
            s.execute("DROP TABLE IF EXISTS " + CATALOG + "." + t + m);
          }
        }
        s.execute("DELETE FROM " + CATALOG + ".parts WHERE mapping = " + Sql.literal(m)
            + " AND part = " + Sql.literal(part[1]));
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("DETACH " + CATALOG);
    }
  }
}
