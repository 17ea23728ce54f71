package io.journeymap.cli;

import java.io.IOException;
import sqlline.SqlLine;

/** The interactive SQL shell: sqlline connected to a {@code jdbc:journeymap:} URL. */
final class Shell {
  private Shell() {}

  /** Opens the shell; {@code format} is one of sqlline's output formats (table, csv, ...). */
  static int open(String url, String format) throws IOException {
    SqlLine.Status status = new SqlLine().begin(new String[] {"-u", url, "-n", "", "-p", "",
        "--showHeader=true", "--outputFormat=" + format, "--maxWidth=200",
        "--isolation=TRANSACTION_NONE"}, System.in, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }
}
