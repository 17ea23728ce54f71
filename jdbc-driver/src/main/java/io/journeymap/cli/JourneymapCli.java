package io.journeymap.cli;

import io.journeymap.build.BuildException;
import io.journeymap.build.BuildSummary;
import io.journeymap.build.JourneyBuilder;
import io.journeymap.build.StoreLocator;
import io.journeymap.jdbc.JourneymapDriver;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code journeymap} command line: demo, build, sql, report. */
@Command(name = "journeymap", mixinStandardHelpOptions = true,
    version = "journeymap " + JourneymapDriver.VERSION,
    description = "Customer journey maps as SQL tables.",
    subcommands = {JourneymapCli.Demo.class, JourneymapCli.Build.class, JourneymapCli.Sql.class,
        JourneymapCli.Report.class})
public final class JourneymapCli {
  /** Read at each use so callers (and tests) can redirect the streams. */
  static PrintStream out() {
    return System.out;
  }

  static PrintStream err() {
    return System.err;
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 bad input). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new JourneymapCli());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ModelException m) {
        err().println("The model file has " + m.problems().size() + " problem"
            + (m.problems().size() == 1 ? "" : "s") + ":");
        m.problems().forEach(p -> err().println("  " + p));
        return 2;
      }
      if (e instanceof SQLException || e instanceof BuildException
          || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
        err().println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /** This jar's path as the user can type it again, for hints. */
  static String jar() {
    try {
      Path self = Path.of(JourneymapCli.class.getProtectionDomain().getCodeSource().getLocation()
          .toURI());
      if (self.toString().endsWith(".jar")) {
        Path cwd = Path.of("").toAbsolutePath();
        return self.startsWith(cwd) ? cwd.relativize(self).toString() : self.toString();
      }
    } catch (java.net.URISyntaxException | RuntimeException ignored) {
      // fall back to the plain name
    }
    return "journeymap.jar";
  }

  /** Which store a command works on. */
  static final class Target {
    @Option(names = "--model", description = "Model file (YAML); the store defaults beside it.")
    Path model;

    @Option(names = "--store", description = "Store file (default: beside the model).")
    Path store;

    @Option(names = "--demo", description = "The built-in demo.")
    boolean demo;

    String url() {
      if (demo || (model == null && store == null)) {
        return JourneymapDriver.PREFIX + "demo";
      }
      StringBuilder url = new StringBuilder(JourneymapDriver.PREFIX);
      if (model != null) {
        url.append("model=").append(model.toAbsolutePath());
      }
      if (store != null) {
        url.append(model != null ? ";" : "").append("store=").append(store.toAbsolutePath());
      }
      return url.toString();
    }

    /** Builds first (with progress) when the store is missing or stale. */
    void prepare() {
      if (demo || (model == null && store == null)) {
        Path m = StoreLocator.demoModel(new ConsoleProgress(err()));
        StoreLocator.forModel(m, null, new ConsoleProgress(err()));
      } else if (model != null) {
        StoreLocator.forModel(model, store, new ConsoleProgress(err()));
      }
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Generate the demo data, build its store and print the two-minute view.")
  static final class Demo implements Callable<Integer> {
    @Option(names = "--persons", description = "Persons to generate (default ${DEFAULT-VALUE}).")
    int persons = StoreLocator.DEMO_PERSONS;

    @Override
    public Integer call() throws Exception {
      long t = System.nanoTime();
      err().println("Journeymap demo: a B2B SaaS free trial, " + String.format(Locale.ROOT, "%,d",
          persons) + " persons, seven sources");
      ConsoleProgress progress = new ConsoleProgress(err());
      Path model = StoreLocator.demoModel(persons, progress);
      Path store = StoreLocator.forModel(model, null, progress);
      err().printf(Locale.ROOT, "  store %s ready in %.1f s%n", store, (System.nanoTime() - t) / 1e9);
      try (Connection c = DriverManager.getConnection(JourneymapDriver.PREFIX + "store=" + store)) {
        new TwoMinuteView(c, out()).print();
      }
      out().println("Query it: java -jar " + jar() + " sql --model " + model
          + " \"SELECT * FROM stage_conversion\"");
      return 0;
    }
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build (or rebuild) the journey store of a model, with a summary.")
  static final class Build implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file (YAML).")
    Path model;

    @Option(names = "--store", description = "Store file (default: beside the model).")
    Path store;

    @Override
    public Integer call() {
      JourneyModel m = ModelLoader.load(model);
      Path target = store != null ? store : m.defaultStore();
      err().println("Building " + target + " from " + model);
      BuildSummary s = new JourneyBuilder(m, target, new ConsoleProgress(err())).build();
      out().println();
      out().printf("%-12s %12s %12s %12s%n", "source", "rows read", "accepted", "rejected");
      for (BuildSummary.SourceCount c : s.sources()) {
        out().printf(Locale.ROOT, "%-12s %,12d %,12d %,12d%n", c.source(), c.read(), c.accepted(),
            c.rejected());
      }
      out().printf(Locale.ROOT, "%-12s %,12d %,12d %,12d%n", "total", s.rowsRead(),
          s.eventsAccepted(), s.rowsRead() - s.eventsAccepted());
      out().printf(Locale.ROOT, "%nidentifiers %,d  persons %,d  accounts %,d  identity conflicts"
              + " %,d  journeys %,d%n", s.identifiers(), s.persons(), s.accounts(),
          s.conflicts(), s.journeys());
      out().printf(Locale.ROOT, "journeys judged as of %s (%s)%n", s.asOf(), s.asOfBasis());
      for (String warning : s.warnings()) {
        out().println("warning: " + warning);
      }
      out().printf(Locale.ROOT, "built in %.1f s (%,.0f events/s) -> %s%n", s.seconds(),
          s.eventsAccepted() / Math.max(s.seconds(), 1e-9), s.store());
      if (s.rowsRead() > s.eventsAccepted()) {
        out().println("rejected rows and their reasons: SELECT reason, count(*) FROM rejected_events"
            + " GROUP BY reason");
      }
      return 0;
    }
  }

  @Command(name = "sql", mixinStandardHelpOptions = true,
      description = "Run one query and print an aligned table, or open an interactive shell.")
  static final class Sql implements Callable<Integer> {
    @ArgGroup(exclusive = false)
    Target target = new Target();

    @Parameters(arity = "0..1", description = "The query; none opens the interactive shell.")
    String query;

    @Option(names = "--max-rows", description = "Rows to print (default ${DEFAULT-VALUE}).")
    int maxRows = 1000;

    @Override
    public Integer call() throws Exception {
      target.prepare();
      if (query == null) {
        return Shell.open(target.url());
      }
      try (Connection c = DriverManager.getConnection(target.url());
           Statement s = c.createStatement();
           ResultSet r = s.executeQuery(query)) {
        new TablePrinter(maxRows).print(r, out());
      }
      return 0;
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Print the two-minute view of a built store.")
  static final class Report implements Callable<Integer> {
    @ArgGroup(exclusive = false)
    Target target = new Target();

    @Override
    public Integer call() throws Exception {
      target.prepare();
      try (Connection c = DriverManager.getConnection(target.url())) {
        new TwoMinuteView(c, out()).print();
      }
      return 0;
    }
  }
}
