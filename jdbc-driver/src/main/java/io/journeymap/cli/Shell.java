package io.journeymap.cli;

import java.io.IOException;
import sqlline.SqlLine;

/** The interactive SQL shell: sqlline connected to a {@code jdbc:journeymap:} URL. */
final class Shell {
  private Shell() {}

  static int open(String url) throws IOException {
    SqlLine.Status status = new SqlLine().begin(new String[] {"-u", url, "-n", "", "-p", "",
        "--showHeader=true", "--outputFormat=table", "--maxWidth=200",
        "--isolation=TRANSACTION_NONE"}, System.in, true);
    return status == SqlLine.Status.OK ? 0 : 1;
  }
}
