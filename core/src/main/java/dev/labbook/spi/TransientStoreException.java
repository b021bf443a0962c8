package dev.labbook.spi;

import dev.labbook.LabbookException;

/**
 * Thrown by a backend primitive that failed for a passing reason (a serialization failure, a
 * lock timeout, a dropped connection) and changed nothing: core retries the whole operation a
 * few times with a short back-off before giving up with this exception.
 */
public class TransientStoreException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public TransientStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
