package dev.labbook.store.mem;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;

/** An open in-memory store over some {@link MemoryData}. */
final class MemoryStore implements Store {
  /** Not PERSISTENT (nothing survives the JVM), not MULTI_PROCESS, no TRANSACTIONS. */
  static final Capabilities CAPABILITIES = Capabilities.of(Capability.ARTIFACTS);

  private final MemoryConfigStore configs;
  private final MemoryExperimentStore experiments;

  MemoryStore(StoreContext context, MemoryData data) {
    this.configs = new MemoryConfigStore(context, data);
    this.experiments = new MemoryExperimentStore(context, CAPABILITIES, data);
  }

  @Override
  public ConfigStore configs() {
    return configs;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    // Nothing to release: the data lives as long as someone refers to it.
  }
}
