package dev.labbook;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One run (trial) of an experiment. Immutable; change one with the {@code with} methods and
 * {@link ExperimentStore#updateRun(Run)}, which succeeds only if the stored version is still
 * {@link #version()}.
 *
 * <p>Document fields ({@code params}, {@code args}, {@code env}, {@code extras},
 * {@code results}) hold values in their decoded form (see
 * {@link dev.labbook.codec.CodecRegistry}): registered types come back as their classes; turn a
 * whole map into a record with {@code codecs.convert(run.params(), MyParams.class)}.
 *
 * @param number 0, 1, 2… in creation order within the experiment
 * @param started when it started, or null
 * @param ended when it reached a terminal status, or null
 * @param heartbeat the last sign of life of its worker, or null
 * @param version 0 when created, one more with each update
 */
public record Run(
    String id,
    String experimentId,
    long number,
    RunStatus status,
    Set<String> tags,
    String comment,
    Map<String, Object> params,
    Map<String, Object> args,
    Map<String, Object> env,
    Map<String, Object> extras,
    Map<String, Object> results,
    Instant created,
    Instant started,
    Instant updated,
    Instant ended,
    Instant heartbeat,
    long version) {

  public Run {
    tags = Values.sortedSet(tags);
    params = Values.map(params);
    args = Values.map(args);
    env = Values.map(env);
    extras = Values.map(extras);
    results = Values.map(results);
  }

  public Run withStatus(RunStatus newStatus) {
    return new Run(id, experimentId, number, newStatus, tags, comment, params, args, env, extras,
        results, created, started, updated, ended, heartbeat, version);
  }

  public Run withTags(Set<String> newTags) {
    return new Run(id, experimentId, number, status, newTags, comment, params, args, env, extras,
        results, created, started, updated, ended, heartbeat, version);
  }

  public Run withComment(String newComment) {
    return new Run(id, experimentId, number, status, tags, newComment, params, args, env, extras,
        results, created, started, updated, ended, heartbeat, version);
  }

  public Run withParams(Map<String, ?> newParams) {
    return new Run(id, experimentId, number, status, tags, comment, Values.map(newParams), args,
        env, extras, results, created, started, updated, ended, heartbeat, version);
  }

  public Run withArgs(Map<String, ?> newArgs) {
    return new Run(id, experimentId, number, status, tags, comment, params, Values.map(newArgs),
        env, extras, results, created, started, updated, ended, heartbeat, version);
  }

  public Run withEnv(Map<String, ?> newEnv) {
    return new Run(id, experimentId, number, status, tags, comment, params, args,
        Values.map(newEnv), extras, results, created, started, updated, ended, heartbeat, version);
  }

  public Run withExtras(Map<String, ?> newExtras) {
    return new Run(id, experimentId, number, status, tags, comment, params, args, env,
        Values.map(newExtras), results, created, started, updated, ended, heartbeat, version);
  }

  public Run withResults(Map<String, ?> newResults) {
    return new Run(id, experimentId, number, status, tags, comment, params, args, env, extras,
        Values.map(newResults), created, started, updated, ended, heartbeat, version);
  }

  public Run withStarted(Instant time) {
    return new Run(id, experimentId, number, status, tags, comment, params, args, env, extras,
        results, created, time, updated, ended, heartbeat, version);
  }

  public Run withEnded(Instant time) {
    return new Run(id, experimentId, number, status, tags, comment, params, args, env, extras,
        results, created, started, updated, time, heartbeat, version);
  }

  public Run withHeartbeat(Instant time) {
    return new Run(id, experimentId, number, status, tags, comment, params, args, env, extras,
        results, created, started, updated, ended, time, version);
  }
}
