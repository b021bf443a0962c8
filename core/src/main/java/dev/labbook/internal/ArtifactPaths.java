package dev.labbook.internal;

import dev.labbook.InvalidInputException;

/** The rules for artifact paths: relative, {@code /}-separated, each segment a valid name. */
public final class ArtifactPaths {
  /** The longest artifact path allowed. */
  public static final int MAX_LENGTH = 1024;

  private ArtifactPaths() {}

  /**
   * Returns {@code path} if it is a valid artifact path.
   *
   * @throws InvalidInputException naming the path and the rule it breaks
   */
  public static String check(String path) {
    String rule = "artifact paths are relative, up to " + MAX_LENGTH + " characters, made of"
        + " '/'-separated segments that are valid names and neither '.' nor '..'";
    if (path == null || path.isEmpty()) {
      throw new InvalidInputException("artifact path is missing; " + rule);
    }
    if (path.length() > MAX_LENGTH) {
      throw new InvalidInputException("artifact path " + Names.quote(path.substring(0, 40))
          + "… is " + path.length() + " characters long; " + rule);
    }
    if (path.startsWith("/") || path.endsWith("/") || path.contains("\\")) {
      throw new InvalidInputException("artifact path " + Names.quote(path) + " is not valid; " + rule);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..") || segment.isEmpty()) {
        throw new InvalidInputException("artifact path " + Names.quote(path)
            + " has the segment " + Names.quote(segment) + "; " + rule);
      }
      try {
        Names.check("artifact path segment", segment);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("artifact path " + Names.quote(path) + " is not valid: "
            + e.getMessage());
      }
    }
    return path;
  }
}
