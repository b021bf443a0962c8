package dev.labbook.store.mem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    experiments("reuses-run-numbers-under-concurrency", "concurrency", ReusesRunNumbers::new);
    experiments("loses-concurrent-appends", "concurrency", LosesConcurrentAppends::new);
    experiments("truncates-long-strings", "bad input", TruncatesLongStrings::new);
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

  /**
   * Reads the next run number in one step and inserts the run in another, as a backend that
   * does {@code SELECT max(number) + 1} and then {@code INSERT} without a lock or a unique key
   * would: concurrent creations can get the same number.
   */
  static final class ReusesRunNumbers extends MemoryExperimentStore {
    private final MemoryData data;

    ReusesRunNumbers(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
    private final MemoryData data;

    LosesConcurrentAppends(StoreContext context, Capabilities capabilities, MemoryData data) {
      super(context, capabilities, data);
      this.data = data;
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
