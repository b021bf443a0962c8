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

  /**
   * An exception whose message reads {@code <what>: <problem> at position N:} followed by the
   * input on its own line and a caret under position N.
   */
  static QuerySyntaxException at(String what, String input, int position, String problem) {
    StringBuilder echo = new StringBuilder(input.length());
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      echo.append(Character.isISOControl(c) ? ' ' : c); // one char per char: the caret lines up
    }
    String message = what + ": " + problem + " at position " + position + ":\n  " + echo
        + "\n  " + " ".repeat(position) + "^";
    return new QuerySyntaxException(message, input, position);
  }

  /** A one-line, quoted rendering of a character for messages. */
  static String describe(int codePoint) {
    if (Character.isISOControl(codePoint)
        || codePoint <= Character.MAX_VALUE && Character.isSurrogate((char) codePoint)) {
      return String.format("U+%04X", codePoint);
    }
    return "'" + new String(Character.toChars(codePoint)) + "'";
  }
}
