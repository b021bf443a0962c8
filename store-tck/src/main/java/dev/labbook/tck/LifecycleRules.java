package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Artifact;
import dev.labbook.ConfigStore;
import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.StoreClosedException;
import dev.labbook.query.Query;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Notes;
import dev.labbook.tck.Samples.Optimizer;
import dev.labbook.tck.Samples.Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle: a new store is empty, a closed instance refuses every call and may be closed again,
 * capabilities do not change, several instances over the same persistence see each other's
 * writes as soon as a call returns and outlive each other, and a PERSISTENT store keeps
 * everything (records, names, versions, run numbers, deletions) across closing and reopening.
 */
abstract class LifecycleRules extends Rules {
  private static final Optimizer ADAM = new Optimizer("adam", 0.001, List.of(64, 32));

  LifecycleRules(StoreTck tck) {
    super(tck);
  }

  @Test
  @CheckedByCore
  void configCallsOnAClosedStoreFailWithStoreClosed() {
    configs().put(ADAM);
    ConfigStore configs = configs();

    store().close();

    assertAllFailClosed(List.of(
        () -> configs.put(new Optimizer("sgd", 0.1, List.of(8))),
        () -> configs.get(Optimizer.class, "adam"),
        () -> configs.find(Optimizer.class, "adam"),
        () -> configs.contains(Optimizer.class, "adam"),
        () -> configs.names(Optimizer.class),
        () -> configs.delete(Optimizer.class, "adam")));
  }

  @Test
  @CheckedByCore
  void experimentCallsOnAClosedStoreFailWithStoreClosed() {
    Experiment experiment = experiments().create("before close");
    Run run = experiments().createRun(experiment.id());
    experiments().log(run.id(), MetricPoint.of("loss", 0, 1.0));
    ExperimentStore experiments = experiments();

    store().close();

    // Artifact calls too: a closed store says so before it looks at its capabilities.
    assertAllFailClosed(List.of(
        () -> experiments.create("after close"),
        () -> experiments.create(ExperimentSpec.named("after close").description("d")),
        () -> experiments.get(experiment.id()),
        () -> experiments.find(experiment.id()),
        () -> experiments.getByName("before close"),
        () -> experiments.findByName("before close"),
        () -> experiments.list().close(),
        () -> experiments.list(Query.all()).close(),
        () -> experiments.page(Query.all()),
        () -> experiments.update(experiment.withDescription("after close")),
        () -> experiments.delete(experiment.id()),
        () -> experiments.createRun(experiment.id()),
        () -> experiments.createRun(experiment.id(), RunSpec.create().param("lr", 0.1)),
        () -> experiments.getRun(run.id()),
        () -> experiments.findRun(run.id()),
        () -> experiments.runs(experiment.id()).close(),
        () -> experiments.runs(Query.all()).close(),
        () -> experiments.runPage(experiment.id(), Query.all()),
        () -> experiments.updateRun(run.withComment("after close")),
        () -> experiments.deleteRun(run.id()),
        () -> experiments.log(run.id(), MetricPoint.of("loss", 1, 0.5)),
        () -> experiments.log(run.id(), List.of()),
        () -> experiments.series(run.id(), "loss"),
        () -> experiments.streamSeries(run.id(), "loss").close(),
        () -> experiments.latestMetrics(run.id()),
        () -> experiments.putArtifact(run.id(), "out.txt", new byte[] {1}),
        () -> experiments.readArtifact(run.id(), "out.txt"),
        () -> experiments.openArtifact(run.id(), "out.txt").close(),
        () -> experiments.artifacts(run.id()),
        () -> experiments.deleteArtifact(run.id(), "out.txt")));
  }

  @Test
  @CheckedByCore
  void closingAStoreTwiceIsHarmless() {
    Labbook lab = store();
    lab.experiments().create("before close");
    lab.close();

    assertThatCode(lab::close).doesNotThrowAnyException();

    assertThatThrownBy(() -> lab.experiments().findByName("before close"))
        .isInstanceOf(StoreClosedException.class);
  }

  @Test
  void aNewStoreIsEmpty() {
    try (Stream<Experiment> all = experiments().list(); Stream<Run> runs = experiments().runs(Query.all())) {
      assertThat(all.toList()).isEmpty();
      assertThat(runs.toList()).isEmpty();
    }
    assertThat(experiments().page(Query.all()).items()).isEmpty();
    assertThat(experiments().page(Query.all()).next()).isEmpty();
    assertThat(experiments().findByName("sweep")).isEmpty();
    for (Class<?> kind : List.of(Optimizer.class, Pipeline.class, Notes.class)) {
      assertThat(configs().names(kind)).as("names of %s", kind.getSimpleName()).isEmpty();
    }
    assertThat(configs().contains(Optimizer.class, "adam")).isFalse();
  }

  @Test
  void theDeclaredCapabilitiesStayTheSame() {
    Capabilities declared = store().capabilities();

    Experiment experiment = experiments().create("used");
    experiments().log(experiments().createRun(experiment.id()).id(), MetricPoint.of("loss", 0, 1.0));
    configs().put(ADAM);

    assertThat(store().capabilities()).isEqualTo(declared);
    // Checked where the store can open other instances; the rule itself applies everywhere.
    if (declared.has(Capability.MULTI_PROCESS)) {
      assertThat(second().capabilities()).as("a second instance's").isEqualTo(declared);
    }
    if (declared.has(Capability.PERSISTENT)) {
      assertThat(reopen().capabilities()).as("the reopened store's").isEqualTo(declared);
    }
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void closingOneInstanceLeavesASecondUsable() {
    Labbook first = store();
    Labbook second = second();
    Experiment experiment = first.experiments().create("from first");
    Run before = first.experiments().createRun(experiment.id());
    first.experiments().log(before.id(), MetricPoint.of("loss", 0, 1.0));
    first.configs().put(ADAM);

    first.close();

    assertThat(second.experiments().getByName("from first")).isEqualTo(experiment);
    assertThat(second.experiments().getRun(before.id())).isEqualTo(before);
    assertThat(second.experiments().series(before.id(), "loss")).extracting(MetricPoint::value).containsExactly(1.0);
    assertThat(second.configs().get(Optimizer.class, "adam")).isEqualTo(ADAM);
    Run run = second.experiments().createRun(experiment.id());
    assertThat(run.number()).isEqualTo(1);
    second.experiments().log(run.id(), MetricPoint.of("loss", 0, 0.5));
    assertThat(second.experiments().series(run.id(), "loss")).extracting(MetricPoint::value).containsExactly(0.5);
    assertThat(second.experiments().create("from second").name()).isEqualTo("from second");
    assertThatThrownBy(() -> first.experiments().getByName("from second"))
        .isInstanceOf(StoreClosedException.class);
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void aSecondInstanceSeesWritesAsSoonAsTheyReturn() {
    Labbook first = store();
    Labbook second = second();
    ExperimentStore ours = first.experiments();
    ExperimentStore theirs = second.experiments();

    first.configs().put(ADAM);
    assertThat(second.configs().get(Optimizer.class, "adam")).isEqualTo(ADAM);

    Experiment experiment = ours.create("shared");
    assertThat(theirs.getByName("shared")).isEqualTo(experiment);
    Experiment changed = ours.update(experiment.withDescription("changed"));
    assertThat(theirs.get(experiment.id())).isEqualTo(changed);

    Run run = ours.createRun(experiment.id(), RunSpec.create().param("lr", 0.01));
    assertThat(theirs.getRun(run.id())).isEqualTo(run);
    Run started = ours.updateRun(run.withStatus(RunStatus.RUNNING));
    assertThat(theirs.getRun(run.id())).isEqualTo(started);

    ours.log(run.id(), MetricPoint.of("loss", 0, 0.9), MetricPoint.of("loss", 1, 0.7));
    assertThat(theirs.series(run.id(), "loss")).isEqualTo(ours.series(run.id(), "loss")).hasSize(2);
    assertThat(theirs.latestMetrics(run.id())).isEqualTo(ours.latestMetrics(run.id()));

    Run next = theirs.createRun(experiment.id());
    assertThat(next.number()).isEqualTo(1);
    assertThat(ours.runs(experiment.id()).toList()).containsExactly(started, next);

    if (first.capabilities().has(Capability.ARTIFACTS)) {
      Artifact artifact = ours.putArtifact(run.id(), "model.bin", new byte[] {1, 2, 3});
      assertThat(theirs.artifacts(run.id())).containsExactly(artifact);
      assertThat(theirs.readArtifact(run.id(), "model.bin")).containsExactly(1, 2, 3);
    }
  }

  @Test
  @Requires(Capability.MULTI_PROCESS)
  void aSecondInstanceSeesDeletionsAsSoonAsTheyReturn() {
    Labbook first = store();
    Labbook second = second();
    first.configs().put(ADAM);
    Experiment kept = first.experiments().create("kept");
    Run run = first.experiments().createRun(kept.id());
    Run gone = first.experiments().createRun(kept.id());
    Experiment dropped = first.experiments().create("dropped");
    Run underDropped = first.experiments().createRun(dropped.id());
    second.experiments().getRun(gone.id()); // the second has seen it before it goes

    first.configs().delete(Optimizer.class, "adam");
    assertThat(second.configs().find(Optimizer.class, "adam")).isEmpty();

    first.experiments().deleteRun(gone.id());
    assertThat(second.experiments().findRun(gone.id())).isEmpty();
    assertThat(second.experiments().runs(kept.id()).toList()).containsExactly(run);

    first.experiments().delete(dropped.id());
    assertThat(second.experiments().find(dropped.id())).isEmpty();
    assertThat(second.experiments().findByName("dropped")).isEmpty();
    assertThat(second.experiments().findRun(underDropped.id())).isEmpty();
  }

  @Test
  @Requires(Capability.PERSISTENT)
  void configsExperimentsRunsAndMetricsSurviveReopening() {
    configs().put(new Pipeline("pipeline", ADAM, Map.of("epochs", 10, "shuffle", true)));
    Experiment experiment = experiments().create(ExperimentSpec.named("kept").description("d")
        .tags("a", "b").metadata("dataset", "mnist"));
    experiment = experiments().update(experiment.withDescription("changed"));
    Run run = experiments().createRun(experiment.id(), RunSpec.create().param("lr", 0.01)
        .tags("baseline").comment("first"));
    run = experiments().updateRun(run.withStatus(RunStatus.COMPLETED)
        .withResults(Map.of("accuracy", 0.93)));
    Instant taken = Instant.parse("2025-01-02T03:04:05.678Z");
    experiments().log(run.id(), MetricPoint.of("loss", 0, 0.25, 0.9).at(taken),
        MetricPoint.of("loss", 1, Double.NaN), MetricPoint.of("acc", 0, 0.5));
    Pipeline pipeline = configs().get(Pipeline.class, "pipeline");
    List<MetricPoint> loss = experiments().series(run.id(), "loss");
    Map<String, MetricPoint> latest = experiments().latestMetrics(run.id());

    Labbook reopened = reopen();

    assertThat(reopened.configs().get(Pipeline.class, "pipeline")).isEqualTo(pipeline);
    assertThat(reopened.configs().get(Optimizer.class, "adam")).isEqualTo(ADAM);
    assertThat(reopened.configs().names(Pipeline.class)).containsExactly("pipeline");
    ExperimentStore experiments = reopened.experiments();
    assertThat(experiments.get(experiment.id())).isEqualTo(experiment);
    assertThat(experiments.getByName("kept")).isEqualTo(experiment);
    assertThatThrownBy(() -> experiments.create("kept"))
        .as("the name stays taken").isInstanceOf(DuplicateNameException.class).hasMessageContaining("kept");
    assertThat(experiments.list().toList()).containsExactly(experiment);
    assertThat(experiments.getRun(run.id())).isEqualTo(run);
    assertThat(experiments.runs(experiment.id()).toList()).containsExactly(run);
    assertThat(experiments.series(run.id(), "loss")).isEqualTo(loss);
    assertThat(experiments.latestMetrics(run.id())).isEqualTo(latest);
  }

  @Test
  @Requires({Capability.ARTIFACTS, Capability.PERSISTENT})
  void artifactsSurviveReopening() {
    Experiment experiment = experiments().create("kept");
    Run run = experiments().createRun(experiment.id());
    byte[] content = new byte[1000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7);
    }
    Artifact ofExperiment = experiments().putArtifact(experiment.id(), "summary.txt", new byte[] {1});
    Artifact ofRun = experiments().putArtifact(run.id(), "model/weights.bin", content);

    ExperimentStore experiments = reopen().experiments();

    assertThat(experiments.artifacts(experiment.id())).containsExactly(ofExperiment);
    assertThat(experiments.artifacts(run.id())).containsExactly(ofRun);
    assertThat(experiments.readArtifact(experiment.id(), "summary.txt")).containsExactly(1);
    assertThat(experiments.readArtifact(run.id(), "model/weights.bin")).isEqualTo(content);
  }

  @Test
  @Requires(Capability.PERSISTENT)
  void runNumbersContinueAfterReopening() {
    Experiment experiment = experiments().create("numbered");
    for (int i = 0; i < 3; i++) {
      experiments().createRun(experiment.id());
    }
    Run last = experiments().runs(experiment.id()).toList().get(2);
    experiments().deleteRun(last.id()); // number 2 is never given again, not even after reopening

    ExperimentStore experiments = reopen().experiments();

    assertThat(experiments.createRun(experiment.id()).number()).isEqualTo(3);
    assertThat(experiments.runs(experiment.id()).map(Run::number).toList()).containsExactly(0L, 1L, 3L);
    assertThat(experiments.createRun(experiments.create("fresh").id()).number()).isZero();
  }

  @Test
  @Requires(Capability.PERSISTENT)
  void versionsSurviveReopeningSoAStaleVersionStillConflicts() {
    Experiment original = experiments().create("versioned");
    Experiment current = experiments().update(original.withDescription("one"));
    Run run = experiments().createRun(original.id());
    Run currentRun = experiments().updateRun(run.withComment("one"));

    ExperimentStore experiments = reopen().experiments();

    assertThatThrownBy(() -> experiments.update(original.withDescription("stale")))
        .isInstanceOf(ConflictException.class).hasMessageContaining(original.id());
    assertThatThrownBy(() -> experiments.updateRun(run.withComment("stale")))
        .isInstanceOf(ConflictException.class).hasMessageContaining(run.id());
    assertThat(experiments.get(original.id())).isEqualTo(current);
    assertThat(experiments.getRun(run.id())).isEqualTo(currentRun);
    assertThat(experiments.update(current.withDescription("two")).version()).isEqualTo(2);
    assertThat(experiments.updateRun(currentRun.withComment("two")).version()).isEqualTo(2);
  }

  @Test
  @Requires(Capability.PERSISTENT)
  void deletionsSurviveReopening() {
    configs().put(ADAM);
    configs().put(new Optimizer("sgd", 0.1, List.of(8)));
    Experiment kept = experiments().create("kept");
    Experiment dropped = experiments().create("dropped");
    Run droppedWithExperiment = experiments().createRun(dropped.id());
    Run keptRun = experiments().createRun(kept.id());
    Run deletedRun = experiments().createRun(kept.id());
    experiments().log(deletedRun.id(), MetricPoint.of("loss", 0, 1.0));
    boolean artifacts = store().capabilities().has(Capability.ARTIFACTS);
    if (artifacts) {
      experiments().putArtifact(keptRun.id(), "kept.txt", new byte[] {1});
      experiments().putArtifact(keptRun.id(), "deleted.txt", new byte[] {2});
      experiments().deleteArtifact(keptRun.id(), "deleted.txt");
    }
    configs().delete(Optimizer.class, "sgd");
    experiments().delete(dropped.id());
    experiments().deleteRun(deletedRun.id());

    Labbook reopened = reopen();

    assertThat(reopened.configs().names(Optimizer.class)).containsExactly("adam");
    ExperimentStore experiments = reopened.experiments();
    assertThat(experiments.find(dropped.id())).isEmpty();
    assertThat(experiments.findByName("dropped")).isEmpty();
    assertThat(experiments.list().map(Experiment::id).toList()).containsExactly(kept.id());
    assertThat(experiments.findRun(droppedWithExperiment.id())).isEmpty();
    assertThat(experiments.findRun(deletedRun.id())).isEmpty();
    assertThat(experiments.runs(Query.all()).map(Run::id).toList()).containsExactly(keptRun.id());
    assertThatThrownBy(() -> experiments.series(deletedRun.id(), "loss")).isInstanceOf(NotFoundException.class);
    if (artifacts) {
      assertThat(experiments.artifacts(keptRun.id())).extracting(Artifact::path).containsExactly("kept.txt");
    }
    // The names of deleted records are free again.
    assertThat(experiments.create("dropped").name()).isEqualTo("dropped");
    assertThat(reopened.configs().put(new Optimizer("sgd", 0.5, List.of()))).isTrue();
  }

  private static void assertAllFailClosed(List<ThrowingCallable> calls) {
    for (int i = 0; i < calls.size(); i++) {
      assertThatThrownBy(calls.get(i)).as("call %d", i)
          .isInstanceOf(StoreClosedException.class)
          .hasMessageContaining("closed");
    }
  }
}
