package io.journeymap.zeppelin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.zeppelin.interpreter.remote.RemoteInterpreterServer;
import org.apache.zeppelin.interpreter.thrift.InterpreterCompletion;
import org.apache.zeppelin.interpreter.thrift.RegisterInfo;
import org.apache.zeppelin.interpreter.thrift.RemoteInterpreterContext;
import org.apache.zeppelin.interpreter.thrift.RemoteInterpreterEventService;
import org.apache.zeppelin.interpreter.thrift.RemoteInterpreterResult;
import org.apache.zeppelin.interpreter.thrift.RemoteInterpreterResultMessage;
import org.apache.zeppelin.interpreter.thrift.RemoteInterpreterService;
import org.apache.zeppelin.user.AuthenticationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code %journey} in its own interpreter process, driven over Thrift as the Zeppelin server
 * drives it: the process registers with a callback server, then the test creates and opens the
 * interpreter, runs paragraphs, asks for completion and progress, cancels a running paragraph
 * from a second connection, closes the interpreter and shuts the process down. The process
 * runs the packaged jar on Zeppelin's own class path (the interpreter API and what it brings),
 * as it would in {@code interpreter/journey/}: a class the shading lost would fail here.
 */
class RemoteInterpreterIT {
  private static final String GROUP = "journey-remote-test";
  private static final String SESSION = "shared_session";
  private static final String CLASS = JourneyInterpreter.class.getName();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theInterpreterProcessRunsParagraphsCompletesCancelsAndShutsDown() throws Exception {
    CompletableFuture<RegisterInfo> registered = new CompletableFuture<>();
    RemoteInterpreterEventService.Iface events = (RemoteInterpreterEventService.Iface)
        Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RemoteInterpreterEventService.Iface.class}, (p, m, args) -> {
              if (m.getName().equals("registerInterpreterProcess")) {
                registered.complete((RegisterInfo) args[0]);
              }
              // output events and resource requests: the results come back with interpret()
              return m.getReturnType() == List.class ? List.of() : null;
            });
    TServerSocket socket = new TServerSocket(new InetSocketAddress("127.0.0.1", 0));
    TServer callback = new TThreadPoolServer(new TThreadPoolServer.Args(socket)
        .processor(new RemoteInterpreterEventService.Processor<>(events)));
    Thread serving = new Thread(callback::serve, "callback-server");
    serving.setDaemon(true);
    serving.start();
    int callbackPort = socket.getServerSocket().getLocalPort();

    Path log = Files.createTempFile("journey-interpreter-process", ".log");
    // set by the build (see the pom): the shaded jar, and the provided interpreter API
    String classPath = System.getProperty("journey.zeppelin.jar") + File.pathSeparator
        + System.getProperty("zeppelin.classpath");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-cp", classPath, RemoteInterpreterServer.class.getName(),
        "127.0.0.1", String.valueOf(callbackPort), GROUP, ":")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("ZEPPELIN_LOCAL_IP", "127.0.0.1");
    Process process = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!registered.isDone() && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(registered.isDone(), "the interpreter process did not register");
      RegisterInfo info = registered.get();
      assertEquals(GROUP, info.getInterpreterGroupId());
      try (TSocket t1 = new TSocket(info.getHost(), info.getPort());
          TSocket t2 = new TSocket(info.getHost(), info.getPort())) {
        t1.open();
        t2.open();
        RemoteInterpreterService.Client client =
            new RemoteInterpreterService.Client(new TBinaryProtocol(t1));
        RemoteInterpreterService.Client second =
            new RemoteInterpreterService.Client(new TBinaryProtocol(t2));
        client.init(Map.of());
        Path repo = Files.createTempDirectory("journey-local-repo");
        client.createInterpreter(GROUP, SESSION, CLASS, Map.of(
            Settings.MODEL, StoreFixture.model().toString(),
            Settings.MAX_ROWS, "10",
            "zeppelin.interpreter.localRepo", repo.toString()), "analyst");
        client.open(SESSION, CLASS);
        assertEquals("SIMPLE", client.getFormType(SESSION, CLASS));

        // a table and a journey chart, several statements; the store is built first, visibly
        RemoteInterpreterResult r = client.interpret(SESSION, CLASS,
            "SELECT count(*) AS journeys FROM journeys;\nSELECT * FROM stage_conversion",
            context("p1", Map.of()));
        assertEquals("SUCCESS", r.getCode(), r.toString());
        assertEquals(List.of("TEXT", "TABLE", "HTML", "TABLE"), types(r));
        assertTrue(r.getMsg().get(0).getData().contains("ok identity"), r.toString());
        long journeys = ((Number) StoreFixture.direct("SELECT count(*) FROM journey.journeys")
            .get(0)[0]).longValue();
        assertEquals("journeys\n" + journeys, r.getMsg().get(1).getData().strip());
        assertTrue(r.getMsg().get(2).getData().startsWith("<svg"));

        // the row cap's notice, and an error with its position and no stack trace
        RemoteInterpreterResult capped = client.interpret(SESSION, CLASS,
            "SELECT * FROM events", context("p2", Map.of()));
        assertEquals(List.of("TABLE", "TEXT"), types(capped));
        assertEquals(11, capped.getMsg().get(0).getData().strip().split("\n").length);
        RemoteInterpreterResult error = client.interpret(SESSION, CLASS,
            "SELECT 1;\nSELECT FROM WHERE", context("p3", Map.of()));
        assertEquals("ERROR", error.getCode());
        String message = error.getMsg().get(error.getMsg().size() - 1).getData();
        assertTrue(message.startsWith("ERROR in statement 2 of 2 (line 2"), message);
        assertFalse(message.contains("\tat "), message);

        // completion with descriptions, as the editor asks for it
        List<InterpreterCompletion> completions = client.completion(SESSION, CLASS,
            "SELECT * FROM journey.stage_c", 29, context("p4", Map.of()));
        assertEquals(List.of("stage_conversion"), completions.stream()
            .map(InterpreterCompletion::getName).toList());
        assertTrue(completions.get(0).getMeta().startsWith("table \u2014 Consecutive"));

        // cancel from a second connection while the paragraph runs; progress meanwhile
        RemoteInterpreterContext slow = context("p5", Map.of());
        CompletableFuture<RemoteInterpreterResult> running = CompletableFuture.supplyAsync(() -> {
          try {
            return client.interpret(SESSION, CLASS, "SELECT 1;\n"
                + JourneyInterpreterTest.SLOW, slow);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int progress = 0;
        while (progress < 50 && System.nanoTime() < until) {
          Thread.sleep(50);
          progress = second.getProgress(SESSION, CLASS, slow);
        }
        assertEquals(50, progress, "one of two statements done");
        Thread.sleep(300);
        assertFalse(running.isDone());
        long t = System.nanoTime();
        second.cancel(SESSION, CLASS, slow);
        RemoteInterpreterResult cancelled = running.get(10, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - t) / 1e9;
        assertTrue(seconds < 2, "cancel took " + seconds + " s");
        assertEquals("ERROR", cancelled.getCode());
        assertTrue(cancelled.getMsg().stream().anyMatch(m -> m.getData().contains(
            "Cancelled: statement 2 of 2")), cancelled.toString());
        // cancelling when nothing runs is harmless, and the interpreter goes on
        second.cancel(SESSION, CLASS, context("idle", Map.of()));
        assertEquals("SUCCESS", client.interpret(SESSION, CLASS, "SELECT 1",
            context("p6", Map.of())).getCode());

        client.close(SESSION, CLASS);
        client.shutdown();
      }
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process ends after shutdown");
    } catch (Throwable e) {
      throw new AssertionError("interpreter process log:\n" + Files.readString(log), e);
    } finally {
      process.destroyForcibly();
      callback.stop();
      Files.deleteIfExists(log);
    }
  }

  /** The context the Zeppelin server sends with each call. */
  static RemoteInterpreterContext context(String paragraph, Map<String, String> local) {
    return new RemoteInterpreterContext("note1", "journeys", paragraph, "journey", "",
        "", new AuthenticationInfo("analyst").toJson(), "{}", "{}", "{}", local);
  }

  static List<String> types(RemoteInterpreterResult r) {
    List<String> out = new ArrayList<>();
    for (RemoteInterpreterResultMessage m : r.getMsg()) {
      out.add(m.getType());
    }
    return out;
  }
}
