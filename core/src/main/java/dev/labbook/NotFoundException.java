package dev.labbook;

/** The record asked for does not exist; the message names what was looked for. */
public class NotFoundException extends LabbookException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
