package io.journeymap.zeppelin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code %journey} on a real Zeppelin 0.10.0 server assembled from Maven Central: the server
 * finds the interpreter in {@code interpreter/journey/}, launches it in its own process with the
 * settings made over REST (an all-caps property becoming the process's environment, as the
 * install guide says), and runs paragraphs as a notebook would: a table and a chart, an error,
 * and a cancel of a running paragraph.
 */
@Timeout(value = 600)
class ZeppelinServerTest {
  static final String SLOW = "SELECT count(*) FROM events a, events b, events c"
      + " WHERE a.event_id + b.event_id * 3 + c.event_id * 7 = -1";
  static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();
  static Path home;
  static Process server;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    home = Path.of(System.getProperty("zeppelin.home"));
    delete(home);
    for (String d : List.of("conf", "war", "notebook", "logs", "bin", "lib/interpreter",
        "interpreter/journey")) {
      Files.createDirectories(home.resolve(d));
    }
    Path launcher = home.resolve("bin/interpreter.sh");
    try (InputStream in = ZeppelinServerTest.class.getResourceAsStream("/interpreter.sh")) {
      Files.copy(in, launcher);
    }
    launcher.toFile().setExecutable(true);
    Files.copy(Path.of(System.getProperty("journey.zeppelin.jar")),
        home.resolve("interpreter/journey/journeymap-zeppelin.jar"));
    List<String> serverPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("zeppelin-interpreter-shaded-")) {
        Files.copy(Path.of(entry), home.resolve("interpreter").resolve(name));
        continue;
      }
      // what Zeppelin's binary keeps in lib/interpreter: the interpreter process's logging
      if (name.matches("(slf4j-api|slf4j-log4j12|log4j|jcl-over-slf4j)-[0-9.]+\\.jar")) {
        Files.copy(Path.of(entry), home.resolve("lib/interpreter").resolve(name),
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (!entry.endsWith("test-classes") && !entry.endsWith("classes")) {
        serverPath.add(entry);
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    api = "http://127.0.0.1:" + port + "/api";
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", String.join(File.pathSeparator, serverPath),
        "org.apache.zeppelin.server.ZeppelinServer")
        .directory(home.toFile()).redirectErrorStream(true)
        .redirectOutput(home.resolve("logs/server.log").toFile());
    Map<String, String> env = pb.environment();
    env.put("ZEPPELIN_HOME", home.toString());
    env.put("ZEPPELIN_CONF_DIR", home.resolve("conf").toString());
    env.put("ZEPPELIN_IDENT_STRING", "journey-test");
    env.put("ZEPPELIN_ADDR", "127.0.0.1");
    env.put("ZEPPELIN_PORT", String.valueOf(port));
    env.put("ZEPPELIN_WAR", home.resolve("war").toString());
    env.put("ZEPPELIN_NOTEBOOK_DIR", home.resolve("notebook").toString());
    env.put("ZEPPELIN_INTERPRETER_DIR", home.resolve("interpreter").toString());
    env.put("ZEPPELIN_LOCAL_IP", "127.0.0.1");
    server = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(server.isAlive(), "Zeppelin ended at start: " + log("server.log"));
      try {
        if (get("/version").get("status").getAsString().equals("OK")) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError("Zeppelin did not answer within 120 s: " + log("server.log"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
    }
  }

  @Test
  void journeyParagraphsRunOnARealZeppelinServer() throws Exception {
    JsonObject setting = get("/interpreter/setting/journey").getAsJsonObject("body");
    JsonObject properties = setting.getAsJsonObject("properties");
    properties.getAsJsonObject("journey.url").addProperty("value", "jdbc:journeymap:demo");
    JsonObject moved = new JsonObject();
    moved.addProperty("name", "JOURNEYMAP_HOME");
    moved.addProperty("value", home.resolve("journeymap").toString());
    moved.addProperty("type", "string");
    properties.add("JOURNEYMAP_HOME", moved);
    JsonObject update = new JsonObject();
    update.add("properties", properties);
    update.add("dependencies", new JsonArray());
    update.add("option", setting.get("option"));
    assertEquals("OK", send("PUT", "/interpreter/setting/journey", update).get("status")
        .getAsString());

    String note = send("POST", "/notebook", json("name", "journeys")).get("body").getAsString();

    // a table and a journey chart; the first paragraph builds the demo store and shows it
    JsonObject run = run(note, "%journey\nSELECT count(*) AS journeys FROM journeys;\n"
        + "SELECT * FROM stage_conversion ORDER BY from_order");
    assertEquals("SUCCESS", run.get("code").getAsString(), run.toString());
    JsonArray msg = run.getAsJsonArray("msg");
    assertEquals(List.of("TEXT", "TABLE", "HTML", "TABLE"), types(msg));
    assertTrue(data(msg, 0).contains("ok identity"), data(msg, 0));
    long journeys = Long.parseLong(data(msg, 1).split("\n")[1].trim());
    assertTrue(journeys > 1000, data(msg, 1));
    String[] stageRows = data(msg, 3).strip().split("\n");
    List<String> header = List.of(stageRows[0].split("\t"));
    int rate = header.indexOf("rate");
    long rated = Stream.of(stageRows).skip(1).filter(r -> !r.split("\t", -1)[rate].isEmpty())
        .count();
    String svg = data(msg, 2);
    assertTrue(svg.startsWith("<svg"), svg);
    assertEquals(rated, svg.split("<rect ", -1).length - 1, svg);

    // the stage funnel: a native checkbox of the stages, then the funnel of the ticked ones
    String funnel = send("POST", "/notebook/" + note + "/paragraph",
        json("text", "%journey(chart=stages)\n")).get("body").getAsString();
    JsonObject all = send("POST", "/notebook/run/" + note + "/" + funnel, null)
        .getAsJsonObject("body");
    assertEquals("SUCCESS", all.get("code").getAsString(), all.toString());
    assertEquals(List.of("HTML", "TABLE"), types(all.getAsJsonArray("msg")));
    JsonObject form = get("/notebook/" + note + "/paragraph/" + funnel).getAsJsonObject("body")
        .getAsJsonObject("settings").getAsJsonObject("forms").getAsJsonObject("stages");
    JsonArray options = form.getAsJsonArray("options");
    assertTrue(options.size() >= 3, form.toString());
    assertEquals(options.size() + 1, data(all.getAsJsonArray("msg"), 1).strip().split("\n")
        .length, "one row per stage, all ticked at first");
    JsonArray two = new JsonArray();
    two.add(options.get(0).getAsJsonObject().get("value"));
    two.add(options.get(options.size() - 1).getAsJsonObject().get("value"));
    JsonObject params = new JsonObject();
    params.add("stages", two);
    JsonObject ticked = new JsonObject();
    ticked.add("params", params);
    JsonObject picked = send("POST", "/notebook/run/" + note + "/" + funnel, ticked)
        .getAsJsonObject("body");
    assertEquals("SUCCESS", picked.get("code").getAsString(), picked.toString());
    assertEquals(3, data(picked.getAsJsonArray("msg"), 1).strip().split("\n").length,
        "header and the two ticked stages: " + picked);

    // an error: the statement before it is shown, then the message with its place
    JsonObject error = run(note, "%journey\nSELECT 1 AS one;\nSELECT nope FROM journeys");
    assertEquals("ERROR", error.get("code").getAsString());
    JsonArray errorMsg = error.getAsJsonArray("msg");
    String message = data(errorMsg, errorMsg.size() - 1);
    assertTrue(message.startsWith("ERROR in statement 2 of 2 (line 3"), message);
    assertTrue(message.contains("nope") && !message.contains("\tat "), message);

    // cancel a running paragraph, as the stop button does
    String slow = send("POST", "/notebook/" + note + "/paragraph",
        json("text", "%journey\n" + SLOW)).get("body").getAsString();
    send("POST", "/notebook/job/" + note + "/" + slow, new JsonObject());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!status(note, slow).equals("RUNNING") && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals("RUNNING", status(note, slow));
    Thread.sleep(1000);
    assertEquals("RUNNING", status(note, slow), "the slow paragraph ended by itself");
    long t = System.nanoTime();
    send("DELETE", "/notebook/job/" + note + "/" + slow, null);
    String after = status(note, slow);
    while (after.equals("RUNNING") && System.nanoTime() - t < Duration.ofSeconds(20).toNanos()) {
      Thread.sleep(100);
      after = status(note, slow);
    }
    double seconds = (System.nanoTime() - t) / 1e9;
    assertFalse(after.equals("RUNNING"), "still running " + seconds + " s after cancel");
    assertTrue(seconds < 5, "cancel took " + seconds + " s");
    assertTrue(after.equals("ABORT") || after.equals("ERROR"), after);
    System.out.printf("Zeppelin 0.10.0: %,d journeys; cancel ended the paragraph in %.2f s (%s)%n",
        journeys, seconds, after);
  }

  static JsonObject run(String note, String text) throws Exception {
    String paragraph = send("POST", "/notebook/" + note + "/paragraph", json("text", text))
        .get("body").getAsString();
    return send("POST", "/notebook/run/" + note + "/" + paragraph, null)
        .getAsJsonObject("body");
  }

  static String status(String note, String paragraph) throws Exception {
    return get("/notebook/job/" + note + "/" + paragraph).getAsJsonObject("body")
        .get("status").getAsString();
  }

  static List<String> types(JsonArray msg) {
    List<String> out = new ArrayList<>();
    msg.forEach(m -> out.add(m.getAsJsonObject().get("type").getAsString()));
    return out;
  }

  static String data(JsonArray msg, int i) {
    return msg.get(i).getAsJsonObject().get("data").getAsString();
  }

  static JsonObject json(String key, String value) {
    JsonObject o = new JsonObject();
    o.addProperty(key, value);
    return o;
  }

  static JsonObject get(String path) throws IOException, InterruptedException {
    return send("GET", path, null);
  }

  static JsonObject send(String method, String path, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(api + path))
        .timeout(Duration.ofSeconds(300))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + ": " + response.statusCode() + " "
          + response.body() + "\n" + log("server.log"));
    }
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  static String log(String name) {
    try {
      String text = Files.readString(home.resolve("logs").resolve(name));
      return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    } catch (IOException e) {
      return "(no " + name + ")";
    }
  }

  static void delete(Path root) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> all = Files.walk(root)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
