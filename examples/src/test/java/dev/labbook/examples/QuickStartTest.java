package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.spi.StoreSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {

  @Test
  void theMainJobStoresEveryTrialAndPrintsTheBestParams() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = Labbook.builder().settings(StoreSettings.of("mem:", Map.of())).open()) {
      QuickStart.run(lab, 200, new Random(42), new PrintStream(printed, true, StandardCharsets.UTF_8));

      var experiment = lab.experiments().getByName(QuickStart.EXPERIMENT);
      List<Run> runs = lab.experiments().runs(experiment.id()).toList();
      assertThat(runs).hasSize(200).allMatch(r -> r.status() == RunStatus.COMPLETED);
      assertThat(runs).extracting(Run::number).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, 200).boxed().toList());
      List<MetricPoint> curve = lab.experiments().series(runs.get(7).id(), "loss");
      assertThat(curve).hasSize(QuickStart.STEPS);
      double best = runs.stream().mapToDouble(r -> (Double) r.results().get("value")).min().orElseThrow();
      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(output).contains("has 200 runs").contains(String.format("value %.5f", best));
      assertThat(lab.configs().get(QuickStart.SearchSpace.class, "branin-default").xMax()).isEqualTo(10);
    }
  }

  @Test
  void runningAgainResumesTheSameExperiment() {
    try (Labbook lab = Labbook.builder().settings(StoreSettings.of("mem:", Map.of())).open()) {
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      QuickStart.run(lab, 10, new Random(1), quiet);
      QuickStart.run(lab, 5, new Random(2), quiet);
      assertThat(lab.experiments().list()).hasSize(1);
      var experiment = lab.experiments().getByName(QuickStart.EXPERIMENT);
      assertThat(lab.experiments().runs(experiment.id()).map(Run::number)).hasSize(15).last().isEqualTo(14L);
    }
  }

  @Test
  void onTheDefaultJsonStoreASecondRunResumesWhatTheFirstStored(@TempDir Path folder) {
    StoreSettings settings = StoreSettings.of("json:" + folder.resolve("lab"), Map.of());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      QuickStart.run(lab, 10, new Random(1), quiet);
    }
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      QuickStart.run(lab, 5, new Random(2), quiet);
      var experiment = lab.experiments().getByName(QuickStart.EXPERIMENT);
      List<Run> runs = lab.experiments().runs(experiment.id()).toList();
      assertThat(runs).extracting(Run::number).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, 15).boxed().toList());
      assertThat(lab.experiments().series(runs.get(3).id(), "loss")).hasSize(QuickStart.STEPS);
    }
  }

  @Test
  void braninHasItsKnownMinimum() {
    assertThat(QuickStart.branin(Math.PI, 2.275)).isCloseTo(0.397887, org.assertj.core.data.Offset.offset(1e-6));
  }
}
