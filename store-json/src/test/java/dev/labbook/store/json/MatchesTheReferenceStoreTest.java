package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Artifact;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.Sort;
import dev.labbook.spi.StoreSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON store answers every call as core's in-memory reference store does: random sequences
 * of operations (awkward names, stale versions, deleted owners, out-of-order steps, NaN, queries
 * with filters, sorts and paging) run against both, and each answer, value or exception type,
 * must match, ids translated. Then the whole state is compared, before and after reopening.
 */
class MatchesTheReferenceStoreTest {
  record Cfg(String name, int size, List<String> items) {}

  record Pipeline(String name, Cfg first, Cfg second, BigDecimal rate) {}

  static final List<String> NAMES = List.of("a", "A", "..", ".", "/", "\\", ":", "*", "CON", "con",
      "nul.txt", "Lpt1", "\u00e9", "e\u0301", "x".repeat(250), "\u65e5\u672c".repeat(100),
      "a b", "%41", "+", "-", "_", "\ud83d\ude00", "@type", "a.b", "COM\u00b9");
  static final List<String> KEYS = List.of("loss", "acc", "a/b", "CON", "\u00e9", "@x", "Loss",
      "k".repeat(255));
  static final List<String> PATHS = List.of("a", "a/b", "logs/train.txt", "CON/nul.txt",
      "\u00fc/x", "A", "a/b/c", ".hidden", "x".repeat(200) + "/" + "y".repeat(200));
  static final List<String> EXPERIMENT_QUERIES = List.of("", "name = 'a'", "tags contains 't1'",
      "metadata.k > 3", "not (metadata.k < 5)", "description = null", "exists metadata.k");
  static final List<String> RUN_QUERIES = List.of("", "params.lr > 0.5", "metrics.loss < 0.5",
      "status = 'COMPLETED'", "params.layers in (1, 2)", "tags contains 't2'",
      "metrics.acc = 1 or params.name = 'b'", "exists metrics.CON", "results.v >= 0");
  static final List<List<Sort>> SORTS = List.of(List.of(), List.of(Sort.asc("name")),
      List.of(Sort.desc("created")), List.of(Sort.desc("metadata.k"), Sort.asc("name")));
  static final List<List<Sort>> RUN_SORTS = List.of(List.of(), List.of(Sort.desc("number")),
      List.of(Sort.asc("metrics.loss")), List.of(Sort.desc("params.lr"), Sort.asc("status")),
      List.of(Sort.asc("metrics.acc"), Sort.desc("updated")));

  @TempDir Path folder;

  private final Map<String, String> jsonToMem = new LinkedHashMap<>();
  private final List<String[]> experiments = new ArrayList<>();
  private final List<String[]> runs = new ArrayList<>();
  private Labbook mem;
  private Labbook json;
  private Random random;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void randomOperationsGetTheSameAnswers(long seed) {
    random = new Random(seed);
    mem = open(StoreSettings.of("mem:", Map.of()));
    StoreSettings jsonSettings = StoreSettings.of("json:" + folder.resolve("store"),
        Map.of("fsync", "false"));
    json = open(jsonSettings);
    try {
      for (int i = 0; i < 500; i++) {
        step(i);
      }
      compareEverything();
      assertThat(json.experiments().list().count()).as("experiments left").isGreaterThan(3);
      assertThat(json.experiments().runs(Query.all())
          .filter(r -> !json.experiments().latestMetrics(r.id()).isEmpty()).count())
          .as("runs with metrics").isGreaterThan(3);
      assertThat(json.configs().names(Cfg.class)).as("configs").isNotEmpty();
      json.close();
      json = open(jsonSettings);
      compareEverything();
    } finally {
      mem.close();
      json.close();
    }
  }

  private static Labbook open(StoreSettings settings) {
    CodecRegistry codecs = CodecRegistry.create().register("cfg", Cfg.class)
        .register("pipeline", Pipeline.class);
    return Labbook.builder().settings(settings).codecs(codecs).clock(new TickingClock()).open();
  }

  /** Starts at the same instant in every store and moves on a millisecond per reading. */
  static final class TickingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.incrementAndGet());
    }
  }

  private void step(int i) {
    int what = random.nextInt(20);
    switch (what) {
      case 0, 1 -> createExperiment();
      case 2 -> updateExperiment();
      case 3 -> same("delete experiment", s -> {
        s.delete(pick(experiments, s));
        return null;
      });
      case 4, 5, 6 -> createRun();
      case 7 -> updateRun();
      case 8 -> same("delete run", s -> {
        s.deleteRun(pick(runs, s));
        return null;
      });
      case 9, 10, 11 -> log();
      case 12 -> {
        String key = any(KEYS);
        same("series " + key, s -> s.series(pick(runs, s), key));
      }
      case 13 -> same("latest", s -> new TreeMap<>(s.latestMetrics(pick(runs, s))));
      case 14 -> queryExperiments();
      case 15 -> queryRuns();
      case 16 -> artifacts();
      case 17, 18 -> configs();
      default -> {
        String name = any(NAMES);
        same("find by name", s -> s.findByName(name));
      }
    }
  }

  private void createExperiment() {
    String name = any(NAMES) + (random.nextInt(3) == 0 ? "" + random.nextInt(5) : "");
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (random.nextBoolean()) {
      metadata.put("k", random.nextInt(10));
    }
    metadata.put("odd", random.nextBoolean() ? Double.NaN : -0.0);
    ExperimentSpec spec = ExperimentSpec.named(name).metadata(metadata)
        .tags(random.nextBoolean() ? new String[] {"t1"} : new String[] {"t2", "\u00e9"});
    if (random.nextBoolean()) {
      spec = spec.description("about " + name);
    }
    ExperimentSpec fixed = spec;
    Object[] created = sameWithIds("create experiment", s -> s.create(fixed),
        e -> ((Experiment) e).id());
    if (created != null) {
      experiments.add(new String[] {((Experiment) created[0]).id(), ((Experiment) created[1]).id()});
    }
  }

  private void updateExperiment() {
    String name = any(NAMES);
    boolean stale = random.nextInt(4) == 0;
    String tag = "t" + random.nextInt(3);
    same("update experiment", s -> {
      Experiment e = s.get(pick(experiments, s));
      Experiment changed = e.withName(name).withTags(java.util.Set.of(tag));
      if (stale) {
        s.update(changed);
      }
      return s.update(changed);
    });
  }

  private void createRun() {
    RunSpec spec = RunSpec.create().param("lr", random.nextInt(4) == 0 ? Double.NaN : random.nextDouble())
        .param("layers", random.nextInt(4)).param("name", any(List.of("a", "b", "\u00e9")))
        .tags(random.nextBoolean() ? "t1" : "t2");
    if (random.nextBoolean()) {
      spec = spec.status(RunStatus.RUNNING).comment("c" + random.nextInt(3));
    }
    RunSpec fixed = spec;
    Object[] created = sameWithIds("create run", s -> s.createRun(pick(experiments, s), fixed),
        r -> ((Run) r).id());
    if (created != null) {
      runs.add(new String[] {((Run) created[0]).id(), ((Run) created[1]).id()});
    }
  }

  private void updateRun() {
    RunStatus status = any(List.of(RunStatus.values()));
    double value = random.nextDouble() - 0.2;
    boolean stale = random.nextInt(4) == 0;
    same("update run", s -> {
      Run run = s.getRun(pick(runs, s));
      Run changed = run.withStatus(status).withResults(Map.of("v", value)).withComment(null);
      if (stale) {
        s.updateRun(changed);
      }
      return s.updateRun(changed);
    });
  }

  private void log() {
    List<MetricPoint> batch = new ArrayList<>();
    int size = random.nextInt(4);
    for (int i = 0; i < size; i++) {
      double value = switch (random.nextInt(8)) {
        case 0 -> Double.NaN;
        case 1 -> -0.0;
        case 2 -> Double.NEGATIVE_INFINITY;
        case 3 -> 1.0;
        default -> random.nextDouble();
      };
      MetricPoint p = random.nextBoolean() ? MetricPoint.of(any(KEYS), random.nextInt(6), value)
          : MetricPoint.of(any(KEYS), random.nextInt(6), random.nextDouble(), value);
      batch.add(p.at(Instant.ofEpochMilli(1_600_000_000_000L + random.nextInt(1000))));
    }
    same("log", s -> {
      s.log(pick(runs, s), batch);
      return null;
    });
  }

  private void queryExperiments() {
    Query query = Query.parse(any(EXPERIMENT_QUERIES)).orderBy(any(SORTS).toArray(Sort[]::new));
    int limit = 1 + random.nextInt(4);
    same("list experiments", s -> s.list(query).toList());
    same("pages of experiments", s -> pages(q -> s.page(q), query.limit(limit)));
  }

  private void queryRuns() {
    Query query = Query.parse(any(RUN_QUERIES)).orderBy(any(RUN_SORTS).toArray(Sort[]::new));
    int limit = 1 + random.nextInt(4);
    if (random.nextBoolean()) {
      same("runs of all", s -> s.runs(query).toList());
    } else {
      same("runs of one", s -> s.runs(pick(experiments, s), query).toList());
      same("pages of runs", s -> {
        String experiment = pick(experiments, s);
        return pages(q -> s.runPage(experiment, q), query.limit(limit));
      });
    }
  }

  private static <T> List<List<T>> pages(Function<Query, Page<T>> fetch, Query first) {
    List<List<T>> pages = new ArrayList<>();
    Query query = first;
    while (true) {
      Page<T> page = fetch.apply(query);
      pages.add(page.items());
      if (page.next().isEmpty()) {
        return pages;
      }
      query = query.after(page.next().get().token());
    }
  }

  private void artifacts() {
    String path = any(PATHS);
    byte[] content = ("content of " + path + random.nextInt(3)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean ofRun = random.nextBoolean();
    switch (random.nextInt(4)) {
      case 0 -> same("put artifact", s -> s.putArtifact(owner(s, ofRun), path, content));
      case 1 -> same("read artifact", s -> new String(s.readArtifact(owner(s, ofRun), path),
          java.nio.charset.StandardCharsets.UTF_8));
      case 2 -> same("list artifacts", s -> s.artifacts(owner(s, ofRun)));
      default -> same("delete artifact", s -> {
        s.deleteArtifact(owner(s, ofRun), path);
        return null;
      });
    }
  }

  private String owner(ExperimentStore s, boolean ofRun) {
    return ofRun ? pick(runs, s) : pick(experiments, s);
  }

  private void configs() {
    String name = any(NAMES);
    Cfg cfg = new Cfg(name, random.nextInt(2), List.of("x", any(NAMES)));
    Pipeline pipeline = new Pipeline(any(NAMES), cfg, new Cfg(any(NAMES), 1, List.of()),
        new BigDecimal(random.nextBoolean() ? "1.50" : "3.14159265358979323846264338327950288"));
    switch (random.nextInt(5)) {
      case 0 -> sameConfig("put", l -> l.configs().put(cfg));
      case 1 -> sameConfig("put pipeline", l -> l.configs().put(pipeline));
      case 2 -> sameConfig("get", l -> l.configs().find(Cfg.class, name));
      case 3 -> sameConfig("get pipeline", l -> l.configs().find(Pipeline.class, pipeline.name()));
      default -> sameConfig("delete", l -> {
        l.configs().delete(Cfg.class, name);
        return null;
      });
    }
    sameConfig("names", l -> List.of(l.configs().names(Cfg.class), l.configs().names(Pipeline.class)));
  }

  private void compareEverything() {
    same("all experiments", s -> s.list().toList());
    same("all runs", s -> s.runs(Query.all()).toList());
    for (String[] e : experiments) {
      same("runs of " + e[0], s -> s.runs(e[s == mem.experiments() ? 0 : 1]).toList());
      same("artifacts of " + e[0], s -> s.artifacts(e[s == mem.experiments() ? 0 : 1]));
    }
    for (String[] r : runs) {
      same("latest of " + r[0], s -> new TreeMap<>(s.latestMetrics(r[s == mem.experiments() ? 0 : 1])));
      for (String key : KEYS) {
        same("series " + key + " of " + r[0], s -> s.series(r[s == mem.experiments() ? 0 : 1], key));
      }
      same("artifacts of " + r[0], s -> {
        String id = r[s == mem.experiments() ? 0 : 1];
        List<Artifact> listed = s.artifacts(id);
        List<String> contents = listed.stream().map(a -> new String(s.readArtifact(id, a.path()),
            java.nio.charset.StandardCharsets.UTF_8)).toList();
        return List.of(listed, contents);
      });
    }
    sameConfig("names", l -> List.of(l.configs().names(Cfg.class), l.configs().names(Pipeline.class)));
    for (String name : NAMES) {
      sameConfig("config " + name, l -> List.of(l.configs().find(Cfg.class, name),
          l.configs().find(Pipeline.class, name)));
    }
  }

  // ---- running one call on both stores

  /** An id of a pair (or now and then an unknown one), as the store at hand knows it. */
  private String pick(List<String[]> pairs, ExperimentStore store) {
    int index = pickIndex(pairs);
    if (index < 0) {
      return "no-such-id";
    }
    return pairs.get(index)[store == mem.experiments() ? 0 : 1];
  }

  private Integer picked;

  private int pickIndex(List<String[]> pairs) {
    if (picked == null) {
      picked = pairs.isEmpty() || random.nextInt(12) == 0 ? -1 : random.nextInt(pairs.size());
    }
    return picked;
  }

  private <T> T any(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private void same(String what, Function<ExperimentStore, Object> call) {
    sameWithIds(what, call, null);
  }

  private void sameConfig(String what, Function<Labbook, Object> call) {
    Outcome expected = outcome(() -> call.apply(mem));
    Outcome actual = outcome(() -> call.apply(json));
    assertThat(translate(actual.text())).as(what).isEqualTo(expected.text());
  }

  /**
   * Runs the call on the reference and then on the JSON store (the same random choices for
   * both) and compares; returns both results when both succeeded, after recording the new id.
   */
  private Object[] sameWithIds(String what, Function<ExperimentStore, Object> call,
      Function<Object, String> idOf) {
    picked = null;
    Map<Integer, Object> results = new TreeMap<>();
    Outcome expected = outcome(() -> {
      Object r = call.apply(mem.experiments());
      results.put(0, r);
      return r;
    });
    Outcome actual = outcome(() -> {
      Object r = call.apply(json.experiments());
      results.put(1, r);
      return r;
    });
    picked = null;
    if (idOf != null && results.size() == 2) {
      jsonToMem.put(idOf.apply(results.get(1)), idOf.apply(results.get(0)));
    }
    assertThat(translate(actual.text())).as(what).isEqualTo(expected.text());
    return results.size() == 2 ? new Object[] {results.get(0), results.get(1)} : null;
  }

  private record Outcome(String text) {}

  private static Outcome outcome(Supplier<Object> call) {
    try {
      Object result = call.get();
      if (result instanceof Stream<?> stream) {
        result = stream.toList();
      }
      if (result instanceof Optional<?> optional) {
        result = optional.map(Object::toString).orElse("(empty)");
      }
      return new Outcome(String.valueOf(result));
    } catch (RuntimeException e) {
      return new Outcome("threw " + e.getClass().getSimpleName());
    }
  }

  private String translate(String text) {
    String out = text;
    for (Map.Entry<String, String> e : jsonToMem.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}
