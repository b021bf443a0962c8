package dev.labbook.internal;

import dev.labbook.InvalidNameException;

/**
 * The one set of name rules for experiment, config, config-kind, type, metric and tag names.
 * A valid name is 1 to {@value #MAX_LENGTH} characters, holds no control character (NUL, tab and
 * newline included) and no unpaired surrogate, and neither starts nor ends with white space.
 * Everything else, {@code ..}, {@code /}, quotes and any Unicode, is allowed: names are data,
 * never paths or SQL.
 */
public final class Names {
  /** The longest name allowed, in UTF-16 chars. */
  public static final int MAX_LENGTH = 255;

  private static final String RULE = "names are 1 to " + MAX_LENGTH + " characters, without control"
      + " characters or unpaired surrogates, and do not start or end with white space";

  private Names() {}

  /**
   * Returns {@code name} if it is valid.
   *
   * @param what what the name names, for the message ("experiment name", "metric key")
   * @throws InvalidNameException naming the value, the broken rule and the rules
   */
  public static String check(String what, String name) {
    if (name == null) {
      throw new InvalidNameException(what + " is missing (null); " + RULE);
    }
    if (name.isEmpty()) {
      throw new InvalidNameException(what + " is empty; " + RULE);
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidNameException(what + " " + quote(name.substring(0, 40)) + "… is "
          + name.length() + " characters long; " + RULE);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidNameException(what + " " + quote(name) + " contains the control character "
            + codePoint(c) + " at index " + i + "; " + RULE);
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidNameException(what + " " + quote(name) + " contains the unpaired surrogate "
            + codePoint(c) + " at index " + i + "; " + RULE);
      }
    }
    if (isBlank(name.codePointAt(0)) || isBlank(name.codePointBefore(name.length()))) {
      throw new InvalidNameException(what + " " + quote(name)
          + " starts or ends with white space; " + RULE);
    }
    return name;
  }

  /**
   * The value in double quotes with control characters, unpaired surrogates and quotes escaped,
   * so that a message shows exactly what was given and stays on one line.
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))
          || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c) || Character.isSurrogate(c) && !pairedSurrogate) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static boolean isBlank(int codePoint) {
    return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
