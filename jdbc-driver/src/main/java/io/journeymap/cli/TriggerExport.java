package io.journeymap.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a trigger's current list for an email, ads or CRM tool: the treated group of journeys
 * still open at as-of, with fixed columns and one column per contact kind. The holdout is never
 * written: exporting it would end the measurement.
 */
@Command(name = "export-triggers", mixinStandardHelpOptions = true, sortOptions = false,
    optionListHeading = "%nOptions:%n",
    description = "Write a trigger's current list (treated group, open journeys) as CSV or JSON"
        + " lines. Columns: trigger_name, action, subject, subject_key, journey_id, fired_at,"
        + " reason, then contact_<kind> for each contact kind of the trigger.")
final class TriggerExport implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = false, heading = "%nTarget (exactly one):%n")
  JourneymapCli.Target target = new JourneymapCli.Target();

  @Option(names = "--trigger", required = true, paramLabel = "NAME",
      description = "The trigger, as named in the model.")
  String trigger;

  @Option(names = "--format", paramLabel = "FORMAT", description = "csv (default) or jsonl.")
  String format = "csv";

  @Override
  public Integer call() throws Exception {
    target.check(spec.commandLine());
    ResultPrinter.Format printer = switch (format) {
      case "csv" -> ResultPrinter.Format.csv;
      case "jsonl", "json" -> ResultPrinter.Format.json;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--format is csv or jsonl, not '" + format + "'");
    };
    target.prepare();
    try (Connection c = DriverManager.getConnection(target.url())) {
      List<String> declared = strings(c, "SELECT DISTINCT trigger_name FROM impact ORDER BY 1",
          null);
      if (!declared.contains(trigger)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no trigger '" + trigger
            + "' in this store; " + (declared.isEmpty() ? "the model declares none"
            : "its triggers: " + String.join(", ", declared)));
      }
      StringBuilder sql = new StringBuilder("SELECT trigger_name, action, subject, subject_key,"
          + " journey_id, fired_at, reason");
      for (String kind : strings(c, "SELECT DISTINCT unnest(json_keys(contact)) AS k"
          + " FROM triggers WHERE trigger_name = ? ORDER BY 1", trigger)) {
        // kinds are lower_snake_case names from the model, safe as column names
        sql.append(", json_extract_string(contact, ").append(quote("$." + kind))
            .append(") AS ").append("contact_").append(kind.replaceAll("[^a-z0-9_]", "_"));
      }
      sql.append(" FROM triggers WHERE trigger_name = ? AND test_group = 'treated'"
          + " AND open_now ORDER BY fired_at, subject_key");
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        p.setString(1, trigger);
        try (ResultSet r = p.executeQuery()) {
          printer.printer(JourneymapCli.out(), 0).print(r);
        }
      }
    }
    return 0;
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static List<String> strings(Connection c, String sql, String param) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (param != null) {
        p.setString(1, param);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
    }
    return out;
  }
}
