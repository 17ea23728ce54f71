package io.journeymap.pipeline;

import io.journeymap.insight.Anomalies;
import io.journeymap.model.Durations;
import io.journeymap.model.Journey;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Stage;
import io.journeymap.model.TaxonomyEvent;
import io.journeymap.store.KeySlices;
import io.journeymap.store.StoreCatalogue;
import io.journeymap.store.TableSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.duckdb.DuckDBConnection;

/**
 * Builds a journey store from a model: ingest, identity, journeys, stages, analyses. The store is
 * written to a temporary file and moved into place atomically at the end, so readers see the old
 * build or the new one, never half of one.
 */
public final class JourneyBuilder {
  private final JourneyModel model;
  private final Path store;
  private final BuildListener listener;
  private final BuildSettings settings;
  private final String buildId = UUID.randomUUID().toString().substring(0, 8);
  private final List<Object[]> log = new ArrayList<>();
  /** The conversion model this build fitted, made current once the store is in place. */
  private io.journeymap.insight.ScoreModel fittedModel;

  public JourneyBuilder(JourneyModel model, Path store, BuildListener listener) {
    this(model, store, listener, BuildSettings.defaults());
  }

  public JourneyBuilder(JourneyModel model, Path store, BuildListener listener,
      BuildSettings settings) {
    this.model = model;
    this.store = store.toAbsolutePath();
    this.listener = listener;
    this.settings = settings;
  }

  public BuildSummary build() {
    long started = System.nanoTime();
    Path version = store.resolveSibling(store.getFileName() + "." + buildId);
    Path temp = version.resolveSibling(version.getFileName() + ".building");
    Path spill = spillFolder();
    try {
      Files.createDirectories(store.getParent());
      removeStaleBuilds();
      // listed before reading: a file changed during the build makes the store stale
      String sources = SourceFiles.listing(model);
      BuildSummary summary;
      try (DuckDBConnection db = open(temp, spill);
           IngestCache cache = IngestCache.attach(db, store, settings.reuseFiles())) {
        summary = buildInto(db, cache, started);
      }
      Files.move(temp, version, StandardCopyOption.ATOMIC_MOVE);
      publish(version);
      if (fittedModel != null) {
        SavedModels.makeCurrent(store, fittedModel.version());
      }
      Files.writeString(formatFile(store), Integer.toString(StoreCatalogue.FORMAT));
      Files.writeString(SourceFiles.listingFile(store), sources);
      return summary;
    } catch (SQLException e) {
      if (Sql.outOfMemory(e)) {
        throw new BuildException("build failed: the store engine needs more than its memory"
            + " limit of " + settings.memoryMb() + " MB for this data (" + Sql.firstLine(e)
            + "); raise it with 'journeymap build --memory SIZE' or -D"
            + BuildSettings.MEMORY_PROPERTY + "=SIZE", e);
      }
      throw new BuildException("build failed: " + Sql.firstLine(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the store " + store, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
        Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
        deleteTree(spill);
      } catch (IOException ignored) {
        // the temporary file is only clutter, the store itself is untouched
      }
    }
  }

  /** This build's folder for what the engine spills and for its scratch tables. */
  private Path spillFolder() {
    return store.resolveSibling(store.getFileName() + "." + buildId + ".spill");
  }

  /**
   * Makes {@code version} the store: the store path becomes a symbolic link to it, swapped in one
   * rename. Each build has its own file name because DuckDB keeps one database instance per path
   * in a process; a reader that reopens the store therefore sees the new build, while queries
   * running on the old file finish undisturbed. Where links are not possible the file itself
   * replaces the store.
   */
  private void publish(Path version) throws IOException {
    Path link = version.resolveSibling(version.getFileName() + ".link");
    try {
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, version.getFileName());
      Files.move(link, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (UnsupportedOperationException | IOException e) {
      Files.deleteIfExists(link);
      Files.move(version, store, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    String prefix = store.getFileName() + ".";
    try (var old = Files.list(store.getParent())) {
      for (Path p : old.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9a-f]{8}")
            && !p.equals(version)) {
          Files.deleteIfExists(p); // open readers keep their handle; the space frees on close
        }
      }
    }
  }

  /**
   * Beside the store, the layout version it was built with, so a newer Journeymap sees an older
   * store is due for a rebuild without opening it.
   */
  public static Path formatFile(Path store) {
    return store.resolveSibling(store.getFileName() + ".format");
  }

  /**
   * Deletes what killed builds left behind ({@code <store>.<id>.building} and its WAL). Builds
   * of one store run one at a time under its lock, so no other build owns such a file now.
   */
  private void removeStaleBuilds() throws IOException {
    String prefix = store.getFileName() + ".";
    try (var files = Files.list(store.getParent())) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix)
            && name.substring(prefix.length()).matches("[0-9a-f]{8}\\.building(\\.wal)?")) {
          Files.deleteIfExists(p);
        } else if (name.startsWith(prefix)
            && name.substring(prefix.length()).matches("[0-9a-f]{8}\\.spill")) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * The build's engine: bounded by the settings' memory and spilling beyond it into a folder
   * beside the store (the disk that holds the store has room for its intermediate data; the
   * system's temporary folder often has not).
   */
  private DuckDBConnection open(Path file, Path spill) throws SQLException {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection(
        "jdbc:duckdb:" + file, props);
    try (Statement s = db.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET memory_limit = '" + settings.memoryMb() + "MB'");
      s.execute("SET temp_directory = " + Sql.literal(spill.toString()));
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return db;
  }

  /** A warning for the build log and, as it happens, for whoever watches the build. */
  private void warn(String phase, String warning) {
    log.add(new Object[] {phase, null, null, null, null, null, null, warning, 0.0});
    listener.warning(warning);
  }

  /**
   * Success events of a subject that fall in none of its journeys (after a window closed, or
   * with no start before them) count as no conversion: said in words, else a reader of the
   * conversion rate never learns they happened. Null when there are none.
   */
  private String successesOutsideJourneys(DuckDBConnection db) throws SQLException {
    String success = model.journey().successEvent();
    String subject = model.journey().subject().column();
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT " + subject + ")"
             + " FROM main.events WHERE event = " + Sql.literal(success)
             + " AND journey_id IS NULL AND " + subject + " IS NOT NULL")) {
      r.next();
      long events = r.getLong(1);
      if (events == 0) {
        return null;
      }
      String who = model.journey().subject().name().toLowerCase(Locale.ROOT);
      boolean one = events == 1;
      return String.format(Locale.ROOT, "%,d '%s' %s of %,d %s%s %s in no journey (after"
          + " the journey's window closed, or with no '%s' before %s) and %s as no"
          + " conversion: SELECT * FROM events WHERE event = '%s' AND journey_id IS NULL",
          events, success, one ? "event" : "events", r.getLong(2), who,
          r.getLong(2) == 1 ? "" : "s", one ? "falls" : "fall", model.journey().startEvent(),
          one ? "it" : "them", one ? "counts" : "count", success.replace("'", "''"));
    }
  }

  /**
   * The store's events in event-id order, each with its journey. Sorting every wide event row
   * at once ran out of a 4 GB bound at 50M events: the sort runs per slice of event ids, and
   * slices in ascending order keep the table in order.
   */
  private void writeEvents(DuckDBConnection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      // an event in several keyed journeys carries the one that started first
      s.execute("CREATE TABLE build.event_journey AS SELECT je.event_id, arg_min(je.journey_id,"
          + " (j.started_at, je.journey_id)) AS journey_id FROM build.journey_events je"
          + " JOIN build.journeys1 j USING (journey_id) GROUP BY 1");
      KeySlices slices = KeySlices.of(s, "build.events1", "event_id", settings.rowsPerSlice());
      for (int i = 0; i < slices.count(); i++) {
        // the mapped rows are in event-id order, so each slice reads only its own blocks
        s.execute("INSERT INTO main.events SELECT e.event_id, e.event, e.occurred_at, e.source,"
            + " e.source_row, m.raw_event, e.person_id, e.account_id, e.identity_status,"
            + " je.journey_id, e.channel, e.campaign, m.properties FROM build.events1 e"
            + " JOIN build.events0 m ON m.event_id = e.event_id"
            + " AND " + slices.condition(i, "m.event_id")
            + " LEFT JOIN build.event_journey je ON je.event_id = e.event_id"
            + " WHERE " + slices.condition(i, "e.event_id") + " ORDER BY e.event_id");
      }
    }
  }

  private BuildSummary buildInto(DuckDBConnection db, IngestCache cache, long started)
      throws SQLException, IOException {
    PhaseTimes previous = cache.previousTimes();
    listener.plan(previous.total());
    try (Statement s = db.createStatement()) {
      // relative paths inside query sources resolve against the model's folder
      s.execute("SET file_search_path = '" + model.baseDir().toString().replace("'", "''") + "'");
      // intermediate tables live in a database file of their own in the spill folder, removed
      // with it: in the store file the space they freed stayed in the file (1.1 GB of a
      // 10M-event store); in memory they are not compressed, and at 50M events the engine
      // could not find room under a 2 GB bound
      Path scratch = spillFolder().resolve("scratch.duckdb");
      Files.createDirectories(scratch.getParent());
      s.execute("ATTACH " + Sql.literal(scratch.toString()) + " AS build");
      for (TableSpec t : StoreCatalogue.tables()) {
        s.execute(t.createSql("main"));
      }
      s.execute("CREATE TABLE build.events0 (event_id BIGINT, source VARCHAR, source_row BIGINT,"
          + " occurred_at TIMESTAMP, raw_event VARCHAR, event VARCHAR,"
          + " channel VARCHAR, campaign VARCHAR, properties VARCHAR)");
      // every identifier of every record group (a source's records, events and identity-only
      // rows, naming the same identifiers: a group is named by its first record), normalised
      s.execute("CREATE TABLE build.ids (record BIGINT, kind VARCHAR, value VARCHAR,"
          + " strong BOOLEAN, level VARCHAR, role BOOLEAN, source VARCHAR, records BIGINT)");
      // each group's size and first time; event: its records are events (else a directory's)
      s.execute("CREATE TABLE build.records (record BIGINT, records BIGINT, first_at TIMESTAMP,"
          + " event BOOLEAN)");
      // the events a group's first record does not stand for, with that record
      s.execute("CREATE TABLE build.event_records (event_id BIGINT, record BIGINT)");
    }
    writeStages(db);

    List<BuildSummary.SourceCount> counts = new ArrayList<>();
    List<String> sourceWarnings = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < model.sources().size(); i++) {
      String name = model.sources().get(i).name();
      long t = System.nanoTime();
      listener.phase("ingest " + name, previous.seconds("ingest", name));
      SourceIngest.Ingested in = new SourceIngest(db, model, i).run(offset, cache);
      BuildSummary.SourceCount c = in.count();
      offset += c.read();
      counts.add(c);
      String rejected = Rejections.describe(db, model.sources().get(i), c);
      if (rejected != null) {
        sourceWarnings.add(rejected);
      }
      if (in.unmatchedMapping() != null) {
        sourceWarnings.add(in.unmatchedMapping());
      }
      double took = Math.max((System.nanoTime() - t) / 1e9, 1e-3);
      finish("ingest", name, c.read(), c.accepted(), c.rejected(), String.format(Locale.ROOT,
          "%,d rows read, %,d accepted, %,d rejected, %,.0f rows/s%s", c.read(), c.accepted(),
          c.rejected(), c.read() / took, in.reuse()), t);
    }
    cache.forgetUnused();
    long rowsRead = offset;

    for (String warning : sourceWarnings) {
      warn("ingest", warning);
    }
    long t = System.nanoTime();
    Coverage coverage = Coverage.of(db, model);
    for (Coverage.Span span : coverage.spans()) {
      log.add(new Object[] {"coverage", span.source(), null, span.events(), null,
          span.first(), span.last(), span.carriesOutcome()
              ? "carries the outcome: judged no later than its last event" : "no outcome events",
          0.0});
    }
    for (String warning : coverage.warnings()) {
      warn("coverage", warning);
    }
    Instant asOf = coverage.asOf();

    t = System.nanoTime();
    listener.phase("identity", previous.scaled("identity", rowsRead));
    IdentityResolution.Result identity =
        new IdentityResolution(db, model.identity(), listener,
            JourneyResolution.keyExpression(model.journey())).run();
    finish("identity", null, null, null, null, String.format(Locale.ROOT,
        "%,d identifiers, %,d persons, %,d accounts, %,d conflicts", identity.identifiers(),
        identity.persons(), identity.accounts(), identity.conflicts()), t);

    t = System.nanoTime();
    listener.phase("journeys", previous.scaled("journeys", rowsRead));
    JourneyResolution.Result cut = new JourneyResolution(db, model.journey(), asOf, listener).run();
    long journeys = cut.journeys();
    finish("journeys", null, null, null, null, String.format(Locale.ROOT,
        "%,d journeys as of %s (%s)", journeys, asOf, coverage.basis())
        + (cut.startsWithoutKey() == 0 ? "" : String.format(Locale.ROOT,
            "; %,d start events without a '%s' value started no journey",
            cut.startsWithoutKey(), model.journey().key())), t);
    if (cut.startsWithoutSubject() + cut.outcomesWithoutSubject() > 0) {
      String warning = String.format(Locale.ROOT, "%,d start and %,d outcome events have no"
          + " %s, so they take part in no journey (see events WHERE %s IS NULL)",
          cut.startsWithoutSubject(), cut.outcomesWithoutSubject(),
          model.journey().subject().name().toLowerCase(Locale.ROOT),
          model.journey().subject().column());
      warn("journeys", warning);
      sourceWarnings.add(warning);
    }

    t = System.nanoTime();
    listener.phase("stages", previous.scaled("stages", rowsRead));
    new StageAnalysis(db, model, asOf, settings.rowsPerSlice()).run();
    writeEvents(db);
    finish("stages", null, null, null, null, model.stages().size() + " stages placed", t);
    for (String warning : UnreachedStages.describe(db, model)) {
      warn("stages", warning);
      sourceWarnings.add(warning);
    }
    String outside = successesOutsideJourneys(db);
    if (outside != null) {
      warn("journeys", outside);
      sourceWarnings.add(outside);
    }

    // the analyses read the store's public tables, build_info and taxonomy among them
    writeInfo(db, asOf, coverage.basis());
    writeTaxonomy(db);
    t = System.nanoTime();
    listener.phase("lift", previous.scaled("lift", rowsRead));
    int behaviors = new BehaviorLift(db, model.insights().lift())
        .run(model.journey().window().toMillis() / 86_400_000.0).size();
    finish("lift", null, null, null, null, behaviors + " behaviours tested for lift", t);

    t = System.nanoTime();
    listener.phase("anomalies", previous.scaled("anomalies", rowsRead));
    Anomalies.Result anomalies = Anomalies.run(db, model.changes());
    insert(db, StoreCatalogue.ANOMALIES, anomalies.anomalies());
    insert(db, StoreCatalogue.CHANGES_30D, anomalies.changes30d());
    finish("anomalies", null, null, null, null, String.format(Locale.ROOT, "%,d anomalies in"
        + " %,d daily series (%,d days tested), %,d 30-day changes",
        anomalies.anomalies().size(), anomalies.seriesRead(), anomalies.daysTested(),
        anomalies.changes30d().size()), t);

    t = System.nanoTime();
    listener.phase("analyses", previous.scaled("analyses", rowsRead));
    new ChannelQuality(db).run();
    finish("analyses", null, null, null, null, "channel quality, taxonomy", t);

    t = System.nanoTime();
    listener.phase("clusters", previous.scaled("clusters", rowsRead));
    finish("clusters", null, null, null, null,
        new JourneyClusters(db, model, asOf).run(), t);

    t = System.nanoTime();
    listener.phase("scores", previous.scaled("scores", rowsRead));
    PropensityScores.Result scores = new PropensityScores(db, model, asOf, store,
        settings.retrain()).run();
    for (String warning : scores.warnings()) {
      warn("scores", warning);
      sourceWarnings.add(warning);
    }
    fittedModel = scores.fitted();
    finish("scores", null, null, null, null, scores.detail(), t);

    t = System.nanoTime();
    listener.phase("triggers", previous.scaled("triggers", rowsRead));
    TriggerEvaluation triggers = new TriggerEvaluation(db, model, asOf, settings.rowsPerSlice());
    long firings = triggers.run();
    new TriggerImpact(db, model).run();
    for (String warning : triggers.warnings()) {
      warn("triggers", warning);
    }
    finish("triggers", null, null, null, null,
        TriggerEvaluation.describe(firings, model.triggers().size()), t);

    t = System.nanoTime();
    listener.phase("actions", previous.scaled("actions", rowsRead));
    int segments = new SegmentsNeedingAction(db, model.segments()).run();
    int changeRows = new ChangeImpact(db, model.changes()).run();
    finish("actions", null, null, null, null, String.format(Locale.ROOT,
        "%,d segments needing action, %,d change comparisons", segments, changeRows), t);

    double seconds = (System.nanoTime() - started) / 1e9;
    long peak = PeakMemory.residentMb();
    String resources = String.format(Locale.ROOT, "engine memory limit %,d MB (spilling beyond"
        + " it)%s", settings.memoryMb(), peak < 0 ? "" : String.format(Locale.ROOT,
            "; peak resident size of the process %,d MB", peak));
    log.add(new Object[] {"resources", null, null, null, null, null, null, resources, 0.0});
    try (PreparedStatement p = db.prepareStatement(
        "UPDATE main.build_info SET build_seconds = ?")) {
      p.setDouble(1, Math.round(seconds * 10) / 10.0);
      p.execute();
    }
    writeLog(db);
    cache.recordTimes(PhaseTimes.of(log, rowsRead));
    try (Statement s = db.createStatement()) {
      s.execute("DETACH build");
      s.execute("CHECKPOINT");
    }
    return new BuildSummary(buildId, store, counts, identity.identifiers(), identity.persons(),
        identity.accounts(), identity.conflicts(), journeys, asOf, coverage.basis(),
        concat(sourceWarnings, coverage.warnings()), seconds, resources);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private void finish(String phase, String source, Long read, Long accepted, Long rejected,
      String detail, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    log.add(new Object[] {phase, source, read, accepted, rejected, null, null, detail, seconds});
    listener.done(source == null ? phase : phase + " " + source, detail, seconds);
  }

  private static void insert(DuckDBConnection db, TableSpec table, List<Object[]> rows)
      throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(table.columns().size(), "?"));
    try (PreparedStatement p = db.prepareStatement("INSERT INTO main." + table.name()
        + " VALUES (" + marks + ")")) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          p.setObject(i + 1, row[i]);
        }
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private void writeStages(DuckDBConnection db) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO main.stages VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int order = 0;
      for (Stage st : model.stages()) {
        p.setInt(1, ++order);
        p.setString(2, st.name());
        p.setString(3, st.description());
        p.setString(4, st.ruleText());
        p.setString(5, st.events().isEmpty() ? null : String.join(",", st.events()));
        p.setInt(6, st.minCount());
        p.setObject(7, st.withinDays());
        p.execute();
      }
    }
  }

  private void writeTaxonomy(DuckDBConnection db) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("INSERT INTO main.taxonomy SELECT ?, ?,"
        + " (SELECT string_agg(DISTINCT source, ',' ORDER BY source) FROM main.events"
        + " WHERE event = ?), (SELECT count(*) FROM main.events WHERE event = ?)")) {
      for (TaxonomyEvent e : model.taxonomy()) {
        p.setString(1, e.name());
        p.setString(2, e.description());
        p.setString(3, e.name());
        p.setString(4, e.name());
        p.execute();
      }
    }
  }

  private void writeInfo(DuckDBConnection db, Instant asOf, String basis) throws SQLException {
    Journey j = model.journey();
    try (PreparedStatement p = db.prepareStatement("INSERT INTO main.build_info VALUES"
        + " (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, make_timestamp(?), ?, 0, ?, NULL, NULL,"
        + " NULL)")) {
      p.setString(1, buildId);
      p.setString(2, model.file().toAbsolutePath().toString());
      p.setString(3, j.name());
      p.setString(4, j.goal());
      p.setString(5, j.subject().name().toLowerCase(Locale.ROOT));
      p.setString(6, j.startEvent());
      p.setString(7, j.successEvent());
      p.setString(8, j.failureEvents().isEmpty() ? null : String.join(",", j.failureEvents()));
      p.setString(9, j.key());
      p.setDouble(10, j.window().toMillis() / 86_400_000.0);
      p.setLong(11, asOf.toEpochMilli() * 1000);
      p.setString(12, basis);
      p.setInt(13, StoreCatalogue.FORMAT);
      p.execute();
    }
  }

  private void writeLog(DuckDBConnection db) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO main.build_log VALUES (?, ?, ?, ?, ?, ?, make_timestamp(?),"
            + " make_timestamp(?), ?, ?)")) {
      for (Object[] row : log) {
        p.setString(1, buildId);
        for (int i = 0; i < row.length; i++) {
          // times go in as epoch microseconds: no JDBC time zone conversion on the way
          Object v = row[i] instanceof Instant at ? at.toEpochMilli() * 1000 : row[i];
          p.setObject(i + 2, v);
        }
        p.execute();
      }
    }
  }
}
