package dev.labbook.bench;

import java.util.List;

/**
 * How big each workload is. {@link #full()} is what issue 9 fixes; {@link #smoke()} runs every
 * workload on tiny data so that the test suite keeps the harness working.
 *
 * @param trials W1: runs created, each with 5 params, 20 points logged one at a time, a result
 * @param ingestPoints W2: points logged into one run
 * @param ingestBatch W2: points per batch
 * @param summaryExperiments W3: experiments
 * @param summaryRuns W3: runs per experiment
 * @param summaryCalls W3: calls timed (the median is kept)
 * @param bestCalls W4: calls timed (the median is kept)
 * @param levels W5: runs already in the store before W1's cost is measured again; W4 runs at
 *     the second level, W6 at the first two
 * @param scaleTrials W5: runs measured at each level
 * @param streamHeapMb the heap the streaming read gets in its own JVM
 * @param ingestSeconds the time W2's Labbook ingest may take per backend before it stops
 * @param prefillSeconds the time W4/W5/W6's pre-fill may take per backend; a level it cannot
 *     reach in time is measured at the size reached, and said so
 */
record Sizes(
    String mode,
    int trials,
    int ingestPoints,
    int ingestBatch,
    int summaryExperiments,
    int summaryRuns,
    int summaryCalls,
    int bestCalls,
    List<Integer> levels,
    int scaleTrials,
    int streamHeapMb,
    int ingestSeconds,
    int prefillSeconds) {

  static Sizes full() {
    return new Sizes("full", 1_000, 1_000_000, 1_000, 100, 10, 5, 100,
        List.of(1_000, 10_000, 100_000), 100, 64, 150, 120);
  }

  static Sizes smoke() {
    return new Sizes("smoke", 5, 3_000, 1_000, 3, 2, 2, 3, List.of(6, 12, 18), 2, 64, 600, 600);
  }

  /** The same sizes with W5's levels and timed runs changed. */
  Sizes withScale(List<Integer> newLevels, int newScaleTrials) {
    return new Sizes(mode + " (levels " + newLevels + ", " + newScaleTrials + " timed runs)", trials,
        ingestPoints, ingestBatch, summaryExperiments, summaryRuns, summaryCalls, bestCalls,
        List.copyOf(newLevels), newScaleTrials, streamHeapMb, ingestSeconds, prefillSeconds);
  }

  /** The store size W4 runs at. */
  int bestRunLevel() {
    return levels.get(1);
  }
}
