package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.internal.Json;
import dev.labbook.query.Query;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers are killed with SIGKILL at random moments, over and over, two at a time on one
 * store; afterwards every file parses and every write a writer acknowledged is there.
 */
class CrashSafetyTest {
  private static final int KILLS = 100;

  @TempDir Path folder;

  @Test
  void writersKilledAtRandomMomentsLeaveEveryFileWholeAndEveryAcknowledgedWrite() throws Exception {
    Path store = folder.resolve("store");
    Path log = folder.resolve("children.log");
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    AtomicInteger kills = new AtomicInteger();
    AtomicLong seeds = new AtomicLong();
    ExecutorService lanes = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int lane = 0; lane < 2; lane++) {
        // One lane forces every write to disk, the other does not: the two code paths.
        String fsync = String.valueOf(lane == 0);
        Random random = new Random(lane);
        done.add(lanes.submit(() -> {
          while (kills.get() < KILLS) {
            Child writer = Child.start(log, "writer", store.toString(),
                String.valueOf(seeds.incrementAndGet()), fsync);
            // The clock starts at the first acknowledged write, so that every kill lands while
            // the writer writes, not while its JVM starts.
            if (!writer.awaitLine("E ", 60_000)) {
              writer.kill();
              throw new AssertionError("a writer did not start writing; see " + log + ":\n"
                  + Files.readString(log));
            }
            Thread.sleep(20 + random.nextInt(281));
            writer.kill();
            kills.incrementAndGet();
            acknowledged.addAll(writer.lines());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      lanes.shutdownNow();
    }

    System.out.printf("%d kills, %d acknowledged writes: %s%n", kills.get(), acknowledged.size(),
        acknowledged.stream().collect(Collectors.groupingBy(l -> l.split(" ")[0], Collectors.counting())));
    assertThat(kills.get()).isGreaterThanOrEqualTo(KILLS);
    assertThat(acknowledged.stream().filter(l -> !l.equals("open")).count())
        .as("acknowledged writes").isGreaterThan(KILLS);
    assertEveryFileIsWhole(store);
    try (Labbook lab = ChildMain.open(store, true)) {
      assertEveryAcknowledgedWriteIsThere(lab, acknowledged, store);
      assertStoreIsConsistent(lab.experiments(), deletedNumbers(acknowledged));
      // and it still takes writes
      String experiment = lab.experiments().create("after the crashes").id();
      Run run = lab.experiments().createRun(experiment);
      lab.experiments().log(run.id(), MetricPoint.of("loss", 0, 1.0), MetricPoint.of("acc", 0, 0.5));
      assertThat(lab.experiments().latestMetrics(run.id())).containsOnlyKeys("loss", "acc");
    }
  }

  /** Every record file is complete JSON and every complete line of a series is JSON. */
  private static void assertEveryFileIsWhole(Path store) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(store)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    int records = 0;
    int lines = 0;
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.startsWith(".") || file.startsWith(store.resolve("trash"))) {
        continue; // temporary files a kill left behind, the lock file; never read as records
      }
      if (name.endsWith(".json")) {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(parses(bytes, 0, bytes.length)).as("%s parses", file).isTrue();
        records++;
      } else if (name.endsWith(".jsonl")) {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            assertThat(parses(bytes, start, i - start)).as("line at byte %d of %s parses", start, file)
                .isTrue();
            start = i + 1;
            lines++;
          }
        }
      }
    }
    System.out.printf("%d record files and %d series lines parse; %d temporary files left by kills%n",
        records, lines, files.stream().filter(f -> f.getFileName().toString().startsWith(Disk.TEMPORARY_PREFIX)).count());
    assertThat(records).isGreaterThan(KILLS);
    assertThat(lines).isPositive();
  }

  private static boolean parses(byte[] bytes, int offset, int length) {
    try {
      JsonText.parse(bytes, offset, length);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** For a failure message: the store's files whose path holds {@code id}. */
  private static List<String> filesNaming(Path store, String id) {
    try (Stream<Path> walk = Files.walk(store)) {
      return walk.map(store::relativize).map(Path::toString).filter(p -> p.contains(id)).toList();
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  private static void assertEveryAcknowledgedWriteIsThere(Labbook lab, List<String> acknowledged,
      Path store) {
    ExperimentStore s = lab.experiments();
    Set<String> mayBeDeleted = new HashSet<>();
    Set<String> deleted = new HashSet<>();
    for (String line : acknowledged) {
      String[] f = line.split(" ");
      if (f[0].equals("d")) {
        mayBeDeleted.add(f[1]);
      } else if (f[0].equals("D")) {
        deleted.add(f[1]);
      }
    }
    Map<String, long[]> lastUpdate = new HashMap<>();
    Map<String, String> updateComment = new HashMap<>();
    for (String line : acknowledged) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "E" -> {
          assertThat(s.get(f[1]).name()).as(line).isEqualTo(f[2]);
          assertThat(s.getByName(f[2]).id()).as(line).isEqualTo(f[1]);
        }
        case "R" -> {
          if (!mayBeDeleted.contains(f[1])) {
            assertThat(s.findRun(f[1])).as("%s; files naming it: %s", line, filesNaming(store, f[1]))
                .isPresent();
            Run run = s.getRun(f[1]);
            assertThat(run.experimentId()).as(line).isEqualTo(f[2]);
            assertThat(run.number()).as(line).isEqualTo(Long.parseLong(f[3]));
          }
        }
        case "M" -> {
          if (!mayBeDeleted.contains(f[1])) {
            for (int k = 0; k < ChildMain.BATCH_KEYS.size(); k++) {
              assertThat(bits(s.series(f[1], ChildMain.BATCH_KEYS.get(k)), Long.parseLong(f[2])))
                  .as(line).contains(f[3 + k]);
            }
          }
        }
        case "S" -> {
          if (!mayBeDeleted.contains(f[1])) {
            assertThat(bits(s.series(f[1], "solo"), Long.parseLong(f[2]))).as(line).contains(f[3]);
          }
        }
        case "U" -> {
          long version = Long.parseLong(f[2]);
          if (lastUpdate.getOrDefault(f[1], new long[] {-1})[0] < version) {
            lastUpdate.put(f[1], new long[] {version});
            updateComment.put(f[1], f[3]);
          }
        }
        case "A" -> {
          if (!mayBeDeleted.contains(f[1])) {
            assertThat(Json.sha256(s.readArtifact(f[1], f[2]))).as(line).isEqualTo(f[3]);
          }
        }
        case "C" -> assertThat(lab.configs().get(MatchesTheReferenceStoreTest.Cfg.class, f[1]))
            .as(line).isEqualTo(new MatchesTheReferenceStoreTest.Cfg(f[1], Integer.parseInt(f[2]),
                List.of("x")));
        case "D" -> assertThat(s.findRun(f[1])).as(line).isEmpty();
        default -> {
          // "open", "d"
        }
      }
    }
    lastUpdate.forEach((runId, version) -> {
      if (!mayBeDeleted.contains(runId)) {
        Run run = s.getRun(runId);
        assertThat(run.version()).as("version of %s", runId).isGreaterThanOrEqualTo(version[0]);
        if (run.version() == version[0]) {
          assertThat(run.comment()).isEqualTo(updateComment.get(runId));
        }
      }
    });
    assertThat(deleted).as("some deletes were acknowledged").isNotEmpty();
  }

  private static List<String> bits(List<MetricPoint> series, long step) {
    return series.stream().filter(p -> p.step() == step)
        .map(p -> Long.toHexString(Double.doubleToRawLongBits(p.value()))).toList();
  }

  /** The numbers of the runs a writer set out to delete, by experiment. */
  private static Map<String, Set<Long>> deletedNumbers(List<String> acknowledged) {
    Set<String> mayBeDeleted = acknowledged.stream().filter(l -> l.startsWith("d "))
        .map(l -> l.split(" ")[1]).collect(Collectors.toSet());
    Map<String, Set<Long>> numbers = new HashMap<>();
    for (String line : acknowledged) {
      String[] f = line.split(" ");
      if (f[0].equals("R") && mayBeDeleted.contains(f[1])) {
        numbers.computeIfAbsent(f[2], e -> new HashSet<>()).add(Long.parseLong(f[3]));
      }
    }
    return numbers;
  }

  /**
   * Run numbers are unique and without gaps per experiment (counting deleted runs), a batch of several keys is in all of its series or
   * in none, and every read works.
   */
  private static void assertStoreIsConsistent(ExperimentStore s, Map<String, Set<Long>> deleted) {
    int experiments = 0;
    for (var experiment : s.list().toList()) {
      experiments++;
      List<Long> numbers = s.runs(experiment.id()).map(Run::number).toList();
      assertThat(numbers).as("numbers in %s", experiment.name()).doesNotHaveDuplicates();
      Set<Long> taken = new TreeSet<>(numbers);
      taken.addAll(deleted.getOrDefault(experiment.id(), Set.of()));
      assertThat(taken).as("numbers of present and deleted runs in %s", experiment.name())
          .containsExactlyElementsOf(LongStream.range(0, taken.size()).boxed().toList());
      for (Run run : s.runs(experiment.id()).toList()) {
        List<Set<Long>> steps = new ArrayList<>();
        for (String key : ChildMain.BATCH_KEYS) {
          steps.add(s.series(run.id(), key).stream().map(MetricPoint::step)
              .collect(Collectors.toCollection(TreeSet::new)));
        }
        assertThat(steps).as("steps of each batch key of %s", run.id()).allMatch(steps.get(0)::equals);
        s.latestMetrics(run.id());
      }
    }
    assertThat(experiments).isGreaterThan(0);
    assertThat(s.runs(Query.parse("metrics.loss > 0 or metrics.loss <= 0")).count()).isPositive();
  }
}
