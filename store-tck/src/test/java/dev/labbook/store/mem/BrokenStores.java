package dev.labbook.store.mem;

import dev.labbook.MetricPoint;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
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
    private final MemoryData data;

    IgnoresVersions(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
    private final MemoryData data;

    DoesNotCascadeDeletes(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
    private final MemoryData data;

    ReusesDeletedRunNumbers(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
    private final MemoryData data;

    LatestMetricIsLastLogged(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
    private final MemoryData data;

    KeepsArtifactsOfDeletedRuns(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
