package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import io.journeymap.model.Source.Format;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Turns one source into canonical events: has it read into the store as raw text
 * ({@link SourceReader}, {@link JdbcTable}), checks the model against its columns, maps every row
 * to a canonical event or to {@code rejected_events} with the reason ({@link SourceMapping}),
 * keeps what it mapped in the ingest cache, and lists its identifiers
 * ({@link SourceIdentifiers}). Set work runs as SQL inside the store.
 */
final class SourceIngest {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final int index;
  private final Source source;
  private final String raw;
  private final String mapped;
  private final SourceReader reader;
  /** What reading the last file needed that the build log says, e.g. line endings made alike. */
  private String readNote;

  SourceIngest(DuckDBConnection store, JourneyModel model, int index) {
    this.store = store;
    this.model = model;
    this.index = index;
    this.source = model.sources().get(index);
    this.raw = "build.src_" + source.name();
    this.mapped = "mapped_" + source.name();
    this.reader = new SourceReader(store, model, index, raw);
  }

  /**
   * What ingesting one source did: its row counts, how many of its files were reused, and a
   * warning when an entry of its event mapping names no row while rows are unmapped (else null).
   */
  record Ingested(BuildSummary.SourceCount count, String reuse, String unmatchedMapping) {}

  /**
   * Ingests the source; event ids are {@code offset + row number}, so they are stable per build.
   * A file source is read file by file (in path order); files the cache already holds mapped
   * under the same mapping are taken from it instead of being read again.
   */
  Ingested run(long offset, IngestCache cache) throws SQLException, IOException {
    List<Path> files = reader.files();
    String mapping = cache.mappingKey(mappingQuery(0), reader.relation("<file>"));
    List<IngestCache.Part> parts = new ArrayList<>();
    String where = IngestCache.CATALOG;
    String reuse;
    if (files != null) {
      int reused = 0;
      for (Path f : files) {
        String key = IngestCache.partKey(f);
        IngestCache.Part p = cache.part(mapping, key);
        if (p == null) {
          p = ingestPart(f, key, where, mapping, null);
        } else {
          reused++;
        }
        cache.use(mapping, key);
        parts.add(p);
      }
      reuse = reused == 0
          ? String.format(Locale.ROOT, "; %,d %s read", files.size(),
              files.size() == 1 ? "file" : "files")
          : String.format(Locale.ROOT, "; %,d of %,d files unchanged since the last build and"
              + " taken from the ingest cache, %,d read", reused, files.size(),
              files.size() - reused);
    } else if (source.incremental() != null) {
      reuse = incrementalParts(cache, mapping, parts);
      if (reuse == null) {
        where = "build";
        parts.add(ingestPart(null, "whole source", where, mapping, null));
        reuse = String.format(Locale.ROOT, "; read whole: %s has empty values, so there is no"
            + " high-water mark", source.incremental());
      }
    } else {
      where = "build";
      parts.add(ingestPart(null, "whole source", where, mapping, null));
      reuse = "";
    }
    try (Statement s = store.createStatement()) {
      long base = 0;
      // read where the rows are kept, not copied: each part numbered after the ones before
      List<String> union = new ArrayList<>();
      for (IngestCache.Part p : parts) {
        union.add("SELECT " + (offset + base) + " + source_row AS event_id, " + base
            + " + source_row AS source_row, * EXCLUDE (part, source_row) FROM " + where
            + ".rows_" + mapping + " WHERE part = " + Sql.literal(p.key()));
        base += p.rows() + p.unreadable(); // unreadable lines keep their numbers
      }
      s.execute("CREATE TEMP VIEW " + mapped + " AS " + String.join(" UNION ALL ", union));
      if (!source.identityOnly()) {
        s.execute("INSERT INTO build.events0 SELECT event_id, " + Sql.literal(source.name())
            + ", source_row, occurred_at, raw_event, event, channel, campaign, properties"
            + " FROM " + mapped + " WHERE reason IS NULL");
      }
      new SourceIdentifiers(model, source, mapped).list(s);
      String src = Sql.literal(source.name());
      base = 0;
      long read = 0;
      long accepted = 0;
      for (IngestCache.Part p : parts) {
        s.execute("INSERT INTO main.rejected_events SELECT " + src + ", " + base
            + " + source_row, reason, raw_row FROM " + where + ".rejected_" + mapping
            + " WHERE part = " + Sql.literal(p.key())
            + (p.unreadable() == 0 ? "" : " UNION ALL SELECT " + src + ", " + base
                + " + source_row, reason, raw_row FROM " + where + ".unreadable_" + mapping
                + " WHERE part = " + Sql.literal(p.key()))
            + " ORDER BY 2");
        base += p.rows() + p.unreadable();
        read += p.rows() + p.unreadable();
        accepted += p.accepted();
      }
      // over every part, taken from the cache or read: a cached file keeps its warning
      String unmatched = UnmatchedMappings.describe(s, source, mapped, read);
      s.execute("DROP VIEW " + mapped);
      for (IngestCache.Part p : parts) {
        if (p.note() != null) {
          reuse += "; " + p.note();
        }
      }
      return new Ingested(new BuildSummary.SourceCount(source.name(), read, accepted,
          read - accepted), reuse, unmatched);
    }
  }

  /**
   * A jdbc source with an incremental column: the rows the cache holds, then the rows past their
   * highest value. The table is read whole again (and the cache for it replaced) when the rows
   * at or below that value are not the ones the cache holds, counted: rows were deleted, or
   * arrived late with a lower value. Returns what happened in words, or null when the column
   * has empty values (no high-water mark is possible; the caller reads the table whole).
   */
  private String incrementalParts(IngestCache cache, String mapping,
      List<IngestCache.Part> parts) throws SQLException {
    String column = source.incremental();
    List<IngestCache.Part> cached = cache.parts(mapping);
    JdbcTable.Counts counts = jdbcTable().count(cached.isEmpty() ? null
        : cached.get(cached.size() - 1).highWater());
    long total = counts.total();
    long empty = counts.withoutValue();
    long newer = counts.newer();
    if (empty > 0) {
      cache.drop(mapping);
      return null;
    }
    long held = cached.stream().mapToLong(IngestCache.Part::rows).sum();
    String reuse;
    if (!cached.isEmpty() && total - newer == held) {
      parts.addAll(cached);
      reuse = String.format(Locale.ROOT, "; %,d rows up to the last build's highest %s taken"
          + " from the ingest cache, %,d newer rows read", held, column, newer);
      if (newer > 0) {
        String after = cached.get(cached.size() - 1).highWater();
        parts.add(ingestPart(null, "rows after " + after, IngestCache.CATALOG, mapping, after));
      }
    } else {
      reuse = cached.isEmpty() ? String.format(Locale.ROOT, "; all %,d rows read (the next"
          + " build reads rows past the highest %s)", total, column)
          : String.format(Locale.ROOT, "; read whole: %,d rows are at or below the last build's"
              + " highest %s, the store held %,d (rows were deleted, changed or arrived late)",
              total - newer, column, held);
      cache.drop(mapping);
      parts.add(ingestPart(null, "rows from the start", IngestCache.CATALOG, mapping, null));
    }
    for (IngestCache.Part p : parts) {
      cache.use(mapping, p.key());
    }
    return reuse;
  }

  /**
   * Reads one file (or the whole of a non-file source), maps it, and keeps its mapped rows,
   * rejected rows (with the raw row) and unreadable lines under its part key, in one
   * transaction so a killed build never leaves half a part behind.
   */
  private IngestCache.Part ingestPart(Path file, String key, String where, String mapping,
      String after) throws SQLException {
    String highWater = null;
    long unreadable = 0;
    readNote = null;
    if (source.format() == Format.JDBC) {
      highWater = jdbcTable().copy(after);
    } else {
      SourceReader.Read read = reader.read(file);
      unreadable = read.unreadable();
      readNote = read.note();
    }
    checkColumns(columns());
    try (Statement s = store.createStatement()) {
      // the rows are mapped straight into where they are kept: no intermediate copy
      String rows = where + ".rows_" + mapping;
      map(s, "CREATE TABLE IF NOT EXISTS " + rows + " AS SELECT CAST(NULL AS VARCHAR) AS part,"
          + " * EXCLUDE (event_id) FROM (" + mappingQuery(0) + ") LIMIT 0");
      s.execute("CREATE TABLE IF NOT EXISTS " + where + ".rejected_" + mapping
          + " (part VARCHAR, source_row BIGINT, reason VARCHAR, raw_row VARCHAR)");
      s.execute("CREATE TABLE IF NOT EXISTS " + where + ".unreadable_" + mapping
          + " (part VARCHAR, source_row BIGINT, reason VARCHAR, raw_row VARCHAR)");
      s.execute("BEGIN TRANSACTION");
      long[] counts;
      try {
        counts = keep(s, file, key, where, mapping, unreadable, highWater);
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) { // a model error from the mapping, too
        Sql.rollback(store, e);
        throw e;
      }
      s.execute("DROP TABLE " + raw);
      if (source.format() == Format.CSV) {
        s.execute("DROP TABLE IF EXISTS rejects_" + source.name());
        s.execute("DROP TABLE IF EXISTS rejects_scan_" + source.name());
      }
      return new IngestCache.Part(key, counts[0], counts[1], unreadable, highWater, readNote);
    }
  }

  /** Runs a statement of the mapping query: its failures are the model's event rules'. */
  private void map(Statement s, String sql) throws SQLException {
    try {
      s.execute(sql);
    } catch (SQLException e) {
      if (Sql.outOfMemory(e)) {
        throw e; // the build's bound, not the model, is at fault
      }
      throw ModelErrors.at(model, pointer("event"), "source '" + source.name()
          + "': an event expression or rule does not run: " + Sql.firstLine(e));
    }
  }

  /**
   * Maps one part's rows into where they are kept, with its rejected rows and unreadable lines;
   * returns its rows and accepted rows.
   */
  private long[] keep(Statement s, Path file, String key, String where, String mapping,
      long unreadable, String highWater) throws SQLException {
    String k = Sql.literal(key);
    String rows = where + ".rows_" + mapping;
    map(s, "INSERT INTO " + rows + " SELECT " + k + ", * EXCLUDE (event_id) FROM ("
        + mappingQuery(0) + ")");
    long[] counts = new long[2];
    try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE reason IS NULL)"
        + " FROM " + rows + " WHERE part = " + k)) {
      r.next();
      counts[0] = r.getLong(1);
      counts[1] = r.getLong(2);
    }
    s.execute("INSERT INTO " + where + ".rejected_" + mapping + " SELECT " + k
        + ", m.source_row, m.reason, to_json(r) FROM " + rows + " m JOIN " + raw
        + " r ON r.rowid = m.source_row - 1 WHERE m.part = " + k + " AND m.reason IS NOT NULL");
    if (unreadable > 0) {
      // the reader's line counts records, the header first, and empty lines too, which it
      // reads as no row: with an empty line the data row of an unreadable line is not known
      boolean exact = file != null && !emptyLine(file);
      if (exact) {
        numberPastUnreadable(s, rows, k);
        numberPastUnreadable(s, where + ".rejected_" + mapping, k);
      } else {
        String note = reader.shownName(file) + " has empty lines and unreadable ones: past its first"
            + " unreadable line, source_row counts the rows read, and unreadable lines have none";
        readNote = readNote == null ? note : readNote + "; " + note;
      }
      // DuckDB lists one error per problem; a line with two missing columns is one row lost
      String of = reader.glob() && file != null ? " of " + reader.shownName(file) : "";
      s.execute("INSERT INTO " + where + ".unreadable_" + mapping + " SELECT " + k
          + ", " + (exact ? "line - 1" : "NULL") + ", 'unreadable line ' || line || "
          + Sql.literal(of) + " || ': ' ||"
          + " string_agg(error_message, '; ' ORDER BY column_idx),"
          // in a CRLF file DuckDB's csv_line starts with the previous line's line feed
          + " ltrim(any_value(csv_line), chr(10)) FROM rejects_" + source.name()
          + " GROUP BY file_id, line ORDER BY file_id, line");
    }
    if (IngestCache.CATALOG.equals(where)) {
      String from = file != null ? file.toString() : source.location() + " " + source.table();
      s.execute("INSERT INTO " + IngestCache.CATALOG + ".parts VALUES (" + Sql.literal(mapping)
          + ", " + k + ", " + Sql.literal(from) + ", " + counts[0] + ", " + counts[1]
          + ", " + unreadable + ", now(), " + Sql.literal(highWater) + ", "
          + Sql.literal(readNote) + ")");
    }
    return counts;
  }

  /**
   * Renumbers the rows of a part in {@code table} from readable rows to data rows: the reader
   * numbers only the rows it could read, so after an unreadable line every row would name the
   * one before it in the file. A row moves past each unreadable line at or before it: the i-th
   * unreadable line (data row {@code line - 1}) has {@code line - 1 - i} readable rows before it.
   */
  private void numberPastUnreadable(Statement s, String table, String part)
      throws SQLException {
    s.execute("UPDATE " + table + " SET source_row = " + table + ".source_row + m.shift"
        + " FROM (SELECT r.source_row AS readable, u.shift FROM (SELECT source_row FROM "
        + table + " WHERE part = " + part + ") r ASOF JOIN (SELECT before, max(shift) AS shift"
        + " FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS before,"
        + " row_number() OVER (ORDER BY line) AS shift FROM (SELECT DISTINCT line FROM rejects_"
        + source.name() + ")) GROUP BY before) u ON r.source_row > u.before) m"
        + " WHERE " + table + ".part = " + part + " AND " + table + ".source_row = m.readable");
  }

  private static boolean emptyLine(Path file) {
    try {
      // a compressed file's bytes are not its lines
      return LineEndings.compressed(file) || LineEndings.of(file).empty() > 0;
    } catch (IOException e) {
      return true; // not known: numbered as read
    }
  }

  private Set<String> columns() throws SQLException {
    Set<String> names = new LinkedHashSet<>();
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT column_name FROM duckdb_columns() WHERE database_name"
             + " = 'build' AND table_name = " + Sql.literal("src_" + source.name()))) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  private void checkColumns(Set<String> columns) {
    if (!source.identityOnly()) {
      require(columns, source.time().column(), "time/column");
      if (source.event().column() != null) {
        require(columns, source.event().column(), "event/column");
      }
    }
    for (String c : source.identifiers().keySet()) {
      require(columns, c, "identifiers/" + c);
    }
    require(columns, source.account(), "account");
    require(columns, source.channel(), "channel");
    require(columns, source.campaign(), "campaign");
    for (int i = 0; i < source.properties().size(); i++) {
      require(columns, source.properties().get(i), "properties/" + i);
    }
  }

  private void require(Set<String> columns, String column, String where) {
    if (column != null && !columns.contains(column)) {
      throw ModelErrors.at(model, pointer(where), "source '" + source.name() + "' has no column '"
          + column + "'; its columns are: " + String.join(", ", columns));
    }
  }

  private JdbcTable jdbcTable() {
    return new JdbcTable(store, model, source, "/sources/" + index,
        "src_" + source.name());
  }

  private String pointer(String rest) {
    return "/sources/" + index + "/" + rest;
  }

  /** The SELECT mapping every raw row to an event or a rejection reason. */
  String mappingQuery(long offset) {
    return new SourceMapping(model, source, raw).query(offset);
  }
}
