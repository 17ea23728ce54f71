package io.journeymap.pipeline;

import io.journeymap.model.IdentifierKind;
import io.journeymap.model.IdentityPolicy;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import io.journeymap.model.Source.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Turns one source into canonical events: reads it into the store as raw text, checks the model
 * against its columns, maps every row to a canonical event or to {@code rejected_events} with the
 * reason, and lists its normalised identifiers. Set work runs as SQL inside the store.
 */
final class SourceIngest {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final int index;
  private final Source source;
  private final String raw;
  private final String mapped;
  /** What reading the last file needed that the build log says, e.g. line endings made alike. */
  private String readNote;

  SourceIngest(DuckDBConnection store, JourneyModel model, int index) {
    this.store = store;
    this.model = model;
    this.index = index;
    this.source = model.sources().get(index);
    this.raw = "build.src_" + source.name();
    this.mapped = "mapped_" + source.name();
  }

  /** What ingesting one source did: its row counts, and how many of its files were reused. */
  record Ingested(BuildSummary.SourceCount count, String reuse) {}

  /**
   * Ingests the source; event ids are {@code offset + row number}, so they are stable per build.
   * A file source is read file by file (in path order); files the cache already holds mapped
   * under the same mapping are taken from it instead of being read again.
   */
  Ingested run(long offset, IngestCache cache) throws SQLException, IOException {
    List<Path> files = files();
    String mapping = cache.mappingKey(mappingQuery(0), relation("<file>"));
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
      insertIds(s);
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
      s.execute("DROP VIEW " + mapped);
      for (IngestCache.Part p : parts) {
        if (p.note() != null) {
          reuse += "; " + p.note();
        }
      }
      return new Ingested(new BuildSummary.SourceCount(source.name(), read, accepted,
          read - accepted), reuse);
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
    long[] counts = remoteCounts(cached.isEmpty() ? null
        : cached.get(cached.size() - 1).highWater());
    long total = counts[0];
    long empty = counts[1];
    long newer = counts[2];
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

  /** Rows of the jdbc table, rows without an incremental value, rows past {@code after}. */
  private long[] remoteCounts(String after) throws SQLException {
    String column = source.incremental();
    try (Connection remote = DriverManager.getConnection(source.location(), source.user(),
            source.password());
         Statement q = remote.createStatement();
         ResultSet r = q.executeQuery("SELECT count(*), count(*) - count(" + column + "), "
             + (after == null ? "0" : "sum(CASE WHEN " + column + " > " + after
                 + " THEN 1 ELSE 0 END)") + " FROM " + source.table())) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
    } catch (SQLException e) {
      throw ModelErrors.at(model, pointer("incremental"), "source '" + source.name()
          + "': cannot count rows by its incremental column '" + column + "': "
          + Sql.firstLine(e));
    }
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
      highWater = copyFromJdbc(after);
    } else {
      unreadable = readRaw(file);
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
        String note = shownName(file) + " has empty lines and unreadable ones: past its first"
            + " unreadable line, source_row counts the rows read, and unreadable lines have none";
        readNote = readNote == null ? note : readNote + "; " + note;
      }
      // DuckDB lists one error per problem; a line with two missing columns is one row lost
      String of = glob() && file != null ? " of " + shownName(file) : "";
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
   * Lists the identifier columns' values in {@code build.ids}: one row per distinct identifier
   * of a record group (records of the source naming the same identifiers; two columns with the
   * same address are one identifier of a record, so sums of group sizes need no DISTINCT
   * later). Each group is in {@code build.records}, each event a group's first does not stand
   * for in {@code build.event_records}. Email kinds mark role addresses (info@, sales@:
   * a team, never one person) and, with {@code account_domain}, add the domain as an account
   * identifier unless it is a free-mail domain.
   */
  private void insertIds(Statement s) throws SQLException {
    List<String> kinds = new ArrayList<>(source.allIdentifiers().values());
    if (kinds.isEmpty()) {
      return;
    }
    IdentityPolicy identity = model.identity();
    List<IdValue> values = new ArrayList<>();
    for (int i = 0; i < kinds.size(); i++) {
      IdentifierKind kind = identity.kinds().get(kinds.get(i));
      String column = "id_" + i;
      String role = "false";
      if (kind.email() && !identity.roleLocalParts().isEmpty()) {
        // the local part without a +tag: info+crm@x.com is still info@
        role = "coalesce(split_part(split_part(" + column + ", '@', 1), '+', 1) IN ("
            + Sql.literals(identity.roleLocalParts()) + ") AND " + column + " LIKE '%@%', false)";
      }
      values.add(new IdValue(kind.name(), column, kind.strong(),
          kind.isAccount() ? "account" : "person", role));
      if (kind.accountDomain()) {
        String domain = "lower(split_part(" + column + ", '@', 2))";
        String free = identity.freeMailDomains().isEmpty() ? ""
            : " AND " + domain + " NOT IN (" + Sql.literals(identity.freeMailDomains()) + ")";
        values.add(new IdValue(kind.domainKind(), "CASE WHEN " + column + " LIKE '%_@_%'" + free
            + " THEN " + domain + " END", true, "account", "false"));
      }
    }
    // each value and role flag computed once per record, then one scan per value keeping only
    // values no earlier one of the same kind gave the record: a list of structs per row, made
    // distinct and unnested, was a fifth of ingest's time (and repeating the expressions in
    // every comparison multiplies their lookup lists, which ran out of a small memory bound)
    List<String> columns = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> sameKeys = new ArrayList<>();
    List<String> selects = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      IdValue v = values.get(i);
      columns.add(v.value() + " AS v" + i + ", " + v.role() + " AS r" + i);
      keys.add("v" + i + ", r" + i);
      sameKeys.add("i.v" + i + " IS NOT DISTINCT FROM g.v" + i);
      StringBuilder where = new StringBuilder("v" + i + " IS NOT NULL");
      for (int e = 0; e < i; e++) {
        if (values.get(e).sameKind(v)) {
          where.append(" AND NOT coalesce(v").append(e).append(" = v").append(i).append(" AND r")
              .append(e).append(" = r").append(i).append(", false)");
        }
      }
      selects.add("SELECT record, " + Sql.literal(v.kind()) + ", v" + i + ", " + v.strong()
          + ", " + Sql.literal(v.level()) + ", r" + i + ", " + Sql.literal(source.name())
          + ", records FROM build.record_groups WHERE " + where);
    }
    s.execute("CREATE TABLE build.record_ids AS SELECT event_id, occurred_at, "
        + String.join(", ", columns) + " FROM " + mapped + " WHERE reason IS NULL");
    // a source's records naming the same identifiers resolve alike, so identity works on one
    // record per such group (its first), weighted by the group's size: a person's hundred
    // product events with one user id are one record there, not a hundred
    s.execute("CREATE TABLE build.record_groups AS SELECT min(event_id) AS record,"
        + " count(*) AS records, min(occurred_at) AS first_at, " + String.join(", ", keys)
        + " FROM build.record_ids GROUP BY ALL");
    s.execute("INSERT INTO build.records SELECT record, records, first_at, "
        + !source.identityOnly() + " FROM build.record_groups");
    if (!source.identityOnly()) {
      // only the events a group's first does not stand for itself
      s.execute("INSERT INTO build.event_records SELECT i.event_id, g.record"
          + " FROM build.record_ids i JOIN build.record_groups g ON "
          + String.join(" AND ", sameKeys) + " WHERE i.event_id <> g.record");
    }
    s.execute("INSERT INTO build.ids " + String.join(" UNION ALL ", selects));
    s.execute("DROP TABLE build.record_ids");
    s.execute("DROP TABLE build.record_groups");
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

  /** One identifier a record may carry: its kind, value expression and fixed attributes. */
  private record IdValue(String kind, String value, boolean strong, String level, String role) {
    /** Whether a value of {@code other} can be the same identifier as one of this. */
    boolean sameKind(IdValue other) {
      return kind.equals(other.kind) && strong == other.strong && level.equals(other.level);
    }
  }

  /**
   * How the source is read, with {@code path} as its file: the read options belong to the
   * mapping key, so changing them reads the files again.
   */
  private String relation(String path) throws SQLException {
    return switch (source.format()) {
      // exports carry long free-text fields: a line may be up to 64 MB before it is refused;
      // the buffer is set to that size too, as DuckDB's default (16 lines' worth, 1 GB per
      // reading thread) would not fit a build's memory bound
      case CSV -> "read_csv(" + Sql.literal(path) + ", all_varchar = true, header = true,"
          + " max_line_size = 67108864, buffer_size = 67108864, store_rejects = true,"
          + " rejects_table = 'rejects_"
          + source.name() + "', rejects_scan = 'rejects_scan_" + source.name() + "')";
      case PARQUET -> "read_parquet(" + Sql.literal(path) + ", union_by_name = true)";
      case JSON -> "read_json(" + Sql.literal(path) + ", format = 'auto')";
      case DUCKDB -> "duckdb table " + source.location() + " " + source.table();
      case QUERY -> "(" + source.query() + ")";
      case JDBC -> "jdbc " + source.location() + " " + source.table();
    };
  }

  /** Reads one file of the source (or all of a non-file source) into {@code build.src_<name>}. */
  private long readRaw(Path file) throws SQLException {
    if (source.format() == Format.CSV && file != null && isEmpty(file)) {
      // the reader would invent a column 'column0' and the error would name a missing column
      throw ModelErrors.at(model, pointer("path"), "source '" + source.name() + "' cannot be"
          + " read" + (glob() ? " (file " + file + ")" : "") + ": the file is empty (0 bytes,"
          + " not even a header line)");
    }
    try (Statement s = store.createStatement()) {
      String relation = source.format() == Format.DUCKDB ? attach()
          : relation(file == null ? null : file.toString());
      try {
        s.execute("CREATE TABLE " + raw + " AS SELECT * FROM " + relation);
      } catch (SQLException e) {
        if (Sql.outOfMemory(e)) {
          throw e; // the build's bound, not the source, is at fault
        }
        String failure = readError(e);
        if (source.format() == Format.CSV && file != null) {
          try {
            if (readNormalised(file)) {
              return unreadableLines();
            }
          } catch (NormalisedCopyFailed again) {
            if (Sql.outOfMemory(again.cause())) {
              throw again.cause();
            }
            // the endings were not all that was wrong: the copy's error, naming the file
            failure = readError(again.cause()).replace(again.copy().toString(), file.toString())
                + "; the file also mixes CRLF and LF line endings";
          }
        }
        String at = switch (source.format()) {
          case DUCKDB -> "table";
          case QUERY -> "query";
          default -> "path";
        };
        String which = file != null && glob() ? " (file " + file + ")" : "";
        throw ModelErrors.at(model, pointer(at),
            "source '" + source.name() + "' cannot be read" + which + ": " + failure);
      }
      return source.format() == Format.CSV ? unreadableLines() : 0;
    }
  }

  /** Lines the CSV reader could not read, as it listed them. */
  private long unreadableLines() throws SQLException {
    try (Statement s = store.createStatement();
         ResultSet r = s.executeQuery("SELECT count(DISTINCT (file_id, line)) FROM rejects_"
        + source.name())) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Reads a CSV file that mixes CRLF and LF line endings from a copy with LF throughout, in the
   * build's spill folder, and keeps a note for the build log. False when the file does not mix
   * them, or is compressed (its bytes are not its lines): the failure is another one.
   *
   * @throws NormalisedCopyFailed when the copy does not read either
   */
  private boolean readNormalised(Path file) throws SQLException, NormalisedCopyFailed {
    // a new statement: the engine's driver closes one whose statement failed
    try (Statement s = store.createStatement()) {
      if (LineEndings.compressed(file)) {
        return false;
      }
      LineEndings endings = LineEndings.of(file);
      if (!endings.mixed()) {
        return false;
      }
      String spill;
      try (ResultSet r = s.executeQuery("SELECT current_setting('temp_directory')")) {
        r.next();
        spill = r.getString(1);
      }
      Path copy = Files.createTempFile(Files.createDirectories(Path.of(spill)),
          "lf-" + source.name() + "-", ".csv");
      try {
        LineEndings.normalise(file, copy);
        s.execute("DROP TABLE IF EXISTS rejects_" + source.name());
        s.execute("DROP TABLE IF EXISTS rejects_scan_" + source.name());
        try {
          s.execute("CREATE TABLE " + raw + " AS SELECT * FROM " + relation(copy.toString()));
        } catch (SQLException e) {
          throw new NormalisedCopyFailed(copy, e);
        }
      } finally {
        Files.deleteIfExists(copy);
      }
      readNote = String.format(Locale.ROOT, "%s mixes line endings (%,d CRLF and %,d LF) and"
          + " was read with every CRLF taken as LF, line breaks inside quoted values too",
          shownName(file), endings.crlf(), endings.lf());
      return true;
    } catch (IOException e) {
      return false; // the reader's own error says more than this one
    }
  }

  /** The normalised copy of a file did not read: its path and the reader's error. */
  private static final class NormalisedCopyFailed extends Exception {
    private final Path copy;

    NormalisedCopyFailed(Path copy, SQLException cause) {
      super(cause);
      this.copy = copy;
    }

    Path copy() {
      return copy;
    }

    SQLException cause() {
      return (SQLException) getCause();
    }
  }

  /** A file as the build log names it: relative to the model's folder where it is inside. */
  private String shownName(Path file) {
    Path base = model.baseDir().toAbsolutePath().normalize();
    Path f = file.toAbsolutePath().normalize();
    return f.startsWith(base) ? base.relativize(f).toString() : f.toString();
  }

  private static boolean isEmpty(Path file) {
    try {
      return Files.size(file) == 0;
    } catch (IOException e) {
      return false; // the reader says what is wrong with it
    }
  }

  /**
   * The reader's own words where they help: its first line, plus the line naming the real cause
   * when the first is generic ("Error when sniffing file", "CSV Error on Line: 1").
   */
  private static String readError(SQLException e) {
    String first = Sql.firstLine(e);
    String all = e.getMessage() == null ? "" : e.getMessage();
    for (String line : all.split("\n")) {
      String l = line.strip();
      if (l.startsWith("Maximum line size") || l.startsWith("Expected Number of Columns")
          || l.startsWith("Value with unterminated quote")) {
        return first + " (" + l + ")";
      }
    }
    if (first.contains("sniffing file") || first.contains("invalid state")) {
      return first + " (the file's line endings or quoting do not parse, e.g. lines ended by"
          + " a lone CR: normalise the file, or read it through a query source with explicit"
          + " read_csv options)";
    }
    return first;
  }

  /** The files of a file source in path order (a glob's matches), or null for other sources. */
  private List<Path> files() throws IOException {
    if (!source.format().isFile()) {
      return null;
    }
    Path path = model.baseDir().resolve(source.location()).normalize();
    if (!glob()) {
      if (!Files.exists(path)) {
        throw ModelErrors.at(model, pointer("path"), "source '" + source.name()
            + "': file not found: " + path);
      }
      return List.of(path);
    }
    List<Path> matches = SourceFiles.matches(model.baseDir(), source.location());
    if (matches.isEmpty()) {
      throw ModelErrors.at(model, pointer("path"), "source '" + source.name()
          + "': no file matches " + path);
    }
    return matches;
  }

  private boolean glob() {
    String location = source.location();
    return location.contains("*") || location.contains("?") || location.contains("[");
  }

  private String attach() throws SQLException {
    String alias = "src_db_" + source.name();
    Path file = model.baseDir().resolve(source.location()).normalize();
    if (!Files.exists(file)) {
      throw ModelErrors.at(model, pointer("path"), "source '" + source.name()
          + "': DuckDB file not found: " + file);
    }
    try (Statement s = store.createStatement()) {
      s.execute("ATTACH " + Sql.literal(file.toString()) + " AS " + alias + " (READ_ONLY)");
    }
    return alias + "." + source.table();
  }

  /**
   * Streams a table of any JDBC database into the store as text columns. With an incremental
   * column the rows come in its order (ties broken by every column, so two reads of the same
   * rows give the same order), only those past {@code after} (an SQL expression) if given; the
   * highest value read comes back as an SQL expression for the next build, else null.
   */
  private String copyFromJdbc(String after) throws SQLException {
    String column = source.incremental();
    try (Connection remote = DriverManager.getConnection(source.location(), source.user(),
            source.password());
         Statement q = remote.createStatement()) {
      q.setFetchSize(10_000);
      String sql = "SELECT * FROM " + source.table();
      if (column != null) {
        int n;
        try (ResultSet probe = q.executeQuery(sql + " WHERE 1 = 0")) {
          n = probe.getMetaData().getColumnCount();
        }
        StringBuilder order = new StringBuilder(column);
        for (int i = 1; i <= n; i++) {
          order.append(", ").append(i);
        }
        sql += (after == null ? "" : " WHERE " + column + " > " + after) + " ORDER BY " + order;
      }
      String highWater = null;
      try (ResultSet rows = q.executeQuery(sql)) {
        ResultSetMetaData md = rows.getMetaData();
        int hw = column == null ? -1 : rows.findColumn(column);
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          cols.add(Sql.ident(md.getColumnLabel(i)) + " VARCHAR");
        }
        try (Statement s = store.createStatement()) {
          s.execute("CREATE TABLE " + raw + " (" + String.join(", ", cols) + ")");
        }
        try (DuckDBAppender appender =
            store.createAppender("build", "main", "src_" + source.name())) {
          while (rows.next()) {
            appender.beginRow();
            for (int i = 1; i <= cols.size(); i++) {
              String v = rows.getString(i);
              if (v == null) {
                appender.appendNull();
              } else {
                appender.append(v);
              }
              if (i == hw && v != null) {
                highWater = sqlValue(v, md.getColumnType(i));
              }
            }
            appender.endRow();
          }
        }
      }
      return highWater;
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("No suitable driver")) {
        throw ModelErrors.at(model, pointer("url"), "source '" + source.name()
            + "': no JDBC driver for this URL on the classpath");
      }
      throw ModelErrors.at(model, pointer("url"), "source '" + source.name()
          + "' cannot be read over JDBC: " + Sql.firstLine(e));
    }
  }

  /**
   * A value read over JDBC as an SQL literal of its type, in standard SQL (type names from the
   * driver's metadata, such as PostgreSQL's bigserial, are not always castable).
   */
  private static String sqlValue(String text, int jdbcType) {
    return switch (jdbcType) {
      case java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER,
          java.sql.Types.BIGINT, java.sql.Types.DECIMAL, java.sql.Types.NUMERIC,
          java.sql.Types.REAL, java.sql.Types.FLOAT, java.sql.Types.DOUBLE ->
          text.matches("-?[0-9.eE+-]+") ? text : Sql.literal(text);
      case java.sql.Types.DATE -> "CAST(" + Sql.literal(text) + " AS DATE)";
      // PostgreSQL reports timestamptz as TIMESTAMP; its text keeps the offset, which a plain
      // TIMESTAMP cast would drop (then compared in the session's zone)
      case java.sql.Types.TIMESTAMP -> "CAST(" + Sql.literal(text) + " AS TIMESTAMP"
          + (text.matches(".*[0-9]([+-][0-9]{2}(:?[0-9]{2})?|Z)$") ? " WITH TIME ZONE)" : ")");
      case java.sql.Types.TIMESTAMP_WITH_TIMEZONE ->
          "CAST(" + Sql.literal(text) + " AS TIMESTAMP WITH TIME ZONE)";
      default -> Sql.literal(text);
    };
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

  private String pointer(String rest) {
    return "/sources/" + index + "/" + rest;
  }

  /** The SELECT mapping every raw row to an event or a rejection reason. */
  String mappingQuery(long offset) {
    return new SourceMapping(model, source, raw).query(offset);
  }
}
