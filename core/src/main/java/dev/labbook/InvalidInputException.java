package dev.labbook;

/**
 * A value given to Labbook breaks a documented rule: a malformed name, document, query, path
 * or setting. The message names the value and the rule. A call that throws this has changed
 * nothing in the store.
 */
public class InvalidInputException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
