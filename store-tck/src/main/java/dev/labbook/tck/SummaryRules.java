package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentSummary;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Experiment summaries (Optuna's and docktuna's study summaries): run counts by status, the best
 * value of the declared objective, first and last activity, for every experiment in one call.
 */
abstract class SummaryRules extends Rules {
  private static final Instant START = Instant.parse("2026-04-01T08:00:00Z");

  SummaryRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void aSummaryCountsRunsByStatusAndGivesTheBestCompletedValueAndTheFirstAndLastActivity() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Experiment sweep = experiments().create(ExperimentSpec.named("sweep")
        .objective(Objective.minimize("metrics.loss")));
    // Completed runs with a loss: the latest point counts, not the lowest ever logged.
    Run a = finished(sweep, RunStatus.COMPLETED, clock);
    experiments().log(a.id(), MetricPoint.of("loss", 0, 0.10), MetricPoint.of("loss", 1, 0.40));
    Run b = finished(sweep, RunStatus.COMPLETED, clock);
    experiments().log(b.id(), MetricPoint.of("loss", 0, 0.90), MetricPoint.of("loss", 1, 0.25));
    // Better values that must not count: a failed run, a running one, NaN.
    Run failed = finished(sweep, RunStatus.FAILED, clock);
    experiments().log(failed.id(), MetricPoint.of("loss", 0, 0.01));
    Run running = experiments().createRun(sweep.id(), RunSpec.create().status(RunStatus.RUNNING));
    experiments().log(running.id(), MetricPoint.of("loss", 0, 0.02));
    Run nan = finished(sweep, RunStatus.COMPLETED, clock);
    experiments().log(nan.id(), MetricPoint.of("loss", 0, Double.NaN));
    finished(sweep, RunStatus.PRUNED, clock);
    clock.advance(Duration.ofMinutes(5));
    Run last = experiments().updateRun(experiments().getRun(running.id()).withComment("still going"));

    ExperimentSummary summary = only(experiments().summaries());

    assertThat(summary.experiment()).isEqualTo(experiments().get(sweep.id()));
    assertThat(summary.name()).isEqualTo("sweep");
    assertThat(summary.runCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        RunStatus.QUEUED, 0L, RunStatus.RUNNING, 1L, RunStatus.COMPLETED, 3L,
        RunStatus.FAILED, 1L, RunStatus.CANCELLED, 0L, RunStatus.PRUNED, 1L));
    assertThat(summary.runCount()).isEqualTo(6);
    assertThat(summary.objective()).contains(Objective.minimize("metrics.loss"));
    assertThat(summary.best()).hasValue(0.25);
    assertThat(summary.firstActivity()).contains(a.created());
    assertThat(summary.lastActivity()).contains(last.updated());
  }

  @Test
  void summariesComeInCreationOrderAndAnExperimentWithoutRunsOrObjectiveHasEmptyParts() {
    Experiment withRuns = experiments().create(ExperimentSpec.named("b-with-runs")
        .objective(Objective.maximize("results.accuracy")));
    Experiment empty = experiments().create(ExperimentSpec.named("a-empty")
        .objective(Objective.maximize("results.accuracy")));
    Experiment plain = experiments().create("c-plain");
    Run run = experiments().createRun(withRuns.id());
    experiments().updateRun(run.withStatus(RunStatus.COMPLETED).withResults(Map.of("accuracy", 0.75)));
    Run other = experiments().createRun(plain.id());
    experiments().updateRun(other.withStatus(RunStatus.COMPLETED).withResults(Map.of("accuracy", 0.5)));

    List<ExperimentSummary> summaries = experiments().summaries();

    assertThat(summaries).extracting(ExperimentSummary::name)
        .containsExactly("b-with-runs", "a-empty", "c-plain");
    assertThat(summaries.get(0).best()).hasValue(0.75);
    ExperimentSummary none = summaries.get(1);
    assertThat(none.runCount()).isZero();
    assertThat(none.runCounts()).hasSize(RunStatus.values().length).allSatisfy((status, n) -> assertThat(n).isZero());
    assertThat(none.objective()).isPresent();
    assertThat(none.best()).isEmpty();
    assertThat(none.firstActivity()).isEmpty();
    assertThat(none.lastActivity()).isEmpty();
    assertThat(summaries.get(2).objective()).isEmpty();
    assertThat(summaries.get(2).best()).isEmpty();
    assertThat(summaries.get(2).runCount(RunStatus.COMPLETED)).isEqualTo(1);
    assertThat(empty.id()).isEqualTo(none.experiment().id());
  }

  @Test
  void deletedRunsAndExperimentsLeaveTheSummaries() {
    Experiment kept = experiments().create(ExperimentSpec.named("kept").objective(Objective.maximize("params.x")));
    Experiment gone = experiments().create("gone");
    Run best = experiments().createRun(kept.id(), RunSpec.create().param("x", 9).status(RunStatus.COMPLETED));
    experiments().createRun(kept.id(), RunSpec.create().param("x", 3).status(RunStatus.COMPLETED));
    experiments().createRun(gone.id());

    experiments().deleteRun(best.id());
    experiments().delete(gone.id());

    ExperimentSummary summary = only(experiments().summaries());
    assertThat(summary.name()).isEqualTo("kept");
    assertThat(summary.runCount()).isEqualTo(1);
    assertThat(summary.best()).hasValue(3.0);
  }

  @Test
  void anExperimentWhoseObjectiveMetadataIsNotAnObjectiveIsSummarizedWithoutOne() {
    Experiment odd = experiments().create(ExperimentSpec.named("odd").metadata(Objective.METADATA_KEY, "loss"));
    experiments().createRun(odd.id(), RunSpec.create().status(RunStatus.COMPLETED));

    ExperimentSummary summary = only(experiments().summaries());

    assertThat(summary.objective()).isEmpty();
    assertThat(summary.best()).isEmpty();
    assertThat(summary.runCount(RunStatus.COMPLETED)).isEqualTo(1);
  }

  /**
   * Many experiments with objectives on metrics, results and params, mixed number types, ties,
   * values that are not numbers, ±Infinity, NaN and every status: the summaries equal the
   * reference store's, and each best value is the value of the run {@code bestRun} finds.
   */
  @Test
  void summariesEqualTheReferenceStoresAndEachBestIsTheBestRunsValue() {
    ManualClock clock = new ManualClock(START);
    useClock(clock);
    Labbook reference = reference();
    fill(store(), new Random(20261123), clock);
    ManualClock referenceClock = new ManualClock(START);
    useClock(referenceClock);
    fill(reference, new Random(20261123), referenceClock);

    List<ExperimentSummary> actual = experiments().summaries();
    List<ExperimentSummary> expected = reference.experiments().summaries();

    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < actual.size(); i++) {
      ExperimentSummary a = actual.get(i);
      ExperimentSummary e = expected.get(i);
      assertThat(a.name()).isEqualTo(e.name());
      assertThat(a.runCounts()).as(a.name()).isEqualTo(e.runCounts());
      assertThat(a.objective()).as(a.name()).isEqualTo(e.objective());
      assertThat(a.best()).as(a.name()).isEqualTo(e.best());
      assertThat(a.firstActivity()).as(a.name()).isEqualTo(e.firstActivity());
      assertThat(a.lastActivity()).as(a.name()).isEqualTo(e.lastActivity());
      OptionalDouble fromBestRun = a.objective().flatMap(o -> store().tracker().bestRun(a.experiment().id(), o))
          .map(run -> valueOf(run, a.objective().get())).orElse(OptionalDouble.empty());
      assertThat(a.best()).as(a.name()).isEqualTo(fromBestRun);
    }
    assertThat(actual.stream().filter(s -> s.best().isPresent()).count()).isGreaterThan(5);
  }

  private static void fill(Labbook lab, Random random, ManualClock clock) {
    List<Objective> objectives = List.of(Objective.minimize("metrics.loss"), Objective.maximize("metrics.loss"),
        Objective.maximize("results.score"), Objective.minimize("results.score"),
        Objective.minimize("params.lr"), Objective.maximize("params.nested.depth"));
    Object[] odd = {"text", true, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Map.of("a", 1), List.of(1, 2), null};
    RunStatus[] statuses = RunStatus.values();
    for (int e = 0; e < 16; e++) {
      ExperimentSpec spec = ExperimentSpec.named("exp-" + e);
      if (e % 4 != 3) {
        spec = spec.objective(objectives.get(e % objectives.size()));
      }
      Experiment experiment = lab.experiments().create(spec);
      int runs = e == 5 ? 0 : 1 + random.nextInt(9);
      for (int r = 0; r < runs; r++) {
        clock.advance(Duration.ofSeconds(1 + random.nextInt(30)));
        Object value = random.nextInt(6) == 0 ? odd[random.nextInt(odd.length)]
            : random.nextBoolean() ? (Object) (long) random.nextInt(5) : (Object) (random.nextInt(40) / 8.0);
        RunSpec runSpec = RunSpec.create().status(
            random.nextBoolean() ? RunStatus.COMPLETED : statuses[random.nextInt(statuses.length)]);
        java.util.HashMap<String, Object> params = new java.util.HashMap<>();
        params.put("lr", value);
        params.put("nested", value == null ? Map.of() : Map.of("depth", value));
        Run run = lab.experiments().createRun(experiment.id(), runSpec.params(params));
        if (value instanceof Number n && random.nextBoolean()) {
          lab.experiments().log(run.id(), MetricPoint.of("loss", 0, random.nextDouble()),
              MetricPoint.of("loss", 1 + random.nextInt(3), n.doubleValue()));
        }
        if (random.nextBoolean()) {
          clock.advance(Duration.ofSeconds(random.nextInt(5)));
          java.util.HashMap<String, Object> results = new java.util.HashMap<>();
          results.put("score", value);
          lab.experiments().updateRun(lab.experiments().getRun(run.id()).withResults(results));
        }
      }
    }
  }

  private OptionalDouble valueOf(Run run, Objective objective) {
    Object value = switch (objective.field().substring(0, objective.field().indexOf('.'))) {
      case "metrics" -> Optional.ofNullable(experiments().latestMetrics(run.id())
          .get(objective.field().substring("metrics.".length()))).map(MetricPoint::value).orElse(null);
      case "results" -> run.results().get(objective.field().substring("results.".length()));
      default -> objective.field().equals("params.lr") ? run.params().get("lr")
          : run.params().get("nested") instanceof Map<?, ?> nested ? nested.get("depth") : null;
    };
    return value instanceof Number n ? OptionalDouble.of(n.doubleValue()) : OptionalDouble.empty();
  }

  private Run finished(Experiment experiment, RunStatus status, ManualClock clock) {
    clock.advance(Duration.ofSeconds(10));
    Run run = experiments().createRun(experiment.id());
    return experiments().updateRun(run.withStatus(status));
  }

  private static ExperimentSummary only(List<ExperimentSummary> summaries) {
    assertThat(summaries).hasSize(1);
    return new ArrayList<>(summaries).get(0);
  }
}
