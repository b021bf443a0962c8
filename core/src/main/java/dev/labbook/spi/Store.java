package dev.labbook.spi;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;

/**
 * An open backend: what a {@link StoreProvider} returns. Core wraps it in a
 * {@link dev.labbook.Labbook}; users never call it directly.
 */
public interface Store extends AutoCloseable {

  /** The config store; the same instance on every call. */
  ConfigStore configs();

  /** The experiment store; the same instance on every call. */
  ExperimentStore experiments();

  /** What this backend offers beyond the required contract. */
  Capabilities capabilities();

  /**
   * Releases what the store holds (connections, file handles, locks). Core calls it once, after
   * it has marked the {@link StoreContext} closed, so no new operation starts; operations
   * already running may still finish.
   */
  @Override
  void close();
}
