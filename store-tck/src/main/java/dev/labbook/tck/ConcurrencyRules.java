package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Optimizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Concurrency: several threads sharing one instance, and (where the store declares
 * MULTI_PROCESS) threads split over two instances of one persistence, start together on the same
 * records. Run numbers stay unique and gap-free, compare-and-set updates have exactly one winner
 * per version and lose nothing when the losers retry, metric appends all land, and name clashes
 * on configs and experiments have exactly one winner whose content is kept.
 */
abstract class ConcurrencyRules extends Rules {
  /** Threads per rule, and operations (or rounds) per thread: modest, a few hundred in all. */
  private static final int THREADS = 8;
  private static final int EACH = 25;
  /** Conflicts one increment may meet before the rule gives up on the store. */
  private static final int MAX_ATTEMPTS = 10_000;

  ConcurrencyRules(StoreTck tck) {
    super(tck);
  }

  // ---- run numbers ---------------------------------------------------------------------------

  @Test
  void runsCreatedByManyThreadsAtOnceGetUniqueGapFreeNumbers() {
    Experiment experiment = experiments().create("numbers");

    List<List<Run>> created = together(THREADS, thread -> {
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        runs.add(experiments().createRun(experiment.id()));
      }
      return runs;
    });

    assertNumberedFromZero(experiments(), experiment.id(), flatten(created), THREADS * EACH);
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void runsCreatedThroughTwoInstancesAtOnceGetUniqueGapFreeNumbers() {
    Labbook other = second();
    Experiment experiment = experiments().create("numbers");

    List<List<Run>> created = together(THREADS, thread -> {
      ExperimentStore mine = instance(thread, other).experiments();
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        runs.add(mine.createRun(experiment.id()));
      }
      return runs;
    });

    assertNumberedFromZero(experiments(), experiment.id(), flatten(created), THREADS * EACH);
    assertNumberedFromZero(other.experiments(), experiment.id(), flatten(created), THREADS * EACH);
  }

  @Test
  void runsCreatedAtOnceInSeveralExperimentsAreNumberedPerExperiment() {
    List<Experiment> several = List.of(experiments().create("a"), experiments().create("b"),
        experiments().create("c"), experiments().create("d"));

    List<List<Run>> created = together(THREADS, thread -> {
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        runs.add(experiments().createRun(several.get((thread + i) % several.size()).id()));
      }
      return runs;
    });

    Map<String, List<Run>> byExperiment = flatten(created).stream()
        .collect(Collectors.groupingBy(Run::experimentId));
    for (Experiment experiment : several) {
      List<Run> runs = byExperiment.getOrDefault(experiment.id(), List.of());
      assertNumberedFromZero(experiments(), experiment.id(), runs, THREADS * EACH / several.size());
    }
  }

  @Test
  void runNumbersStayUniqueWhileOtherThreadsDeleteRuns() {
    Experiment experiment = experiments().create("churn");

    // Every thread deletes every other run it created as soon as it has it: a store that
    // numbers by counting the runs it holds gives numbers twice.
    List<List<Run>> created = together(THREADS, thread -> {
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        Run run = experiments().createRun(experiment.id());
        runs.add(run);
        if (i % 2 == 1) {
          experiments().deleteRun(run.id());
        }
      }
      return runs;
    });

    assertZeroToCount("the numbers given while runs were deleted",
        flatten(created).stream().map(Run::number).toList(), THREADS * EACH);
    List<Long> kept = new ArrayList<>();
    for (List<Run> runs : created) {
      for (int i = 0; i < runs.size(); i += 2) {
        kept.add(runs.get(i).number());
      }
    }
    kept.sort(Comparator.naturalOrder());
    assertThat(experiments().runs(experiment.id()).map(Run::number)).containsExactlyElementsOf(kept);
    assertThat(experiments().createRun(experiment.id()).number()).isEqualTo(THREADS * EACH);
  }

  // ---- compare-and-set -----------------------------------------------------------------------

  @Test
  void concurrentExperimentUpdatesThatRetryOnConflictLoseNoIncrement() {
    Experiment counter = experiments().create(ExperimentSpec.named("counter").metadata("count", 0L));
    CyclicBarrier read = new CyclicBarrier(THREADS);

    List<List<Long>> won = together(THREADS,
        thread -> incrementExperiment(experiments(), counter.id(), read));

    Experiment last = experiments().get(counter.id());
    assertAllIncrementsLanded(won, last.metadata().get("count"), counter.version(), last.version());
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void experimentUpdatesThroughTwoInstancesThatRetryOnConflictLoseNoIncrement() {
    Labbook other = second();
    Experiment counter = experiments().create(ExperimentSpec.named("counter").metadata("count", 0L));
    CyclicBarrier read = new CyclicBarrier(THREADS);

    List<List<Long>> won = together(THREADS,
        thread -> incrementExperiment(instance(thread, other).experiments(), counter.id(), read));

    Experiment last = other.experiments().get(counter.id());
    assertAllIncrementsLanded(won, last.metadata().get("count"), counter.version(), last.version());
  }

  @Test
  void concurrentRunUpdatesThatRetryOnConflictLoseNoIncrement() {
    Experiment experiment = experiments().create("counting");
    Run counter = experiments().updateRun(experiments().createRun(experiment.id())
        .withResults(Map.of("count", 0L)));
    CyclicBarrier read = new CyclicBarrier(THREADS);

    List<List<Long>> won = together(THREADS, thread -> incrementRun(experiments(), counter.id(), read));

    Run last = experiments().getRun(counter.id());
    assertAllIncrementsLanded(won, last.results().get("count"), counter.version(), last.version());
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void runUpdatesThroughTwoInstancesThatRetryOnConflictLoseNoIncrement() {
    Labbook other = second();
    Experiment experiment = experiments().create("counting");
    Run counter = experiments().updateRun(experiments().createRun(experiment.id())
        .withResults(Map.of("count", 0L)));
    CyclicBarrier read = new CyclicBarrier(THREADS);

    List<List<Long>> won = together(THREADS,
        thread -> incrementRun(instance(thread, other).experiments(), counter.id(), read));

    Run last = other.experiments().getRun(counter.id());
    assertAllIncrementsLanded(won, last.results().get("count"), counter.version(), last.version());
  }

  @Test
  void ofManyUpdatesOfOneExperimentVersionExactlyOneWins() {
    Experiment experiment = experiments().create("contested");
    CyclicBarrier read = new CyclicBarrier(THREADS);

    // Each round every thread reads the experiment, waits until all have read the same version,
    // then writes its own description.
    List<List<Boolean>> outcomes = together(THREADS, thread -> {
      List<Boolean> wins = new ArrayList<>();
      for (int round = 0; round < EACH; round++) {
        Experiment current = experiments().get(experiment.id());
        await(read);
        try {
          Experiment saved = experiments().update(current.withDescription("round " + round + " by " + thread));
          assertThat(saved.version()).isEqualTo(current.version() + 1);
          wins.add(true);
        } catch (ConflictException e) {
          assertThat(e.recordId()).isEqualTo(experiment.id());
          assertThat(e.expectedVersion()).isEqualTo(current.version());
          wins.add(false);
        }
        await(read); // nobody reads the next round's version before this round is decided
      }
      return wins;
    });

    int lastWinner = assertOneWinnerPerRound(outcomes);
    Experiment last = experiments().get(experiment.id());
    assertThat(last.version()).isEqualTo(EACH);
    assertThat(last.description()).isEqualTo("round " + (EACH - 1) + " by " + lastWinner);
  }

  @Test
  void ofManyUpdatesOfOneRunVersionExactlyOneWins() {
    Experiment experiment = experiments().create("contested");
    Run run = experiments().createRun(experiment.id());
    CyclicBarrier read = new CyclicBarrier(THREADS);

    List<List<Boolean>> outcomes = together(THREADS, thread -> {
      List<Boolean> wins = new ArrayList<>();
      for (int round = 0; round < EACH; round++) {
        Run current = experiments().getRun(run.id());
        await(read);
        try {
          Run saved = experiments().updateRun(current.withComment("round " + round + " by " + thread));
          assertThat(saved.version()).isEqualTo(current.version() + 1);
          wins.add(true);
        } catch (ConflictException e) {
          assertThat(e.recordId()).isEqualTo(run.id());
          assertThat(e.expectedVersion()).isEqualTo(current.version());
          wins.add(false);
        }
        await(read);
      }
      return wins;
    });

    int lastWinner = assertOneWinnerPerRound(outcomes);
    Run last = experiments().getRun(run.id());
    assertThat(last.version()).isEqualTo(EACH);
    assertThat(last.comment()).isEqualTo("round " + (EACH - 1) + " by " + lastWinner);
  }

  // ---- metric appends ------------------------------------------------------------------------

  @Test
  void metricBatchesAppendedByManyThreadsAtOnceAllLand() {
    Experiment experiment = experiments().create("appends");
    Run run = experiments().createRun(experiment.id());

    together(THREADS, thread -> {
      appendBatches(experiments(), run.id(), thread);
      return null;
    });

    assertEveryBatchLanded(experiments(), run.id());
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void metricBatchesAppendedThroughTwoInstancesAtOnceAllLand() {
    Labbook other = second();
    Experiment experiment = experiments().create("appends");
    Run run = experiments().createRun(experiment.id());

    together(THREADS, thread -> {
      appendBatches(instance(thread, other).experiments(), run.id(), thread);
      return null;
    });

    assertEveryBatchLanded(experiments(), run.id());
    assertEveryBatchLanded(other.experiments(), run.id());
  }

  // ---- name clashes --------------------------------------------------------------------------

  @Test
  void ofConcurrentPutsOfOneConfigNameWithDifferentContentExactlyOneWins() {
    assertOneConfigWinnerPerName(null);
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void ofPutsOfOneConfigNameThroughTwoInstancesWithDifferentContentExactlyOneWins() {
    assertOneConfigWinnerPerName(second());
  }

  @Test
  void ofConcurrentIdenticalConfigPutsExactlyOneWritesAndNoneFails() {
    CyclicBarrier round = new CyclicBarrier(THREADS);

    List<List<Boolean>> written = together(THREADS, thread -> {
      List<Boolean> wrote = new ArrayList<>();
      for (int r = 0; r < EACH; r++) {
        await(round);
        wrote.add(configs().put(new Optimizer("shared-" + r, 0.5, List.of(r))));
      }
      return wrote;
    });

    assertOneWinnerPerRound(written);
    for (int r = 0; r < EACH; r++) {
      assertThat(configs().get(Optimizer.class, "shared-" + r))
          .isEqualTo(new Optimizer("shared-" + r, 0.5, List.of(r)));
    }
    assertThat(configs().names(Optimizer.class)).hasSize(EACH);
  }

  @Test
  void ofConcurrentCreationsOfOneExperimentNameExactlyOneWins() {
    assertOneExperimentWinnerPerName(null);
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void ofCreationsOfOneExperimentNameThroughTwoInstancesExactlyOneWins() {
    assertOneExperimentWinnerPerName(second());
  }

  // ---- two instances -------------------------------------------------------------------------

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void aSecondInstanceSeesWhatTheFirstWroteAndTheFirstSeesWhatTheSecondWrote() {
    Labbook other = second();
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));
    configs().put(adam);
    Experiment experiment = experiments().create(ExperimentSpec.named("shared").tags("t")
        .metadata("owner", "first"));
    Run run = experiments().createRun(experiment.id(), RunSpec.create().param("lr", 0.01));
    MetricPoint point = MetricPoint.of("loss", 3, 0.25).at(Instant.ofEpochMilli(1_000));
    experiments().log(run.id(), point);

    assertThat(other.configs().get(Optimizer.class, "adam")).isEqualTo(adam);
    assertThat(other.experiments().getByName("shared")).isEqualTo(experiment);
    assertThat(other.experiments().getRun(run.id())).isEqualTo(run);
    assertThat(other.experiments().series(run.id(), "loss")).containsExactly(point);

    Experiment renamed = other.experiments().update(experiment.withName("shared-renamed"));
    Run finished = other.experiments().updateRun(run.withComment("done"));
    other.experiments().log(run.id(), MetricPoint.of("loss", 4, 0.125).at(Instant.ofEpochMilli(2_000)));

    assertThat(experiments().get(experiment.id())).isEqualTo(renamed);
    assertThat(experiments().findByName("shared")).isEmpty();
    assertThat(experiments().getRun(run.id())).isEqualTo(finished);
    assertThat(experiments().series(run.id(), "loss")).hasSize(2);
    // The first instance's copy is stale now: it must lose, not overwrite.
    assertThatThrownBy(() -> experiments().update(experiment.withDescription("stale")))
        .isInstanceOf(ConflictException.class);
    assertThat(other.experiments().get(experiment.id())).isEqualTo(renamed);
  }

  // ---- helpers -------------------------------------------------------------------------------


  /**
   * Runs {@code work} on {@code threads} threads released at the same moment and returns their
   * results in thread order; see {@link Threads#together}.
   */
  private <T> List<T> together(int threads, Threads.Work<T> work) {
    store(); // opened here, not by whichever threads get to it first
    return Threads.together(threads, timeout(), work);
  }

  private static void await(CyclicBarrier barrier) throws Exception {
    Threads.await(barrier, timeout());
  }

  /** Even threads use the store under test, odd ones the other instance. */
  private Labbook instance(int thread, Labbook other) {
    return other == null || thread % 2 == 0 ? store() : other;
  }

  private static <T> List<T> flatten(List<List<T>> lists) {
    return lists.stream().flatMap(List::stream).toList();
  }

  private static List<Long> range(long count) {
    return LongStream.range(0, count).boxed().toList();
  }

  /** The runs created got 0..count-1, once each, and the store lists exactly them so. */
  private static void assertNumberedFromZero(ExperimentStore store, String experimentId,
      List<Run> created, int count) {
    assertZeroToCount("the numbers the creating calls returned",
        created.stream().map(Run::number).toList(), count);
    List<Run> listed = store.runs(experimentId).toList();
    assertZeroToCount("the numbers of the stored runs", listed.stream().map(Run::number).toList(), count);
    assertThat(listed).extracting(Run::number).as("the runs listed by number").isSorted();
    Map<String, Long> numberById = new HashMap<>();
    created.forEach(run -> numberById.put(run.id(), run.number()));
    Map<String, Long> storedById = new HashMap<>();
    listed.forEach(run -> storedById.put(run.id(), run.number()));
    assertThat(storedById).as("each run's stored number is the one it was created with")
        .isEqualTo(numberById);
  }

  /** Names what is wrong with a set of numbers meant to be 0..count-1, each once. */
  private static void assertZeroToCount(String what, List<Long> numbers, int count) {
    Map<Long, Long> times = numbers.stream()
        .collect(Collectors.groupingBy(number -> number, Collectors.counting()));
    assertThat(times.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted())
        .as("%s: numbers given more than once", what).isEmpty();
    assertThat(range(count).stream().filter(number -> !times.containsKey(number)))
        .as("%s: numbers of 0..%d never given", what, count - 1).isEmpty();
    assertThat(times.keySet().stream().filter(number -> number < 0 || number >= count).sorted())
        .as("%s: numbers outside 0..%d", what, count - 1).isEmpty();
  }

  /**
   * Increments metadata {@code count} {@link #EACH} times, retrying on conflict; returns the
   * versions it wrote. Each round starts with every thread reading the same version before any
   * writes, so every round's first writes race: a store that does not compare versions loses
   * increments in the first round already.
   */
  private static List<Long> incrementExperiment(ExperimentStore store, String id, CyclicBarrier read)
      throws Exception {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      Experiment current = store.get(id);
      await(read);
      for (int attempt = 0; ; attempt++) {
        assertThat(attempt).as("conflicts met by one increment").isLessThan(MAX_ATTEMPTS);
        Map<String, Object> metadata = new LinkedHashMap<>(current.metadata());
        metadata.put("count", (Long) metadata.get("count") + 1);
        try {
          Experiment saved = store.update(current.withMetadata(metadata));
          assertThat(saved.version()).isEqualTo(current.version() + 1);
          versions.add(saved.version());
          break;
        } catch (ConflictException e) {
          assertThat(e.expectedVersion()).isEqualTo(current.version());
          current = store.get(id);
        }
      }
      await(read); // nobody reads the next round's version before every increment has landed
    }
    return versions;
  }

  /** Like {@link #incrementExperiment} for results {@code count} of a run. */
  private static List<Long> incrementRun(ExperimentStore store, String id, CyclicBarrier read)
      throws Exception {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      Run current = store.getRun(id);
      await(read);
      for (int attempt = 0; ; attempt++) {
        assertThat(attempt).as("conflicts met by one increment").isLessThan(MAX_ATTEMPTS);
        Map<String, Object> results = new LinkedHashMap<>(current.results());
        results.put("count", (Long) results.get("count") + 1);
        try {
          Run saved = store.updateRun(current.withResults(results));
          assertThat(saved.version()).isEqualTo(current.version() + 1);
          versions.add(saved.version());
          break;
        } catch (ConflictException e) {
          assertThat(e.expectedVersion()).isEqualTo(current.version());
          current = store.getRun(id);
        }
      }
      await(read);
    }
    return versions;
  }

  /**
   * Every increment is in the count, and each version after the first was written by exactly
   * one successful update.
   */
  private static void assertAllIncrementsLanded(List<List<Long>> won, Object count,
      long startVersion, long finalVersion) {
    long total = (long) THREADS * EACH;
    assertThat(count).as("the counter after %d increments", total).isEqualTo(total);
    assertThat(finalVersion).as("the version after %d updates", total).isEqualTo(startVersion + total);
    assertThat(flatten(won).stream().sorted().toList())
        .as("the versions the winning updates wrote, each won once")
        .containsExactlyElementsOf(LongStream.rangeClosed(startVersion + 1, startVersion + total)
            .boxed().toList());
  }

  /** Each round has exactly one true; returns the thread that won the last round. */
  private static int assertOneWinnerPerRound(List<List<Boolean>> outcomes) {
    int lastWinner = -1;
    for (int round = 0; round < EACH; round++) {
      List<Integer> winners = new ArrayList<>();
      for (int thread = 0; thread < outcomes.size(); thread++) {
        if (outcomes.get(thread).get(round)) {
          winners.add(thread);
        }
      }
      assertThat(winners).as("threads that won round %d", round).hasSize(1);
      lastWinner = winners.get(0);
    }
    return lastWinner;
  }

  /**
   * Logs {@link #EACH} batches of four points: two on the key all threads share, two on the
   * thread's own key. Every point has its own step and value, and an explicit time.
   */
  private static void appendBatches(ExperimentStore store, String runId, int thread) {
    for (int i = 0; i < EACH; i++) {
      store.log(runId, List.of(sharedPoint(thread, i, 0), sharedPoint(thread, i, 1),
          ownPoint(thread, i, 0), ownPoint(thread, i, 1)));
    }
  }

  private static MetricPoint sharedPoint(int thread, int batch, int k) {
    long step = (thread * EACH + batch) * 2L + k;
    return new MetricPoint("shared", step, null, step * 0.5, Instant.ofEpochMilli(step));
  }

  private static MetricPoint ownPoint(int thread, int batch, int k) {
    long step = batch * 2L + k;
    return new MetricPoint("thread-" + thread, step, thread + 0.25, step + thread * 1000.0,
        Instant.ofEpochMilli(step));
  }

  private static void assertEveryBatchLanded(ExperimentStore store, String runId) {
    List<MetricPoint> shared = new ArrayList<>();
    for (int thread = 0; thread < THREADS; thread++) {
      List<MetricPoint> own = new ArrayList<>();
      for (int i = 0; i < EACH; i++) {
        shared.add(sharedPoint(thread, i, 0));
        shared.add(sharedPoint(thread, i, 1));
        own.add(ownPoint(thread, i, 0));
        own.add(ownPoint(thread, i, 1));
      }
      assertThat(store.series(runId, "thread-" + thread)).as("series of thread %d", thread)
          .containsExactlyElementsOf(own);
    }
    shared.sort(Comparator.comparingLong(MetricPoint::step));
    assertThat(store.series(runId, "shared")).as("the series every thread appended to")
        .hasSize(shared.size()).containsExactlyElementsOf(shared);
    assertThat(store.latestMetrics(runId)).hasSize(THREADS + 1)
        .containsEntry("shared", shared.get(shared.size() - 1));
  }

  /**
   * Each round all threads put a config of one name, each with its own content: exactly one
   * returns true, the others get DuplicateNameException, and the winner's content is stored.
   */
  private void assertOneConfigWinnerPerName(Labbook other) {
    CyclicBarrier round = new CyclicBarrier(THREADS);

    List<List<Boolean>> outcomes = together(THREADS, thread -> {
      List<Boolean> wins = new ArrayList<>();
      for (int r = 0; r < EACH; r++) {
        await(round);
        try {
          assertThat(instance(thread, other).configs().put(contender(r, thread)))
              .as("a put of new content reports a write").isTrue();
          wins.add(true);
        } catch (DuplicateNameException e) {
          assertThat(e.name()).isEqualTo("contested-" + r);
          assertThat(e.kind()).isEqualTo("optimizer");
          wins.add(false);
        }
      }
      return wins;
    });

    for (int r = 0; r < EACH; r++) {
      int winner = -1;
      for (int thread = 0; thread < THREADS; thread++) {
        if (outcomes.get(thread).get(r)) {
          assertThat(winner).as("a second winner for name contested-%d: thread %d", r, thread)
              .isEqualTo(-1);
          winner = thread;
        }
      }
      assertThat(winner).as("the winner for name contested-%d", r).isNotEqualTo(-1);
      assertThat(configs().get(Optimizer.class, "contested-" + r)).as("stored contested-%d", r)
          .isEqualTo(contender(r, winner));
      if (other != null) {
        assertThat(other.configs().get(Optimizer.class, "contested-" + r)).isEqualTo(contender(r, winner));
      }
    }
    assertThat(configs().names(Optimizer.class)).hasSize(EACH);
  }

  private static Optimizer contender(int round, int thread) {
    return new Optimizer("contested-" + round, thread + 0.5, List.of(thread, round));
  }

  /**
   * Each round all threads create an experiment of one name: exactly one gets it, the others
   * DuplicateNameException, and the name leads to the winner's experiment.
   */
  private void assertOneExperimentWinnerPerName(Labbook other) {
    CyclicBarrier round = new CyclicBarrier(THREADS);

    List<List<Experiment>> outcomes = together(THREADS, thread -> {
      List<Experiment> created = new ArrayList<>();
      for (int r = 0; r < EACH; r++) {
        await(round);
        try {
          created.add(instance(thread, other).experiments().create(
              ExperimentSpec.named("race-" + r).description("by " + thread)));
        } catch (DuplicateNameException e) {
          assertThat(e.name()).isEqualTo("race-" + r);
          created.add(null);
        }
      }
      return created;
    });

    for (int r = 0; r < EACH; r++) {
      List<Experiment> winners = new ArrayList<>();
      for (List<Experiment> created : outcomes) {
        if (created.get(r) != null) {
          winners.add(created.get(r));
        }
      }
      assertThat(winners).as("creations of race-%d that succeeded", r).hasSize(1);
      assertThat(experiments().getByName("race-" + r)).isEqualTo(winners.get(0));
      if (other != null) {
        assertThat(other.experiments().getByName("race-" + r)).isEqualTo(winners.get(0));
      }
    }
    assertThat(experiments().list()).hasSize(EACH);
  }
}
