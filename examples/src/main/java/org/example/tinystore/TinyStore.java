package org.example.tinystore;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;

/** An open tiny store: its two halves and what it declares. */
final class TinyStore implements Store {
  /** What the tiny store offers beyond the required contract: it keeps artifacts, in memory. */
  static final Capabilities CAPABILITIES = Capabilities.of(Capability.ARTIFACTS);

  private final TinyConfigStore configs;
  private final TinyExperimentStore experiments;

  TinyStore(StoreContext context) {
    this.configs = new TinyConfigStore(context);
    this.experiments = new TinyExperimentStore(context, CAPABILITIES);
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
    // Nothing to release: the maps go with the last reference to this store.
  }
}
