package dev.labbook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What to create a run from. Immutable; each method returns a new spec. Params may be a map
 * or any value that encodes to a JSON object (a record of hyper-parameters, say).
 *
 * <pre>{@code
 * experiments.createRun(experiment.id(), RunSpec.create().param("lr", 0.01).param("layers", 3));
 * experiments.createRun(experiment.id(), RunSpec.create().params(new Hyper(0.01, 3)));
 * }</pre>
 */
public record RunSpec(Object params, Map<String, Object> extraParams, Set<String> tags, String comment, RunStatus status) {

  public RunSpec {
    extraParams = Values.map(extraParams);
    tags = Values.sortedSet(tags);
    Objects.requireNonNull(status, "status");
  }

  /** An empty spec: no params, no tags, status {@link RunStatus#QUEUED}. */
  public static RunSpec create() {
    return new RunSpec(null, Map.of(), Set.of(), null, RunStatus.QUEUED);
  }

  /** The run's params: a map, or a value that encodes to a JSON object. */
  public RunSpec params(Object value) {
    return new RunSpec(value, extraParams, tags, comment, status);
  }

  /** One more param, set over those given with {@link #params(Object)}. */
  public RunSpec param(String key, Object value) {
    Map<String, Object> merged = new LinkedHashMap<>(extraParams);
    merged.put(Objects.requireNonNull(key, "key"), value);
    return new RunSpec(params, merged, tags, comment, status);
  }

  public RunSpec tags(String... newTags) {
    return new RunSpec(params, extraParams, Set.copyOf(List.of(newTags)), comment, status);
  }

  public RunSpec comment(String text) {
    return new RunSpec(params, extraParams, tags, text, status);
  }

  /** The status the run starts in; {@link RunStatus#QUEUED} unless said otherwise. */
  public RunSpec status(RunStatus initial) {
    return new RunSpec(params, extraParams, tags, comment, initial);
  }
}
