package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many processes write one store at once, coordinated by the store lock alone: real child JVMs,
 * killed or not.
 */
class ManyProcessesTest {
  @TempDir Path folder;

  private Path store() {
    return folder.resolve("store");
  }

  private String newExperiment() {
    try (Labbook lab = ChildMain.open(store(), true)) {
      return lab.experiments().create("shared").id();
    }
  }

  private List<Run> runs(String experimentId) {
    try (Labbook lab = ChildMain.open(store(), true)) {
      return lab.experiments().runs(experimentId).toList();
    }
  }

  @Test
  void fourProcessesCreatingTwoHundredFiftyRunsEachGetNumbersZeroTo999() throws Exception {
    String experiment = newExperiment();
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // fsync off keeps the test short on slow disks; locking is the same either way
      children.add(Child.start(folder.resolve("child.log"), "runs", store().toString(), experiment,
          "250", "false"));
    }
    Set<String> acknowledged = new HashSet<>();
    for (Child child : children) {
      assertThat(child.await(150_000)).as("exit code").isZero();
      assertThat(child.lines()).last().isEqualTo("done");
      child.lines().stream().filter(l -> l.startsWith("R ")).forEach(l -> acknowledged.add(l.split(" ")[1]));
    }

    List<Run> runs = runs(experiment);
    assertThat(acknowledged).hasSize(1000);
    assertThat(runs).extracting(Run::id).containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(runs).extracting(Run::number)
        .containsExactlyElementsOf(LongStream.range(0, 1000).boxed().toList());
  }

  @Test
  void aProcessKilledWhileHoldingTheLockDoesNotBlockTheOthers() throws Exception {
    String experiment = newExperiment();
    try (Child holder = Child.start(folder.resolve("child.log"), "hold-lock", store().toString())) {
      assertThat(holder.awaitLine("locked true", 30_000)).as("the holder has the lock").isTrue();
      try (Child writer = Child.start(folder.resolve("child.log"), "runs", store().toString(),
          experiment, "1")) {
        assertThat(writer.awaitLine("open", 30_000)).isTrue();
        assertThat(writer.awaitLine("R ", 1_500)).as("a run created while the lock is held").isFalse();

        holder.kill();
        long killed = System.nanoTime();
        assertThat(writer.await(30_000)).isZero();
        assertThat((System.nanoTime() - killed) / 1_000_000).as("ms to finish after the kill")
            .isLessThan(10_000);
        assertThat(writer.lines()).contains("done");
      }
    }
    assertThat(runs(experiment)).extracting(Run::number).containsExactly(0L);
  }

  @Test
  void writersKilledAtRandomLeaveNumbersUniqueAndGapFreeAndTheOthersFinish() throws Exception {
    String experiment = newExperiment();
    Random random = new Random(7);
    Path log = folder.resolve("child.log");
    List<Child> writers = new ArrayList<>();
    List<Child> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      writers.add(Child.start(log, "runs", store().toString(), experiment, "-1", "false"));
    }
    all.addAll(writers);
    int kills = 0;
    long end = System.nanoTime() + 60_000_000_000L;
    while (kills < 12 && System.nanoTime() < end) {
      int victim = random.nextInt(writers.size());
      Child child = writers.get(victim);
      child.awaitLine("R ", 10_000);
      Thread.sleep(20 + random.nextInt(200));
      child.kill();
      kills++;
      Child replacement = Child.start(log, "runs", store().toString(), experiment, "-1", "false");
      writers.set(victim, replacement);
      all.add(replacement);
    }
    // The survivors keep going; each must still make progress now that the killing stopped.
    for (Child survivor : writers) {
      int before = survivor.lines().size();
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (survivor.lines().size() < before + 20 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(survivor.lines().size()).as("runs made by a survivor after the kills")
          .isGreaterThanOrEqualTo(before + 20);
      survivor.kill();
    }

    Set<String> acknowledged = new HashSet<>();
    for (Child child : all) {
      child.lines().stream().filter(l -> l.startsWith("R ")).forEach(l -> acknowledged.add(l.split(" ")[1]));
    }
    List<Run> runs = runs(experiment);
    assertThat(kills).isGreaterThanOrEqualTo(10);
    assertThat(runs).extracting(Run::id).containsAll(acknowledged);
    assertThat(runs).extracting(Run::number)
        .containsExactlyElementsOf(LongStream.range(0, runs.size()).boxed().toList());
  }

  @Test
  void instancesInOneProcessShareTheLockAcrossThreads() throws Exception {
    String experiment = newExperiment();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (Labbook first = ChildMain.open(store(), false); Labbook second = ChildMain.open(store(), false)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        Labbook lab = t % 2 == 0 ? first : second;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            lab.experiments().createRun(experiment);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(runs(experiment)).extracting(Run::number)
        .containsExactlyElementsOf(LongStream.range(0, 300).boxed().toList());
  }
}
