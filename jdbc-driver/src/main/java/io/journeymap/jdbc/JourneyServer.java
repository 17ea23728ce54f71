package io.journeymap.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One process that owns a journey store and answers JDBC clients over HTTP (Avatica's protobuf
 * protocol), so Metabase, notebooks and the command line share one build. Each client
 * connection is a connection of the {@code jdbc:journeymap:} driver inside the server, so a
 * stale model is rebuilt under the store's lock and swapped in for new connections while open
 * ones finish on the build they started with. Clients authenticate with HTTP basic
 * authentication: user {@value #USER}, the shared token as password.
 */
public final class JourneyServer implements AutoCloseable {
  public static final String USER = "journeymap";
  /** Tokens go into a realm file whose syntax gives ':' and ',' meaning; 16+ plain characters. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/=-]{16,}");

  private final HttpServer http;
  private final String bind;

  private JourneyServer(HttpServer http, String bind) {
    this.http = http;
    this.bind = bind;
  }

  /**
   * Starts serving {@code target} (a {@code jdbc:journeymap:} URL of a model or store) on
   * {@code bind}:{@code port} (0 picks a free port).
   */
  public static JourneyServer start(String target, String bind, int port, String token)
      throws SQLException {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("the server token must be at least 16 characters of"
          + " letters, digits and . _ ~ + / = -");
    }
    JdbcMeta meta = new OneStoreForEveryClient(target);
    Path realm = realmFile(token);
    try {
      HttpServer http = new HttpServer.Builder<Server>()
          .withHandler(new LocalService(meta), Serialization.PROTOBUF)
          .withPort(port)
          .withBasicAuthentication(realm.toString(), new String[] {USER})
          .withServerCustomizers(List.of(server -> {
            for (var connector : server.getConnectors()) {
              ((ServerConnector) connector).setHost(bind);
            }
          }), Server.class)
          .build();
      http.start();
      return new JourneyServer(http, bind);
    } finally {
      try {
        Files.deleteIfExists(realm); // read when the server started; the token stays in memory
      } catch (IOException ignored) {
        // a temporary file readable only by this user
      }
    }
  }

  /** A realm file for the login service, readable only by the server's user. */
  private static Path realmFile(String token) {
    try {
      Path realm;
      try {
        realm = Files.createTempFile("journeymap-realm", ".properties",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        realm = Files.createTempFile("journeymap-realm", ".properties");
      }
      Files.writeString(realm, USER + ": " + token + "," + USER + "\n",
          StandardCharsets.UTF_8);
      return realm;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the server's login file", e);
    }
  }

  public int port() {
    return http.getPort();
  }

  /** The URL clients give the driver: {@code jdbc:journeymap:server=<this>}. */
  public String url() {
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + (bind.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  @Override
  public void close() {
    http.stop();
  }

  /**
   * Avatica passes each client's connection properties (its own URL keys, the credentials) on
   * to the driver; the server connects every client to the same store with its own.
   */
  private static final class OneStoreForEveryClient extends JdbcMeta {
    OneStoreForEveryClient(String url) throws SQLException {
      super(url, wire());
    }

    /** Results in types the protocol carries (sums of BIGINT columns travel as DECIMAL). */
    private static Properties wire() {
      Properties p = new Properties();
      p.setProperty(JourneymapDriver.WIRE, "avatica");
      return p;
    }

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
      super.openConnection(ch, Map.of());
    }
  }
}
