package dev.labbook.bench;

import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.spi.StoreSettings;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The workloads over a growing store, one pre-fill serving all three: the store's one
 * experiment is filled to each level of {@link Sizes#levels()} in turn, and at each level
 *
 * <ul>
 *   <li>W6 (first two levels) counts what create run, log one batch (1,000 points), finish a
 *       run and get by id send to the server, each once after one uncounted warm-up;
 *   <li>W4 (second level, the experiment then holding exactly that many runs) times
 *       {@code tracker().bestRun} by {@code metrics.loss}, the median of its calls;
 *   <li>W5 times W1's trial, the per-run cost at this size.
 * </ul>
 */
final class Scale {
  static final String[] OPERATIONS = {"create run", "log one batch", "finish run", "get by id"};

  private final Servers servers;
  private final Sizes sizes;
  private final Results results;

  Scale(Servers servers, Sizes sizes, Results results) {
    this.servers = servers;
    this.sizes = sizes;
    this.results = results;
  }

  void run(Backend backend) throws Exception {
    StoreSettings settings = servers.fresh(backend);
    Prefill prefill = new Prefill(servers);
    Map<Integer, long[][]> counted = new LinkedHashMap<>();
    String[] kinds = null;
    Map<Long, Double> msPerRun = new LinkedHashMap<>(); // by the runs in store when measured
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      ExperimentStore experiments = lab.experiments();
      String experiment = experiments.create("scale").id();
      Random random = new Random(42);
      long inStore = 0;
      long deadline = System.nanoTime() + sizes.prefillSeconds() * 1_000_000_000L;
      for (int i = 0; i < sizes.levels().size(); i++) {
        int level = sizes.levels().get(i);
        long fillStart = System.nanoTime();
        long wanted = level - inStore;
        long added = prefill.add(backend, lab, experiment, (int) wanted, deadline);
        inStore += added;
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        String reached = added == wanted ? "" : "pre-fill stopped at its budget of " + sizes.prefillSeconds()
            + " s with " + inStore + " runs in store (" + Math.round(added / fillSeconds) + " runs/s); measured there";
        System.out.printf("  %s: %d runs in store (pre-filled in %.1f s)%n", backend.key(), inStore, fillSeconds);
        if (level == sizes.bestRunLevel() || !reached.isEmpty() && i < 2) {
          bestRun(backend, lab, experiment, inStore);
        }
        if (i < 2) {
          try (Counting counting = counting(backend, lab)) {
            if (counting != null) {
              kinds = counting.counter.kinds();
              counted.put(level, roundTrips(counting, experiment, random));
              inStore += 2;
            }
          }
        }
        Trials.time(experiments, experiment, Math.max(1, sizes.scaleTrials() / 10), random); // warm-up
        double seconds = Trials.time(experiments, experiment, sizes.scaleTrials(), random);
        double ms = seconds * 1000 / sizes.scaleTrials();
        msPerRun.put(inStore, ms);
        results.add("W5", Measures.msPerRunAt(level), backend, ms, "ms/run", reached.isEmpty()
            ? "W1's trial, " + sizes.scaleTrials() + " runs timed into the experiment holding the others" : reached);
        inStore += sizes.scaleTrials() + Math.max(1, sizes.scaleTrials() / 10);
        if (!reached.isEmpty()) {
          break;
        }
      }
      results.add("W5", Measures.LARGEST_LEVEL, backend, inStore, "runs", "");
    }
    List<Long> measuredAt = new ArrayList<>(msPerRun.keySet());
    long small = measuredAt.get(0);
    long large = measuredAt.get(measuredAt.size() - 1);
    results.add("W5", Measures.SCALE_RATIO, backend, msPerRun.get(small) / msPerRun.get(large), "ratio",
        "cost with " + small + " runs in store ÷ cost with " + large + " (1.0: no growth; 0.5: twice the cost)");
    if (kinds != null) {
      report(backend, kinds, counted);
    }
  }

  private void bestRun(Backend backend, Labbook lab, String experiment, long level) {
    Objective objective = Objective.minimize("metrics." + Trials.METRIC);
    for (int i = 0; i < 2; i++) {
      lab.tracker().bestRun(experiment, objective).orElseThrow(); // warm-up
    }
    // A store that reads every run for it (the JSON store) would take many minutes for 100
    // calls at 10,000 runs: the calls stop after 30 seconds, once at least 5 were made.
    List<Double> ms = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ms.size() < sizes.bestCalls() && (ms.size() < 5 || System.nanoTime() < deadline)) {
      long start = System.nanoTime();
      lab.tracker().bestRun(experiment, objective).orElseThrow();
      ms.add((System.nanoTime() - start) / 1e6);
    }
    results.add("W4", Measures.MEDIAN_MS, backend, median(ms.stream().mapToDouble(Double::doubleValue).toArray()), "ms",
        "tracker().bestRun(experiment, minimize metrics.loss) among " + level + " runs, "
            + ms.size() + " calls" + (ms.size() < sizes.bestCalls() ? " (stopped after 30 s)" : ""));
  }

  /** Counts of each operation, [operation][kind]. */
  private long[][] roundTrips(Counting counting, String experiment, Random random) throws Exception {
    ExperimentStore experiments = counting.lab.experiments();
    List<MetricPoint> batch = new ArrayList<>();
    for (int step = 0; step < 1000; step++) {
      batch.add(MetricPoint.of("wire", step, random.nextDouble()));
    }
    long[][] counts = new long[OPERATIONS.length][];
    for (int round = 0; round < 2; round++) {
      boolean count = round == 1; // the first round warms the pool and the statement caches
      WireCounter c = counting.counter;
      if (count) {
        c.start();
      }
      Run run = experiments.createRun(experiment, Trials.spec(random));
      if (count) {
        counts[0] = c.stop();
        c.start();
      }
      experiments.log(run.id(), batch);
      if (count) {
        counts[1] = c.stop();
        c.start();
      }
      Trials.finish(experiments, run, 0.5);
      if (count) {
        counts[2] = c.stop();
        c.start();
      }
      experiments.getRun(run.id());
      if (count) {
        counts[3] = c.stop();
        if (counting.counter instanceof MongoCommandCounter mongo) {
          System.out.println("    mongodb commands for get by id: " + mongo.lastCommands());
        }
      }
    }
    return counts;
  }

  private void report(Backend backend, String[] kinds, Map<Integer, long[][]> counted) {
    long growth = 0;
    List<Integer> levels = new ArrayList<>(counted.keySet());
    for (int level : levels) {
      long[][] counts = counted.get(level);
      for (int op = 0; op < OPERATIONS.length; op++) {
        for (int k = 0; k < kinds.length; k++) {
          results.add("W6", Measures.operationAt(OPERATIONS[op], level) + ", " + kinds[k], backend,
              counts[op][k], kinds[k], "");
        }
      }
    }
    long[][] small = counted.get(levels.get(0));
    long[][] large = counted.get(levels.get(levels.size() - 1));
    for (int op = 0; op < OPERATIONS.length; op++) {
      growth += Math.abs(large[op][0] - small[op][0]);
    }
    results.add("W6", Measures.GROWTH, backend, growth, kinds[0],
        "sum over the four operations of |" + kinds[0] + " at " + levels.get(levels.size() - 1)
            + " − at " + levels.get(0) + "|");
    if (backend != Backend.H2) {
      results.add("W6", Measures.BATCH_TRIPS, backend, large[1][0], kinds[0],
          backend == Backend.POSTGRESQL ? "Sync messages: the batch's inserts, then the commit"
              : "OP_MSG commands: " + Arrays.toString(large[1]));
    }
  }

  /**
   * A store instance whose traffic a counter sees, or null where nothing is counted (json):
   * the measured instance itself on PostgreSQL and H2, a second one through the counting proxy
   * on MongoDB.
   */
  private Counting counting(Backend backend, Labbook lab) throws Exception {
    StoreSettings settings = lab.settings();
    switch (backend) {
      case POSTGRESQL:
        return new Counting(lab, null, new PostgresWireCounter());
      case H2: {
        String url = Servers.h2Url(java.nio.file.Path.of(settings.schemeSpecificPart()));
        return new Counting(lab, null, new H2StatementCounter(java.sql.DriverManager.getConnection(url)));
      }
      case MONGODB: {
        InetSocketAddress address = servers.mongoAddress();
        if (address == null) {
          return null;
        }
        MongoCommandCounter counter = new MongoCommandCounter(address);
        Labbook proxied = Labbook.builder().settings(Servers.viaMongo(settings, counter.uri())).open();
        return new Counting(proxied, proxied, counter);
      }
      default:
        return null;
    }
  }

  /** The store instance to count on, the one to close afterwards (if any), and the counter. */
  private record Counting(Labbook lab, Labbook own, WireCounter counter) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      try (counter) {
        if (own != null) {
          own.close();
        }
      }
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
