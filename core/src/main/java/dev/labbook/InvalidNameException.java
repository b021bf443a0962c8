package dev.labbook;

/**
 * A name (of an experiment, config, config kind, metric or tag) breaks the name rules: names
 * are 1 to 255 characters, hold no control characters (NUL included) and no unpaired
 * surrogates, and neither start nor end with white space. Nothing was written.
 */
public class InvalidNameException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidNameException(String message) {
    super(message);
  }
}
