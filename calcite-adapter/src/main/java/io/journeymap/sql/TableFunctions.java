package io.journeymap.sql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The journey table functions SQL can call. */
public final class TableFunctions {
  private static final List<JourneyTableFunction> ALL = List.of(new FunnelFunction(),
      new BehaviorLiftFunction(), new PathsFunction(), new TriggersAsOfFunction(),
      new ScoreFunction());

  private TableFunctions() {}

  public static List<JourneyTableFunction> all() {
    return ALL;
  }

  /** The function of that name, compared case-insensitively as SQL names are. */
  public static Optional<JourneyTableFunction> named(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(f -> f.name().equals(n)).findFirst();
  }
}
