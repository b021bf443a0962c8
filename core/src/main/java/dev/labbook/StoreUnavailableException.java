package dev.labbook;

/**
 * The store could not be opened or reached. The message names the store URI with any password
 * redacted, and the cause says why.
 */
public class StoreUnavailableException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
