package dev.labbook.internal;

import dev.labbook.spi.TransientStoreException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Runs an operation again when a backend reports a transient failure. */
public final class Retry {
  /** How many times an operation runs at most. */
  public static final int ATTEMPTS = 5;

  /** How many units of work the current thread is inside of. */
  private static final ThreadLocal<int[]> UNITS = ThreadLocal.withInitial(() -> new int[1]);

  private Retry() {}

  /**
   * Runs {@code operation}, again after a short random back-off each time it throws
   * {@link TransientStoreException}, at most {@value #ATTEMPTS} times; the last failure is
   * rethrown.
   */
  public static <T> T transiently(Supplier<T> operation) {
    if (UNITS.get()[0] > 0) {
      // Inside a unit of work a transient failure has spoiled the unit's transaction: the unit
      // is run again as a whole (see #unitOfWork), not the one operation.
      return operation.get();
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (TransientStoreException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        pause(attempt);
      }
    }
  }

  /**
   * Runs a unit of work of a store with transactions: again as a whole after a transient
   * failure (when this is the outermost unit on the thread), with the operations inside it not
   * retried one by one.
   */
  public static <T> T unitOfWork(Supplier<T> unit) {
    return transiently(() -> {
      int[] depth = UNITS.get();
      depth[0]++;
      try {
        return unit.get();
      } finally {
        depth[0]--;
      }
    });
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.labbook.LabbookException("interrupted while waiting to retry", e);
    }
  }
}
