package io.journeymap.jdbc;

import static io.journeymap.jdbc.BuildProcess.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.journeymap.pipeline.BuildListener;
import io.journeymap.pipeline.StoreLocator;
import io.journeymap.demo.DemoWorld;
import io.journeymap.model.ModelLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries through the driver keep working while rebuilds (one in this JVM, one by the command
 * line in another process) publish new versions of the store, and new connections see each new
 * build as soon as it is published.
 */
class QueriesDuringRebuildTest {
  private static final int THREADS = 4;

  @TempDir
  Path dir;

  /** The URL the query threads connect with. */
  String url(Path store) throws Exception {
    return "jdbc:journeymap:store=" + store;
  }

  java.util.Properties properties() {
    return new java.util.Properties();
  }

  @Test
  void noQueryFailsWhileRebuildsPublishAndNewConnectionsSeeTheNewBuild() throws Exception {
    Path model = new DemoWorld(100, 5).writeTo(dir, n -> { }).model();
    Path store = dir.resolve("trial.duckdb");
    StoreLocator.build(ModelLoader.load(model), store, BuildListener.SILENT);
    BuildProcess.Numbers first = numbers(store);
    String url = url(store);
    java.util.Properties properties = properties();

    AtomicBoolean stop = new AtomicBoolean();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong queries = new AtomicLong();
    AtomicLong connections = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      // even threads open a connection per query, odd ones keep theirs for 25 queries
      int reuse = i % 2 == 0 ? 1 : 25;
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try (Connection c = DriverManager.getConnection(url, properties)) {
            connections.incrementAndGet();
            for (int q = 0; q < reuse && !stop.get(); q++) {
              try (Statement s = c.createStatement();
                   ResultSet r = s.executeQuery("SELECT (SELECT build_id FROM build_info),"
                       + " (SELECT count(*) FROM journeys), (SELECT count(*) FROM"
                       + " stage_conversion), (SELECT count(*) FROM events e JOIN journeys j"
                       + " USING (journey_id))")) {
                r.next();
                seen.add(r.getString(1));
                if (r.getLong(2) != first.journeys()
                    || r.getLong(3) != first.stageConversionRows()) {
                  failures.add("build " + r.getString(1) + " shows " + r.getLong(2)
                      + " journeys and " + r.getLong(3) + " stage_conversion rows");
                }
                queries.incrementAndGet();
              }
            }
          } catch (SQLException | RuntimeException e) {
            failures.add(e.toString());
          }
        }
      }, "query-" + i);
      threads.add(t);
      t.start();
    }

    Thread.sleep(500);
    StoreLocator.build(ModelLoader.load(model), store, BuildListener.SILENT);
    String second = numbers(store).buildId();
    assertNotEquals(first.buildId(), second, "a new connection sees the build just published");
    Thread.sleep(500);
    try (BuildProcess cli = BuildProcess.start(model, store)) {
      assertEquals(0, cli.finish(120), cli.output());
    }
    String third = numbers(store).buildId();
    assertNotEquals(second, third, "a new connection sees the other process's build");
    long before = queries.get();
    Thread.sleep(500);
    stop.set(true);
    for (Thread t : threads) {
      t.join(30_000);
    }
    System.out.printf("queries during rebuilds: %d queries on %d connections, %d failed;"
            + " builds seen: %s%n", queries.get(), connections.get(), failures.size(),
        seen.size());
    assertTrue(failures.isEmpty(), failures.size() + " failed queries, e.g. "
        + failures.stream().limit(5).toList());
    assertTrue(queries.get() > before, "queries went on after the last rebuild");
    assertTrue(seen.containsAll(List.of(first.buildId(), second, third)),
        "the query threads saw every build: " + seen);
  }
}
