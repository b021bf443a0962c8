package dev.labbook.store.mem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.MetricPoint;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
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

    configs("accepts-duplicate-config-names", "configs", AcceptsDuplicateConfigNames::new);
    configs("writes-half-of-a-rejected-batch", "configs", WritesHalfOfARejectedBatch::new);
    experiments("drops-not-a-number-params", "codecs", DropsNotANumberParams::new);
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
