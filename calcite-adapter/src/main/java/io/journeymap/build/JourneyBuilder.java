package io.journeymap.build;

import io.journeymap.model.Durations;
import io.journeymap.model.JourneyModel;
import io.journeymap.model.Stage;
import io.journeymap.model.TaxonomyEvent;
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
  private final String buildId = UUID.randomUUID().toString().substring(0, 8);
  private final List<Object[]> log = new ArrayList<>();

  public JourneyBuilder(JourneyModel model, Path store, BuildListener listener) {
    this.model = model;
    this.store = store.toAbsolutePath();
    this.listener = listener;
  }

  public BuildSummary build() {
    long started = System.nanoTime();
    Path version = store.resolveSibling(store.getFileName() + "." + buildId);
    Path temp = version.resolveSibling(version.getFileName() + ".building");
    try {
      Files.createDirectories(store.getParent());
      BuildSummary summary;
      try (DuckDBConnection db = open(temp)) {
        summary = buildInto(db, started);
      }
      Files.move(temp, version, StandardCopyOption.ATOMIC_MOVE);
      publish(version);
      return summary;
    } catch (SQLException e) {
      throw new BuildException("build failed: " + Sql.firstLine(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the store " + store, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
        Files.deleteIfExists(temp.resolveSibling(temp.getFileName() + ".wal"));
      } catch (IOException ignored) {
        // the temporary file is only clutter, the store itself is untouched
      }
    }
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

  private static DuckDBConnection open(Path file) throws SQLException {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection(
        "jdbc:duckdb:" + file, props);
    try (Statement s = db.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
    }
    return db;
  }

  private BuildSummary buildInto(DuckDBConnection db, long started)
      throws SQLException, IOException {
    try (Statement s = db.createStatement()) {
      // relative paths inside query sources resolve against the model's folder
      s.execute("SET file_search_path = '" + model.baseDir().toString().replace("'", "''") + "'");
      s.execute("CREATE SCHEMA build");
      for (TableSpec t : StoreCatalogue.tables()) {
        s.execute(t.createSql("main"));
      }
      s.execute("CREATE TABLE build.events0 (event_id BIGINT, source VARCHAR, source_row BIGINT,"
          + " occurred_at TIMESTAMP, raw_event VARCHAR, event VARCHAR, account VARCHAR,"
          + " channel VARCHAR, campaign VARCHAR, properties VARCHAR)");
      s.execute("CREATE TABLE build.ids (event_id BIGINT, kind VARCHAR, value VARCHAR,"
          + " strong BOOLEAN)");
    }
    writeStages(db);

    List<BuildSummary.SourceCount> counts = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < model.sources().size(); i++) {
      String name = model.sources().get(i).name();
      long t = System.nanoTime();
      listener.phase("ingest " + name);
      BuildSummary.SourceCount c = new SourceIngest(db, model, i).run(offset);
      offset += c.read();
      counts.add(c);
      finish("ingest", name, c.read(), c.accepted(), c.rejected(), String.format(Locale.ROOT,
          "%,d rows read, %,d accepted, %,d rejected", c.read(), c.accepted(), c.rejected()), t);
    }

    long t = System.nanoTime();
    listener.phase("identity");
    IdentityResolution.Result identity =
        new IdentityResolution(db, model.identity().maxPersonsPerIdentifier(), listener).run();
    finish("identity", null, null, null, null, String.format(Locale.ROOT,
        "%,d identifiers, %,d persons, %,d accounts, %,d conflicts", identity.identifiers(),
        identity.persons(), identity.accounts(), identity.conflicts()), t);

    Instant asOf = asOf(db);
    t = System.nanoTime();
    listener.phase("journeys");
    long journeys = new JourneyResolution(db, model.journey(), asOf, listener).run();
    finish("journeys", null, null, null, null, String.format(Locale.ROOT,
        "%,d journeys as of %s", journeys, asOf), t);

    t = System.nanoTime();
    listener.phase("stages");
    new StageAnalysis(db, model, asOf).run();
    finish("stages", null, null, null, null, model.stages().size() + " stages placed", t);

    t = System.nanoTime();
    listener.phase("analyses");
    new ChannelQuality(db).run();
    writeTaxonomy(db);
    finish("analyses", null, null, null, null, "channel quality, taxonomy", t);

    double seconds = (System.nanoTime() - started) / 1e9;
    writeInfo(db, asOf, seconds);
    writeLog(db);
    try (Statement s = db.createStatement()) {
      s.execute("DROP SCHEMA build CASCADE");
      s.execute("CHECKPOINT");
    }
    return new BuildSummary(buildId, store, counts, identity.identifiers(), identity.persons(),
        identity.accounts(), identity.conflicts(), journeys, seconds);
  }

  /** The model's as_of, or the latest event: historical exports are not judged from today. */
  private Instant asOf(DuckDBConnection db) throws SQLException {
    if (model.journey().asOf() != null) {
      return model.journey().asOf();
    }
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT epoch_ms(max(occurred_at)) FROM main.events")) {
      r.next();
      long ms = r.getLong(1);
      if (r.wasNull()) {
        throw new BuildException("no source row became an event: see rejected_events", null);
      }
      return Instant.ofEpochMilli(ms);
    }
  }

  private void finish(String phase, String source, Long read, Long accepted, Long rejected,
      String detail, long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    log.add(new Object[] {phase, source, read, accepted, rejected, detail, seconds});
    listener.done(source == null ? phase : phase + " " + source, detail, seconds);
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

  private void writeInfo(DuckDBConnection db, Instant asOf, double seconds) throws SQLException {
    Map<String, String> info = new LinkedHashMap<>();
    info.put("build_id", buildId);
    info.put("built_at", Instant.now().toString());
    info.put("model", model.file().toAbsolutePath().toString());
    info.put("journey", model.journey().name());
    info.put("goal", model.journey().goal());
    info.put("subject", model.journey().subject().name().toLowerCase(Locale.ROOT));
    info.put("start_event", model.journey().startEvent());
    info.put("success_event", model.journey().successEvent());
    info.put("window", Durations.format(model.journey().window()));
    info.put("as_of", asOf.toString());
    info.put("build_seconds", String.format(Locale.ROOT, "%.1f", seconds));
    try (PreparedStatement p = db.prepareStatement("INSERT INTO main.build_info VALUES (?, ?)")) {
      for (Map.Entry<String, String> e : info.entrySet()) {
        p.setString(1, e.getKey());
        p.setString(2, e.getValue());
        p.execute();
      }
    }
  }

  private void writeLog(DuckDBConnection db) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO main.build_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Object[] row : log) {
        p.setString(1, buildId);
        for (int i = 0; i < row.length; i++) {
          p.setObject(i + 2, row[i]);
        }
        p.execute();
      }
    }
  }
}
