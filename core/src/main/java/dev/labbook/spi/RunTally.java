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

  /** This tally with one more run. */
  public RunTally plus(RunStatus status, Instant created, Instant updated) {
    Map<RunStatus, Long> more = new java.util.EnumMap<>(RunStatus.class);
    more.putAll(counts);
    more.merge(status, 1L, Long::sum);
    return new RunTally(more, created.isBefore(firstCreated) ? created : firstCreated,
        updated.isAfter(lastUpdated) ? updated : lastUpdated);
  }

  /** The tally of one run. */
  public static RunTally of(RunStatus status, Instant created, Instant updated) {
    return new RunTally(Map.of(status, 1L), created, updated);
  }
}
