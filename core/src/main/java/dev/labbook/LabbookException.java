package dev.labbook;

/**
 * The root of every exception Labbook throws on purpose. Unchecked, like the exceptions of
 * JDBC wrappers users already know: a failed store call is rarely something the caller can
 * recover from at the call site, and the subtypes say precisely what went wrong.
 */
public class LabbookException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabbookException(String message) {
    super(message);
  }

  public LabbookException(String message, Throwable cause) {
    super(message, cause);
  }
}
