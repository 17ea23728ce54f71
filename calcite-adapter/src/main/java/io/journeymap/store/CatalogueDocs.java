package io.journeymap.store;

import java.util.stream.Collectors;

/**
 * Renders docs/tables.md from the catalogue, so the reference cannot drift from the store; a test
 * compares the committed file with this output.
 */
public final class CatalogueDocs {
  private CatalogueDocs() {}

  public static void main(String[] args) {
    System.out.print(markdown());
  }

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Tables and functions\n\n")
        .append("Everything lives in schema `journey` (the default schema of a")
        .append(" `jdbc:journeymap:` connection).\n")
        .append("Names are case-insensitive unless double-quoted; times are UTC `TIMESTAMP`s.\n")
        .append("Every rate comes with its counts and a Wilson 95% interval; `sample_note` says")
        .append(" `small sample` when fewer than 30 trials (or fewer than 5 successes or")
        .append(" failures) stand behind it.\n\n")
        .append("This file is generated from `StoreCatalogue` (see `CatalogueDocs`); the build")
        .append(" test fails when they differ.\n\n");
    b.append("| table | what it answers |\n|---|---|\n");
    for (TableSpec t : StoreCatalogue.tables()) {
      b.append("| [`").append(t.name()).append("`](#").append(t.name())
          .append(") | ").append(t.description()).append(" |\n");
    }
    for (TableSpec t : StoreCatalogue.tables()) {
      b.append("\n## ").append(t.name()).append("\n\n").append(t.description()).append("\n\n")
          .append("| column | type | meaning |\n|---|---|---|\n")
          .append(t.columns().stream().map(c -> "| `" + c.name() + "` | " + c.type().name()
              + " | " + c.description() + " |").collect(Collectors.joining("\n")))
          .append("\n");
    }
    b.append("""

        ## funnel (table function)

        `SELECT * FROM TABLE(funnel(steps => 'a,b,c', window_days => 21, mode => 'default'))`

        Ordered funnel over canonical events for the journey's subject (person or account), with
        ClickHouse `windowFunnel` semantics: a chain starts at an event of step 1, every later
        step must happen within `window_days` of that event, and each subject counts at the
        furthest step it reached. `window_days` defaults to the journey window. Arguments may be
        positional, named, or `?` parameters.

        `mode` is `default` or a comma-separated mix of:
        - `strict_order`: any other event after the funnel started ends it;
        - `strict_deduplication`: a step repeated before the next step ends it;
        - `strict_increase`: steps need strictly increasing timestamps.

        | column | type | meaning |
        |---|---|---|
        | `step` | INTEGER | Step number, 1 = first |
        | `event` | VARCHAR | Canonical event of the step |
        | `reached` | BIGINT | Subjects that reached the step |
        | `rate_from_previous` | DOUBLE | reached / reached at the previous step |
        | `previous_ci_low`, `previous_ci_high` | DOUBLE | Wilson 95% interval of that rate |
        | `rate_from_first` | DOUBLE | reached / reached at step 1 |
        | `first_ci_low`, `first_ci_high` | DOUBLE | Wilson 95% interval of that rate |
        | `median_hours_from_previous` | DOUBLE | Median hours from the previous step |
        | `sample_note` | VARCHAR | `small sample` when the rate from the previous step is thin |
        """);
    return b.toString();
  }
}
