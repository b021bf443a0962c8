package dev.labbook;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * An experiment: a named group of runs. Immutable; change one with the {@code with} methods and
 * {@link ExperimentStore#update(Experiment)}, which succeeds only if the stored version is still
 * {@link #version()}.
 *
 * @param id the id Labbook assigned
 * @param name unique among the store's experiments
 * @param description free text, or null
 * @param tags the tags, sorted
 * @param metadata metadata in its decoded form (see {@link dev.labbook.codec.CodecRegistry}):
 *     the defaults {@code user}, {@code host}, {@code javaVersion} and {@code created} under
 *     what the caller gave
 * @param created when it was created
 * @param updated when it last changed
 * @param version 0 when created, one more with each update
 */
public record Experiment(
    String id,
    String name,
    String description,
    Set<String> tags,
    Map<String, Object> metadata,
    Instant created,
    Instant updated,
    long version) {

  public Experiment {
    tags = Values.sortedSet(tags);
    metadata = Values.map(metadata);
  }

  /** This experiment renamed; the name must stay unique. */
  public Experiment withName(String newName) {
    return new Experiment(id, newName, description, tags, metadata, created, updated, version);
  }

  public Experiment withDescription(String newDescription) {
    return new Experiment(id, name, newDescription, tags, metadata, created, updated, version);
  }

  public Experiment withTags(Set<String> newTags) {
    return new Experiment(id, name, description, newTags, metadata, created, updated, version);
  }

  /** This experiment with its metadata replaced (defaults are not merged again). */
  public Experiment withMetadata(Map<String, ?> newMetadata) {
    return new Experiment(id, name, description, tags, Values.map(newMetadata), created, updated, version);
  }
}
