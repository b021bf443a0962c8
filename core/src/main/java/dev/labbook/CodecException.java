package dev.labbook;

/**
 * A value cannot be encoded, or a stored document cannot be decoded: an unregistered type where
 * a registered one is required, an unknown type name, a document that does not fit the target
 * type. The message names the type or type name and what is registered.
 */
public class CodecException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
