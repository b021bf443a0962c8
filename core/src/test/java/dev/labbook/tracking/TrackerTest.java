package dev.labbook.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrackerTest {
  private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Labbook lab = Labbook.builder().settings(StoreSettings.of("mem:", Map.of()))
      .clock(clock).open();
  private final Tracker tracker = lab.tracker();
  private final Experiment experiment = lab.experiments().create("sweep");

  @AfterEach
  void close() {
    lab.close();
  }

  @Nested
  class Track {
    @Test
    void workThatReturnsCompletesTheRunAndItsResultComesBack() {
      RunHandle run = tracker.newRun(experiment.id());
      String result = run.track(r -> {
        assertThat(r.get().status()).isEqualTo(RunStatus.RUNNING);
        clock.advance(Duration.ofSeconds(5));
        return "done";
      });

      Run stored = run.get();
      assertThat(result).isEqualTo("done");
      assertThat(stored.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(stored.started()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
      assertThat(stored.ended()).isEqualTo(Instant.parse("2026-03-01T10:00:05Z"));
    }

    @Test
    void workThatThrowsFailsTheRunRecordsTheExceptionAndRethrowsIt() {
      RunHandle run = tracker.newRun(experiment.id());
      IOException thrown = new IOException("disk full");

      assertThatThrownBy(() -> run.track(r -> {
        throw thrown;
      })).isSameAs(thrown);

      Run stored = run.get();
      assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
      assertThat(stored.ended()).isNotNull();
      assertThat(stored.extras()).containsEntry(RunHandle.FAILURE,
          Map.of("type", "java.io.IOException", "message", "disk full"));
    }

    @Test
    void anErrorFailsTheRunToo() {
      RunHandle run = tracker.newRun(experiment.id());
      assertThatThrownBy(() -> run.track(r -> {
        throw new StackOverflowError();
      })).isInstanceOf(StackOverflowError.class);
      assertThat(run.get().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void anInterruptedExceptionCancelsTheRun() {
      RunHandle run = tracker.newRun(experiment.id());
      assertThatThrownBy(() -> run.track(r -> {
        Thread.currentThread().interrupt();
        Thread.sleep(10_000);
        return null;
      })).isInstanceOf(InterruptedException.class);
      Run stored = run.get();
      assertThat(stored.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(stored.extras()).containsEntry(RunHandle.CANCELLED_BY, "interrupt");
    }

    @Test
    void anInterruptFlagLeftSetCancelsTheRunAndIsKeptForTheCaller() {
      RunHandle run = tracker.newRun(experiment.id());
      try {
        assertThatThrownBy(() -> run.track(r -> {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("gave up");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
      } finally {
        Thread.interrupted();
      }
      assertThat(run.get().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void theHeartbeatBeatsWhileTheWorkRuns() throws Exception {
      try (Labbook real = Labbook.builder().settings(StoreSettings.of("mem:", Map.of())).open()) {
        Tracker fast = real.tracker().heartbeatEvery(Duration.ofMillis(10));
        Experiment e = real.experiments().create("beats");
        RunHandle run = fast.newRun(e.id());
        List<Long> versions = run.track(r -> {
          List<Long> seen = new ArrayList<>();
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          long first = r.get().version();
          while (r.get().version() < first + 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          seen.add(first);
          seen.add(r.get().version());
          return seen;
        });
        assertThat(versions.get(1)).as("versions after three beats").isGreaterThanOrEqualTo(versions.get(0) + 3);
        assertThat(run.get().status()).isEqualTo(RunStatus.COMPLETED);
      }
    }

    @Test
    void stoppingWithAStatusThatIsNotTerminalIsRefusedAndChangesNothing() {
      RunHandle run = tracker.newRun(experiment.id()).start();
      long version = run.get().version();
      assertThatThrownBy(() -> run.stop(RunStatus.QUEUED))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("QUEUED");
      assertThat(run.get().version()).isEqualTo(version);
    }

    @Test
    void startAndStopSetTheTimesSqltrackSets() {
      RunHandle run = tracker.newRun(experiment.id()).start();
      clock.advance(Duration.ofMinutes(1));
      run.stop(RunStatus.PRUNED);
      Run stored = run.get();
      assertThat(stored.status()).isEqualTo(RunStatus.PRUNED);
      assertThat(stored.started()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
      assertThat(stored.heartbeat()).isEqualTo(stored.started());
      assertThat(stored.ended()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
    }
  }

  @Nested
  class Fields {
    @Test
    void handlesChainAndEachCallChangesOnlyWhatItNames() {
      RunHandle run = tracker.newRun(experiment.id())
          .addTags("b", "a").addTags("c").removeTags("b", "missing")
          .comment("first try")
          .addArgs("--lr=0.01", "--layers", "3", "data.csv", "--verbose")
          .removeArgs("verbose")
          .addEnv(Map.of("HOME", "/home/me", "LANG", "C"))
          .removeEnv("LANG")
          .addExtras(Map.of("gpu", "a100"))
          .addResults(Map.of("accuracy", 0.93));

      Run stored = run.get();
      assertThat(stored.tags()).containsExactly("a", "c");
      assertThat(stored.comment()).isEqualTo("first try");
      assertThat(stored.args()).isEqualTo(Map.of("lr", "0.01", "layers", "3", "_", List.of("data.csv")));
      assertThat(stored.env()).isEqualTo(Map.of("HOME", "/home/me"));
      assertThat(stored.extras()).isEqualTo(Map.of("gpu", "a100"));
      assertThat(stored.results()).isEqualTo(Map.of("accuracy", 0.93));

      run.setTags("z").setArgs(Map.of("seed", 7)).setEnv(Map.of()).setExtras(Map.of("k", 1));
      stored = run.get();
      assertThat(stored.tags()).containsExactly("z");
      assertThat(stored.args()).isEqualTo(Map.of("seed", 7L));
      assertThat(stored.env()).isEmpty();
      assertThat(stored.extras()).isEqualTo(Map.of("k", 1L));
    }

    @Test
    void theProcessEnvironmentIsStoredWithoutVariablesThatLookSecret() {
      RunHandle run = tracker.newRun(experiment.id()).addEnv();
      Map<String, Object> env = run.get().env();
      Map<String, String> process = System.getenv();
      assertThat(env).isNotEmpty();
      assertThat(env.keySet()).allSatisfy(name -> assertThat(process).containsKey(name))
          .noneMatch(name -> name.toUpperCase().matches(".*(PASSWORD|TOKEN|SECRET|KEY).*"));
      assertThat(tracker.filteredEnv(Map.of("DB_PASSWORD", "x", "HF_TOKEN", "y",
          "AWS_SECRET_ACCESS_KEY", "z", "api_key", "w", "PATH", "/bin")))
          .isEqualTo(Map.of("PATH", "/bin"));
    }

    @Test
    void aCustomEnvironmentFilterDecidesWhatIsKept() {
      Tracker onlyPath = tracker.envFilter(name -> name.equals("PATH"));
      assertThat(onlyPath.filteredEnv(Map.of("PATH", "/bin", "HOME", "/root")))
          .isEqualTo(Map.of("PATH", "/bin"));
    }

    @Test
    void concurrentChangesFromSeveralHandlesAreAllKept() throws Exception {
      String id = tracker.newRun(experiment.id()).id();
      int threads = 8;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          RunHandle handle = tracker.run(id);
          for (int i = 0; i < 10; i++) {
            handle.addTags("t" + thread + "-" + i).addExtras(Map.of("x" + thread + "-" + i, i));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      Run stored = tracker.run(id).get();
      assertThat(stored.tags()).hasSize(80);
      assertThat(stored.extras()).hasSize(80);
    }

    @Test
    void metricsLogByStepAndProgressAndTheLatestValueIsAtHand() {
      RunHandle run = tracker.newRun(experiment.id())
          .log(Map.of("loss", 0.9, "acc", 0.1), 0, 0.0)
          .log(Map.of("loss", 0.4), 1, 0.5);
      assertThat(run.latestMetrics().get("loss").value()).isEqualTo(0.4);
      assertThat(run.latestMetrics().get("loss").progress()).isEqualTo(0.5);
      assertThat(run.latestMetrics().get("acc").step()).isZero();
      assertThat(lab.experiments().series(run.id(), "loss")).hasSize(2);
    }

    @Test
    void aHandleOnARunThatDoesNotExistIsRefused() {
      assertThatThrownBy(() -> tracker.run("no-such-run"))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-run");
    }
  }

  @Nested
  class Experiments {
    @Test
    void anExperimentHandleChainsAndIsMadeOnceByName() {
      ExperimentHandle sweep = tracker.experiment("lr-sweep")
          .comment("learning rates").addTags("b", "a").removeTags("b").addMetadata(Map.of("gpu", 4));
      ExperimentHandle again = tracker.experiment("lr-sweep");
      RunHandle run = again.newRun();

      Experiment stored = sweep.get();
      assertThat(again.id()).isEqualTo(sweep.id());
      assertThat(stored.description()).isEqualTo("learning rates");
      assertThat(stored.tags()).containsExactly("a");
      assertThat(stored.metadata()).containsEntry("gpu", 4L);
      assertThat(run.get().experimentId()).isEqualTo(sweep.id());

      sweep.name("renamed").setTags("z").comment(null);
      assertThat(tracker.experimentById(sweep.id()).get())
          .extracting(Experiment::name, Experiment::description, Experiment::tags)
          .containsExactly("renamed", null, java.util.Set.of("z"));
      assertThatThrownBy(() -> tracker.experimentById("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void concurrentTagsOnOneExperimentAreAllKept() throws Exception {
      String id = tracker.experiment("shared").id();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 10; i++) {
            tracker.experimentById(id).addTags("t" + thread + "-" + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(tracker.experimentById(id).get().tags()).hasSize(40);
    }
  }

  @Nested
  class FromEnvironment {
    @Test
    void aRunIdNamesThatRun() {
      String id = tracker.newRun(experiment.id()).id();
      assertThat(tracker.fromEnvironment(Map.of("LABBOOK_RUN_ID", id)).id()).isEqualTo(id);
      assertThat(tracker.fromEnvironment(Map.of("LABBOOK_RUN_ID", id,
          "LABBOOK_EXPERIMENT_NAME", "sweep")).id()).isEqualTo(id);
    }

    @Test
    void anExperimentIdGivesANewRunInIt() {
      RunHandle run = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_ID", experiment.id()));
      assertThat(run.get().experimentId()).isEqualTo(experiment.id());
      assertThat(run.get().status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void anExperimentNameGivesANewRunCreatingTheExperimentOnce() {
      RunHandle first = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_NAME", "cluster"));
      RunHandle second = tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_NAME", "cluster"));
      assertThat(first.get().experimentId()).isEqualTo(second.get().experimentId())
          .isEqualTo(lab.experiments().getByName("cluster").id());
      assertThat(List.of(first.get().number(), second.get().number())).containsExactly(0L, 1L);
    }

    @Test
    void variablesThatDisagreeOrAreMissingAreRefusedNamingThem() {
      Experiment other = lab.experiments().create("other");
      String run = tracker.newRun(experiment.id()).id();
      long runs = lab.experiments().runs(experiment.id()).count();

      assertThatThrownBy(() -> tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_ID", other.id(),
          "LABBOOK_EXPERIMENT_NAME", "sweep")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("LABBOOK_EXPERIMENT_NAME=sweep");
      assertThatThrownBy(() -> tracker.fromEnvironment(Map.of("LABBOOK_RUN_ID", run,
          "LABBOOK_EXPERIMENT_ID", other.id())))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(run);
      assertThatThrownBy(() -> tracker.fromEnvironment(Map.of("LABBOOK_RUN_ID", " ")))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("LABBOOK_RUN_ID");
      assertThatThrownBy(() -> tracker.fromEnvironment(Map.of("LABBOOK_EXPERIMENT_ID", "missing")))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("missing");
      assertThat(lab.experiments().runs(experiment.id()).count()).isEqualTo(runs);
      assertThat(lab.experiments().runs(other.id()).count()).isZero();
    }
  }

  @Nested
  class StaleRuns {
    @Test
    void runsWhoseHeartbeatStoppedAreFoundAndFailedAndLiveOnesAreLeftAlone() {
      RunHandle dead = tracker.newRun(experiment.id()).start();
      RunHandle alive = tracker.newRun(experiment.id()).start();
      RunHandle finished = tracker.newRun(experiment.id()).start().stop();
      RunHandle queued = tracker.newRun(experiment.id());
      clock.advance(Duration.ofMinutes(9));
      alive.heartbeat();
      clock.advance(Duration.ofMinutes(2));

      assertThat(tracker.staleRuns(Duration.ofMinutes(10))).extracting(Run::id)
          .containsExactly(dead.id());
      List<Run> marked = tracker.failStaleRuns(Duration.ofMinutes(10));

      assertThat(marked).extracting(Run::id).containsExactly(dead.id());
      Run failed = dead.get();
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.ended()).isEqualTo(Instant.parse("2026-03-01T10:11:00Z"));
      assertThat(failed.extras().get(RunHandle.FAILURE)).asString().contains("stale");
      assertThat(alive.get().status()).isEqualTo(RunStatus.RUNNING);
      assertThat(finished.get().status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(queued.get().status()).isEqualTo(RunStatus.QUEUED);
      assertThat(tracker.failStaleRuns(Duration.ofMinutes(10))).isEmpty();
    }

    @Test
    void aNegativeThresholdIsRefused() {
      assertThatThrownBy(() -> tracker.staleRuns(Duration.ofMinutes(-1)))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("PT-1M");
      assertThatThrownBy(() -> tracker.heartbeatEvery(Duration.ZERO))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining("PT0S");
    }
  }

  /** A clock tests move by hand. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
