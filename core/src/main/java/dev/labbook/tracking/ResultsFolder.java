package dev.labbook.tracking;

import dev.labbook.InvalidInputException;
import dev.labbook.internal.ArtifactPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files of a results folder, by the artifact path each is stored under. */
final class ResultsFolder {
  private ResultsFolder() {}

  /**
   * Every regular file below {@code folder}, by its relative path with {@code /} separators,
   * sorted; each path checked as an artifact path. The folder itself may be a symbolic link
   * (results on a scratch file system often are); links inside it are not followed, so nothing
   * outside it is stored.
   */
  static Map<String, Path> files(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      throw new InvalidInputException("a results folder must be an existing folder, not " + folder);
    }
    try {
      Path root = folder.toRealPath();
      try (Stream<Path> walk = Files.walk(root)) {
        return walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
            .collect(Collectors.toMap(file -> artifactPath(root, file), file -> file,
                (a, b) -> a, TreeMap::new));
      }
    } catch (IOException | UncheckedIOException e) {
      // Files.walk reports a folder it cannot enter as an UncheckedIOException
      String reason = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      throw new InvalidInputException("cannot read the results folder " + folder + ": " + reason, e);
    }
  }

  private static String artifactPath(Path folder, Path file) {
    Path relative = folder.relativize(file);
    StringBuilder path = new StringBuilder();
    for (Path segment : relative) {
      if (path.length() > 0) {
        path.append('/');
      }
      path.append(segment);
    }
    try {
      return ArtifactPaths.check(path.toString());
    } catch (InvalidInputException e) {
      throw new InvalidInputException("the file " + file + " of the results folder " + folder
          + " cannot be stored as an artifact: " + e.getMessage(), e);
    }
  }
}
