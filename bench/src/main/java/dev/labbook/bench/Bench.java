package dev.labbook.bench;

import dev.labbook.Labbook;
import dev.labbook.spi.StoreSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark harness: runs W1 … W6 and the streaming read on every backend and writes
 * {@code results/<date>.json} and {@code .md}. See README.md for the workloads and the command.
 *
 * <p>Arguments: {@code --full} (issue 9's sizes) or {@code --smoke} (tiny, the default);
 * {@code --out <folder>} (default {@code bench/results}, or {@code results} when run from
 * {@code bench/}); {@code --backends json,postgresql,h2,mongodb} (default all);
 * {@code --workloads w1,w2,scale,w3} (default all; {@code w2} includes the streaming read,
 * {@code scale} is W4, W5 and W6); {@code --levels 1000,10000,100000} and
 * {@code --scale-trials 300} to change W5's sizes (for a quicker look; the README's table is
 * always a plain {@code --full} run).
 */
public final class Bench {
  /** Kept referenced: a logger's level lasts only as long as the logger does. */
  private static final List<java.util.logging.Logger> QUIET = List.of(
      java.util.logging.Logger.getLogger("org.flywaydb"), java.util.logging.Logger.getLogger("org.hibernate"),
      java.util.logging.Logger.getLogger("com.zaxxer.hikari"));

  /** Every workload group, in the order they run. */
  static final List<String> WORKLOADS = List.of("w1", "w2", "w3", "scale");

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Sizes sizes = Sizes.smoke();
    Path out = Files.isDirectory(Path.of("bench")) ? Path.of("bench", "results") : Path.of("results");
    List<Backend> backends = Arrays.asList(Backend.values());
    List<String> workloads = WORKLOADS;
    List<Integer> levels = null;
    Integer scaleTrials = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full" -> sizes = Sizes.full();
        case "--smoke" -> sizes = Sizes.smoke();
        case "--out" -> out = Path.of(args[++i]);
        case "--backends" -> backends = Arrays.stream(args[++i].split(","))
            .map(b -> Backend.valueOf(b.trim().toUpperCase(Locale.ROOT))).toList();
        case "--workloads" -> workloads = Arrays.stream(args[++i].split(","))
            .map(w -> w.trim().toLowerCase(Locale.ROOT)).toList();
        case "--levels" -> levels = Arrays.stream(args[++i].split(",")).map(l -> Integer.valueOf(l.trim())).toList();
        case "--scale-trials" -> scaleTrials = Integer.valueOf(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; use --full | --smoke, --out <folder>, --backends json,postgresql,h2,mongodb,"
            + " --workloads w1,w2,scale,w3, --levels a,b,c, --scale-trials n");
      }
    }
    if (levels != null || scaleTrials != null) {
      if (levels != null && levels.size() < 2) {
        throw new IllegalArgumentException("--levels needs at least two store sizes");
      }
      sizes = sizes.withScale(levels == null ? sizes.levels() : levels,
          scaleTrials == null ? sizes.scaleTrials() : scaleTrials);
    }
    long start = System.nanoTime();
    String name = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + (!sizes.mode().startsWith("full") ? "-smoke"
            : sizes.mode().equals("full") && workloads.equals(WORKLOADS) && backends.size() == Backend.values().length
                ? "" : "-partial");
    Results results = new Results();
    Path folder = out;
    // Written after every backend of every workload too, so that a run cut short keeps its figures.
    Runnable checkpoint = () -> {
      try {
        results.write(folder, name + "-unfinished");
      } catch (java.io.IOException e) {
        System.out.println("cannot write the figures so far: " + e);
      }
    };
    try (Servers servers = Servers.start()) {
      run(servers, sizes, backends, workloads, results, checkpoint);
    }
    double minutes = (System.nanoTime() - start) / 60e9;
    results.about("duration", String.format(Locale.ROOT, "%.1f min", minutes));
    Files.deleteIfExists(out.resolve(name + "-unfinished.json"));
    Files.deleteIfExists(out.resolve(name + "-unfinished.md"));
    Path md = results.write(out, name);
    if (name.matches("[0-9TZ-]+") && Files.isRegularFile(out.resolveSibling("README.md"))) {
      LatestTable.update(out.resolveSibling("README.md"), Files.readString(md),
          out.getFileName() + "/" + md.getFileName());
    }
    System.out.println();
    System.out.println(Files.readString(md));
    System.out.println("Written: " + md + " and " + md.resolveSibling(name + ".json"));
    System.exit(0); // the embedded servers' and drivers' threads must not keep exec:java waiting
  }

  /** Runs every workload on the backends; the figures come back, nothing is written. */
  static Results run(Servers servers, Sizes sizes, List<Backend> backends, List<String> workloads)
      throws Exception {
    Results results = new Results();
    run(servers, sizes, backends, workloads, results, () -> {});
    return results;
  }

  /** As above, into {@code results}, calling {@code checkpoint} after each backend of each workload. */
  static void run(Servers servers, Sizes sizes, List<Backend> backends, List<String> workloads,
      Results results, Runnable checkpoint) throws Exception {
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING)); // start-up chatter, per store
    results.about("date", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    results.about("mode", sizes.mode() + " " + sizes);
    results.about("machine", Runtime.getRuntime().availableProcessors() + " cores, "
        + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize() >> 30) + " GiB, " + System.getProperty("os.name") + " "
        + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
        + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
    results.about("postgresql", servers.postgresLabel());
    results.about("mongodb", servers.mongoLabel());
    results.about("h2", "H2 " + org.h2.engine.Constants.VERSION
        + ", file in the temporary folder, in-process (AUTO_SERVER)");
    results.about("json", "JSON store in the temporary folder, default options (fsync=true)");

    for (Backend backend : workloads.contains("w1") ? backends : List.<Backend>of()) {
      phase("W1 trials", backend);
      guarded(results, "W1", Measures.RUNS_PER_S, backend, () -> trials(servers, sizes, results, backend));
      checkpoint.run();
    }
    Ingest ingest = new Ingest(servers, sizes, results);
    StreamingRead streaming = new StreamingRead(sizes, results);
    for (Backend backend : workloads.contains("w2") ? backends : List.<Backend>of()) {
      phase("W2 ingest + streaming read", backend);
      guarded(results, "W2", Measures.POINTS_PER_S, backend, () -> {
        Ingest.Ingested ingested = ingest.run(backend);
        streaming.run(backend, ingested);
        servers.release(backend, ingested.settings());
      });
      checkpoint.run();
    }
    Summaries summaries = new Summaries(servers, sizes, results);
    for (Backend backend : workloads.contains("w3") ? backends : List.<Backend>of()) {
      phase("W3 summaries", backend);
      guarded(results, "W3", Measures.MEDIAN_MS, backend, () -> summaries.run(backend));
      checkpoint.run();
    }
    Scale scale = new Scale(servers, sizes, results);
    for (Backend backend : workloads.contains("scale") ? backends : List.<Backend>of()) {
      phase("W4, W5, W6 over a growing store", backend);
      guarded(results, "W5", Measures.SCALE_RATIO, backend, () -> scale.run(backend));
      checkpoint.run();
    }
  }

  /** A workload's step on one backend. */
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Runs a workload on one backend; a failure is recorded as a NaN figure that says why (and
   * printed), and the other backends and workloads still run.
   */
  private static void guarded(Results results, String workload, String measure, Backend backend, Step step) {
    try {
      step.run();
    } catch (Exception | Error e) {
      e.printStackTrace(System.out);
      results.add(workload, measure + " (FAILED)", backend, Double.NaN, "", "FAILED: " + e);
    }
  }

  private static void trials(Servers servers, Sizes sizes, Results results, Backend backend) throws Exception {
    StoreSettings settings = servers.fresh(backend);
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      Random random = new Random(1);
      String warmUp = lab.experiments().create("warm-up").id();
      Trials.time(lab.experiments(), warmUp, Math.max(2, sizes.trials() / 20), random);
      String experiment = lab.experiments().create("trials").id();
      double seconds = Trials.time(lab.experiments(), experiment, sizes.trials(), random);
      results.add("W1", Measures.RUNS_PER_S, backend, sizes.trials() / seconds, "runs/s",
          sizes.trials() + " runs, each created, 5 params, 20 single-point log calls, finished; one thread");
      if (lab.capabilities().has(dev.labbook.spi.Capability.TRANSACTIONS)) {
        // Not a workload of the issue: the same trials, each in one unit of work (one commit
        // instead of 22), to show what the per-call commits cost.
        String units = lab.experiments().create("trials-in-units").id();
        long start = System.nanoTime();
        for (int i = 0; i < sizes.trials(); i++) {
          lab.unitOfWork(() -> Trials.trial(lab.experiments(), units, random));
        }
        results.add("W1", Measures.RUNS_PER_S_IN_UNITS, backend, sizes.trials() / ((System.nanoTime() - start) / 1e9),
            "runs/s", "the same trials, each inside lab.unitOfWork (one transaction, one commit)");
      }
    }
  }

  private static void phase(String name, Backend backend) {
    System.out.printf("%s — %s — %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), name, backend.key());
  }

}
