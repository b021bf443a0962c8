package dev.labbook.store.mem;

import com.google.auto.service.AutoService;
import dev.labbook.ConfigurationException;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Variants of core's in-memory store for testing the TCK itself: {@code variant:<variant>:<name>}
 * opens the named store's data through the variant. Two are correct ({@code persistent} declares
 * PERSISTENT, which holds while the JVM runs; {@code no-artifacts} declares no ARTIFACTS); the
 * others, in {@link BrokenStores}, each break one rule of the contract.
 */
@AutoService(StoreProvider.class)
public final class VariantStoreProvider implements StoreProvider {
  private static final Map<String, MemoryData> NAMED = new ConcurrentHashMap<>();

  /** Builds a store over shared data. */
  @FunctionalInterface
  interface Variant {
    Store open(StoreContext context, MemoryData data);
  }

  static final Map<String, Variant> CORRECT = Map.of(
      "persistent", (context, data) -> withCapabilities(context, data,
          Capabilities.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.ARTIFACTS)),
      "no-artifacts", (context, data) -> withCapabilities(context, data,
          Capabilities.of(Capability.PERSISTENT, Capability.MULTI_PROCESS)));

  @Override
  public String name() {
    return "variant";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("variant");
  }

  @Override
  public Store open(StoreContext context) {
    String[] parts = context.settings().schemeSpecificPart().split(":", 2);
    Variant variant = CORRECT.containsKey(parts[0]) ? CORRECT.get(parts[0]) : BrokenStores.ALL.get(parts[0]);
    if (variant == null || parts.length < 2) {
      throw new ConfigurationException("expected variant:<variant>:<name>, with a variant of "
          + CORRECT.keySet() + " or " + BrokenStores.ALL.keySet());
    }
    return variant.open(context, NAMED.computeIfAbsent(parts[1], n -> new MemoryData()));
  }

  /** The broken variants' names, each with the group of rules that must catch it. */
  public static Map<String, String> brokenVariants() {
    return Map.copyOf(BrokenStores.CAUGHT_BY);
  }

  /** Forgets a named store's data. */
  public static void drop(String name) {
    NAMED.remove(name);
  }

  /** The reference store over the data, declaring the capabilities given. */
  static Store withCapabilities(StoreContext context, MemoryData data, Capabilities capabilities) {
    return new MemoryStore(new MemoryConfigStore(context, data),
        new MemoryExperimentStore(context, capabilities, data), capabilities);
  }
}
