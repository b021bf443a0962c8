package dev.labbook.store.mem;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;

/**
 * An open in-memory store over some {@link MemoryData}. Never PERSISTENT: nothing survives the
 * JVM. A named store is MULTI_PROCESS, since every instance opened with its name shares one
 * {@link MemoryData}; a private one has a single instance and is not.
 */
class MemoryStore implements Store {
  private final ConfigStore configs;
  private final ExperimentStore experiments;
  private final Capabilities capabilities;

  MemoryStore(StoreContext context, MemoryData data, boolean shared) {
    this.capabilities = capabilities(shared);
    this.configs = new MemoryConfigStore(context, data);
    this.experiments = new MemoryExperimentStore(context, capabilities, data);
  }

  /** A store made of given parts; variants of the reference store in tests build on it. */
  MemoryStore(ConfigStore configs, ExperimentStore experiments, Capabilities capabilities) {
    this.configs = configs;
    this.experiments = experiments;
    this.capabilities = capabilities;
  }

  static Capabilities capabilities(boolean shared) {
    return shared ? Capabilities.of(Capability.ARTIFACTS, Capability.MULTI_PROCESS)
        : Capabilities.of(Capability.ARTIFACTS);
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
    return capabilities;
  }

  @Override
  public void close() {
    // Nothing to release: the data lives as long as someone refers to it.
  }
}
