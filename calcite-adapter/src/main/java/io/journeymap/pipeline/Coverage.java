package io.journeymap.pipeline;

import io.journeymap.model.Journey;
import io.journeymap.model.JourneyModel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBConnection;

/**
 * What time each source covers, and the as-of moment that follows from it. A journey can only
 * be judged while the data that would show its outcome exist, so without an explicit
 * {@code as_of} the build looks from the earliest last event among the sources that carry
 * outcome (success or failure) events. Sources of other events do not bound it: lead exports
 * often stop long before deal exports, and cutting there would censor real conversions.
 */
record Coverage(List<Span> spans, Instant asOf, String basis, List<String> warnings) {
  /** An outcome source ending this much before the latest source earns a warning. */
  private static final Duration NOTABLE_GAP = Duration.ofDays(1);
  /** A source ending this much before as-of earns a warning (a weekly export does not). */
  private static final Duration STALE_SOURCE = Duration.ofDays(7);

  /** First and last accepted event of one source. */
  record Span(String source, long events, Instant first, Instant last, boolean carriesOutcome) {}

  static Coverage of(DuckDBConnection db, JourneyModel model) throws SQLException {
    Journey journey = model.journey();
    List<Span> spans = new ArrayList<>();
    try (Statement s = db.createStatement();
         ResultSet r = s.executeQuery("SELECT source, count(*), epoch_ms(min(occurred_at)),"
             + " epoch_ms(max(occurred_at)), bool_or(event IN ("
             + Sql.literals(journey.outcomeEvents()) + ")) FROM build.events0"
             + " GROUP BY source")) {
      while (r.next()) {
        spans.add(new Span(r.getString(1), r.getLong(2), Instant.ofEpochMilli(r.getLong(3)),
            Instant.ofEpochMilli(r.getLong(4)), r.getBoolean(5)));
      }
    }
    // model order, so the log reads like the model
    List<Span> ordered = new ArrayList<>();
    model.sources().forEach(src -> spans.stream().filter(sp -> sp.source().equals(src.name()))
        .findFirst().ifPresent(ordered::add));
    if (ordered.isEmpty()) {
      // the store is still written, so rejected_events says why; the summary says it loudly
      Instant asOf = journey.asOf() != null ? journey.asOf() : Instant.now();
      return new Coverage(ordered, asOf, journey.asOf() != null ? "set in the model"
          : "build time (no source row became an event)", List.of("no source row became an"
          + " event, so there are no journeys: see the rejected sources above and"
          + " SELECT reason, count(*) FROM rejected_events GROUP BY reason"));
    }
    Instant latest = ordered.stream().map(Span::last).max(Instant::compareTo).orElseThrow();
    List<String> warnings = new ArrayList<>();
    Span outcomeEnd = ordered.stream().filter(Span::carriesOutcome)
        .min((a, b) -> a.last().compareTo(b.last())).orElse(null);
    if (outcomeEnd == null) {
      warnings.add("no source carries a success" + (journey.failureEvents().isEmpty() ? "" :
          " or failure") + " event: no journey can convert; check the event mapping of "
          + String.join(", ", journey.outcomeEvents()));
    } else if (Duration.between(outcomeEnd.last(), latest).compareTo(NOTABLE_GAP) > 0) {
      Span longest = ordered.stream().filter(sp -> sp.last().equals(latest)).findFirst()
          .orElseThrow();
      warnings.add(String.format(Locale.ROOT, "outcome source '%s' ends %s, %.1f days before "
              + "'%s' (%s): journeys are judged as of %s, and later events are not used",
          outcomeEnd.source(), outcomeEnd.last(),
          Duration.between(outcomeEnd.last(), latest).toMinutes() / 1440.0, longest.source(),
          latest, journey.asOf() != null ? journey.asOf() : outcomeEnd.last()));
    }
    Instant asOf = journey.asOf() != null ? journey.asOf()
        : outcomeEnd == null ? latest : outcomeEnd.last();
    staleSources(ordered, asOf, warnings);
    if (journey.asOf() != null) {
      return new Coverage(ordered, journey.asOf(), "set in the model", warnings);
    }
    if (outcomeEnd == null) {
      return new Coverage(ordered, latest, "latest event of any source (no outcome events)",
          warnings);
    }
    return new Coverage(ordered, outcomeEnd.last(),
        "last event of outcome source '" + outcomeEnd.source() + "'", warnings);
  }

  /**
   * Sources that stop well before as-of: the days after their last event look empty of their
   * events, so a fall to zero there is the end of an export, not a change in behaviour, and
   * journeys whose start events stopped arriving are judged on fewer starts than they seem.
   */
  private static void staleSources(List<Span> spans, Instant asOf, List<String> warnings) {
    for (Span sp : spans) {
      Duration gap = Duration.between(sp.last(), asOf);
      if (gap.compareTo(STALE_SOURCE) > 0) {
        warnings.add(String.format(Locale.ROOT, "source '%s' ends %s, %.1f days before the"
            + " as-of moment %s: the days after it hold none of its events, so a fall to zero"
            + " there (in anomalies or changes) is the end of the export, not of the"
            + " behaviour; if its data stop there, set journey.as_of to that day",
            sp.source(), sp.last(), gap.toMinutes() / 1440.0, asOf));
      }
    }
  }
}
