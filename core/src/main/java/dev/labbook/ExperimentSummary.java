package dev.labbook;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of {@link ExperimentStore#summaries()}, as Optuna's study summaries give: the
 * experiment, how many of its runs are in each status, the best value of its declared
 * {@link Objective}, and when its runs were first and last active.
 *
 * @param experiment the experiment itself (name, tags, metadata…)
 * @param runCounts the number of runs in each status; every status is present, zero when no run
 *     has it
 * @param objective the objective the experiment declares, empty when it declares none (or its
 *     metadata holds something under {@value Objective#METADATA_KEY} that is not an objective)
 * @param best the objective's best value among the COMPLETED runs whose field holds a number
 *     other than NaN (the same runs {@link dev.labbook.tracking.Tracker#bestRun} ranks); empty
 *     without an objective or without such a run
 * @param firstActivity the earliest created time of its runs, empty when it has no run
 * @param lastActivity the latest updated time of its runs (a heartbeat, a status change, a
 *     result), empty when it has no run
 */
public record ExperimentSummary(Experiment experiment, Map<RunStatus, Long> runCounts,
    Optional<Objective> objective, OptionalDouble best, Optional<Instant> firstActivity,
    Optional<Instant> lastActivity) {

  public ExperimentSummary {
    Objects.requireNonNull(experiment, "experiment");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(best, "best");
    Objects.requireNonNull(firstActivity, "firstActivity");
    Objects.requireNonNull(lastActivity, "lastActivity");
    EnumMap<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
    for (RunStatus status : RunStatus.values()) {
      counts.put(status, runCounts.getOrDefault(status, 0L));
    }
    runCounts = Collections.unmodifiableMap(counts);
  }

  /** The experiment's name. */
  public String name() {
    return experiment.name();
  }

  /** The number of runs in {@code status}. */
  public long runCount(RunStatus status) {
    return runCounts.get(status);
  }

  /** The number of runs in every status together. */
  public long runCount() {
    return runCounts.values().stream().mapToLong(Long::longValue).sum();
  }
}
