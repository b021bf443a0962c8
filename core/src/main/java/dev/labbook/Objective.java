package dev.labbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.query.Direction;
import dev.labbook.query.FieldPath;
import dev.labbook.query.Filter;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.query.QueryTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an experiment's search optimizes, as an Optuna study's direction does: a run field
 * holding a number ({@code metrics.loss}, the latest logged value; {@code results.accuracy})
 * and whether smaller or larger is better. Declared with
 * {@link ExperimentSpec#objective(Objective)}, it is kept in the experiment's metadata under
 * {@value #METADATA_KEY}, so every backend stores it and queries can read it.
 *
 * @param field a run field path below {@code metrics.}, {@code results.} or {@code params.}
 * @param goal whether the best run has the smallest or the largest value
 */
public record Objective(String field, Goal goal) {
  /** The metadata key an experiment's objective is kept under. */
  public static final String METADATA_KEY = "objective";

  /** Which values are better. */
  public enum Goal {
    MINIMIZE, MAXIMIZE;

    /** The sort direction that puts the best first. */
    public Direction bestFirst() {
      return this == MINIMIZE ? Direction.ASC : Direction.DESC;
    }
  }

  /**
   * @throws InvalidInputException if {@code field} is not a path below {@code metrics.},
   *     {@code results.} or {@code params.} that run queries accept
   */
  public Objective {
    Objects.requireNonNull(goal, "goal");
    if (field == null || !(field.startsWith("metrics.") || field.startsWith("results.")
        || field.startsWith("params."))) {
      throw new InvalidInputException("an objective is a run field below metrics., results. or"
          + " params. (metrics.loss, results.accuracy), not " + (field == null ? "null" : "'" + field + "'"));
    }
    QueryTarget.RUNS.validate(Query.all().orderBy(field, Direction.ASC));
  }

  /** Smaller is better. */
  public static Objective minimize(String field) {
    return new Objective(field, Goal.MINIMIZE);
  }

  /** Larger is better. */
  public static Objective maximize(String field) {
    return new Objective(field, Goal.MAXIMIZE);
  }

  /**
   * The objective an experiment declares, if any.
   *
   * @throws InvalidInputException if its metadata holds something else under
   *     {@value #METADATA_KEY}, naming the experiment
   */
  public static Optional<Objective> of(Experiment experiment) {
    Object declared = experiment.metadata().get(METADATA_KEY);
    if (declared == null) {
      return Optional.empty();
    }
    if (declared instanceof Map<?, ?> map && map.get("field") instanceof String field
        && map.get("goal") instanceof String goal
        && (goal.equals("MINIMIZE") || goal.equals("MAXIMIZE"))) {
      return Optional.of(new Objective(field, Goal.valueOf(goal)));
    }
    throw new InvalidInputException("experiment " + experiment.name() + " has metadata."
        + METADATA_KEY + " = " + declared + ", which is not an objective"
        + " ({\"field\": \"metrics.loss\", \"goal\": \"MINIMIZE\" or \"MAXIMIZE\"})");
  }

  /** The metadata value this objective is kept as. */
  public Map<String, Object> toMetadata() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("field", field);
    value.put("goal", goal.name());
    return value;
  }

  /**
   * The query that puts the best run first: the COMPLETED runs whose field holds a number other
   * than NaN, best value first, ties to the run created first, one run.
   */
  public Query bestRunQuery() {
    // ">= -Infinity" holds for every number but NaN, and for nothing that is not a number
    return Query.where(Filter.and(Filter.eq("status", RunStatus.COMPLETED.name()),
            Filter.ge(field, Double.NEGATIVE_INFINITY)))
        .orderBy(field, goal.bestFirst())
        .limit(1);
  }

  /**
   * The number this objective's field holds in a run's query view ({@link dev.labbook.spi.Views#run}),
   * empty when it holds something else or nothing.
   */
  public OptionalDouble valueIn(JsonNode runView) {
    JsonNode value = QueryEvaluator.valueAt(FieldPath.parse(field), runView);
    return value != null && value.isNumber() ? OptionalDouble.of(value.doubleValue()) : OptionalDouble.empty();
  }
}
