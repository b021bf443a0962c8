package dev.labbook.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.Artifact;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.spi.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DeepHyper's {@code DBManager.add(log_dir, label, description, pip_versions, metadata)}. */
class ResultsFolderTest {
  @TempDir Path temp;
  private Path results;
  private final Labbook lab = Labbook.builder().settings(StoreSettings.of("mem:", Map.of())).open();
  private final Tracker tracker = lab.tracker();

  @BeforeEach
  void folder() throws Exception {
    results = Files.createDirectories(temp.resolve("log_dir"));
    Files.writeString(results.resolve("results.csv"), "job_id,objective\n0,0.93\n");
    Files.createDirectories(results.resolve("checkpoints/best"));
    Files.write(results.resolve("checkpoints/best/model.bin"), new byte[] {0, 1, 2, (byte) 255});
    Files.createDirectories(results.resolve("empty"));
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void theFolderBecomesAnExperimentWithItsFilesAsArtifactsAndTheCallersMetadataOverTheDefaults() {
    Experiment added = tracker.addFolder(results, ExperimentSpec.named("exp_101")
        .description("The experiment 101")
        .metadata(Map.of("machine", "ThetaGPU", "n_nodes", 4, "user", "Bob")));

    Experiment stored = lab.experiments().get(added.id());
    assertThat(stored.name()).isEqualTo("exp_101");
    assertThat(stored.description()).isEqualTo("The experiment 101");
    assertThat(stored.metadata()).containsEntry("machine", "ThetaGPU").containsEntry("n_nodes", 4L)
        .containsEntry("user", "Bob").containsKeys("host", "javaVersion", "created");
    assertThat(lab.experiments().artifacts(added.id())).extracting(Artifact::path)
        .containsExactly("checkpoints/best/model.bin", "results.csv");
    assertThat(lab.experiments().readArtifact(added.id(), "checkpoints/best/model.bin"))
        .containsExactly(0, 1, 2, 255);
    assertThat(new String(lab.experiments().readArtifact(added.id(), "results.csv"),
        StandardCharsets.UTF_8)).isEqualTo("job_id,objective\n0,0.93\n");
  }

  @Test
  void theUserDefaultsToTheOsUser() {
    Experiment added = tracker.addFolder(results, ExperimentSpec.named("e"), Dependencies.none());
    assertThat(added.metadata()).containsEntry("user", System.getProperty("user.name"))
        .doesNotContainKey(Dependencies.METADATA_KEY);
  }

  @Test
  void theClassPathsArtifactsAreKeptWithTheirVersions() {
    Experiment added = tracker.addFolder(results, ExperimentSpec.named("e"));
    @SuppressWarnings("unchecked")
    Map<String, Object> versions = (Map<String, Object>) added.metadata().get(Dependencies.METADATA_KEY);
    String jackson = com.fasterxml.jackson.databind.ObjectMapper.class.getPackage().getImplementationVersion();
    assertThat(versions).containsKeys("org.assertj:assertj-core", "junit-jupiter-api") // JUnit's jars have no pom.properties: the manifest names them
        .containsEntry("com.fasterxml.jackson.core:jackson-databind", jackson);
  }

  @Test
  void versionsComeFromAFileInEitherShape() throws Exception {
    Path pip = Files.writeString(temp.resolve("pip.json"),
        "[{\"name\": \"numpy\", \"version\": \"1.26.4\"}, {\"name\": \"torch\", \"version\": \"2.3.0\"}]");
    Path object = Files.writeString(temp.resolve("versions.json"), "{\"my-lib\": \"0.3\"}");

    assertThat(tracker.addFolder(results, ExperimentSpec.named("pip"), Dependencies.fromFile(pip))
        .metadata()).containsEntry(Dependencies.METADATA_KEY, Map.of("numpy", "1.26.4", "torch", "2.3.0"));
    assertThat(tracker.addFolder(results, ExperimentSpec.named("obj"), Dependencies.fromFile(object))
        .metadata()).containsEntry(Dependencies.METADATA_KEY, Map.of("my-lib", "0.3"));
  }

  @Test
  void aBadVersionsFileABadFolderOrABadFileNameIsRefusedAndNothingIsStored() throws Exception {
    Path bad = Files.writeString(temp.resolve("bad.json"), "[{\"name\": \"numpy\"}]");
    assertThatThrownBy(() -> tracker.addFolder(results, ExperimentSpec.named("e"), Dependencies.fromFile(bad)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("bad.json").hasMessageContaining("numpy");
    assertThatThrownBy(() -> tracker.addFolder(temp.resolve("missing"), ExperimentSpec.named("e")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing");
    Files.writeString(results.resolve("tab\there.txt"), "x");
    assertThatThrownBy(() -> tracker.addFolder(results, ExperimentSpec.named("e"), Dependencies.none()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("tab\there.txt");

    assertThat(lab.experiments().list()).isEmpty();
  }

  @Test
  void aTakenNameIsRefusedAndTheFirstExperimentKeepsItsFiles() {
    Experiment first = tracker.addFolder(results, ExperimentSpec.named("exp"), Dependencies.none());
    assertThatThrownBy(() -> tracker.addFolder(results, ExperimentSpec.named("exp"), Dependencies.none()))
        .isInstanceOf(DuplicateNameException.class);
    assertThat(lab.experiments().list()).extracting(Experiment::id).containsExactly(first.id());
    assertThat(lab.experiments().artifacts(first.id())).hasSize(2);
  }
}
