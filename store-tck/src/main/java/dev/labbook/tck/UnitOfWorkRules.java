package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Units of work ({@link Labbook#unitOfWork}): atomic and nestable where the store declares
 * {@link Capability#TRANSACTIONS}, operations one by one where it does not.
 */
abstract class UnitOfWorkRules extends Rules {
  private static final Optimizer SGD = new Optimizer("sgd", 0.1, List.of(8));

  UnitOfWorkRules(StoreTck tck) {
    super(tck);
  }

  @Test
  @Requires(Capability.TRANSACTIONS)
  void aUnitOfWorkThatReturnsKeepsAllItsOperationsAndGivesBackItsResult() {
    Experiment existing = experiments().create("existing");
    Run before = experiments().createRun(existing.id());

    String id = store().unitOfWork(() -> {
      Experiment created = experiments().create("created");
      Run run = experiments().createRun(created.id(), RunSpec.create().param("lr", 0.1));
      experiments().log(run.id(), MetricPoint.of("loss", 0, 0.5), MetricPoint.of("loss", 1, 0.25));
      experiments().updateRun(experiments().getRun(before.id()).withStatus(RunStatus.COMPLETED));
      configs().put(SGD);
      experiments().states().save(created.id(), "optimizer", SGD);
      experiments().links().add(created.id(), "follows", existing.id());
      return created.id();
    });

    Labbook other = second();
    assertThat(other.experiments().get(id).name()).isEqualTo("created");
    Run run = other.experiments().runs(id).findFirst().orElseThrow();
    assertThat(run.params()).isEqualTo(Map.of("lr", 0.1));
    assertThat(other.experiments().series(run.id(), "loss")).extracting(MetricPoint::value).containsExactly(0.5, 0.25);
    assertThat(other.experiments().getRun(before.id()).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(other.configs().get(Optimizer.class, "sgd")).isEqualTo(SGD);
    assertThat(other.experiments().states().get(id, "optimizer").value()).isEqualTo(SGD);
    assertThat(other.experiments().links().from(id)).hasSize(1);
  }

  @Test
  @Requires(Capability.TRANSACTIONS)
  void aUnitOfWorkThatThrowsUndoesEveryOperationAndRethrowsTheSameException() {
    Experiment existing = experiments().create("existing");
    Run before = experiments().createRun(existing.id(), RunSpec.create().param("lr", 0.1));
    experiments().log(before.id(), MetricPoint.of("loss", 0, 0.9));
    IllegalStateException failure = new IllegalStateException("diverged");

    assertThatThrownBy(() -> store().unitOfWork(() -> {
      Experiment created = experiments().create("created");
      experiments().createRun(created.id());
      experiments().createRun(existing.id());
      experiments().log(before.id(), MetricPoint.of("loss", 1, 0.1));
      experiments().updateRun(experiments().getRun(before.id()).withStatus(RunStatus.FAILED));
      experiments().update(experiments().get(existing.id()).withDescription("changed"));
      configs().put(SGD);
      experiments().states().save(existing.id(), "optimizer", SGD);
      experiments().deleteRun(before.id());
      throw failure;
    })).isSameAs(failure);

    assertThat(experiments().exists("created")).isFalse();
    assertThat(experiments().runs(existing.id())).extracting(Run::id).containsExactly(before.id());
    assertThat(experiments().getRun(before.id())).isEqualTo(before);
    assertThat(experiments().series(before.id(), "loss")).extracting(MetricPoint::value).containsExactly(0.9);
    assertThat(experiments().get(existing.id())).isEqualTo(existing);
    assertThat(configs().contains(Optimizer.class, "sgd")).isFalse();
    assertThat(experiments().states().find(existing.id(), "optimizer")).isEmpty();
    // The run number the undone run took is handed out again: numbers stay without gaps.
    assertThat(experiments().createRun(existing.id()).number()).isEqualTo(before.number() + 1);
  }

  @Test
  @Requires(Capability.TRANSACTIONS)
  void aNestedUnitThatThrowsUndoesOnlyItsOwnOperationsAndTheOuterUnitGoesOn() {
    store().unitOfWork(() -> {
      experiments().create("outer-before");
      try {
        store().unitOfWork(() -> {
          experiments().create("inner");
          store().unitOfWork(() -> experiments().create("innermost"));
          throw new IllegalArgumentException("inner fails");
        });
      } catch (IllegalArgumentException expected) {
        // the outer unit decides to go on
      }
      store().unitOfWork(() -> experiments().create("inner-kept"));
      experiments().create("outer-after");
    });

    assertThat(experiments().list()).extracting(Experiment::name)
        .containsExactly("outer-before", "inner-kept", "outer-after");
  }

  @Test
  @Requires(Capability.TRANSACTIONS)
  void anOperationThatFailsInsideAUnitUndoesOnlyItselfAndTheUnitCanGoOn() {
    Experiment taken = experiments().create("taken");
    store().unitOfWork(() -> {
      Experiment first = experiments().create("first");
      assertThatThrownBy(() -> experiments().create("taken")).isInstanceOf(DuplicateNameException.class);
      Experiment stale = experiments().get(taken.id());
      experiments().update(stale.withDescription("new"));
      assertThatThrownBy(() -> experiments().update(stale.withDescription("stale")))
          .isInstanceOf(ConflictException.class);
      experiments().createRun(first.id());
    });

    assertThat(experiments().list()).extracting(Experiment::name).containsExactly("taken", "first");
    assertThat(experiments().get(taken.id()).description()).isEqualTo("new");
    assertThat(experiments().runs(experiments().getByName("first").id())).hasSize(1);
  }

  @Test
  @Requires(Capability.TRANSACTIONS)
  void othersSeeNothingOfAUnitBeforeItReturns() throws Exception {
    Labbook lab = store();
    Optional<Experiment> seenInside = lab.unitOfWork(() -> {
      experiments().create("pending");
      assertThat(experiments().exists("pending")).as("the unit sees its own work").isTrue();
      // Another thread is not in the unit: it must not see uncommitted work.
      try {
        return CompletableFuture.supplyAsync(() -> lab.experiments().findByName("pending"))
            .get(timeout().toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    assertThat(seenInside).isEmpty();
    assertThat(experiments().exists("pending")).isTrue();
  }

  @Test
  @RequiresAbsent(Capability.TRANSACTIONS)
  void withoutTransactionsAUnitRunsItsOperationsOneByOneAndKeepsWhatRanBeforeAFailure() {
    IllegalStateException failure = new IllegalStateException("diverged");
    Experiment kept = store().unitOfWork(() -> experiments().create("returned"));

    assertThatThrownBy(() -> store().unitOfWork(() -> {
      experiments().create("before-the-failure");
      store().unitOfWork(() -> experiments().create("nested"));
      throw failure;
    })).isSameAs(failure);

    assertThat(kept.name()).isEqualTo("returned");
    assertThat(experiments().list()).extracting(Experiment::name)
        .containsExactly("returned", "before-the-failure", "nested");
  }
}
