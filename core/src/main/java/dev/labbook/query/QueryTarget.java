package dev.labbook.query;

import java.util.Set;

/**
 * The kinds of record a query can run over, each with the fields its views offer. A view is
 * the JSON object the reference evaluator (and a backend's translation) filters and sorts on;
 * {@code dev.labbook.spi.Views} builds them.
 *
 * <p>Experiments: {@code id, name, description, tags, created, updated}, and paths below
 * {@code metadata.}. Runs: {@code id, experimentId, number, status, tags, comment, created,
 * started, updated, ended, heartbeat}, and paths below {@code params., args., env., extras.,
 * results., metrics.} (the latest value per metric key). Time fields hold epoch milliseconds in
 * views; a string literal compared with a time field is read as an ISO-8601 instant
 * ({@code '2026-01-02T03:04:05Z'}) or date ({@code '2026-01-02'}, midnight UTC).
 */
public enum QueryTarget {
  EXPERIMENTS(Set.of("id", "name", "description", "tags", "created", "updated"),
      Set.of("metadata")),
  RUNS(Set.of("id", "experimentId", "number", "status", "tags", "comment", "created", "started",
      "updated", "ended", "heartbeat"),
      Set.of("params", "args", "env", "extras", "results", "metrics"));

  /** Fields that hold epoch milliseconds in views. */
  public static final Set<String> TIME_FIELDS = Set.of("created", "started", "updated", "ended", "heartbeat");

  private final Set<String> fields;
  private final Set<String> documents;

  QueryTarget(Set<String> fields, Set<String> documents) {
    this.fields = fields;
    this.documents = documents;
  }

  /** The top-level scalar and array fields. */
  public Set<String> fields() {
    return fields;
  }

  /** The document fields whose paths ({@code params.lr}) can be queried. */
  public Set<String> documents() {
    return documents;
  }

  /**
   * Checks every field the query names and returns it with literals normalized (ISO time
   * strings compared with time fields become epoch milliseconds).
   *
   * @throws dev.labbook.InvalidInputException naming an unknown field and the allowed ones, or
   *     a literal that cannot be compared with its field
   */
  public Query validate(Query query) {
    throw new UnsupportedOperationException("stub");
  }
}
