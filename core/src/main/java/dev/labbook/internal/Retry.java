package dev.labbook.internal;

import dev.labbook.spi.TransientStoreException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Runs an operation again when a backend reports a transient failure. */
public final class Retry {
  /** How many times an operation runs at most. */
  public static final int ATTEMPTS = 5;

  private Retry() {}

  /**
   * Runs {@code operation}, again after a short random back-off each time it throws
   * {@link TransientStoreException}, at most {@value #ATTEMPTS} times; the last failure is
   * rethrown.
   */
  public static <T> T transiently(Supplier<T> operation) {
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

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.labbook.LabbookException("interrupted while waiting to retry", e);
    }
  }
}
