package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.tracking.RunHandle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackedTrainingTest {

  @Test
  void oneRunCompletesWithItsMetricsAndTheDivergingOneIsRecordedAsFailed() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = TestStores.JSON.open()) {
      TrackedTraining.run(lab, new String[] {"--epochs=4", "--lr=0.2"}, new Random(7),
          new PrintStream(printed, true, StandardCharsets.UTF_8));

      var experiment = lab.experiments().getByName(TrackedTraining.EXPERIMENT);
      assertThat(experiment.description()).startsWith("SGD on a made-up task");
      assertThat(experiment.tags()).containsExactly("baseline");
      List<Run> runs = lab.experiments().runs(experiment.id()).toList();
      assertThat(runs).extracting(Run::status).containsExactly(RunStatus.COMPLETED, RunStatus.FAILED);

      Run good = runs.get(0);
      assertThat(good.args()).containsEntry("epochs", "4").containsEntry("lr", "0.2");
      assertThat(good.tags()).containsExactly("lr-0.2");
      assertThat(good.started()).isNotNull();
      assertThat(good.ended()).isNotNull();
      assertThat(good.env().keySet()).noneMatch(TrackedTrainingTest::looksSecret);
      if (System.getenv("PATH") != null) {
        assertThat(good.env()).containsKey("PATH");
      }
      List<MetricPoint> losses = lab.experiments().series(good.id(), "train_loss");
      assertThat(losses).extracting(MetricPoint::step).containsExactly(0L, 1L, 2L, 3L);
      assertThat(losses).extracting(MetricPoint::progress).containsExactly(0.25, 0.5, 0.75, 1.0);
      double accuracy = lab.experiments().latestMetrics(good.id()).get("val_accuracy").value();
      assertThat(good.results()).containsEntry("val_accuracy", accuracy);

      Run failed = runs.get(1);
      assertThat(failed.extras().get(RunHandle.FAILURE)).isEqualTo(Map.of(
          "type", ArithmeticException.class.getName(), "message", "loss is NaN at epoch 2"));
      assertThat(lab.experiments().series(failed.id(), "train_loss")).hasSize(2);

      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("run 0 COMPLETED: tags [lr-0.2]")
          .contains(String.format("  latest val_accuracy: step 3, progress 1.00, %.4f", accuracy))
          .contains(String.format("  returned val_accuracy %.4f", accuracy))
          .contains("  the second run threw: loss is NaN at epoch 2")
          .contains("run 1 FAILED: tags [diverging]")
          .contains("  failure: {type=java.lang.ArithmeticException, message=loss is NaN at epoch 2}");
    }
  }

  private static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.contains("PASSWORD") || upper.contains("TOKEN") || upper.contains("SECRET") || upper.contains("KEY");
  }
}
