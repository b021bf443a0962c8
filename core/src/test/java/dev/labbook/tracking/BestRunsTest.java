package dev.labbook.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.spi.StoreSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** docktuna's best params and latest study, on an experiment's declared objective. */
class BestRunsTest {
  private final TrackerTest.MovableClock clock =
      new TrackerTest.MovableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Labbook lab = Labbook.builder().settings(StoreSettings.of("mem:", Map.of()))
      .clock(clock).open();
  private final Tracker tracker = lab.tracker();

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void theBestCompletedRunByTheDeclaredObjectiveGivesTheBestParams() {
    Experiment study = lab.experiments().create(ExperimentSpec.named("study")
        .objective(Objective.minimize("results.loss")));
    finished(study, 0.01, RunStatus.COMPLETED, Map.of("loss", 0.30));
    finished(study, 0.10, RunStatus.COMPLETED, Map.of("loss", 0.20));
    finished(study, 0.50, RunStatus.FAILED, Map.of("loss", 0.01));       // not completed
    finished(study, 0.90, RunStatus.COMPLETED, Map.of("loss", Double.NaN)); // not a value
    finished(study, 0.70, RunStatus.COMPLETED, Map.of("loss", "n/a"));      // not a number
    finished(study, 0.20, RunStatus.COMPLETED, Map.of());                   // no value

    assertThat(Objective.of(lab.experiments().get(study.id())))
        .contains(Objective.minimize("results.loss"));
    assertThat(tracker.bestParams(study.id())).isEqualTo(Map.of("lr", 0.10));
    assertThat(tracker.bestRun(study.id(), Objective.maximize("results.loss")))
        .map(run -> run.params().get("lr")).contains(0.01);
  }

  @Test
  void withoutACompletedRunTheBestParamsAreEmpty() {
    Experiment study = lab.experiments().create(ExperimentSpec.named("study")
        .objective(Objective.maximize("metrics.accuracy")));
    lab.experiments().createRun(study.id(), RunSpec.create().param("lr", 0.1));
    assertThat(tracker.bestParams(study.id())).isEmpty();
    assertThat(tracker.bestRun(study.id())).isEmpty();
  }

  @Test
  void theLatestExperimentIsTheOneWhoseLastCompletedRunEndedLast() {
    assertThat(tracker.latestExperiment()).isEmpty();
    Experiment older = lab.experiments().create("older");
    Experiment newer = lab.experiments().create("newer");
    Run early = finished(newer, 0.1, RunStatus.COMPLETED, Map.of());
    clock.advance(Duration.ofMinutes(1));
    finished(older, 0.1, RunStatus.COMPLETED, Map.of());
    clock.advance(Duration.ofMinutes(1));
    finished(newer, 0.1, RunStatus.FAILED, Map.of()); // failed runs do not count
    assertThat(tracker.latestExperiment()).map(Experiment::name).contains("older");
    assertThat(early.experimentId()).isEqualTo(newer.id());
  }

  @Test
  void anObjectiveOutsideTheRunDocumentsOrAMissingOneIsRefusedNamingIt() {
    assertThatThrownBy(() -> Objective.minimize("number"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'number'");
    assertThatThrownBy(() -> Objective.minimize("metrics.a.b"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("metrics.a.b");
    Experiment plain = lab.experiments().create("plain");
    assertThatThrownBy(() -> tracker.bestParams(plain.id()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("plain")
        .hasMessageContaining("objective");
    Experiment odd = lab.experiments().create(ExperimentSpec.named("odd").metadata("objective", "fast"));
    assertThatThrownBy(() -> Objective.of(odd))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("odd").hasMessageContaining("fast");
  }

  private Run finished(Experiment experiment, double lr, RunStatus status, Map<String, ?> results) {
    RunHandle run = tracker.newRun(experiment.id(), RunSpec.create().param("lr", lr)).start();
    run.addResults(results).stop(status);
    return run.get();
  }
}
