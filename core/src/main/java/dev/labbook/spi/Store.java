package dev.labbook.spi;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import java.util.function.Supplier;

/**
 * An open backend: what a {@link StoreProvider} returns. Core wraps it in a
 * {@link dev.labbook.Labbook}; users never call it directly.
 */
public interface Store extends AutoCloseable {

  /** The config store; the same instance on every call. */
  ConfigStore configs();

  /** The experiment store; the same instance on every call. */
  ExperimentStore experiments();

  /**
   * Runs {@code work} as one unit of work; see {@link dev.labbook.Labbook#unitOfWork}.
   *
   * <p>A backend that declares {@link Capability#TRANSACTIONS} overrides this: every operation
   * of this store that {@code work} runs on the calling thread joins one transaction on one
   * connection, committed when {@code work} returns and rolled back when it throws (the
   * exception is rethrown as it is); a unit inside a unit is a savepoint, rolled back alone when
   * it throws; an operation that fails inside a unit leaves the unit usable (the failed
   * operation alone is undone). Operations on other threads do not join. A transient failure
   * ({@link TransientStoreException}) spoils the unit: the backend rolls back and rethrows it,
   * and core runs the outermost unit again.
   *
   * <p>The default, for backends without transactions, runs {@code work} as it is: each
   * operation takes effect when it returns, and nothing is undone when {@code work} throws.
   */
  default <T> T unitOfWork(Supplier<T> work) {
    return work.get();
  }

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
