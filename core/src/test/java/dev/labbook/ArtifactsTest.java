package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactsTest {
  private Labbook lab;
  private ExperimentStore experiments;
  private Experiment experiment;

  @BeforeEach
  void open() {
    lab = TestStores.memory();
    experiments = lab.experiments();
    experiment = experiments.create("a");
  }

  @AfterEach
  void close() {
    lab.close();
  }

  @Test
  void bytesRoundTripWithSizeAndSha256() {
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    Artifact artifact = experiments.putArtifact(experiment.id(), "logs/out.txt", content);
    assertThat(artifact.size()).isEqualTo(5);
    assertThat(artifact.sha256()).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(experiments.readArtifact(experiment.id(), "logs/out.txt")).isEqualTo(content);
    assertThat(experiments.artifacts(experiment.id())).containsExactly(artifact);
  }

  @Test
  void puttingAgainReplacesAndDeletingRemoves() {
    experiments.putArtifact(experiment.id(), "x", new byte[] {1});
    experiments.putArtifact(experiment.id(), "x", new byte[] {2, 3});
    assertThat(experiments.readArtifact(experiment.id(), "x")).containsExactly(2, 3);
    experiments.deleteArtifact(experiment.id(), "x");
    assertThat(experiments.artifacts(experiment.id())).isEmpty();
    assertThatThrownBy(() -> experiments.deleteArtifact(experiment.id(), "x")).isInstanceOf(NotFoundException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/abs", "a/../b", "./a", "a//b", "a/", "back\\slash", "ctl\u0001", ".."})
  void badPathsAreRejectedAndNothingIsStored(String path) {
    assertThatThrownBy(() -> experiments.putArtifact(experiment.id(), path, new byte[] {1}))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("artifact path");
    assertThat(experiments.artifacts(experiment.id())).isEmpty();
  }

  @Test
  void anArtifactOfAMissingOwnerIsNotFound() {
    assertThatThrownBy(() -> experiments.putArtifact("ghost", "x", new byte[0]))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
  }
}
