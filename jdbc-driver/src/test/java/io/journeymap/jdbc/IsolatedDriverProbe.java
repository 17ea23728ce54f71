package io.journeymap.jdbc;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Loads the driver from the packaged jar the way Metabase loads a plugin, in a JVM of its own:
 * the jar in a classloader whose parent holds other versions of common libraries (Metabase's
 * copies win there), the driver class named by the manifest, connected through the Driver
 * interface. It builds the store of a model and prints what the queries answer, one line each.
 * Only JDK classes are used here, so nothing from the build's classpath leaks in.
 *
 * <p>Arguments: the jar, the model file, then the jars of the parent ("host") classloader.
 */
public final class IsolatedDriverProbe {
  private IsolatedDriverProbe() {}

  public static void main(String[] args) throws Exception {
    URL[] host = new URL[args.length - 2];
    for (int i = 2; i < args.length; i++) {
      host[i - 2] = Path.of(args[i]).toUri().toURL();
    }
    ClassLoader hostLoader = new URLClassLoader("host", host,
        ClassLoader.getPlatformClassLoader());
    ClassLoader plugin = new URLClassLoader("plugin",
        new URL[] {Path.of(args[0]).toUri().toURL()}, hostLoader);
    Thread.currentThread().setContextClassLoader(plugin);

    Driver driver = (Driver) Class.forName("io.journeymap.jdbc.JourneymapDriver", true, plugin)
        .getDeclaredConstructor().newInstance();
    System.out.println("java " + Runtime.version().feature());
    try (Connection c = driver.connect("jdbc:journeymap:model=" + args[1], new Properties());
        Statement s = c.createStatement()) {
      System.out.println("product " + c.getMetaData().getDatabaseProductName());
      try (ResultSet r = s.executeQuery("SELECT status, count(*) FROM journeys GROUP BY status"
          + " ORDER BY status")) {
        while (r.next()) {
          System.out.println("status " + r.getString(1) + " " + r.getLong(2));
        }
      }
      try (ResultSet r = s.executeQuery("SELECT step, reached FROM funnel(steps =>"
          + " 'trial_started,setup_step_completed,subscription_paid') ORDER BY step")) {
        while (r.next()) {
          System.out.println("funnel " + r.getInt(1) + " " + r.getLong(2));
        }
      }
    }
    // the host's copies stay the host's: the plugin did not bring its own under their names
    for (String name : new String[] {"com.fasterxml.jackson.databind.ObjectMapper",
        "org.yaml.snakeyaml.Yaml", "org.slf4j.LoggerFactory"}) {
      Class<?> seen = Class.forName(name, false, plugin);
      System.out.println("host-class " + name + " " + (seen.getClassLoader() == hostLoader));
    }
    System.out.println("done");
  }
}
