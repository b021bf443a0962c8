package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import dev.labbook.tracking.Dependencies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentDatabaseTest {
  @TempDir Path folder;

  @Test
  void addsGetsListsAndDeletesExperimentsFromAResultsFolder() throws Exception {
    Path logDir = ExperimentDatabase.sampleLogDir(Files.createDirectories(folder.resolve("log_dir")));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (Labbook lab = TestStores.JSON.open()) {
      ExperimentDatabase.run(lab, logDir, new PrintStream(printed, true, StandardCharsets.UTF_8));

      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(output).containsPattern("get\\(\\S+\\): exp_101, \"The experiment 101\", user Bob, "
          + "machine ThetaGPU, [1-9]\\d* library versions")
          .contains("  files: [checkpoints/best.json, results.csv, search.log]")
          .contains("get(n_nodes >= 4): [exp_101]")
          .contains("list(): [exp_101, exp_102]")
          .contains("deleted both; exp_101 exists: false, exp_102 exists: false");
      assertThat(lab.experiments().list()).isEmpty();
    }
  }

  @Test
  void theFolderFilesAreStoredByteForByteAndCallerMetadataWins() throws Exception {
    Path logDir = ExperimentDatabase.sampleLogDir(Files.createDirectories(folder.resolve("log_dir")));
    try (Labbook lab = TestStores.MEM.open()) {
      Experiment added = lab.tracker().addFolder(logDir, ExperimentSpec.named("exp_101")
          .metadata("user", "Bob"), Dependencies.none());
      assertThat(lab.experiments().readArtifact(added.id(), "results.csv"))
          .isEqualTo(Files.readAllBytes(logDir.resolve("results.csv")));
      assertThat(added.metadata()).containsEntry("user", "Bob").containsKey("host")
          .doesNotContainKey(Dependencies.METADATA_KEY);
    }
  }

  @Test
  void deletingSeveralIdsWithAnUnknownOneDeletesNothing() throws Exception {
    try (Labbook lab = TestStores.MEM.open()) {
      Experiment kept = lab.experiments().create("exp_101");
      assertThatThrownBy(() -> lab.experiments().delete(List.of(kept.id(), "no-such-id")))
          .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-id");
      assertThat(lab.experiments().exists("exp_101")).isTrue();
    }
  }
}
