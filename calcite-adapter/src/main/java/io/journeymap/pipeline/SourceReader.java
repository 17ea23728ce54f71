package io.journeymap.pipeline;

import io.journeymap.model.JourneyModel;
import io.journeymap.model.Source;
import io.journeymap.model.Source.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * Reads a source's rows, as they are, into a raw table of the build: a file (or each file of a
 * glob), a DuckDB table, or a query, every column as text so that one mapping serves them all.
 * Its errors name the model's line and the file, in the reader's own words where they help.
 */
final class SourceReader {
  private final DuckDBConnection store;
  private final JourneyModel model;
  private final int index;
  private final Source source;
  private final String raw;
  /** What reading the last file needed that the build log says. */
  private String note;

  SourceReader(DuckDBConnection store, JourneyModel model, int index, String raw) {
    this.store = store;
    this.model = model;
    this.index = index;
    this.source = model.sources().get(index);
    this.raw = raw;
  }

  /** What a read left: lines it could not read, and a note for the build log or null. */
  record Read(long unreadable, String note) {}

  /**
   * How the source is read, with {@code path} as its file: the read options belong to the
   * mapping key, so changing them reads the files again.
   */
  String relation(String path) throws SQLException {
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

  /**
   * Reads one file of the source (or all of a non-file source) into the raw table, every column
   * as text, and returns the lines the CSV reader could not read (listed in its rejects table)
   * with what reading needed that the build log says.
   */
  Read read(Path file) throws SQLException {
    note = null;
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
              return new Read(unreadableLines(), note);
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
      return new Read(source.format() == Format.CSV ? unreadableLines() : 0, note);
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
      note = String.format(Locale.ROOT, "%s mixes line endings (%,d CRLF and %,d LF) and"
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
  String shownName(Path file) {
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
  List<Path> files() throws IOException {
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

  boolean glob() {
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

  private String pointer(String rest) {
    return "/sources/" + index + "/" + rest;
  }
}
