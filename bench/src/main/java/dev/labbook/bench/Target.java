package dev.labbook.bench;

import java.util.List;
import java.util.function.DoublePredicate;

/**
 * A target of issue 9 for one table row: met or missed per backend it names.
 *
 * @param backends the columns it applies to; empty for all
 */
record Target(String workload, String measure, List<String> backends, String text, DoublePredicate met) {

  boolean appliesTo(Figure figure) {
    return workload.equals(figure.workload()) && measure.equals(figure.measure())
        && (backends.isEmpty() || backends.contains(figure.backend()));
  }

  /** Every target the issue sets, on the rows the harness writes. */
  static List<Target> all() {
    List<String> pg = List.of(Backend.POSTGRESQL.key());
    return List.of(
        new Target("W1", Measures.RUNS_PER_S, pg, "≥ 200 on postgresql", v -> v >= 200),
        new Target("W1", Measures.RUNS_PER_S, List.of(Backend.JSON.key()), "≥ 500 on json", v -> v >= 500),
        new Target("W2", Measures.VS_COPY, pg, "≥ 0.70 on postgresql", v -> v >= 0.70),
        new Target("W2", Measures.VS_JDBC, pg, "≥ 0.90 on postgresql", v -> v >= 0.90),
        new Target("W3", Measures.MEDIAN_MS, pg, "≤ 20 ms on postgresql", v -> v <= 20),
        new Target("W5", Measures.SCALE_RATIO, List.of(), "≥ 0.8 everywhere", v -> v >= 0.8),
        new Target("W6", Measures.GROWTH, List.of(), "0 (independent of size)", v -> v == 0),
        new Target("W6", Measures.BATCH_TRIPS, List.of(), "1 for the batch (+1 commit on SQL)", v -> v <= 2),
        new Target("MEM", Measures.PEAK_HEAP, List.of(), "≤ 64 MB", v -> v <= 64));
  }
}
