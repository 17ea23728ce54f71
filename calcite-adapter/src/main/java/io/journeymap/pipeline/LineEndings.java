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
 * @param empty lines with nothing, or only a CR, before their LF (inside a quoted value such a
 *     line is data, and counts all the same)
 */
record LineEndings(long crlf, long lf, long empty) {
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

  /** Counts the endings and the empty lines of {@code file} in one streamed pass. */
  static LineEndings of(Path file) throws IOException {
    long crlf = 0;
    long lf = 0;
    long empty = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      int previous = -1;
      long length = 0; // bytes of the line so far
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          if (previous == '\r') {
            crlf++;
          } else {
            lf++;
          }
          if (length == 0 || length == 1 && previous == '\r') {
            empty++;
          }
          length = 0;
        } else {
          length++;
        }
        previous = b;
      }
    }
    return new LineEndings(crlf, lf, empty);
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
