package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.query.Direction;
import dev.labbook.query.Query;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunsTest {
  public record Optimizer(String kind, double momentum) {}

  public record Hyper(double lr, int layers, Optimizer optimizer) {}

  private Labbook lab;
  private ExperimentStore experiments;
  private Experiment experiment;

  @BeforeEach
  void open() {
    lab = TestStores.memory();
    lab.codecs().register("optimizer", Optimizer.class);
    experiments = lab.experiments();
    experiment = experiments.create("runs");
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void runsAreNumberedFromZeroPerExperiment() {
    Experiment other = experiments.create("other");
    assertThat(experiments.createRun(experiment.id()).number()).isZero();
    assertThat(experiments.createRun(experiment.id()).number()).isEqualTo(1);
    assertThat(experiments.createRun(other.id()).number()).isZero();
    assertThat(experiments.createRun(experiment.id()).number()).isEqualTo(2);
  }

  @Test
  void concurrentCreationGivesUniqueGapFreeNumbers() throws Exception {
    int threads = 8;
    int each = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < each; i++) {
            numbers.add(experiments.createRun(experiment.id()).number());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(numbers).containsExactlyInAnyOrderElementsOf(
        LongStream.range(0, threads * each).boxed().toList());
  }

  @Test
  void aDeletedRunsNumberIsNotReused() {
    Run first = experiments.createRun(experiment.id());
    Run second = experiments.createRun(experiment.id());
    experiments.deleteRun(second.id());
    assertThat(experiments.createRun(experiment.id()).number()).isEqualTo(2);
    assertThat(experiments.runs(experiment.id()).map(Run::number)).containsExactly(0L, 2L);
    assertThat(first.number()).isZero();
  }

  @Test
  void paramsGoThroughTheCodecRegistryAndComeBackTyped() {
    Hyper hyper = new Hyper(0.01, 3, new Optimizer("adam", 0.9));
    Run run = experiments.createRun(experiment.id(), RunSpec.create().params(hyper).param("seed", 7));
    Run read = experiments.getRun(run.id());
    assertThat(read.params()).containsEntry("lr", 0.01).containsEntry("layers", 3L)
        .containsEntry("seed", 7L).containsEntry("optimizer", new Optimizer("adam", 0.9));
    assertThat(lab.codecs().convert(read.params(), Hyper.class)).isEqualTo(hyper);
  }

  @Test
  void paramsThatAreNotAnObjectAreRejectedAndNoRunIsCreated() {
    for (Object notAnObject : List.of(42, "text", List.of(1, 2), Double.NaN, -0.0,
        java.time.Instant.EPOCH, new byte[] {1})) {
      assertThatThrownBy(() -> experiments.createRun(experiment.id(), RunSpec.create().params(notAnObject)))
          .as("params %s", notAnObject).isInstanceOf(InvalidInputException.class).hasMessageContaining("params");
    }
    assertThat(experiments.runs(experiment.id())).isEmpty();
  }

  @Test
  void timesGivenByTheCallerAreKeptToTheMillisecond() {
    Run run = experiments.createRun(experiment.id());
    java.time.Instant precise = java.time.Instant.parse("2026-05-06T07:08:09.123456789Z");
    Run updated = experiments.updateRun(run.withStarted(precise).withEnded(precise).withHeartbeat(precise));
    java.time.Instant millis = java.time.Instant.parse("2026-05-06T07:08:09.123Z");
    assertThat(experiments.getRun(run.id())).isEqualTo(updated)
        .extracting(Run::started, Run::ended, Run::heartbeat).containsExactly(millis, millis, millis);
  }

  @Test
  void metricKeysStartingWithAtCanBeQueried() {
    Run at = experiments.createRun(experiment.id());
    Run plain = experiments.createRun(experiment.id());
    experiments.log(at.id(), MetricPoint.of("@acc", 0, 0.9));
    experiments.log(plain.id(), MetricPoint.of("acc", 0, 0.9));
    assertThat(experiments.runs(experiment.id(), Query.parse("metrics.@acc > 0.5")).map(Run::id)).containsExactly(at.id());
    assertThat(experiments.runs(experiment.id(), Query.parse("metrics.acc > 0.5")).map(Run::id)).containsExactly(plain.id());
  }

  @Test
  void aRunUnderAMissingExperimentIsNotFound() {
    assertThatThrownBy(() -> experiments.createRun("missing-experiment"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("missing-experiment");
  }

  @Test
  void statusAndTimesAreSetOnCreationAndCarriedByUpdates() {
    Run queued = experiments.createRun(experiment.id());
    assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(queued.started()).isNull();
    assertThat(queued.created()).isNotNull();
    Run running = experiments.updateRun(queued.withStatus(RunStatus.RUNNING).withStarted(lab.experiments()
        .getRun(queued.id()).created()));
    Run done = experiments.updateRun(running.withStatus(RunStatus.COMPLETED).withEnded(running.created())
        .withResults(Map.of("accuracy", 0.93)));
    Run read = experiments.getRun(queued.id());
    assertThat(read).isEqualTo(done);
    assertThat(read.version()).isEqualTo(2);
    assertThat(read.results()).containsEntry("accuracy", 0.93);
    assertThat(experiments.createRun(experiment.id(), RunSpec.create().status(RunStatus.RUNNING)).started()).isNotNull();
  }

  @Test
  void aStaleRunUpdateRaisesAConflictAndChangesNothing() {
    Run run = experiments.createRun(experiment.id());
    Run winner = experiments.updateRun(run.withComment("first"));
    assertThatThrownBy(() -> experiments.updateRun(run.withComment("second"))).isInstanceOf(ConflictException.class);
    assertThat(experiments.getRun(run.id())).isEqualTo(winner);
  }

  @Test
  void concurrentCompareAndSetUpdatesLoseNothingWhenLosersRetry() throws Exception {
    Run run = experiments.createRun(experiment.id());
    int threads = 6;
    int each = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    java.util.concurrent.CyclicBarrier firstRound = new java.util.concurrent.CyclicBarrier(threads);
    int conflictsSeen = 0;
    try {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        conflicts.add(pool.submit(() -> {
          int lost = 0;
          for (int i = 0; i < each; i++) {
            while (true) {
              Run current = experiments.getRun(run.id());
              if (i == 0 && lost == 0) {
                firstRound.await(); // all threads hold version 0: all but one must lose
              }
              Set<String> tags = new java.util.TreeSet<>(current.tags());
              tags.add("t" + thread + "-" + i);
              try {
                experiments.updateRun(current.withTags(tags));
                break;
              } catch (ConflictException e) {
                lost++;
              }
            }
          }
          return lost;
        }));
      }
      for (Future<Integer> f : conflicts) {
        conflictsSeen += f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(conflictsSeen).isGreaterThanOrEqualTo(threads - 1);
    Run last = experiments.getRun(run.id());
    assertThat(last.tags()).hasSize(threads * each);
    assertThat(last.version()).isEqualTo(threads * each);
  }

  @Test
  void aRunCannotMoveToAnotherExperimentOrRenumber() {
    Run run = experiments.createRun(experiment.id());
    Run moved = new Run(run.id(), experiments.create("elsewhere").id(), run.number(), run.status(), run.tags(),
        run.comment(), run.params(), run.args(), run.env(), run.extras(), run.results(), run.created(),
        run.started(), run.updated(), run.ended(), run.heartbeat(), run.version());
    assertThatThrownBy(() -> experiments.updateRun(moved)).isInstanceOf(InvalidInputException.class);
    assertThat(experiments.getRun(run.id())).isEqualTo(run);
  }

  @Test
  void runsAreQueriedByParamsStatusAndLatestMetric() {
    for (double lr : new double[] {0.001, 0.01, 0.1}) {
      Run run = experiments.createRun(experiment.id(), RunSpec.create().param("lr", lr));
      experiments.log(run.id(), MetricPoint.of("loss", 0, 1.0), MetricPoint.of("loss", 1, lr * 10));
    }
    assertThat(experiments.runs(experiment.id(), Query.parse("params.lr > 0.005"))
        .map(r -> r.params().get("lr"))).containsExactly(0.01, 0.1);
    assertThat(experiments.runs(experiment.id(), Query.parse("metrics.loss < 0.5")).map(Run::number))
        .containsExactly(0L, 1L);
    assertThat(experiments.runs(experiment.id(), Query.parse("status = 'QUEUED'").orderBy("params.lr", Direction.DESC))
        .map(Run::number)).containsExactly(2L, 1L, 0L);
    assertThat(experiments.runs(Query.parse("params.lr = 0.1"))).hasSize(1);
  }

  @Test
  void deletingARunRemovesItsMetricsAndArtifacts() {
    Run run = experiments.createRun(experiment.id());
    experiments.log(run.id(), MetricPoint.of("loss", 0, 1.0));
    experiments.putArtifact(run.id(), "model.bin", new byte[] {9});
    experiments.deleteRun(run.id());
    assertThatThrownBy(() -> experiments.getRun(run.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> experiments.latestMetrics(run.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> experiments.artifacts(run.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> experiments.deleteRun(run.id())).isInstanceOf(NotFoundException.class);
  }
}
