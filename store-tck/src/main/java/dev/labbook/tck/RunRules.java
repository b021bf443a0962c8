package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConflictException;
import dev.labbook.Experiment;
import dev.labbook.InvalidInputException;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.query.Direction;
import dev.labbook.query.Filter;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs: numbered 0, 1, 2… per experiment by the store and never renumbered, created from a spec
 * with the times their status implies, listed and paged by experiment or across experiments,
 * changed by compare-and-set updates that cannot move them, and deleted with their metrics;
 * creating and deleting runs leaves their experiment (and its version) as it was.
 */
abstract class RunRules extends Rules {
  /** A time with nanoseconds, so that rules see whether the store keeps milliseconds only. */
  private static final Instant START = Instant.parse("2024-03-01T10:15:30.123456789Z");

  RunRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void runsAreNumberedFromZeroInCreationOrder() {
    String experiment = experiments().create("sweep").id();

    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      numbers.add(experiments().createRun(experiment).number());
    }

    assertThat(numbers).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void runNumbersAreNotReusedAfterADelete() {
    String experiment = experiments().create("sweep").id();
    Run zero = experiments().createRun(experiment);
    Run one = experiments().createRun(experiment);
    Run two = experiments().createRun(experiment);

    experiments().deleteRun(two.id());
    assertThat(experiments().createRun(experiment).number()).isEqualTo(3);
    experiments().deleteRun(one.id());
    assertThat(experiments().createRun(experiment).number()).isEqualTo(4);
    experiments().deleteRun(zero.id());

    List<Run> left;
    try (Stream<Run> runs = experiments().runs(experiment)) {
      left = runs.toList();
    }
    left.forEach(run -> experiments().deleteRun(run.id()));
    assertThat(experiments().createRun(experiment).number()).isEqualTo(5);
  }

  @Test
  void runNumbersAreIndependentPerExperiment() {
    String first = experiments().create("first").id();
    String second = experiments().create("second").id();

    List<Long> firstNumbers = new ArrayList<>();
    List<Long> secondNumbers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      firstNumbers.add(experiments().createRun(first).number());
      secondNumbers.add(experiments().createRun(second).number());
    }
    firstNumbers.add(experiments().createRun(first).number());

    assertThat(firstNumbers).containsExactly(0L, 1L, 2L, 3L);
    assertThat(secondNumbers).containsExactly(0L, 1L, 2L);
    assertThat(experiments().runs(second).map(Run::experimentId).toList()).containsOnly(second);
  }

  @Test
  void creatingARunForAnUnknownExperimentFailsAndCreatesNothing() {
    String unknown = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().createRun(unknown, RunSpec.create().param("lr", 0.1)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);

    try (Stream<Run> all = experiments().runs(Query.all())) {
      assertThat(all.toList()).isEmpty();
    }
  }

  @Test
  void aNewRunIsQueuedAtVersionZeroWithEmptyDocuments() {
    String experiment = experiments().create("sweep").id();

    Run run = experiments().createRun(experiment);

    assertThat(run.id()).isNotBlank().isNotEqualTo(experiment);
    assertThat(run.experimentId()).isEqualTo(experiment);
    assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
    assertThat(run.version()).isZero();
    assertThat(run.tags()).isEmpty();
    assertThat(run.comment()).isNull();
    assertThat(List.of(run.params(), run.args(), run.env(), run.extras(), run.results()))
        .allSatisfy(document -> assertThat(document).isEmpty());
    assertThat(run.updated()).isEqualTo(run.created());
    assertThat(run.started()).isNull();
    assertThat(run.ended()).isNull();
    assertThat(run.heartbeat()).isNull();
    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  @Test
  void aRunSpecRoundTripsParamsTagsCommentAndStatus() {
    String experiment = experiments().create("sweep").id();
    Map<String, Object> params = Map.of("lr", 0.01, "epochs", 30L, "layers", List.of(64L, 32L),
        "optimizer", Map.of("name", "adam", "beta", 0.9), "warmup", true);

    Run run = experiments().createRun(experiment, RunSpec.create().params(params)
        .param("lr", 0.02).param("seed", 7L).tags("lr", "baseline")
        .comment("first try").status(RunStatus.RUNNING));

    assertThat(run.params()).isEqualTo(Map.of("lr", 0.02, "epochs", 30L,
        "layers", List.of(64L, 32L), "optimizer", Map.of("name", "adam", "beta", 0.9),
        "warmup", true, "seed", 7L));
    assertThat(run.tags()).containsExactly("baseline", "lr");
    assertThat(run.comment()).isEqualTo("first try");
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  @Test
  void aRunIsStartedOrEndedAtCreationAsItsStatusSays() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    String experiment = experiments().create("sweep").id();
    Instant now = clock.nowInMillis();

    for (RunStatus status : RunStatus.values()) {
      Run run = experiments().getRun(
          experiments().createRun(experiment, RunSpec.create().status(status)).id());

      assertThat(run.created()).as("created of a %s run", status).isEqualTo(now);
      assertThat(run.started()).as("started of a %s run", status)
          .isEqualTo(status == RunStatus.RUNNING ? now : null);
      assertThat(run.ended()).as("ended of a %s run", status)
          .isEqualTo(status.isTerminal() ? now : null);
    }
  }

  @Test
  void theRunsOfAnExperimentComeByNumberOverSeveralPages() {
    String experiment = experiments().create("big").id();
    String other = experiments().create("other").id();
    // More than the 256 records core fetches per round trip while streaming; another
    // experiment's runs in between must not show up.
    for (int i = 0; i < 300; i++) {
      experiments().createRun(experiment);
      if (i % 100 == 0) {
        experiments().createRun(other);
      }
    }

    try (Stream<Run> runs = experiments().runs(experiment)) {
      List<Run> listed = runs.toList();
      assertThat(listed).extracting(Run::number)
          .containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
      assertThat(listed).extracting(Run::experimentId).containsOnly(experiment);
    }
    try (Stream<Run> runs = experiments().runs(other)) {
      assertThat(runs.map(Run::number)).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void runsCanBeQueriedAcrossExperiments() {
    String first = experiments().create("first").id();
    String second = experiments().create("second").id();
    Run a = experiments().createRun(first, RunSpec.create().status(RunStatus.RUNNING));
    Run b = experiments().createRun(second);
    Run c = experiments().createRun(second, RunSpec.create().status(RunStatus.RUNNING));
    Run d = experiments().createRun(first);

    try (Stream<Run> all = experiments().runs(Query.all())) {
      assertThat(all.map(Run::id)).containsExactly(a.id(), b.id(), c.id(), d.id());
    }
    try (Stream<Run> running = experiments().runs(Query.where(Filter.eq("status", "RUNNING")))) {
      assertThat(running.map(Run::id)).containsExactly(a.id(), c.id());
    }
    try (Stream<Run> ofSecond = experiments().runs(second, Query.all())) {
      assertThat(ofSecond.map(Run::id)).containsExactly(b.id(), c.id());
    }
  }

  @Test
  void pagingTheRunsOfAnExperimentWithCursorsGivesEachExactlyOnce() {
    String experiment = experiments().create("sweep").id();
    String other = experiments().create("other").id();
    for (int i = 0; i < 20; i++) {
      experiments().createRun(experiment);
      experiments().createRun(other);
    }

    Query query = Query.all().orderBy("number", Direction.DESC).limit(6);
    List<Integer> sizes = new ArrayList<>();
    List<Run> seen = new ArrayList<>();
    Page<Run> page = experiments().runPage(experiment, query);
    while (true) {
      sizes.add(page.items().size());
      seen.addAll(page.items());
      if (page.next().isEmpty() || sizes.size() > 100) {
        break;
      }
      // Through the token, as a client that hands cursors out would.
      page = experiments().runPage(experiment, query.after(page.next().orElseThrow().token()));
    }

    assertThat(sizes).containsExactly(6, 6, 6, 2);
    assertThat(seen).extracting(Run::number)
        .containsExactlyElementsOf(LongStream.range(0, 20).map(n -> 19 - n).boxed().toList());
    assertThat(seen).extracting(Run::experimentId).containsOnly(experiment);
  }

  @Test
  void updatingARunStoresEveryFieldAndBumpsTheVersion() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    String experiment = experiments().create("sweep").id();
    Run created = experiments().createRun(experiment, RunSpec.create().param("lr", 0.1));
    clock.advance(Duration.ofMinutes(1));
    Instant started = START.plusSeconds(10).truncatedTo(ChronoUnit.MILLIS);
    Instant ended = START.plusSeconds(50).truncatedTo(ChronoUnit.MILLIS);
    Instant heartbeat = START.plusSeconds(45).truncatedTo(ChronoUnit.MILLIS);

    Run changed = created.withStatus(RunStatus.COMPLETED).withTags(Set.of("best", "final"))
        .withComment("converged").withParams(Map.of("lr", 0.05, "epochs", 3L))
        .withArgs(Map.of("argv", List.of("--fast", "--seed=1")))
        .withEnv(Map.of("CUDA_VISIBLE_DEVICES", "0,1"))
        .withExtras(Map.of("git", Map.of("commit", "abc123", "dirty", false)))
        .withResults(Map.of("accuracy", 0.93, "loss", 0.125))
        .withStarted(started).withEnded(ended).withHeartbeat(heartbeat);
    Run updated = experiments().updateRun(changed);

    assertThat(updated).isEqualTo(new Run(created.id(), experiment, 0, RunStatus.COMPLETED,
        Set.of("best", "final"), "converged", changed.params(), changed.args(), changed.env(),
        changed.extras(), changed.results(), created.created(), started, clock.nowInMillis(),
        ended, heartbeat, 1));
    assertThat(experiments().getRun(created.id())).isEqualTo(updated);

    clock.advance(Duration.ofMinutes(1));
    Run cleared = experiments().updateRun(updated.withComment(null).withTags(Set.of())
        .withResults(Map.of()).withEnded(null).withHeartbeat(null).withStatus(RunStatus.RUNNING));
    assertThat(cleared.version()).isEqualTo(2);
    assertThat(cleared.updated()).isEqualTo(clock.nowInMillis());
    Run reread = experiments().getRun(created.id());
    assertThat(reread).isEqualTo(cleared);
    assertThat(reread.comment()).isNull();
    assertThat(reread.tags()).isEmpty();
    assertThat(reread.results()).isEmpty();
    assertThat(reread.ended()).isNull();
    assertThat(reread.heartbeat()).isNull();
    assertThat(reread.started()).isEqualTo(started);
  }

  @Test
  void updatingARunFromAStaleVersionFailsWithConflictAndChangesNothing() {
    String experiment = experiments().create("sweep").id();
    Run read = experiments().createRun(experiment);
    Run current = experiments().updateRun(read.withComment("first"));

    assertThatThrownBy(() -> experiments().updateRun(read.withComment("second")
        .withStatus(RunStatus.FAILED)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(read.id())
        .isInstanceOfSatisfying(ConflictException.class,
            e -> assertThat(e.recordId()).isEqualTo(read.id()));

    assertThat(experiments().getRun(read.id())).isEqualTo(current);
  }

  @Test
  @CheckedByCore
  void aRunCannotBeMovedToAnotherExperiment() {
    String home = experiments().create("home").id();
    String elsewhere = experiments().create("elsewhere").id();
    Run run = experiments().createRun(home);

    assertThatThrownBy(() -> experiments().updateRun(rebuilt(run, elsewhere, run.number(), run.created())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(run.id());

    assertThat(experiments().getRun(run.id())).isEqualTo(run);
    assertThat(experiments().runs(elsewhere).toList()).isEmpty();
  }

  @Test
  @CheckedByCore
  void aRunCannotChangeItsNumber() {
    String experiment = experiments().create("sweep").id();
    Run run = experiments().createRun(experiment);

    assertThatThrownBy(() -> experiments().updateRun(rebuilt(run, experiment, 7, run.created())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(run.id());

    assertThat(experiments().getRun(run.id())).isEqualTo(run);
    assertThat(experiments().createRun(experiment).number()).isEqualTo(1);
  }

  @Test
  @CheckedByCore
  void aRunCannotChangeItsCreatedTime() {
    String experiment = experiments().create("sweep").id();
    Run run = experiments().createRun(experiment);

    assertThatThrownBy(() -> experiments().updateRun(
        rebuilt(run, experiment, run.number(), run.created().minusSeconds(3600))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(run.id());

    assertThat(experiments().getRun(run.id())).isEqualTo(run);
  }

  @Test
  void deletingARunRemovesItAndItsMetrics() {
    String experiment = experiments().create("sweep").id();
    Run doomed = experiments().createRun(experiment);
    Run kept = experiments().createRun(experiment);
    for (Run run : List.of(doomed, kept)) {
      experiments().log(run.id(), MetricPoint.of("loss", 0, 0.5), MetricPoint.of("loss", 1, 0.25));
    }

    experiments().deleteRun(doomed.id());

    assertThat(experiments().findRun(doomed.id())).isEmpty();
    assertThatThrownBy(() -> experiments().series(doomed.id(), "loss"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(doomed.id());
    assertThatThrownBy(() -> experiments().latestMetrics(doomed.id()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(doomed.id());
    try (Stream<Run> runs = experiments().runs(experiment)) {
      assertThat(runs.map(Run::id)).containsExactly(kept.id());
    }
    assertThat(experiments().getRun(kept.id())).isEqualTo(kept);
    assertThat(experiments().series(kept.id(), "loss")).extracting(MetricPoint::value)
        .containsExactly(0.5, 0.25);
  }

  @Test
  void deletingAnUnknownRunFailsWithNotFoundAndChangesNothing() {
    String experiment = experiments().create("sweep").id();
    Run kept = experiments().createRun(experiment);
    experiments().log(kept.id(), MetricPoint.of("loss", 0, 0.5));
    String unknown = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().deleteRun(unknown))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);

    assertThat(experiments().getRun(kept.id())).isEqualTo(kept);
    assertThat(experiments().runs(experiment).toList()).containsExactly(kept);
    assertThat(experiments().series(kept.id(), "loss")).extracting(MetricPoint::value).containsExactly(0.5);
  }

  @Test
  void deletingARunTwiceFailsTheSecondTime() {
    String experiment = experiments().create("sweep").id();
    Run doomed = experiments().createRun(experiment);
    Run kept = experiments().createRun(experiment);
    experiments().deleteRun(doomed.id());

    assertThatThrownBy(() -> experiments().deleteRun(doomed.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(doomed.id());

    assertThat(experiments().runs(experiment).toList()).containsExactly(kept);
  }

  @Test
  void creatingAndDeletingRunsLeavesTheExperimentAndItsVersionUnchanged() {
    Experiment read = experiments().create("sweep");
    Run first = experiments().createRun(read.id());
    experiments().createRun(read.id(), RunSpec.create().status(RunStatus.RUNNING));
    experiments().deleteRun(first.id());

    assertThat(experiments().get(read.id())).isEqualTo(read);
    // So an update based on the experiment as read before the runs were made does not conflict.
    Experiment updated = experiments().update(read.withDescription("runs were made meanwhile"));
    assertThat(updated.version()).isEqualTo(1);
    assertThat(experiments().get(read.id())).isEqualTo(updated);
  }

  @Test
  void updatingADeletedRunFailsWithNotFound() {
    String experiment = experiments().create("sweep").id();
    Run doomed = experiments().createRun(experiment);
    experiments().deleteRun(doomed.id());

    assertThatThrownBy(() -> experiments().updateRun(doomed.withComment("too late")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(doomed.id());

    assertThat(experiments().findRun(doomed.id())).isEmpty();
  }

  @Test
  void everyRunStatusRoundTrips() {
    String experiment = experiments().create("sweep").id();
    Run moving = experiments().createRun(experiment);

    for (RunStatus status : RunStatus.values()) {
      Run created = experiments().createRun(experiment, RunSpec.create().status(status));
      assertThat(experiments().getRun(created.id()).status()).isEqualTo(status);

      moving = experiments().updateRun(moving.withStatus(status));
      assertThat(experiments().getRun(moving.id()).status()).isEqualTo(status);
    }
  }

  @Test
  void runTimesAreTruncatedToMilliseconds() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    String experiment = experiments().create("sweep").id();
    Instant millis = Instant.parse("2024-03-01T10:15:30.123Z");

    Run created = experiments().createRun(experiment, RunSpec.create().status(RunStatus.RUNNING));
    assertThat(List.of(created.created(), created.updated(), created.started())).containsOnly(millis);
    assertThat(experiments().getRun(created.id())).isEqualTo(created);

    clock.advance(Duration.ofNanos(1_000_999));
    Run updated = experiments().updateRun(created.withStatus(RunStatus.COMPLETED)
        .withStarted(Instant.parse("2024-03-01T10:00:00.000999999Z"))
        .withEnded(Instant.parse("2024-03-01T11:00:00.555555555Z"))
        .withHeartbeat(Instant.parse("2024-03-01T10:59:59.999999999Z")));

    assertThat(updated.updated()).isEqualTo(Instant.parse("2024-03-01T10:15:30.124Z"));
    assertThat(updated.started()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(updated.ended()).isEqualTo(Instant.parse("2024-03-01T11:00:00.555Z"));
    assertThat(updated.heartbeat()).isEqualTo(Instant.parse("2024-03-01T10:59:59.999Z"));
    assertThat(experiments().getRun(created.id())).isEqualTo(updated);
  }

  @Test
  void gettingAnUnknownRunFailsWithNotFoundNamingIt() {
    experiments().createRun(experiments().create("sweep").id());
    String unknown = UUID.randomUUID().toString();

    assertThat(experiments().findRun(unknown)).isEmpty();
    assertThatThrownBy(() -> experiments().getRun(unknown))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(unknown);
  }

  @Test
  @CheckedByCore
  void listingTheRunsOfAnUnknownExperimentFailsWithNotFound() {
    Experiment known = experiments().create("sweep");
    experiments().createRun(known.id());
    String unknown = UUID.randomUUID().toString();

    assertThatThrownBy(() -> experiments().runs(unknown).toList())
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
    assertThatThrownBy(() -> experiments().runs(unknown, Query.all()).toList())
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
    assertThatThrownBy(() -> experiments().runPage(unknown, Query.all()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining(unknown);
  }

  /** The run with another experiment, number or created time, as a careless caller builds it. */
  private static Run rebuilt(Run r, String experimentId, long number, Instant created) {
    return new Run(r.id(), experimentId, number, RunStatus.RUNNING, r.tags(), "moved", r.params(),
        r.args(), r.env(), r.extras(), r.results(), created, r.started(), r.updated(), r.ended(),
        r.heartbeat(), r.version());
  }
}
