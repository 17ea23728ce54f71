package io.journeymap.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident size, which is what bounds a build on a shared machine: DuckDB's
 * memory lives outside the Java heap, so heap figures alone would hide most of it.
 */
final class PeakMemory {
  private PeakMemory() {}

  /** Peak resident set size in MB from {@code /proc/self/status}, or -1 where there is none. */
  static long residentMb() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) / 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
