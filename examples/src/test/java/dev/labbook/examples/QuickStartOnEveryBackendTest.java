package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend switch is a dependency and a URI: the unchanged QuickStart program runs on each
 * backend examples depends on, and a second run resumes the experiment the first stored.
 */
class QuickStartOnEveryBackendTest {
  @TempDir Path folder;

  @Test
  void runsOnJsonFiles() {
    runTwiceAndCheck(StoreSettings.of("json:" + folder.resolve("lab"), Map.of()), "json:");
  }

  @Test
  void runsOnAnEmbeddedH2File() {
    runTwiceAndCheck(StoreSettings.of("h2:" + folder.resolve("lab"), Map.of()), "h2:");
  }

  @Test
  void runsOnPostgreSql() {
    runTwiceAndCheck(TestPostgres.freshSchema(Map.of()), "postgresql://");
  }

  @Test
  void runsOnMongoDb() {
    runTwiceAndCheck(TestMongo.freshDatabase(), "mongodb://");
  }

  /** 30 then 20 trials: the second run adds to the experiment of the first, as a user's would. */
  private static void runTwiceAndCheck(StoreSettings settings, String uriStart) {
    String first = runQuickStart(settings, 30, 1);
    assertThat(first).startsWith("Store " + uriStart).contains("has 30 runs (30 added");
    String second = runQuickStart(settings, 20, 2);
    assertThat(second).contains("has 50 runs (20 added");

    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      assertThat(lab.experiments().list()).hasSize(1);
      var experiment = lab.experiments().getByName(QuickStart.EXPERIMENT);
      List<Run> runs = lab.experiments().runs(experiment.id()).toList();
      assertThat(runs).extracting(Run::number)
          .containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
      assertThat(runs).allMatch(r -> r.status() == RunStatus.COMPLETED);
      assertThat(lab.experiments().series(runs.get(42).id(), "loss")).hasSize(QuickStart.STEPS);
      double best = runs.stream().mapToDouble(r -> (Double) r.results().get("value")).min().orElseThrow();
      assertThat(second).contains(String.format("value %.5f", best));
    }
  }

  private static String runQuickStart(StoreSettings settings, int trials, long seed) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      QuickStart.run(lab, trials, new Random(seed), new PrintStream(printed, true, StandardCharsets.UTF_8));
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
