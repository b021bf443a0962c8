package dev.labbook.store.sql;

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
import dev.labbook.spi.TransientStoreException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What the SQL store adds to the TCK's summaries and units-of-work rules: summaries cost the
 * same statements however many experiments there are, and a unit of work holds one connection
 * and runs again as a whole after a transient failure.
 */
class SummariesAndUnitsTest {

  @Test
  void summariesTakeTheSameRoundTripsForTenOrAHundredExperiments() {
    try (Labbook lab = TestDatabase.open(TestPostgres.freshSchema("summaries", Map.of()))) {
      fill(lab, 0, 10);
      long ten = steadyRoundTrips(lab);
      fill(lab, 10, 100);
      long hundred = steadyRoundTrips(lab);
      List<ExperimentSummary>[] summaries = new List[1];
      summaries[0] = lab.experiments().summaries();

      System.out.printf("summaries: %d round trips for 10 experiments, %d for 100 (x 3 runs)%n", ten, hundred);
      assertThat(hundred).isEqualTo(ten).isLessThanOrEqualTo(12);
      assertThat(summaries[0]).hasSize(100).allSatisfy(s -> {
        assertThat(s.runCount()).isEqualTo(3);
        assertThat(s.runCount(RunStatus.COMPLETED)).isEqualTo(2);
        assertThat(s.best()).hasValue(s.objective().orElseThrow().goal() == Objective.Goal.MINIMIZE ? 0.5 : 2.0);
      });
    }
  }

  /**
   * The round trips of one summaries call once the driver has settled: it prepares a statement
   * on the server only from its fifth use (prepareThreshold), which changes the count once, and
   * the window query's text differs with the number of experiments.
   */
  private static long steadyRoundTrips(Labbook lab) {
    for (int i = 0; i < 6; i++) {
      lab.experiments().summaries();
    }
    return Wire.roundTrips(Wire.capture(() -> lab.experiments().summaries()));
  }

  /** Experiments [from, to), half minimizing the latest loss, half maximizing a result. */
  private static void fill(Labbook lab, int from, int to) {
    for (int e = from; e < to; e++) {
      Objective objective = e % 2 == 0 ? Objective.minimize("metrics.loss") : Objective.maximize("results.score");
      Experiment experiment = lab.experiments().create(ExperimentSpec.named("e" + e).objective(objective));
      for (int r = 0; r < 3; r++) {
        Run run = lab.experiments().createRun(experiment.id(), RunSpec.create()
            .status(r < 2 ? RunStatus.COMPLETED : RunStatus.RUNNING));
        lab.experiments().log(run.id(), MetricPoint.of("loss", 0, r == 2 ? 0.1 : 0.5 + r));
        lab.experiments().updateRun(lab.experiments().getRun(run.id()).withResults(Map.of("score", r == 2 ? 9 : 1 + r)));
      }
    }
  }

  @Test
  void aUnitOfWorkWithNestedUnitsHoldsOneConnection() {
    // With one pooled connection, an operation that took a second one would wait for it and
    // fail after the connect timeout instead of finishing.
    try (Labbook lab = TestDatabase.open(TestPostgres.freshSchema("units",
        Map.of("pool.size", "1", "connect.timeout", "2")))) {
      int runs = lab.unitOfWork(() -> {
        Experiment experiment = lab.experiments().create("one-connection");
        lab.unitOfWork(() -> {
          for (int i = 0; i < 5; i++) {
            Run run = lab.experiments().createRun(experiment.id());
            lab.unitOfWork(() -> lab.experiments().log(run.id(), MetricPoint.of("loss", 0, 1.0)));
          }
        });
        lab.experiments().summaries();
        return (int) lab.experiments().runs(experiment.id()).count();
      });

      assertThat(runs).isEqualTo(5);
      assertThat(lab.experiments().runs(lab.experiments().getByName("one-connection").id())).hasSize(5);
    }
  }

  @Test
  void aUnitIsRunAgainAfterATransientFailureWithTheFailedAttemptUndone() {
    try (Labbook lab = TestDatabase.open(TestPostgres.freshSchema("retry", Map.of()))) {
      AtomicInteger attempts = new AtomicInteger();

      String name = lab.unitOfWork(() -> {
        Experiment experiment = lab.experiments().create("attempt-" + attempts.incrementAndGet());
        lab.experiments().createRun(experiment.id());
        if (attempts.get() == 1) {
          throw new TransientStoreException("a deadlock, say", null);
        }
        return experiment.name();
      });

      assertThat(attempts).hasValue(2);
      assertThat(name).isEqualTo("attempt-2");
      assertThat(lab.experiments().list()).extracting(Experiment::name).containsExactly("attempt-2");
    }
  }
}
