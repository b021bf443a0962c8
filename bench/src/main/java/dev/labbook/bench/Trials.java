package dev.labbook.bench;

import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * W1's unit of work, a trial: a run created with 5 params, 20 metric points logged one call at a
 * time, then finished with a result value. Also the pre-fill's cheaper form of it (the 20
 * points in one batch), which leaves the same records in the store.
 */
final class Trials {
  static final int PARAMS = 5;
  static final int POINTS = 20;
  static final String METRIC = "loss";

  private Trials() {}

  /** Runs {@code count} trials one after another; returns the seconds they took. */
  static double time(ExperimentStore experiments, String experimentId, int count, Random random) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      trial(experiments, experimentId, random);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** One trial, every point its own {@code log} call. */
  static void trial(ExperimentStore experiments, String experimentId, Random random) {
    Run run = experiments.createRun(experimentId, spec(random));
    double value = random.nextDouble();
    for (int step = 0; step < POINTS; step++) {
      experiments.log(run.id(), MetricPoint.of(METRIC, step, value + 1.0 / (step + 1)));
    }
    finish(experiments, run, value);
  }

  /**
   * A finished trial as the pre-fill makes it, in two calls instead of 23: the run is created
   * COMPLETED (so with its ended time) with its 5 params, and its 20 points go in one batch.
   * Queries, summaries and best runs see it as they see a trial's run.
   */
  static void prefilled(ExperimentStore experiments, String experimentId, Random random) {
    RunSpec spec = spec(random).status(RunStatus.COMPLETED);
    Run run = experiments.createRun(experimentId, spec);
    double value = random.nextDouble();
    List<MetricPoint> curve = new ArrayList<>(POINTS);
    for (int step = 0; step < POINTS; step++) {
      curve.add(MetricPoint.of(METRIC, step, value + 1.0 / (step + 1)));
    }
    experiments.log(run.id(), curve);
  }

  static RunSpec spec(Random random) {
    RunSpec spec = RunSpec.create().status(RunStatus.RUNNING);
    for (int p = 0; p < PARAMS; p++) {
      spec = spec.param("p" + p, random.nextDouble());
    }
    return spec;
  }

  static Run finish(ExperimentStore experiments, Run run, double value) {
    return experiments.updateRun(run.withStatus(RunStatus.COMPLETED).withEnded(Instant.now())
        .withResults(Map.of("value", value)));
  }
}
