package dev.labbook.examples.dacapo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.CodecException;
import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import dev.labbook.examples.TestStores;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DaCapo's config store contract, kind by kind, on every backend: what {@code store_*},
 * {@code retrieve_*}, {@code retrieve_*_names} and {@code delete_*} do, and their documented
 * errors as Labbook's exceptions.
 *
 * <p>The rules core decides alone (errors, names, equal content) run on the in-process
 * backends; storing parts and resolving references, which each backend does itself, run on all
 * five. H2 and PostgreSQL pass the error rules through the TCK's config group in store-sql; here
 * each would cost a second of schema migration per test.
 */
class ConfigKindsTest {
  private static final RunConfig RUN = ConfigCatalog.runConfig("run-a", 0);

  /**
   * One stored config of each kind, all parts of {@link #RUN}, by the type of its kind; from the
   * run down to an array, so that deleting them in this order never deletes a part before the
   * config that uses it.
   */
  private static final Map<Class<?>, Object> PARTS = new LinkedHashMap<>();

  static {
    PARTS.put(RunConfig.class, RUN);
    PARTS.put(TaskConfig.class, RUN.task());
    PARTS.put(ArchitectureConfig.class, RUN.architecture());
    PARTS.put(TrainerConfig.class, RUN.trainer());
    PARTS.put(DataSplitConfig.class, RUN.datasplit());
    PARTS.put(DatasetConfig.class, RUN.datasplit().train().get(0));
    PARTS.put(ArrayConfig.class, RUN.datasplit().train().get(0).raw());
  }

  private static Labbook open(TestStores store) {
    Labbook lab = store.open();
    ConfigKinds.register(lab.codecs());
    return lab;
  }

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void storingARunConfigStoresEveryPartUnderItsKind(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      assertThat(configs.put(RUN)).isTrue();

      assertThat(configs.names(RunConfig.class)).containsExactly("run-a");
      assertThat(configs.names(TaskConfig.class)).containsExactly("affinities-3d");
      assertThat(configs.names(ArchitectureConfig.class)).containsExactly("unet-3-levels");
      assertThat(configs.names(TrainerConfig.class)).containsExactly("adam-1e-4");
      assertThat(configs.names(DataSplitConfig.class)).containsExactly("crops-1-2-vs-3");
      assertThat(configs.names(DatasetConfig.class)).containsExactly("crop-1", "crop-2", "crop-3");
      assertThat(configs.names(ArrayConfig.class)).containsExactly("crop-1-labels", "crop-1-raw",
          "crop-2-labels", "crop-2-raw", "crop-3-labels", "crop-3-raw");

      assertThat(configs.get(RunConfig.class, "run-a")).isEqualTo(RUN);
      assertThat(configs.get(DataSplitConfig.class, "crops-1-2-vs-3")).isEqualTo(RUN.datasplit());
      assertThat(configs.get(ArrayConfig.class, "crop-3-raw").dataset()).isEqualTo("volumes/raw");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void eachKindRetrievesListsAndDeletesByName(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      configs.put(RUN);
      PARTS.forEach((type, config) -> {
        String name = name(config);
        assertThat(configs.get(type, name)).as("retrieve %s", name).isEqualTo(config);
        assertThat(configs.names(type)).contains(name);
        configs.delete(type, name);
        assertThat(configs.names(type)).as("names after deleting %s", name).doesNotContain(name);
        assertThat(configs.find(type, name)).isEmpty();
      });
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void aDuplicateNameWithOtherContentIsRefusedAndKeepsTheOriginal(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      configs.put(RUN);
      RunConfig longer = new RunConfig("run-a", RUN.task(), RUN.architecture(), RUN.trainer(),
          RUN.datasplit(), 0, 500_000);

      assertThatThrownBy(() -> configs.put(longer)).isInstanceOf(DuplicateNameException.class)
          .hasMessageContaining(ConfigKinds.RUN).hasMessageContaining("run-a");
      assertThat(configs.get(RunConfig.class, "run-a").iterations()).isEqualTo(100_000);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void aRunWhosePartClashesWithAStoredPartIsRefusedWhole(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      configs.put(RUN);
      // A new run with a new trainer, but a task named like the stored one with other content.
      RunConfig clashing = new RunConfig("run-b", new TaskConfig("affinities-3d", "affinities", 6),
          RUN.architecture(), new TrainerConfig("sgd", "sgd", 0.01, 8), RUN.datasplit(), 0, 1000);

      assertThatThrownBy(() -> configs.put(clashing)).isInstanceOf(DuplicateNameException.class)
          .hasMessageContaining(ConfigKinds.TASK).hasMessageContaining("affinities-3d");
      assertThat(configs.names(RunConfig.class)).containsExactly("run-a");
      assertThat(configs.names(TrainerConfig.class)).containsExactly("adam-1e-4");
      assertThat(configs.get(TaskConfig.class, "affinities-3d").channels()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void storingAnEqualConfigAgainChangesNothing(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      assertThat(configs.put(RUN)).isTrue();
      assertThat(configs.put(ConfigCatalog.runConfig("run-a", 0))).isFalse();
      assertThat(configs.put(RUN.task())).isFalse();
      assertThat(configs.names(RunConfig.class)).containsExactly("run-a");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void aMissingNameIsNotFoundOnRetrieveAndDelete(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      configs.put(RUN);
      PARTS.keySet().forEach(type -> {
        assertThatThrownBy(() -> configs.get(type, "nothing-here"))
            .isInstanceOf(NotFoundException.class).hasMessageContaining("nothing-here");
        assertThatThrownBy(() -> configs.delete(type, "nothing-here"))
            .isInstanceOf(NotFoundException.class).hasMessageContaining("nothing-here");
      });
      assertThatThrownBy(() -> configs.get(TrainerConfig.class, "sgd"))
          .hasMessageContaining(ConfigKinds.TRAINER).hasMessageContaining("sgd");
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = {"MEM", "JSON", "MONGODB"})
  void listingAKindWithoutConfigsGivesNoNames(TestStores store) {
    try (Labbook lab = open(store)) {
      PARTS.keySet().forEach(type -> assertThat(lab.configs().names(type)).isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(TestStores.class)
  void deletingAPartARunStillUsesMakesThatRunNotFoundUntilItIsStoredAgain(TestStores store) {
    try (Labbook lab = open(store)) {
      ConfigStore configs = lab.configs();
      configs.put(RUN);
      configs.delete(TaskConfig.class, "affinities-3d");

      assertThatThrownBy(() -> configs.get(RunConfig.class, "run-a"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(ConfigKinds.TASK).hasMessageContaining("affinities-3d");
      assertThat(configs.names(RunConfig.class)).containsExactly("run-a");
      assertThat(configs.put(RUN)).isTrue(); // stores the missing part again
      assertThat(configs.get(RunConfig.class, "run-a")).isEqualTo(RUN);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = "MEM")
  void aKindThatIsNotRegisteredIsACodecError(TestStores store) {
    try (Labbook lab = store.open()) {
      assertThatThrownBy(() -> lab.configs().put(RUN)).isInstanceOf(CodecException.class)
          .hasMessageContaining(RunConfig.class.getName());
      assertThatThrownBy(() -> lab.configs().names(TaskConfig.class)).isInstanceOf(CodecException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(value = TestStores.class, names = "MEM")
  void runConfigsInTheCatalogShareTheirParts(TestStores store) {
    try (Labbook lab = open(store)) {
      lab.configs().put(ConfigCatalog.runConfig("a", 0));
      lab.configs().put(ConfigCatalog.runConfig("b", 1));
      assertThat(lab.configs().names(RunConfig.class)).containsExactly("a", "b");
      assertThat(lab.configs().names(TaskConfig.class)).hasSize(1);
      assertThat(lab.configs().names(DatasetConfig.class)).hasSize(3);
    }
  }

  /** Every config record has a {@code name} component. */
  private static String name(Object record) {
    try {
      return (String) record.getClass().getMethod("name").invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
