package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.CodecException;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.Run;
import dev.labbook.examples.StudyArchive.Arm;
import dev.labbook.examples.StudyArchive.GenerationStrategy;
import dev.labbook.examples.StudyArchive.Observation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyArchiveTest {
  @TempDir Path folder;

  @Test
  void theExperimentGoesThroughAFileIntoAnotherBackendWithItsCustomClassesAndState() throws Exception {
    Path file = folder.resolve("ax-branin.json");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (Labbook source = TestStores.MEM.open(); Labbook target = TestStores.JSON.open()) {
      StudyArchive.run(source, target, file, new Random(3), out);
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("resumed sobol+gpei after 0 arms; next step: Sobol")
          .contains("imported it into json:")
          .contains("same id true, 6 runs")
          .containsPattern("run 0: arm is Arm 0_0, branin is Observation \\d+\\.\\d{4} ± \\d+\\.\\d{4}")
          .contains("the copy's strategy has generated 6 arms; search space branin-default came along: true");

      printed.reset();
      StudyArchive.run(source, target, file, new Random(4), out); // a second process resumes
      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("resumed sobol+gpei after 6 arms; next step: GPEI").contains("same id true, 12 runs");

      String id = source.experiments().getByName(StudyArchive.EXPERIMENT).id();
      List<Run> original = source.experiments().runs(id).toList();
      List<Run> copied = target.experiments().runs(id).toList();
      assertThat(copied).isEqualTo(original);
      assertThat(copied.get(7).params().get("arm")).isInstanceOf(Arm.class)
          .isEqualTo(original.get(7).params().get("arm"));
      assertThat(copied.get(7).results().get("branin")).isInstanceOf(Observation.class);
      assertThat(target.codecs().convert(target.experiments().states().get(id, StudyArchive.STRATEGY)
          .value(), GenerationStrategy.class).generated()).isEqualTo(12);
      assertThat(Files.readString(file)).contains("\"@type\":\"observation\"");

      assertThatThrownBy(() -> target.archives().importFrom(file, false))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(id);
    }
  }

  @Test
  void anObservationWithoutItsFieldsIsACodecError() {
    try (Labbook lab = TestStores.MEM.open()) {
      StudyArchive.register(lab.codecs());
      var node = lab.codecs().encode(new Observation(1.5, 0.1));
      assertThat(lab.codecs().decode(node, Observation.class)).isEqualTo(new Observation(1.5, 0.1));
      ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("sem");
      assertThatThrownBy(() -> lab.codecs().decode(node, Observation.class))
          .isInstanceOf(CodecException.class).hasMessageContaining("\"sem\"");
    }
  }
}
