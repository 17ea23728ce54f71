package io.journeymap.pipeline;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The line endings of a text file. A CSV export appended to by two tools (one writing CRLF, one
 * LF) is refused whole by the CSV reader's strict mode, and its lax mode would also accept rows
 * with too many columns, silently dropping the extra values. Such a file is read from a copy
 * with every CRLF made LF instead: the same lines, the same line numbers, nothing relaxed (a
 * CRLF inside a quoted field becomes LF as well).
 *
 * @param crlf lines ending in CR LF
 * @param lf lines ending in a lone LF
 */
record LineEndings(long crlf, long lf) {
  /** Whether the file uses both endings. */
  boolean mixed() {
    return crlf > 0 && lf > 0;
  }

  /**
   * Whether {@code file} is compressed (the reader decompresses such files by their name), so
   * its bytes are not its lines.
   */
  static boolean compressed(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".gz") || name.endsWith(".gzip") || name.endsWith(".zst")
        || name.endsWith(".bz2") || name.endsWith(".xz") || name.endsWith(".zip");
  }

  /** Counts the endings of {@code file} in one streamed pass. */
  static LineEndings of(Path file) throws IOException {
    long crlf = 0;
    long lf = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      int previous = -1;
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          if (previous == '\r') {
            crlf++;
          } else {
            lf++;
          }
        }
        previous = b;
      }
    }
    return new LineEndings(crlf, lf);
  }

  /**
   * Whether {@code file} has an empty line (nothing, or only a CR, before its LF), the first
   * line included. Inside a quoted value such a line is data, and counts all the same: the
   * answer errs towards yes.
   */
  static boolean hasEmptyLine(Path file) throws IOException {
    if (compressed(file)) {
      return true; // its bytes are not its lines
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      boolean lineStart = true;
      boolean onlyCr = false;
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          if (lineStart || onlyCr) {
            return true;
          }
          lineStart = true;
        } else if (b == '\r' && lineStart) {
          onlyCr = true;
          lineStart = false;
        } else {
          lineStart = false;
          onlyCr = false;
        }
      }
    }
    return false;
  }

  /** Copies {@code from} to {@code to} with each CR LF written as LF. */
  static void normalise(Path from, Path to) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(from), 1 << 16);
         OutputStream out = new BufferedOutputStream(Files.newOutputStream(to), 1 << 16)) {
      int pending = -1; // a CR not yet written: dropped when a LF follows it
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (pending == '\r' && b != '\n') {
          out.write('\r');
        }
        pending = -1;
        if (b == '\r') {
          pending = b;
        } else {
          out.write(b);
        }
      }
      if (pending == '\r') {
        out.write('\r');
      }
    }
  }
}
