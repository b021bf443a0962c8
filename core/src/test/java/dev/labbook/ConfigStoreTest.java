package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DaCapo's config store, generalised: named configs of registered kinds, nested by reference. */
class ConfigStoreTest {
  public record TaskConfig(String name, String kind, int channels) {}

  public record ArchitectureConfig(String name, List<Integer> layers) {}

  public record TrainerConfig(String name, double learningRate, Map<String, Object> extra) {}

  public record RunConfig(String name, TaskConfig task, ArchitectureConfig architecture,
      TrainerConfig trainer, int repetitions) {}

  public record Unregistered(String name) {}

  public record Tagged(String name, java.util.Set<String> words) {}

  public record Nameless(int size) {}

  private Labbook lab;
  private ConfigStore configs;

  @BeforeEach
  void open() {
    lab = TestStores.memory();
    lab.codecs().register("task", TaskConfig.class).register("architecture", ArchitectureConfig.class)
        .register("trainer", TrainerConfig.class).register("run", RunConfig.class)
        .register("nameless", Nameless.class).register("tagged", Tagged.class);
    configs = lab.configs();
  }

  @AfterEach
  void close() {
    lab.close();
  }

  private static RunConfig runConfig(String name, double learningRate) {
    return new RunConfig(name, new TaskConfig("segment", "semantic", 3),
        new ArchitectureConfig("unet", List.of(64, 128, 256)),
        new TrainerConfig("adam", learningRate, Map.of("beta", 0.9)), 2);
  }

  @Test
  void aStoredConfigComesBackEqual() {
    TaskConfig task = new TaskConfig("t1", "instance", 1);
    assertThat(configs.put(task)).isTrue();
    assertThat(configs.get(TaskConfig.class, "t1")).isEqualTo(task);
    assertThat(configs.contains(TaskConfig.class, "t1")).isTrue();
    assertThat(configs.contains(TaskConfig.class, "t2")).isFalse();
  }

  @Test
  void storingADuplicateNameWithOtherContentFailsAndKeepsTheOriginal() {
    configs.put(new TaskConfig("t1", "instance", 1));
    assertThatThrownBy(() -> configs.put(new TaskConfig("t1", "semantic", 2)))
        .isInstanceOf(DuplicateNameException.class)
        .hasMessageContaining("task").hasMessageContaining("t1")
        .satisfies(e -> {
          assertThat(((DuplicateNameException) e).kind()).isEqualTo("task");
          assertThat(((DuplicateNameException) e).name()).isEqualTo("t1");
        });
    assertThat(configs.get(TaskConfig.class, "t1")).isEqualTo(new TaskConfig("t1", "instance", 1));
  }

  @Test
  void storingAnEqualConfigAgainIsANoOp() {
    assertThat(configs.put(new TaskConfig("t1", "instance", 1))).isTrue();
    assertThat(configs.put(new TaskConfig("t1", "instance", 1))).isFalse();
    assertThat(configs.names(TaskConfig.class)).containsExactly("t1");
  }

  @Test
  void equalSetsIteratingInAnotherOrderAreTheSameContent() {
    java.util.List<String> words = IntStreamWords.of(20);
    java.util.List<String> reversed = new java.util.ArrayList<>(words);
    java.util.Collections.reverse(reversed);
    assertThat(configs.put(new Tagged("x", new java.util.LinkedHashSet<>(words)))).isTrue();
    assertThat(configs.put(new Tagged("x", new java.util.LinkedHashSet<>(reversed)))).isFalse();
    assertThat(configs.get(Tagged.class, "x").words()).containsExactlyInAnyOrderElementsOf(words);
  }

  /** Twenty distinct words. */
  private static final class IntStreamWords {
    static java.util.List<String> of(int n) {
      return java.util.stream.IntStream.range(0, n).mapToObj(i -> "w" + i).toList();
    }
  }

  @Test
  void gettingAMissingConfigFailsNamingKindAndName() {
    assertThatThrownBy(() -> configs.get(TaskConfig.class, "nope"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("task").hasMessageContaining("nope");
    assertThat(configs.find(TaskConfig.class, "nope")).isEmpty();
  }

  @Test
  void namesAreSortedAndPerKind() {
    configs.put(new TaskConfig("b", "x", 1));
    configs.put(new TaskConfig("a", "x", 1));
    configs.put(new TaskConfig("C", "x", 1));
    configs.put(new ArchitectureConfig("z", List.of()));
    assertThat(configs.names(TaskConfig.class)).containsExactly("C", "a", "b");
    assertThat(configs.names(ArchitectureConfig.class)).containsExactly("z");
    assertThat(configs.names(TrainerConfig.class)).isEmpty();
  }

  @Test
  void deletingRemovesOnlyThatConfigAndAMissingOneIsNotFound() {
    configs.put(new TaskConfig("a", "x", 1));
    configs.put(new TaskConfig("b", "x", 1));
    configs.delete(TaskConfig.class, "a");
    assertThat(configs.names(TaskConfig.class)).containsExactly("b");
    assertThatThrownBy(() -> configs.delete(TaskConfig.class, "a"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("task").hasMessageContaining("\"a\"");
  }

  @Test
  void storingARunConfigStoresItsPartsByReferenceAndGetRebuildsTheWhole() {
    RunConfig run = runConfig("r1", 0.01);
    configs.put(run);
    assertThat(configs.names(TaskConfig.class)).containsExactly("segment");
    assertThat(configs.names(ArchitectureConfig.class)).containsExactly("unet");
    assertThat(configs.names(TrainerConfig.class)).containsExactly("adam");
    assertThat(configs.get(RunConfig.class, "r1")).isEqualTo(run);
    assertThat(configs.get(ArchitectureConfig.class, "unet")).isEqualTo(run.architecture());
  }

  @Test
  void twoRunConfigsShareTheirIdenticalParts() {
    configs.put(runConfig("r1", 0.01));
    RunConfig second = new RunConfig("r2", runConfig("x", 0.01).task(), runConfig("x", 0.01).architecture(),
        runConfig("x", 0.01).trainer(), 5);
    assertThat(configs.put(second)).isTrue();
    assertThat(configs.names(RunConfig.class)).containsExactly("r1", "r2");
    assertThat(configs.names(TaskConfig.class)).containsExactly("segment");
  }

  @Test
  void aRunConfigWhosePartClashesIsRejectedWholeAndStoresNothing() {
    configs.put(runConfig("r1", 0.01));
    assertThatThrownBy(() -> configs.put(runConfig("r2", 0.5)))
        .isInstanceOf(DuplicateNameException.class).hasMessageContaining("trainer").hasMessageContaining("adam");
    assertThat(configs.names(RunConfig.class)).containsExactly("r1");
    assertThat(configs.get(TrainerConfig.class, "adam").learningRate()).isEqualTo(0.01);
  }

  @Test
  void aRunConfigWhosePartWasDeletedFailsNamingThePart() {
    configs.put(runConfig("r1", 0.01));
    configs.delete(TaskConfig.class, "segment");
    assertThatThrownBy(() -> configs.get(RunConfig.class, "r1"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("task").hasMessageContaining("segment");
  }

  @Test
  void anUnregisteredTypeIsRejectedNamingItAndHowToRegister() {
    assertThatThrownBy(() -> configs.put(new Unregistered("u")))
        .isInstanceOf(CodecException.class).hasMessageContaining("Unregistered").hasMessageContaining("register");
    assertThatThrownBy(() -> configs.names(Unregistered.class)).isInstanceOf(CodecException.class);
  }

  @Test
  void aConfigWithoutANameIsRejected() {
    assertThatThrownBy(() -> configs.put(new Nameless(3)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("nameless").hasMessageContaining("name");
  }

  @Test
  void aConfigWithABadNameIsRejectedAndNothingIsStored() {
    assertThatThrownBy(() -> configs.put(new TaskConfig(" padded", "x", 1)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("\" padded\"");
    assertThatThrownBy(() -> configs.put(runConfig("bad\u0000name", 0.01)))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("U+0000");
    assertThat(configs.names(TaskConfig.class)).isEmpty();
    assertThat(configs.names(RunConfig.class)).isEmpty();
  }

  @Test
  void concurrentPutsOfOneNameLetExactlyOneWin() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int channels = i;
        Callable<Boolean> put = () -> {
          start.await();
          try {
            return configs.put(new TaskConfig("contested", "x", channels));
          } catch (DuplicateNameException lost) {
            return false;
          }
        };
        outcomes.add(pool.submit(put));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> outcome : outcomes) {
        winners += outcome.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(configs.names(TaskConfig.class)).containsExactly("contested");
    } finally {
      pool.shutdownNow();
    }
  }
}
