package io.journeymap.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight email columns with account domains, a long list of role addresses and of free-mail
 * domains, under the smallest memory bound: the build completes, and every identifier counts
 * the records carrying it once, as recounted here from the file.
 */
class ManyIdentifierColumnsTest {
  private static final int COLUMNS = 8;
  private static final int ROWS = 4_000;

  @TempDir
  Path dir;

  @Test
  void eightEmailColumnsUnderTheSmallestBound() throws Exception {
    StringBuilder csv = new StringBuilder("ts");
    for (int c = 1; c <= COLUMNS; c++) {
      csv.append(",e").append(c);
    }
    csv.append('\n');
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 0; i < ROWS; i++) {
      csv.append(String.format(Locale.ROOT, "2024-01-%02d 10:00:00", 1 + i % 28));
      Set<String> emails = new LinkedHashSet<>();
      Set<String> domains = new LinkedHashSet<>();
      for (int c = 0; c < COLUMNS; c++) {
        // a few persons per row, often the same one in several columns and spellings; every
        // fifth value blank; every third domain a free-mail one
        int person = (i + (c % 3) * 17) % 900;
        String domain = person % 3 == 0 ? "free" + person % 7 + ".example" : "co" + person % 40
            + ".example";
        String value = c % 5 == 4 ? "" : (c % 2 == 0 ? "p" : "P") + person + "@" + domain;
        csv.append(',').append(value);
        if (!value.isEmpty()) {
          emails.add(value.toLowerCase(Locale.ROOT));
          if (!domain.startsWith("free")) {
            domains.add(domain);
          }
        }
      }
      csv.append('\n');
      emails.forEach(e -> expected.merge("email|" + e, 1, Integer::sum));
      domains.forEach(d -> expected.merge("email_domain|" + d, 1, Integer::sum));
    }
    Files.writeString(dir.resolve("app.csv"), csv);
    StringBuilder roles = new StringBuilder();
    StringBuilder free = new StringBuilder();
    for (int k = 0; k < 40; k++) {
      roles.append(k == 0 ? "" : ", ").append("team").append(k);
    }
    for (int k = 0; k < 60; k++) {
      free.append(k == 0 ? "" : ", ").append("free").append(k).append(".example");
    }
    StringBuilder identifiers = new StringBuilder();
    for (int c = 1; c <= COLUMNS; c++) {
      identifiers.append(c == 1 ? "" : ", ").append("e").append(c).append(": email");
    }
    String model = """
        journey:
          name: trial
          goal: Trial converts within 10 days
          start_event: trial_started
          success_event: paid
          window: 10 days
          as_of: 2024-03-01
        taxonomy: [trial_started, paid]
        identity:
          kinds:
            email: {strength: strong, lowercase: true, account_domain: true}
          role_addresses: [%s]
          free_mail_domains: [%s]
        sources:
          - name: app
            format: csv
            path: app.csv
            time: {column: ts, format: "%%Y-%%m-%%d %%H:%%M:%%S"}
            event: {constant: trial_started}
            identifiers: {%s}
        stages:
          - name: started
            events: [trial_started]
          - name: converted
            events: [paid]
        """.formatted(roles, free, identifiers);
    StoreQueries.build(dir, model, new BuildSettings(BuildSettings.MINIMUM_MB, true));

    List<String> counted = expected.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue())
        .toList();
    try (Connection c = StoreQueries.open(dir)) {
      assertEquals(counted, StoreQueries.rows(c, "SELECT kind, identifier, events FROM identities")
          .stream().sorted().toList());
    }
  }
}
