package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Archives.ExportOptions;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.spi.Capability;
import dev.labbook.tck.Samples.Optimizer;
import dev.labbook.tck.Samples.Pipeline;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Archives, Ax's flow: a whole experiment — runs, series, states, links, the configs it names,
 * artifacts — exported to one JSON file and imported into another store, or back into this
 * one, equal to the original with its ids, numbers, times and versions; custom classes in
 * params come back as their classes.
 */
abstract class ArchiveRules extends Rules {
  private static final Optimizer ADAM = new Optimizer("adam", 0.001, List.of(64, 32));

  ArchiveRules(StoreTck tck) {
    super(tck);
  }

  @Test
  void anExportedExperimentImportsEqualIntoTheReferenceStoreAndBackIntoThisOne() {
    boolean artifacts = store().capabilities().has(Capability.ARTIFACTS);
    Experiment experiment = sample(store(), artifacts);
    ExportOptions options = ExportOptions.defaults().withConfig(Pipeline.class, "pipe");
    byte[] file = export(store(), experiment.id(), artifacts ? options.withArtifacts() : options);

    Labbook reference = reference();
    Experiment imported = reference.archives().importFrom(new ByteArrayInputStream(file), false);
    assertEqual(reference, store(), experiment.id(), artifacts);
    assertThat(imported).isEqualTo(experiments().get(experiment.id()));
    assertThat(reference.configs().get(Pipeline.class, "pipe"))
        .isEqualTo(configs().get(Pipeline.class, "pipe"));
    Run first = reference.experiments().runs(experiment.id()).findFirst().orElseThrow();
    assertThat(first.params().get("optimizer")).isInstanceOf(Optimizer.class).isEqualTo(ADAM);

    // back into this store, over the original
    byte[] fromReference = export(reference, experiment.id(), artifacts ? options.withArtifacts() : options);
    experiments().create("other"); // a bystander the replace must leave alone
    store().archives().importFrom(new ByteArrayInputStream(fromReference), true);
    assertEqual(reference, store(), experiment.id(), artifacts);
    assertThat(experiments().getByName("other")).isNotNull();
    // new runs continue after the highest imported number (deleted runs are not in the file)
    assertThat(experiments().createRun(experiment.id()).number()).isEqualTo(2);
  }

  @Test
  void importingOverAnExistingExperimentWithoutReplaceFailsAndChangesNothing() {
    Experiment experiment = sample(store(), false);
    byte[] file = export(store(), experiment.id(), ExportOptions.defaults());
    experiments().createRun(experiment.id());
    long runs = experiments().runs(experiment.id()).count();

    assertThatThrownBy(() -> store().archives().importFrom(new ByteArrayInputStream(file), false))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(experiment.id());
    assertThat(experiments().runs(experiment.id()).count()).isEqualTo(runs);

    String damaged = new String(file, StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":99");
    assertThatThrownBy(() -> reference().archives().importFrom(
        new ByteArrayInputStream(damaged.getBytes(StandardCharsets.UTF_8)), false))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("99");
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static Experiment sample(Labbook lab, boolean artifacts) {
    lab.configs().put(new Pipeline("pipe", ADAM, Map.of("epochs", 3)));
    Experiment experiment = lab.experiments().create(ExperimentSpec.named("ax-study")
        .description("exported").tags("ax").metadata(Map.of("search", Map.of("space", List.of(1, 2.5)))));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("optimizer", ADAM);
    params.put("nan", Double.NaN);
    params.put("negativeZero", -0.0);
    params.put("big", Long.MAX_VALUE);
    params.put("a.b", Map.of("$c", ""));
    Run run0 = lab.experiments().createRun(experiment.id(), RunSpec.create().params(params));
    Run run1 = lab.experiments().createRun(experiment.id(), RunSpec.create().param("lr", 0.1));
    Run run2 = lab.experiments().createRun(experiment.id());
    lab.experiments().deleteRun(run2.id()); // number 2 stays used
    lab.experiments().updateRun(run0.withStatus(RunStatus.COMPLETED).withResults(Map.of("loss", 0.25)));
    lab.experiments().log(run0.id(), MetricPoint.of("loss", 0, 0.0, 0.9), MetricPoint.of("loss", 1, 0.5, Double.NaN),
        MetricPoint.of("loss", 1, 0.5, 0.4), MetricPoint.of("acc", 0, 0.1));
    lab.experiments().states().save(experiment.id(), "generation-strategy", ADAM);
    lab.experiments().states().update(lab.experiments().states().get(experiment.id(), "generation-strategy")
        .withValue(Map.of("trials", 2)));
    lab.experiments().links().add(run1.id(), "warm-start", run0.id());
    if (artifacts) {
      lab.experiments().putArtifact(experiment.id(), "report/summary.txt", "ok".getBytes(StandardCharsets.UTF_8));
      lab.experiments().putArtifact(run0.id(), "model.bin", new byte[] {0, 1, (byte) 255});
    }
    return experiment;
  }

  private static byte[] export(Labbook lab, String experimentId, ExportOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lab.archives().export(experimentId, out, options);
    return out.toByteArray();
  }

  private static void assertEqual(Labbook actual, Labbook expected, String experimentId, boolean artifacts) {
    assertThat(actual.experiments().get(experimentId)).isEqualTo(expected.experiments().get(experimentId));
    List<Run> expectedRuns = expected.experiments().runs(experimentId).toList();
    assertThat(actual.experiments().runs(experimentId).toList()).isEqualTo(expectedRuns);
    for (Run run : expectedRuns) {
      for (String key : expected.experiments().latestMetrics(run.id()).keySet()) {
        assertThat(actual.experiments().series(run.id(), key)).as("series %s of run %d", key, run.number())
            .isEqualTo(expected.experiments().series(run.id(), key));
      }
      assertThat(actual.experiments().latestMetrics(run.id())).isEqualTo(expected.experiments().latestMetrics(run.id()));
      assertThat(actual.experiments().links().from(run.id())).isEqualTo(expected.experiments().links().from(run.id()));
      if (artifacts) {
        assertThat(actual.experiments().artifacts(run.id())).isEqualTo(expected.experiments().artifacts(run.id()));
      }
    }
    assertThat(actual.experiments().states().names(experimentId)).isEqualTo(expected.experiments().states().names(experimentId));
    assertThat(actual.experiments().states().get(experimentId, "generation-strategy"))
        .isEqualTo(expected.experiments().states().get(experimentId, "generation-strategy"));
    if (artifacts) {
      assertThat(actual.experiments().artifacts(experimentId)).isEqualTo(expected.experiments().artifacts(experimentId));
      assertThat(actual.experiments().readArtifact(experimentId, "report/summary.txt"))
          .isEqualTo(expected.experiments().readArtifact(experimentId, "report/summary.txt"));
    }
  }
}
