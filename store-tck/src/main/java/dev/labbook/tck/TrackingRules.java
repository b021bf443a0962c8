package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Artifact;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.spi.Capability;
import dev.labbook.tracking.Dependencies;
import dev.labbook.tracking.RunHandle;
import dev.labbook.tracking.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tracking, sqltrack's flow: a run tracked through its life ends with the status its work
 * earned, changes made through handles from many threads and instances are all kept, runs named
 * by a cluster job's environment variables are found or made, and runs whose worker went silent
 * are found by their last change and failed. DeepHyper's flow too: a results folder becomes an
 * experiment with its files as artifacts, and several experiments are deleted all or none;
 * and docktuna's: the best params by the experiment's objective, the latest experiment. (A run whose JVM is sent SIGTERM or SIGINT needs a
 * process of its own: store-json's {@code TrackedRunSignalsTest} shows it.)
 */
abstract class TrackingRules extends Rules {
  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final int THREADS = 8;
  private static final int EACH = 10;

  TrackingRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void trackedWorkEndsCompletedOrFailedWithItsTimesAndTheFailureKept() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Tracker tracker = store().tracker();
    Experiment experiment = experiments().create("tracked");

    RunHandle good = tracker.newRun(experiment.id());
    double loss = good.track(run -> {
      run.log(Map.of("loss", 0.5), 0).addResults(Map.of("loss", 0.5));
      clock.advance(Duration.ofSeconds(3));
      return 0.5;
    });
    RunHandle bad = tracker.newRun(experiment.id());
    assertThatThrownBy(() -> bad.track(run -> {
      throw new IOException("out of memory on device 0");
    })).isInstanceOf(IOException.class).hasMessage("out of memory on device 0");

    Run completed = experiments().getRun(good.id());
    assertThat(loss).isEqualTo(0.5);
    assertThat(completed.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(completed.started()).isEqualTo(START);
    assertThat(completed.ended()).isEqualTo(START.plusSeconds(3));
    assertThat(completed.results()).isEqualTo(Map.of("loss", 0.5));
    Run failed = experiments().getRun(bad.id());
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.extras()).isEqualTo(Map.of(RunHandle.FAILURE,
        Map.of("type", "java.io.IOException", "message", "out of memory on device 0")));
  }

  @Test
  void theHeartbeatOfATrackedRunIsStoredWhileItsWorkRuns() throws InterruptedException {
    Tracker tracker = store().tracker().heartbeatEvery(Duration.ofMillis(20));
    Experiment experiment = experiments().create("beating");
    RunHandle handle = tracker.newRun(experiment.id());

    Instant[] beats = handle.track(run -> {
      Instant first = run.get().heartbeat();
      long deadline = System.nanoTime() + timeout().toNanos();
      while (!run.get().heartbeat().isAfter(first) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return new Instant[] {first, run.get().heartbeat()};
    });

    assertThat(beats[1]).as("the heartbeat after the first one").isAfter(beats[0]);
    assertThat(experiments().getRun(handle.id()).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void changesThroughHandlesOnManyThreadsAreAllKept() {
    Run run = experiments().createRun(experiments().create("shared").id());
    changeFromManyThreads(run.id(), null);
    assertAllChangesKept(experiments().getRun(run.id()));
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void changesThroughHandlesOnTwoInstancesAreAllKept() {
    Labbook other = second();
    Run run = experiments().createRun(experiments().create("shared").id());
    changeFromManyThreads(run.id(), other);
    assertAllChangesKept(experiments().getRun(run.id()));
    assertAllChangesKept(other.experiments().getRun(run.id()));
  }

  @Test
  void environmentVariablesNameARunOrAnExperimentToMakeOneIn() {
    Tracker tracker = store().tracker();
    Experiment experiment = experiments().create("cluster job");
    String existing = tracker.newRun(experiment.id()).id();

    RunHandle named = tracker.fromEnvironment(Map.of("LABBOOK_RUN_ID", existing));
    RunHandle byId = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_ID", experiment.id()));
    RunHandle byName = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_NAME", "array job"));
    RunHandle again = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_NAME", "array job"));

    assertThat(named.id()).isEqualTo(existing);
    assertThat(experiments().getRun(byId.id()).number()).isEqualTo(1);
    Experiment made = experiments().getByName("array job");
    assertThat(List.of(experiments().getRun(byName.id()), experiments().getRun(again.id())))
        .extracting(Run::experimentId, Run::number)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(made.id(), 0L),
            org.assertj.core.groups.Tuple.tuple(made.id(), 1L));
  }

  @Test
  void runsSilentLongerThanTheThresholdAreFoundAndFailedAndLiveOnesAreLeftAlone() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Tracker tracker = store().tracker();
    Experiment experiment = experiments().create("sweep");
    RunHandle dead = tracker.newRun(experiment.id()).start();
    RunHandle alive = tracker.newRun(experiment.id()).start();
    RunHandle done = tracker.newRun(experiment.id()).start().stop();
    RunHandle queued = tracker.newRun(experiment.id());
    Run elsewhere = experiments().createRun(experiments().create("other").id());
    tracker.run(elsewhere.id()).start();
    clock.advance(Duration.ofMinutes(9));
    alive.heartbeat();
    clock.advance(Duration.ofMinutes(2));

    assertThat(tracker.staleRuns(Duration.ofMinutes(10))).extracting(Run::id)
        .containsExactlyInAnyOrder(dead.id(), elsewhere.id());
    assertThat(tracker.failStaleRuns(Duration.ofMinutes(10))).extracting(Run::id)
        .containsExactlyInAnyOrder(dead.id(), elsewhere.id());

    assertThat(experiments().getRun(dead.id()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(experiments().getRun(dead.id()).ended()).isEqualTo(START.plus(Duration.ofMinutes(11)));
    assertThat(experiments().getRun(elsewhere.id()).status()).isEqualTo(RunStatus.FAILED);
    assertThat(experiments().getRun(alive.id()).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(experiments().getRun(done.id()).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(experiments().getRun(queued.id()).status()).isEqualTo(RunStatus.QUEUED);
    assertThat(tracker.staleRuns(Duration.ofMinutes(10))).isEmpty();
  }

  @Test
  @Requires(Capability.ARTIFACTS)
  void aResultsFolderBecomesAnExperimentWithItsFilesAsArtifacts() throws IOException {
    Path folder = Files.createTempDirectory("labbook-tck-results");
    try {
      Files.writeString(folder.resolve("results.csv"), "job_id,objective\n0,0.93\n");
      Files.createDirectories(folder.resolve("checkpoints/best"));
      Files.write(folder.resolve("checkpoints/best/model.bin"), new byte[] {0, 1, 2, (byte) 255});

      Experiment added = store().tracker().addFolder(folder, ExperimentSpec.named("exp_101")
          .description("The experiment 101").metadata(Map.of("machine", "ThetaGPU", "user", "Bob")),
          Dependencies.of(Map.of("numpy", "1.26.4")));

      Experiment stored = experiments().get(added.id());
      assertThat(stored.description()).isEqualTo("The experiment 101");
      assertThat(stored.metadata()).containsEntry("machine", "ThetaGPU").containsEntry("user", "Bob")
          .containsEntry(Dependencies.METADATA_KEY, Map.of("numpy", "1.26.4"));
      assertThat(experiments().artifacts(added.id())).extracting(Artifact::path)
          .containsExactly("checkpoints/best/model.bin", "results.csv");
      assertThat(experiments().readArtifact(added.id(), "checkpoints/best/model.bin"))
          .containsExactly(0, 1, 2, 255);
    } finally {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  @Test
  void severalExperimentsAreDeletedInOneCallOrNoneWhenAnIdIsUnknown() {
    Experiment a = experiments().create("a");
    Experiment b = experiments().create("b");
    Run run = experiments().createRun(a.id());
    experiments().log(run.id(), MetricPoint.of("loss", 0, 1.0));

    assertThatThrownBy(() -> experiments().delete(List.of(a.id(), "no-such-experiment", b.id())))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-experiment");
    assertThat(experiments().list()).extracting(Experiment::id).containsExactly(a.id(), b.id());
    assertThat(experiments().series(run.id(), "loss")).hasSize(1);

    experiments().delete(List.of(a.id(), b.id()));
    assertThat(experiments().list()).isEmpty();
    assertThat(experiments().findRun(run.id())).isEmpty();
  }

  @Test
  void getOrCreateFromManyThreadsGivesEveryoneTheOneExperiment() {
    Labbook other = store().capabilities().has(Capability.MULTI_PROCESS) ? second() : null;
    List<String> ids = Threads.together(THREADS, timeout(), thread -> {
      Labbook mine = other == null || thread % 2 == 0 ? store() : other;
      return mine.experiments().getOrCreate(ExperimentSpec.named("study")).id();
    });
    assertThat(ids).containsOnly(experiments().getByName("study").id());
    assertThat(experiments().list()).hasSize(1);
    assertThat(experiments().exists("study")).isTrue();
    assertThat(experiments().exists("other")).isFalse();
  }

  @Test
  void theBestParamsFollowTheDeclaredObjectiveAmongCompletedRunsWithANumber() {
    Tracker tracker = store().tracker();
    Experiment study = experiments().create(ExperimentSpec.named("study")
        .objective(Objective.minimize("metrics.loss")));
    assertThat(tracker.bestParams(study.id())).isEmpty();
    Map<Double, RunStatus> lossAndStatus = new LinkedHashMap<>();
    lossAndStatus.put(0.30, RunStatus.COMPLETED);
    lossAndStatus.put(0.20, RunStatus.COMPLETED);
    lossAndStatus.put(0.01, RunStatus.FAILED);
    lossAndStatus.put(Double.NaN, RunStatus.COMPLETED);
    lossAndStatus.put(Double.NEGATIVE_INFINITY, RunStatus.PRUNED);
    lossAndStatus.forEach((loss, status) -> tracker.newRun(study.id(),
            RunSpec.create().param("loss", loss))
        .start().log(Map.of("loss", loss), 0).stop(status));
    tracker.newRun(study.id()).start().stop(); // completed, no loss at all

    assertThat(tracker.bestRun(study.id())).map(run -> run.params().get("loss")).contains(0.20);
    assertThat(tracker.bestRun(study.id(), Objective.maximize("metrics.loss")))
        .map(run -> run.params().get("loss")).contains(0.30);
  }

  @Test
  void theLatestExperimentIsTheOneWhoseCompletedRunEndedLast() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Tracker tracker = store().tracker();
    assertThat(tracker.latestExperiment()).isEmpty();
    Experiment older = experiments().create("older");
    Experiment newer = experiments().create("newer");
    tracker.newRun(newer.id()).start().stop();
    clock.advance(Duration.ofMinutes(1));
    tracker.newRun(older.id()).start().stop();
    clock.advance(Duration.ofMinutes(1));
    tracker.newRun(newer.id()).start().stop(RunStatus.FAILED);
    tracker.newRun(newer.id()).start();

    assertThat(tracker.latestExperiment()).map(Experiment::id).contains(older.id());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void changeFromManyThreads(String runId, Labbook other) {
    Threads.together(THREADS, timeout(), thread -> {
      Labbook mine = other == null || thread % 2 == 0 ? store() : other;
      RunHandle handle = mine.tracker().run(runId);
      for (int i = 0; i < EACH; i++) {
        handle.addTags("t" + thread + "-" + i).addExtras(Map.of("x" + thread + "-" + i, i));
      }
      return null;
    });
  }

  private static void assertAllChangesKept(Run run) {
    assertThat(run.tags()).as("tags added by %d threads", THREADS).hasSize(THREADS * EACH);
    assertThat(run.extras()).as("extras added by %d threads", THREADS).hasSize(THREADS * EACH);
    assertThat(run.version()).isEqualTo(2L * THREADS * EACH);
  }
}
