package io.journeymap.cli;

import io.journeymap.pipeline.BuildException;
import io.journeymap.pipeline.BuildSettings;
import io.journeymap.pipeline.BuildSummary;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.jdbc.JourneymapDriver;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.ModelException;
import io.journeymap.model.ModelLoader;
import io.journeymap.report.DeclaredChanges;
import io.journeymap.report.HtmlReport;
import io.journeymap.report.ReportData;
import io.journeymap.report.TextReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code journeymap} command line: demo, build, sql, report, serve. */
@Command(name = "journeymap", mixinStandardHelpOptions = true,
    version = "journeymap " + JourneymapDriver.VERSION,
    description = "Customer journey maps as SQL tables.",
    subcommands = {JourneymapCli.Demo.class, JourneymapCli.Build.class, JourneymapCli.Sql.class,
        JourneymapCli.Report.class, ServeCommand.class,
        TriggerExport.class, RetrainCommand.class})
public final class JourneymapCli {
  /** Read at each use so callers (and tests) can redirect the streams. */
  static PrintStream out() {
    return System.out;
  }

  static PrintStream err() {
    return System.err;
  }

  static InputStream in() {
    return System.in;
  }

  /** Standard input as the JVM started with it, to tell when a caller replaced it. */
  private static final InputStream STARTING_STDIN = System.in;

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
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((e, given) -> {
      CommandLine cmd = e.getCommandLine();
      err().println("error: " + e.getMessage());
      java.io.PrintWriter w = new java.io.PrintWriter(err(), true);
      CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
      w.flush();
      err().println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
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

  /** Which store a command works on: exactly one of a model, a store or the demo. */
  static final class Target {
    @Option(names = "--model", paramLabel = "FILE",
        description = "Model file (YAML); its store sits beside it and is built when missing or"
            + " older than the model.")
    Path model;

    @Option(names = "--store", paramLabel = "FILE",
        description = "Store file: an already built store, or with --model where its store"
            + " goes.")
    Path store;

    @Option(names = "--demo", description = "The built-in demo (generated and built on first"
        + " use).")
    boolean demo;

    /** Refuses a missing target and the demo mixed with another one (exit code 2). */
    void check(CommandLine cmd) {
      if (demo && (model != null || store != null)) {
        throw new CommandLine.ParameterException(cmd, "--demo cannot be combined with"
            + (model != null ? " --model" : "") + (model != null && store != null ? " and" : "")
            + (store != null ? " --store" : "") + ": give one target");
      }
      if (!demo && model == null && store == null) {
        throw new CommandLine.ParameterException(cmd, "no target: give --model FILE (a model),"
            + " --store FILE (a built store) or --demo (the built-in demo)");
      }
    }

    String url() {
      if (demo) {
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

    /** The demo's model file, once {@link #prepare} has written it. */
    private Path demoModel;

    /** Builds first (with progress) when the store is missing or stale. */
    void prepare() {
      if (demo) {
        demoModel = StoreLocator.demoModel(new ConsoleProgress(err()));
        StoreLocator.forModel(demoModel, null, new ConsoleProgress(err()));
      } else if (model != null) {
        StoreLocator.forModel(model, store, new ConsoleProgress(err()));
      }
    }

    /** The model file of the target, if one was given (or is the demo's); else null. */
    Path modelFile() {
      return demo ? demoModel : model;
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
        new TextReport(ReportData.read(c, DeclaredChanges.of(model, c)), out()).print();
      }
      out().println("Query it: java -jar " + jar() + " sql --model " + model
          + " \"SELECT * FROM stage_conversion\"");
      return 0;
    }
  }

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build (or rebuild) the journey store of a model, with a summary.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:the store was rebuilt",
          "1:the build failed (the engine failed or ran out of memory, the store could not be"
              + " written); the previous store is kept",
          "2:the model file has problems, or a source it names cannot be read (each shown"
              + " with the model file's line); the previous store is kept",
          "3:the store was rebuilt, but a source lost more than half of its rows"})
  static final class Build implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model file (YAML).")
    Path model;

    @Option(names = "--store", description = "Store file (default: beside the model).")
    Path store;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory bound of the store"
        + " engine, e.g. 2GB or 1500MB; beyond it the build spills to disk beside the store"
        + " (default: -Djourneymap.build.memory, else half of this machine's memory). The JVM's"
        + " own heap is set with -Xmx as usual.")
    String memory;

    @Option(names = "--full", description = "Read every source file again instead of taking"
        + " files unchanged since the last build from the store's ingest cache"
        + " (<store>.ingest); the result is the same, only slower. The saved conversion"
        + " model is kept unless --retrain is given too.")
    boolean full;

    @Option(names = "--retrain", description = "Fit the conversion model again on the current"
        + " matured journeys and save it as the model later builds score with (without it, a"
        + " build scores with the saved model while the model file still defines its features"
        + " the same way). 'journeymap retrain' does this and compares the two models.")
    boolean retrain;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      JourneyModel m = ModelLoader.load(model);
      Path target = store != null ? store : m.defaultStore();
      BuildSettings settings;
      try {
        settings = (memory == null ? BuildSettings.defaults()
            : new BuildSettings(BuildSettings.parseMegabytes(memory), true))
            .withReuseFiles(!full).withRetrain(retrain);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--memory: "
            + e.getMessage());
      }
      err().println("Building " + target + " from " + model);
      BuildSummary s = StoreLocator.build(m, target, new ConsoleProgress(err()), settings);
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
      out().println(s.resources());
      if (s.rowsRead() > s.eventsAccepted()) {
        out().println("rejected rows and their reasons: SELECT reason, count(*) FROM rejected_events"
            + " GROUP BY reason");
      }
      List<BuildSummary.SourceCount> lost = s.sourcesLosingMost();
      if (!lost.isEmpty()) {
        // the store is written (its rejected_events say why), but a scheduler must not take
        // a map without most of a source for a good build
        err().println("the store was rebuilt, but " + (lost.size() == 1 ? "source " : "sources ")
            + lost.stream().map(c -> "'" + c.source() + "'").collect(Collectors.joining(", "))
            + (lost.size() == 1 ? " lost" : " each lost") + " more than half of its rows (see"
            + " the warnings above; exit code 3)");
        return 3;
      }
      return 0;
    }
  }

  @Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
      description = {
          "Run SQL on a journey store and print the results, or open an interactive shell.",
          "",
          "The SQL comes from QUERY, from -f FILE, or from standard input when it is not a"
              + " terminal and no QUERY is given; with none of these the interactive shell"
              + " (sqlline) opens.",
          "Statements are separated by ';' (not those inside quotes or comments) and run in"
              + " order, each result printed in turn: table puts a blank line between results,"
              + " csv and tsv a blank line and a new header row, json just more lines.",
          "Running stops at the first statement that fails: later statements do not run, one"
              + " line 'error: statement N (line L, \"first line\"): message' goes to standard"
              + " error and the exit code is 1."},
      parameterListHeading = "%nParameters:%n", optionListHeading = "%nOptions:%n",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:every statement ran",
          "1:a statement failed (those after it did not run)",
          "2:wrong command line: no target or conflicting targets, unreadable file, QUERY"
              + " together with -f"})
  static final class Sql implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "%nTarget (exactly one):%n")
    Target target = new Target();

    @Parameters(arity = "0..1", paramLabel = "QUERY",
        description = "SQL to run: one statement, or several separated by ';'.")
    String query;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
        description = "Run the statements in FILE ('-' reads standard input).")
    String file;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "table (default; aligned, doubles rounded to 4 decimals), csv, tsv or"
            + " json (JSON lines: one object per row). csv, tsv and json print every value in"
            + " full; null is an empty field in csv and tsv and null in json; times are ISO-8601"
            + " in every format.")
    ResultPrinter.Format format = ResultPrinter.Format.table;

    @Option(names = "--max-rows", paramLabel = "N",
        description = "Rows to print of each result; 0 prints all (default: 1000 for table,"
            + " all for csv, tsv and json).")
    Long maxRows;

    @Override
    public Integer call() throws Exception {
      CommandLine cmd = spec.commandLine();
      target.check(cmd);
      if (maxRows != null && maxRows < 0) {
        throw new CommandLine.ParameterException(cmd, "--max-rows must be 0 or more");
      }
      if (query != null && file != null) {
        throw new CommandLine.ParameterException(cmd, "give the SQL as QUERY or with -f, not"
            + " both");
      }
      String script = null;
      if (file != null) {
        script = read(cmd, file);
      } else if (query == null && !stdinIsTerminal()) {
        script = read(cmd, "-");
      }
      target.prepare();
      if (query == null && script == null) {
        return Shell.open(target.url(), format.name());
      }
      List<SqlScript.Statement> statements = SqlScript.split(query != null ? query : script);
      long rows = maxRows != null ? maxRows : format == ResultPrinter.Format.table ? 1000 : 0;
      try (Connection c = DriverManager.getConnection(target.url())) {
        return new SqlRunner(c, format.printer(out(), rows), out(), err())
            .run(statements, query == null || statements.size() > 1);
      }
    }

    private static String read(CommandLine cmd, String file) {
      try {
        byte[] bytes = file.equals("-") ? in().readAllBytes() : Files.readAllBytes(Path.of(file));
        return new String(bytes, StandardCharsets.UTF_8);
      } catch (IOException | java.nio.file.InvalidPathException e) {
        String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
            : e.getMessage();
        throw new CommandLine.ParameterException(cmd, "cannot read "
            + (file.equals("-") ? "standard input" : file) + ": " + why);
      }
    }
  }

  /**
   * Whether standard input is a terminal (so no SQL is waiting there). On Linux the answer
   * comes from what file descriptor 0 is; elsewhere from the JVM's console, which needs
   * standard output to be a terminal too.
   */
  static boolean stdinIsTerminal() {
    if (System.in != STARTING_STDIN) {
      return false; // replaced inside the JVM: no terminal behind it
    }
    Path fd0 = Path.of("/proc/self/fd/0");
    try {
      if (Files.exists(fd0, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        String target = Files.readSymbolicLink(fd0).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
            || target.equals("/dev/console");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
      // fall back to the console
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Java 22 and later may give a console to redirected streams; isTerminal tells
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** What {@code report} writes. */
  enum ReportFormat { html, text }

  @Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
      optionListHeading = "%nOptions:%n",
      description = {"The two-minute report of a journey store: the journey map, where people"
          + " drop off, which behaviours move them forward, which channels bring good"
          + " journeys, what changed in the last 30 days, which segment needs action, the"
          + " triggers with their impact, the kinds of journeys and how far to trust the"
          + " scores.",
          "",
          "Without --out it prints the text version; with --out FILE.html it writes one"
              + " self-contained HTML page (inline charts, no scripts, no network)."})
  static final class Report implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "%nTarget (exactly one):%n")
    Target target = new Target();

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write the report to FILE (replaced if it exists) instead of standard"
            + " output.")
    Path outFile;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "html or text (default: html when --out ends in .html or .htm, else"
            + " text).")
    ReportFormat format;

    @Override
    public Integer call() throws Exception {
      target.check(spec.commandLine());
      if (outFile != null) { // before the work, not after it
        Path parent = outFile.toAbsolutePath().getParent();
        if (Files.isDirectory(outFile)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + outFile
              + " is a folder; give a file name, e.g. " + outFile.resolve("report.html"));
        }
        if (parent != null && !Files.isDirectory(parent)) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--out: the folder "
              + parent + " does not exist; create it first or write elsewhere");
        }
      }
      ReportFormat f = format != null ? format : outFile != null && outFile.getFileName()
          .toString().toLowerCase(Locale.ROOT).matches(".*\\.html?") ? ReportFormat.html
          : ReportFormat.text;
      target.prepare();
      ReportData data;
      try (Connection c = DriverManager.getConnection(target.url())) {
        data = ReportData.read(c, DeclaredChanges.of(target.modelFile(), c));
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      PrintStream to = outFile == null ? out() : new PrintStream(buffer, true,
          StandardCharsets.UTF_8);
      if (f == ReportFormat.html) {
        to.print(HtmlReport.render(data, JourneymapDriver.VERSION));
      } else {
        new TextReport(data, to).print();
      }
      to.flush();
      if (outFile != null) {
        try {
          Files.write(outFile, buffer.toByteArray());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write " + outFile + ": "
              + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
              : " (" + e.getMessage() + ")"), e);
        }
        err().println("report written to " + outFile);
      }
      return 0;
    }
  }
}
