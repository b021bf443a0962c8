package dev.labbook.store.mem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.DuplicateNameException;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.Objective;
import dev.labbook.query.Cursor;
import dev.labbook.query.Filter;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.Views;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores that each break one rule of the contract, in the way a real backend might: the TCK
 * must fail on every one of them. Each is the reference store with one primitive changed.
 */
final class BrokenStores {
  private BrokenStores() {}

  static final Capabilities CAPABILITIES =
      Capabilities.of(Capability.MULTI_PROCESS, Capability.ARTIFACTS, Capability.PERSISTENT);

  /** Variant name → how to open it. Names say what breaks. */
  static final Map<String, VariantStoreProvider.Variant> ALL = new LinkedHashMap<>();
  /** Variant name → the group of rules that must catch it. */
  static final Map<String, String> CAUGHT_BY = new LinkedHashMap<>();

  static {
    experiments("loses-last-metric-point", "metrics", LosesLastMetricPoint::new);
    // Experiments and runs.
    experiments("ignores-versions", "experiments", IgnoresVersions::new);
    experiments("does-not-cascade-deletes", "experiments", DoesNotCascadeDeletes::new);
    experiments("reuses-deleted-run-numbers", "runs", ReusesDeletedRunNumbers::new);
    // Metrics, artifacts and lifecycle.
    experiments("latest-metric-is-last-logged", "metrics", LatestMetricIsLastLogged::new);
    experiments("keeps-artifacts-of-deleted-runs", "artifacts", KeepsArtifactsOfDeletedRuns::new);
    emptyOnEveryOpen("forgets-everything-on-reopen", "lifecycle",
        Capabilities.of(Capability.PERSISTENT, Capability.ARTIFACTS));
    experiments("compares-numbers-as-strings", "queries", ComparesNumbersAsStrings::new);
    experiments("ignores-sort-ties", "queries", IgnoresSortTies::new);

    experiments("reuses-run-numbers-under-concurrency", "concurrency", ReusesRunNumbers::new);
    experiments("loses-concurrent-appends", "concurrency", LosesConcurrentAppends::new);
    experiments("truncates-long-strings", "bad input", TruncatesLongStrings::new);

    configs("accepts-duplicate-config-names", "configs", AcceptsDuplicateConfigNames::new);
    configs("writes-half-of-a-rejected-batch", "configs", WritesHalfOfARejectedBatch::new);
    experiments("drops-not-a-number-params", "codecs", DropsNotANumberParams::new);

    experiments("case-insensitive-experiment-names", "bad input", CaseInsensitiveExperimentNames::new);
    experiments("bumps-experiment-version-on-run-creation", "runs", BumpsExperimentVersionOnRunCreation::new);
    experiments("ignores-state-versions", "states and links", IgnoresStateVersions::new);
    experiments("mixes-owned-document-spaces", "states and links", MixesOwnedSpaces::new);
    experiments("keeps-owned-documents-of-deleted-experiments", "states and links",
        KeepsOwnedDocumentsOfDeletedExperiments::new);
    experiments("best-of-unfinished-runs", "summaries", BestOfUnfinishedRuns::new);
    CAUGHT_BY.put("declares-transactions-without-them", "units of work");
    ALL.put("declares-transactions-without-them", (context, data) -> VariantStoreProvider.withCapabilities(
        context, data, Capabilities.of(Capability.MULTI_PROCESS, Capability.ARTIFACTS, Capability.PERSISTENT,
            Capability.TRANSACTIONS)));
  }

  /**
   * Ranks every run for an objective's best value, forgetting that only COMPLETED runs count
   * (a {@code GROUP BY} without the status condition).
   */
  static final class BestOfUnfinishedRuns extends MemoryExperimentStore {
    BestOfUnfinishedRuns(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected Map<String, Double> bestValues(Map<String, Objective> objectives) {
      Map<String, Double> best = new HashMap<>();
      objectives.forEach((id, objective) -> findRuns(Optional.of(id),
              Query.where(Filter.ge(objective.field(), Double.NEGATIVE_INFINITY))
                  .orderBy(objective.field(), objective.goal().bestFirst()).limit(1))
          .items().stream().findFirst()
          .flatMap(run -> loadLatestMetrics(run.id()).map(latest -> {
            Map<String, Double> values = new HashMap<>();
            latest.forEach((key, point) -> values.put(key, point.value()));
            return objective.valueIn(Views.run(run, values));
          }))
          .ifPresent(value -> value.ifPresent(v -> best.put(id, v))));
      return best;
    }
  }

  /** Replaces an owned document (a state) whatever its stored version: last writer wins. */
  static final class IgnoresStateVersions extends MemoryExperimentStore {
    IgnoresStateVersions(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean replaceOwned(OwnedDocument document, long expectedVersion) {
      Optional<OwnedDocument> stored = loadOwned(document.ownerId(), document.space(), document.name());
      return stored.isPresent() && super.replaceOwned(document, stored.get().version());
    }
  }

  /** Deletes an experiment and its runs but leaves their states and links behind. */
  static final class KeepsOwnedDocumentsOfDeletedExperiments extends MemoryExperimentStore {
    KeepsOwnedDocumentsOfDeletedExperiments(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean removeExperiment(String id) {
      synchronized (data.lock) {
        Map<String, Map<String, java.util.TreeMap<String, OwnedDocument>>> kept = new HashMap<>();
        data.owned.forEach((owner, spaces) -> {
          RunDocument run = data.runs.get(owner);
          if (owner.equals(id) || run != null && run.experimentId().equals(id)) {
            kept.put(owner, spaces);
          }
        });
        boolean removed = super.removeExperiment(id);
        data.owned.putAll(kept);
        return removed;
      }
    }
  }

  /** Lists an owner's documents of every space, not just the one asked for. */
  static final class MixesOwnedSpaces extends MemoryExperimentStore {
    MixesOwnedSpaces(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected List<OwnedDocument> listOwned(String ownerId, String space) {
      List<OwnedDocument> all = new ArrayList<>(super.listOwned(ownerId, "states"));
      all.addAll(super.listOwned(ownerId, "links"));
      return all;
    }
  }

  /** Loses the last point of every metric batch (an off-by-one in a batch insert). */
  static final class LosesLastMetricPoint extends MemoryExperimentStore {
    LosesLastMetricPoint(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean appendMetrics(String runId, List<MetricPoint> points) {
      return super.appendMetrics(runId, points.subList(0, points.size() - 1));
    }
  }

  // ---- experiments and runs ------------------------------------------------------------------

  /** Replaces experiments and runs whatever their stored version (last write wins). */
  static final class IgnoresVersions extends MemoryExperimentStore {
    IgnoresVersions(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
      synchronized (data.lock) {
        ExperimentDocument stored = data.experiments.get(document.id());
        return stored != null && super.replaceExperiment(document, stored.version());
      }
    }

    @Override
    protected boolean replaceRun(RunDocument document, long expectedVersion) {
      synchronized (data.lock) {
        RunDocument stored = data.runs.get(document.id());
        return stored != null && super.replaceRun(document, stored.version());
      }
    }
  }

  /** Deletes only the experiment and its name, leaving its runs and their metrics behind. */
  static final class DoesNotCascadeDeletes extends MemoryExperimentStore {
    DoesNotCascadeDeletes(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean removeExperiment(String id) {
      synchronized (data.lock) {
        ExperimentDocument removed = data.experiments.remove(id);
        if (removed == null) {
          return false;
        }
        data.experimentIdsByName.remove(removed.name());
        return true;
      }
    }
  }

  /**
   * Numbers a run one more than the highest number among the experiment's runs still stored
   * (a {@code max(number) + 1} without a counter), so deleting the last run reuses its number.
   */
  static final class ReusesDeletedRunNumbers extends MemoryExperimentStore {
    ReusesDeletedRunNumbers(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected RunDocument insertRun(RunDocument draft) {
      synchronized (data.lock) {
        if (data.experiments.containsKey(draft.experimentId())) {
          long highest = data.runs.values().stream()
              .filter(run -> run.experimentId().equals(draft.experimentId()))
              .mapToLong(RunDocument::number).max().orElse(-1);
          data.nextRunNumbers.put(draft.experimentId(), highest + 1);
        }
        return super.insertRun(draft);
      }
    }
  }

  // ---- metrics, artifacts and lifecycle --------------------------------------------------------

  /**
   * Takes the point appended last for each key as the latest, whatever its step (a "latest"
   * column overwritten on every append).
   */
  static final class LatestMetricIsLastLogged extends MemoryExperimentStore {
    LatestMetricIsLastLogged(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
      synchronized (data.lock) {
        if (!data.runs.containsKey(runId)) {
          return Optional.empty();
        }
        Map<String, MetricPoint> latest = new LinkedHashMap<>();
        data.metrics.getOrDefault(runId, Map.of())
            .forEach((key, points) -> latest.put(key, points.get(points.size() - 1)));
        return Optional.of(latest);
      }
    }
  }

  /** Deletes a run and its metrics but not its artifacts (a cascade that misses one table). */
  static final class KeepsArtifactsOfDeletedRuns extends MemoryExperimentStore {
    KeepsArtifactsOfDeletedRuns(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean removeRun(String id) {
      synchronized (data.lock) {
        if (data.runs.remove(id) == null) {
          return false;
        }
        data.metrics.remove(id);
        return true;
      }
    }
  }

  /**
   * A variant that declares the capabilities given but ignores the named data: every open starts
   * from new, empty data, like a backend that writes to a fresh temporary folder each time.
   */
  static void emptyOnEveryOpen(String name, String caughtBy, Capabilities capabilities) {
    CAUGHT_BY.put(name, caughtBy);
    ALL.put(name, (context, ignored) ->
        VariantStoreProvider.withCapabilities(context, new MemoryData(), capabilities));
  }


  /**
   * Keeps params as text and compares them as text, as {@code params->>'batch' > '9'} does in
   * SQL: numbers in params and the numbers they are compared with become strings, so
   * {@code params.batch > 9} misses 16 and 128, and sorting puts 128 before 16.
   */
  static final class ComparesNumbersAsStrings extends MemoryExperimentStore {
    ComparesNumbersAsStrings(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
      List<RunDocument> candidates =
          super.findRuns(experimentId, Query.all().limit(Integer.MAX_VALUE)).items();
      return QueryEvaluator.page(candidates.stream(), run -> {
        ObjectNode view = Views.run(run, latestValues(run.id()));
        view.set("params", text(view.get("params")));
        return view;
      }, query.withFilter(textParams(query.filter())));
    }

    private Map<String, Double> latestValues(String runId) {
      Map<String, Double> values = new LinkedHashMap<>();
      loadLatestMetrics(runId).orElse(Map.of()).forEach((key, point) -> values.put(key, point.value()));
      return values;
    }

    private static JsonNode text(JsonNode node) {
      if (node.isNumber()) {
        return TextNode.valueOf(node.asText());
      }
      if (node.isObject()) {
        ObjectNode copy = ((ObjectNode) node).objectNode();
        node.properties().forEach(e -> copy.set(e.getKey(), text(e.getValue())));
        return copy;
      }
      if (node.isArray()) {
        ArrayNode copy = ((ArrayNode) node).arrayNode();
        node.forEach(element -> copy.add(text(element)));
        return copy;
      }
      return node;
    }

    private static Filter textParams(Filter filter) {
      if (filter instanceof Filter.Comparison c && c.field().startsWith("params.")) {
        return new Filter.Comparison(c.field(), c.operator(), text(c.value()));
      }
      if (filter instanceof Filter.In in && in.field().startsWith("params.")) {
        return new Filter.In(in.field(),
            in.values().stream().map(ComparesNumbersAsStrings::text).toList());
      }
      if (filter instanceof Filter.Contains c && c.field().startsWith("params.")) {
        return new Filter.Contains(c.field(), text(c.value()));
      }
      if (filter instanceof Filter.And and) {
        return new Filter.And(
            and.operands().stream().map(ComparesNumbersAsStrings::textParams).toList());
      }
      if (filter instanceof Filter.Or or) {
        return new Filter.Or(
            or.operands().stream().map(ComparesNumbersAsStrings::textParams).toList());
      }
      if (filter instanceof Filter.Not not) {
        return new Filter.Not(textParams(not.operand()));
      }
      return filter;
    }
  }

  /**
   * Resumes a page after the cursor's sort values alone, as {@code WHERE key > :last} does
   * instead of {@code (key, id) > (:last, :id)}: runs tied with the cursor's run are skipped.
   */
  static final class IgnoresSortTies extends MemoryExperimentStore {
    IgnoresSortTies(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
      Query resumed = query.after()
          .map(cursor -> query.after(new Cursor(cursor.sortValues(), "\uffff")))
          .orElse(query);
      return super.findRuns(experimentId, resumed);
    }
  }


  /**
   * Reads the next run number in one step and inserts the run in another, as a backend that
   * does {@code SELECT max(number) + 1} and then {@code INSERT} without a lock or a unique key
   * would: concurrent creations can get the same number.
   */
  static final class ReusesRunNumbers extends MemoryExperimentStore {
    ReusesRunNumbers(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected RunDocument insertRun(RunDocument draft) {
      long number;
      synchronized (data.lock) {
        if (!data.experiments.containsKey(draft.experimentId())) {
          throw new NotFoundException("no experiment with id " + draft.experimentId());
        }
        number = data.nextRunNumbers.getOrDefault(draft.experimentId(), 0L);
      }
      pause(); // the round trip between the read and the write
      synchronized (data.lock) {
        data.nextRunNumbers.put(draft.experimentId(), number + 1);
        data.runs.put(draft.id(), draft.withNumber(number));
      }
      return loadRun(draft.id()).orElseThrow();
    }
  }

  /**
   * Appends by reading the run's series, adding the batch and writing them all back, as a
   * backend that keeps a run's metrics in one document and rewrites it without a version check
   * would: of two concurrent appends, the later write drops the other's points.
   */
  static final class LosesConcurrentAppends extends MemoryExperimentStore {
    LosesConcurrentAppends(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected boolean appendMetrics(String runId, List<MetricPoint> points) {
      Map<String, List<MetricPoint>> copy = new HashMap<>();
      synchronized (data.lock) {
        if (!data.runs.containsKey(runId)) {
          return false;
        }
        data.metrics.getOrDefault(runId, Map.of()).forEach((key, series) -> copy.put(key, new ArrayList<>(series)));
      }
      for (MetricPoint point : points) {
        copy.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point);
      }
      pause(); // the round trip between the read and the write
      synchronized (data.lock) {
        data.metrics.put(runId, copy);
      }
      return true;
    }
  }

  /**
   * Cuts string values in params longer than 1 MB to 1 MB, as a column or field size limit
   * that the backend does not check would.
   */
  static final class TruncatesLongStrings extends MemoryExperimentStore {
    private static final int LIMIT = 1 << 20;

    TruncatesLongStrings(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected RunDocument insertRun(RunDocument draft) {
      truncate(draft.params());
      return super.insertRun(draft);
    }

    @Override
    protected boolean replaceRun(RunDocument document, long expectedVersion) {
      truncate(document.params());
      return super.replaceRun(document, expectedVersion);
    }

    private static void truncate(JsonNode node) {
      Deque<JsonNode> todo = new ArrayDeque<>(List.of(node));
      while (!todo.isEmpty()) {
        JsonNode next = todo.pop();
        if (next instanceof ObjectNode object) {
          for (String name : List.copyOf(object.properties().stream().map(Map.Entry::getKey).toList())) {
            JsonNode value = object.get(name);
            if (value.isTextual() && value.asText().length() > LIMIT) {
              object.set(name, TextNode.valueOf(value.asText().substring(0, LIMIT)));
            } else {
              todo.push(value);
            }
          }
        } else if (next instanceof ArrayNode array) {
          for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isTextual() && array.get(i).asText().length() > LIMIT) {
              array.set(i, TextNode.valueOf(array.get(i).asText().substring(0, LIMIT)));
            } else {
              todo.push(array.get(i));
            }
          }
        }
      }
    }
  }

  /** Gives other threads the chance to run, as a round trip to a database server would. */
  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  /**
   * Writes each config with an upsert, one round trip per document, so a config of the same
   * kind and name that another writer stored since core compared is overwritten. Core compares
   * before inserting, so only a race reaches this.
   */
  static final class AcceptsDuplicateConfigNames extends MemoryConfigStore {
    AcceptsDuplicateConfigNames(StoreContext context, MemoryData data) {
      super(context, data);
    }

    @Override
    protected void insertConfigs(List<ConfigDocument> documents) {
      for (ConfigDocument document : documents) {
        roundTrip();
        removeConfig(document.kind(), document.name());
        super.insertConfigs(List.of(document));
      }
    }
  }

  /**
   * Inserts a batch one document at a time, a round trip each, outside any transaction: when
   * it reaches a name another writer took meanwhile, it throws and the documents before it stay
   * stored. Core compares before inserting, so only a race reaches this.
   */
  static final class WritesHalfOfARejectedBatch extends MemoryConfigStore {
    WritesHalfOfARejectedBatch(StoreContext context, MemoryData data) {
      super(context, data);
    }

    @Override
    protected void insertConfigs(List<ConfigDocument> documents) {
      for (ConfigDocument document : documents) {
        roundTrip();
        super.insertConfigs(List.of(document));
      }
    }
  }

  /** The time a statement takes to reach a database server and come back, roughly. */
  static void roundTrip() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Writes NaN in run params as null, as a database without NaN would: both the JSON number
   * NaN and the codec's tagged form {@code {"@type":"double","value":"NaN"}}.
   */
  static final class DropsNotANumberParams extends MemoryExperimentStore {
    DropsNotANumberParams(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected RunDocument insertRun(RunDocument draft) {
      return super.insertRun(withoutNotANumber(draft));
    }

    @Override
    protected boolean replaceRun(RunDocument document, long expectedVersion) {
      return super.replaceRun(withoutNotANumber(document), expectedVersion);
    }

    private static RunDocument withoutNotANumber(RunDocument d) {
      return new RunDocument(d.id(), d.experimentId(), d.number(), d.status(), d.tags(),
          d.comment(), (ObjectNode) nullForNotANumber(d.params().deepCopy()), d.args(), d.env(),
          d.extras(), d.results(), d.created(), d.started(), d.updated(), d.ended(),
          d.heartbeat(), d.version());
    }

    private static JsonNode nullForNotANumber(JsonNode node) {
      if (node.isDouble() && Double.isNaN(node.doubleValue())
          || node.isObject() && node.path("@type").asText().equals("double")
              && node.path("value").asText().equals("NaN")) {
        return NullNode.getInstance();
      }
      if (node instanceof ObjectNode object) {
        object.properties().forEach(field -> field.setValue(nullForNotANumber(field.getValue())));
      } else if (node instanceof ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
          array.set(i, nullForNotANumber(array.get(i)));
        }
      }
      return node;
    }
  }

  // ---- experiment names and the experiment of a new run --------------------------------------

  /**
   * Compares experiment names ignoring case, as a name column with a case-insensitive collation
   * (MySQL's default, SQL Server's) does: "Model" and "model" collide, and a lookup finds either.
   */
  static final class CaseInsensitiveExperimentNames extends MemoryExperimentStore {
    CaseInsensitiveExperimentNames(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected void insertExperiment(ExperimentDocument document) {
      synchronized (data.lock) {
        if (holderOf(document.name()).isPresent()) {
          throw new DuplicateNameException("experiment", document.name());
        }
        super.insertExperiment(document);
      }
    }

    @Override
    protected Optional<ExperimentDocument> loadExperimentByName(String name) {
      synchronized (data.lock) {
        return holderOf(name).flatMap(this::loadExperiment);
      }
    }

    private Optional<String> holderOf(String name) {
      return data.experimentIdsByName.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst();
    }
  }

  /**
   * Stores a new run and bumps its experiment's version and updated time, as a backend that
   * keeps the runs inside the experiment's record (or "touches" the parent) would: a user's
   * compare-and-set update of the experiment then conflicts because a run was created.
   */
  static final class BumpsExperimentVersionOnRunCreation extends MemoryExperimentStore {
    BumpsExperimentVersionOnRunCreation(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
    }

    @Override
    protected RunDocument insertRun(RunDocument draft) {
      synchronized (data.lock) {
        RunDocument stored = super.insertRun(draft);
        ExperimentDocument e = data.experiments.get(draft.experimentId());
        data.experiments.put(e.id(), new ExperimentDocument(e.id(), e.name(), e.description(),
            e.tags(), e.metadata(), e.created(), draft.created(), e.version() + 1));
        return stored;
      }
    }
  }

  @FunctionalInterface
  interface ExperimentsFactory {
    MemoryExperimentStore create(StoreContext context, Capabilities capabilities, MemoryData data);
  }

  @FunctionalInterface
  interface ConfigsFactory {
    MemoryConfigStore create(StoreContext context, MemoryData data);
  }

  /** A variant whose experiment store is broken; its config store is the reference one. */
  static void experiments(String name, String caughtBy, ExperimentsFactory factory) {
    CAUGHT_BY.put(name, caughtBy);
    ALL.put(name, (context, data) -> new MemoryStore(new MemoryConfigStore(context, data),
        factory.create(context, CAPABILITIES, data), CAPABILITIES));
  }

  /** A variant whose config store is broken; its experiment store is the reference one. */
  static void configs(String name, String caughtBy, ConfigsFactory factory) {
    CAUGHT_BY.put(name, caughtBy);
    ALL.put(name, (context, data) -> new MemoryStore(factory.create(context, data),
        new MemoryExperimentStore(context, CAPABILITIES, data), CAPABILITIES));
  }
}
