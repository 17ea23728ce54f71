package io.journeymap.zeppelin;

import io.journeymap.demo.DemoWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.zeppelin.interpreter.InterpreterException;

/**
 * One small demo world (300 persons), written and built once for every test class of the
 * module, removed when the test JVM ends; and the store read with DuckDB's own driver, the
 * independent side of the tests' comparisons.
 */
final class StoreFixture {
  private static Path dir;
  private static Path model;

  private StoreFixture() {}

  static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("journey-zeppelin-test");
        model = new DemoWorld(300, 3).writeTo(dir, n -> { }).model();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path remove = dir;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(remove)));
    }
    return dir;
  }

  static Path model() {
    dir();
    return model;
  }

  /**
   * An opened interpreter on the fixture's model, with further properties; the store is built
   * first, so no test's first paragraph also shows a build.
   */
  static JourneyInterpreter interpreter(Map<String, String> settings)
      throws InterpreterException {
    io.journeymap.pipeline.StoreLocator.forModel(model(), null,
        io.journeymap.pipeline.BuildListener.SILENT);
    Properties p = new Properties();
    p.setProperty(Settings.MODEL, model().toString());
    p.putAll(settings);
    JourneyInterpreter i = new JourneyInterpreter(p);
    i.open();
    return i;
  }

  /** Rows of a query run by DuckDB itself on the built store (schema journey). */
  static List<Object[]> direct(String sql) throws Exception {
    Path store;
    try (Stream<Path> files = Files.list(dir())) {
      store = files.filter(f -> f.toString().endsWith(".journeymap.duckdb")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no store built yet"));
    }
    Properties p = new Properties();
    p.setProperty("duckdb.read_only", "true");
    p.setProperty("jdbc_stream_results", "true"); // the driver's configuration, as DuckDB asks
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store, p);
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      List<Object[]> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          row[i] = rs.getObject(i + 1);
        }
        out.add(row);
      }
      return out;
    }
  }

  private static void delete(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
