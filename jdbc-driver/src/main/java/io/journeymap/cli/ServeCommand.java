package io.journeymap.cli;

import io.journeymap.jdbc.JourneyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code journeymap serve}: one process owns the store and answers JDBC clients over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serve a journey store to JDBC clients (Metabase, notebooks, the sql command) until"
            + " stopped, so they share one build.",
        "",
        "Clients connect with jdbc:journeymap:server=http://HOST:PORT and the token as"
            + " password. The token comes from --token-file or the JOURNEYMAP_TOKEN environment"
            + " variable (at least 16 characters). With --model, the store is built before"
            + " serving when missing or stale, and rebuilt for new connections when the model"
            + " or its sources change."},
    optionListHeading = "%nOptions:%n", exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped", "1:the store could not be built or the port not opened",
        "2:wrong command line or no token"})
final class ServeCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 8765;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = false, heading = "%nTarget (exactly one):%n")
  JourneymapCli.Target target = new JourneymapCli.Target();

  @Option(names = "--port", paramLabel = "PORT",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = DEFAULT_PORT;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0"
          + " for every interface).")
  String bind = "127.0.0.1";

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding the token clients give as password (first line).")
  Path tokenFile;

  @Override
  public Integer call() throws Exception {
    target.check(spec.commandLine());
    String token = token();
    // the process serves UTC wall clocks; in UTC they cross the protocol's calendars unchanged
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("UTC"));
    target.prepare();
    try (JourneyServer server = JourneyServer.start(target.url(), bind, port, token)) {
      JourneymapCli.err().println("serving " + target.url() + " at " + server.url()
          + " (user " + JourneyServer.USER + ", password: the token); stop with Ctrl-C");
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "journeymap-serve-stop"));
      server.join();
    }
    return 0;
  }

  private String token() throws IOException {
    String token;
    if (tokenFile != null) {
      if (!Files.isReadable(tokenFile)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "cannot read the token"
            + " file " + tokenFile);
      }
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("")
          .strip();
    } else {
      token = System.getenv("JOURNEYMAP_TOKEN");
    }
    if (token == null || token.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "no token: set"
          + " JOURNEYMAP_TOKEN or give --token-file FILE; clients give it as the password");
    }
    if (token.length() < 16) {
      throw new CommandLine.ParameterException(spec.commandLine(), "the token is shorter than"
          + " 16 characters");
    }
    return token;
  }
}
