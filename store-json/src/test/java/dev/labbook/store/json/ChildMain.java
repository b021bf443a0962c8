package dev.labbook.store.json;

import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.internal.Json;
import dev.labbook.spi.StoreSettings;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The programs child JVMs run for the crash and many-process tests. Each prints one line per
 * acknowledged write, after the call returned, ending with {@code ;}:
 *
 * <ul>
 *   <li>{@code writer <folder> <seed> <fsync>}: writes forever, a mix of every kind of write;
 *   <li>{@code runs <folder> <experimentId> <count> [fsync]}: creates runs ({@code count} -1:
 *       forever);
 *   <li>{@code hold-lock <folder>}: takes the store's lock file as a writer does, and sleeps;
 *   <li>{@code track <folder> <runId>}: tracks the run with work that prints {@code tracking}
 *       and sleeps until the process is told to end.
 * </ul>
 */
public final class ChildMain {
  /** The keys of every batch the writer logs, all at one step: a batch shows whole or not at all. */
  static final List<String> BATCH_KEYS = List.of("loss", "Accuracy", "lr/group.0");

  private ChildMain() {}

  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[1]);
    switch (args[0]) {
      case "writer" -> writer(folder, Long.parseLong(args[2]), Boolean.parseBoolean(args[3]));
      case "runs" -> runs(folder, args[2], Integer.parseInt(args[3]),
          args.length <= 4 || Boolean.parseBoolean(args[4]));
      case "hold-lock" -> holdLock(folder);
      case "track" -> track(folder, args[2]);
      default -> throw new IllegalArgumentException("no program " + args[0]);
    }
  }

  private static void track(Path folder, String runId) throws InterruptedException {
    // not closed: a signal ends the process while the work runs, with the store open
    Labbook lab = open(folder, true);
    lab.tracker().run(runId).track(run -> {
      System.out.println("tracking;");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
      return null;
    });
  }

  static Labbook open(Path folder, boolean fsync) {
    return Labbook.builder()
        .settings(StoreSettings.of("json:" + folder, Map.of("fsync", String.valueOf(fsync), "lock.timeout", "60")))
        .codecs(codecs()).open();
  }

  static CodecRegistry codecs() {
    return CodecRegistry.create().register("cfg", MatchesTheReferenceStoreTest.Cfg.class);
  }

  private static void ack(String line) {
    System.out.println(line + ";");
    System.out.flush();
  }

  private static void writer(Path folder, long seed, boolean fsync) {
    Random random = new Random(seed);
    try (Labbook lab = open(folder, fsync)) {
      ExperimentStore s = lab.experiments();
      ack("open");
      List<String> experiments = new ArrayList<>();
      List<String> runs = new ArrayList<>();
      Map<String, Integer> steps = new HashMap<>();
      for (int i = 0; ; i++) {
        int op = experiments.isEmpty() ? 0 : runs.isEmpty() ? 1 : random.nextInt(20);
        String tag = seed + "-" + i;
        if (op == 0) {
          Experiment e = s.create(ExperimentSpec.named("e-" + tag).metadata("i", i));
          experiments.add(e.id());
          ack("E " + e.id() + " e-" + tag);
        } else if (op <= 2) {
          String experiment = experiments.get(random.nextInt(experiments.size()));
          Run run = s.createRun(experiment, RunSpec.create().param("i", i));
          runs.add(run.id());
          ack("R " + run.id() + " " + experiment + " " + run.number());
        } else if (op <= 8) {
          String run = runs.get(random.nextInt(runs.size()));
          int step = steps.merge(run, 1, Integer::sum) - 1;
          List<MetricPoint> batch = new ArrayList<>();
          StringBuilder line = new StringBuilder("M " + run + " " + step);
          for (String key : BATCH_KEYS) {
            double value = Double.longBitsToDouble(random.nextLong());
            batch.add(MetricPoint.of(key, step, value));
            line.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(value)));
          }
          s.log(run, batch);
          ack(line.toString());
        } else if (op == 9) {
          String run = runs.get(random.nextInt(runs.size()));
          double value = random.nextBoolean() ? Double.NaN : -0.0;
          s.log(run, MetricPoint.of("solo", i, value));
          ack("S " + run + " " + i + " " + Long.toHexString(Double.doubleToRawLongBits(value)));
        } else if (op <= 11) {
          String run = runs.get(random.nextInt(runs.size()));
          Run updated = s.updateRun(s.getRun(run).withComment("c" + i));
          ack("U " + run + " " + updated.version() + " c" + i);
        } else if (op == 12) {
          String owner = random.nextBoolean() ? runs.get(random.nextInt(runs.size()))
              : experiments.get(random.nextInt(experiments.size()));
          byte[] content = new byte[random.nextInt(64 * 1024)];
          random.nextBytes(content);
          String path = "files/" + i + ".bin";
          s.putArtifact(owner, path, content);
          ack("A " + owner + " " + path + " " + Json.sha256(content));
        } else if (op == 13) {
          lab.configs().put(new MatchesTheReferenceStoreTest.Cfg("cfg-" + tag, i, List.of("x")));
          ack("C cfg-" + tag + " " + i);
        } else if (op == 14) {
          String run = runs.remove(random.nextInt(runs.size()));
          ack("d " + run); // the intent: after a kill, this run may be gone or not
          s.deleteRun(run);
          ack("D " + run);
        }
      }
    }
  }

  private static void runs(Path folder, String experimentId, int count, boolean fsync) {
    try (Labbook lab = open(folder, fsync)) {
      ack("open");
      for (int i = 0; count < 0 || i < count; i++) {
        Run run = lab.experiments().createRun(experimentId);
        ack("R " + run.id() + " " + run.number());
      }
      ack("done");
    }
  }

  private static void holdLock(Path folder) throws Exception {
    try (FileChannel channel = FileChannel.open(folder.resolve(Layout.LOCK),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      ack("locked " + lock.isValid());
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
