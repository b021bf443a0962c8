package dev.labbook.query;

import dev.labbook.InvalidInputException;

/**
 * The string form of a filter cannot be parsed. The message quotes the input, marks the
 * offending position and says what was expected there.
 */
public class QuerySyntaxException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final String input;
  private final int position;

  public QuerySyntaxException(String message, String input, int position) {
    super(message);
    this.input = input;
    this.position = position;
  }

  /** The text that failed to parse. */
  public String input() {
    return input;
  }

  /** The zero-based index into {@link #input()} where parsing failed. */
  public int position() {
    return position;
  }
}
