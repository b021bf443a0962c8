package dev.labbook.spi;

import dev.labbook.RunStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link dev.labbook.ExperimentStore#summaries()} needs of one experiment's runs, counted by
 * the backend ({@code ExperimentStore.tallyRuns}).
 *
 * @param counts the number of runs in each status; statuses no run has may be left out
 * @param firstCreated the earliest created time among the runs
 * @param lastUpdated the latest updated time among the runs
 */
public record RunTally(Map<RunStatus, Long> counts, Instant firstCreated, Instant lastUpdated) {
  public RunTally {
    counts = Map.copyOf(counts);
    Objects.requireNonNull(firstCreated, "firstCreated");
    Objects.requireNonNull(lastUpdated, "lastUpdated");
  }

  /** This tally and {@code other} together. */
  public RunTally plus(RunTally other) {
    Map<RunStatus, Long> both = new java.util.EnumMap<>(RunStatus.class);
    both.putAll(counts);
    other.counts.forEach((status, n) -> both.merge(status, n, Long::sum));
    return new RunTally(both, other.firstCreated.isBefore(firstCreated) ? other.firstCreated : firstCreated,
        other.lastUpdated.isAfter(lastUpdated) ? other.lastUpdated : lastUpdated);
  }

  /** The tally of one run. */
  public static RunTally of(RunStatus status, Instant created, Instant updated) {
    return new RunTally(Map.of(status, 1L), created, updated);
  }
}
