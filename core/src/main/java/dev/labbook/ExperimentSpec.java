package dev.labbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to create an experiment from: a name and, optionally, a description, tags and metadata.
 * Immutable; each method returns a new spec.
 *
 * <pre>{@code
 * experiments.create(ExperimentSpec.named("resnet-sweep")
 *     .description("learning-rate sweep")
 *     .tags("baseline")
 *     .metadata(Map.of("machine", "gpu-4")));
 * }</pre>
 */
public record ExperimentSpec(String name, String description, Set<String> tags, Map<String, Object> metadata) {

  public ExperimentSpec {
    tags = Values.sortedSet(tags);
    metadata = Values.map(metadata);
  }

  public static ExperimentSpec named(String name) {
    return new ExperimentSpec(name, null, Set.of(), Map.of());
  }

  public ExperimentSpec description(String text) {
    return new ExperimentSpec(name, text, tags, metadata);
  }

  public ExperimentSpec tags(String... newTags) {
    return new ExperimentSpec(name, description, Set.copyOf(List.of(newTags)), metadata);
  }

  /** Metadata merged over the defaults ({@code user}, {@code host}, …): the caller's wins. */
  public ExperimentSpec metadata(Map<String, ?> values) {
    return new ExperimentSpec(name, description, tags, Values.map(values));
  }

  /** One more metadata entry. */
  public ExperimentSpec metadata(String key, Object value) {
    Map<String, Object> merged = new LinkedHashMap<>(metadata);
    merged.put(Objects.requireNonNull(key, "key"), value);
    return new ExperimentSpec(name, description, tags, merged);
  }

  /** The search's objective, kept in the metadata under {@value Objective#METADATA_KEY}. */
  public ExperimentSpec objective(Objective objective) {
    return metadata(Objective.METADATA_KEY, objective.toMetadata());
  }
}
