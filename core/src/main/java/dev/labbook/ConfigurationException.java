package dev.labbook;

/**
 * Labbook cannot be set up as asked: an unknown URI scheme, two providers for one scheme, a
 * bad or unreadable setting. Messages never contain secrets.
 */
public class ConfigurationException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
