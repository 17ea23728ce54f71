package io.journeymap.model;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated model file: the journey, its taxonomy, sources, identity policy, stages,
 * the insight settings (lift, clusters, scores), the declared business changes, the triggers and
 * the further segments (journey columns or source properties) open journeys are split by.
 */
public record JourneyModel(
    Path file,
    Journey journey,
    List<TaxonomyEvent> taxonomy,
    IdentityPolicy identity,
    List<Source> sources,
    List<Stage> stages,
    Insights insights,
    List<Change> changes,
    List<Trigger> triggers,
    List<String> segments,
    SourceMap locations) {

  /** Segments segments_needing_action always has; {@code segments} lists further ones. */
  public static final List<String> BUILT_IN_SEGMENTS =
      List.of("first_channel", "cluster", "current_stage", "account_size");

  public JourneyModel {
    taxonomy = List.copyOf(taxonomy);
    sources = List.copyOf(sources);
    stages = List.copyOf(stages);
    changes = List.copyOf(changes);
    triggers = List.copyOf(triggers);
    segments = List.copyOf(segments);
  }

  /** The folder relative source paths and the default store resolve against. */
  public Path baseDir() {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(".").toAbsolutePath() : parent;
  }

  public Map<String, TaxonomyEvent> taxonomyByName() {
    Map<String, TaxonomyEvent> byName = new LinkedHashMap<>();
    taxonomy.forEach(e -> byName.put(e.name(), e));
    return byName;
  }

  /** Default store location: beside the model, named after the model file. */
  public Path defaultStore() {
    String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    return baseDir().resolve(fileName + ".journeymap.duckdb");
  }
}
