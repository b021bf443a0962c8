package dev.labbook.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * A run as a backend stores it; core has validated and encoded every field. Times have
 * millisecond precision; null times are not set yet.
 *
 * @param number 0, 1, 2… within the experiment, assigned by the backend in
 *     {@code dev.labbook.ExperimentStore#insertRun}; {@code -1} in a draft
 * @param tags sorted, without duplicates
 * @param params encoded parameters (an object)
 * @param args encoded program arguments (an object)
 * @param env environment variables (an object of strings)
 * @param extras anything else worth keeping (an object)
 * @param results the run's result values (an object)
 * @param version 0 when created, one more with each update
 */
public record RunDocument(
    String id,
    String experimentId,
    long number,
    RunStatus status,
    List<String> tags,
    String comment,
    ObjectNode params,
    ObjectNode args,
    ObjectNode env,
    ObjectNode extras,
    ObjectNode results,
    Instant created,
    Instant started,
    Instant updated,
    Instant ended,
    Instant heartbeat,
    long version) {

  public RunDocument {
    tags = List.copyOf(tags);
  }

  /** This draft with its assigned number. */
  public RunDocument withNumber(long assigned) {
    return new RunDocument(id, experimentId, assigned, status, tags, comment, params, args, env,
        extras, results, created, started, updated, ended, heartbeat, version);
  }
}
