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
   * <p>The rules, for filter and sort fields alike: a field path ({@link FieldPath}) names a
   * top-level field alone ({@code name}, not {@code name.x}) or a document with at least one
   * key below it ({@code params.lr}, not {@code params}); {@code metrics} takes exactly one key,
   * the metric key ({@code metrics.loss}; quote keys with dots, {@code metrics."train.loss"}).
   * {@code contains} applies to array fields ({@code tags}) and to document paths; the
   * comparison operators and {@code in} do not apply to {@code tags}. Literals are scalars (a
   * Java null becomes JSON null, a tagged double the double). Compared with a time field, a
   * string literal becomes epoch milliseconds: an ISO-8601 instant with {@code Z} or an offset
   * ({@code '2026-01-02T03:04:05Z'}, {@code '2026-01-02T05:04:05+02:00'}; digits below the
   * millisecond are dropped) or a date ({@code '2026-01-02'}, midnight UTC); numbers and null
   * stay as they are, and booleans are refused. A cursor must hold one value per sort key.
   * Field strings and everything else are returned unchanged.
   *
   * @throws dev.labbook.InvalidInputException naming an unknown field and the allowed ones, a
   *     literal that cannot be compared with its field, or a run {@code status} literal that is
   *     not a {@link dev.labbook.RunStatus} name
   */
  public Query validate(Query query) {
    return new QueryValidator(this).validate(query);
  }
}
