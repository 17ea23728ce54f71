package io.journeymap.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What a build did: per source rows read, accepted and rejected, then the identity and journey
 * totals, so a user can check nothing was silently lost.
 */
public record BuildSummary(
    String buildId,
    Path store,
    List<SourceCount> sources,
    long identifiers,
    long persons,
    long accounts,
    long conflicts,
    long journeys,
    Instant asOf,
    String asOfBasis,
    List<String> warnings,
    double seconds,
    String resources) {

  public BuildSummary {
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
  }

  /** Rows of one source; read = accepted + rejected always holds. */
  public record SourceCount(String source, long read, long accepted, long rejected) {
    /** More than half of the rows were rejected: the map built without them is likely wrong. */
    public boolean lostMost() {
      return read > 0 && rejected * 2 > read;
    }
  }

  /** The sources that lost most of their rows (see {@link SourceCount#lostMost()}). */
  public List<SourceCount> sourcesLosingMost() {
    return sources.stream().filter(SourceCount::lostMost).toList();
  }

  public long eventsAccepted() {
    return sources.stream().mapToLong(SourceCount::accepted).sum();
  }

  public long rowsRead() {
    return sources.stream().mapToLong(SourceCount::read).sum();
  }
}
