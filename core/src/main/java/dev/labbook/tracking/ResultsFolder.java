package dev.labbook.tracking;

import dev.labbook.InvalidInputException;
import dev.labbook.internal.ArtifactPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files of a results folder, by the artifact path each is stored under. */
final class ResultsFolder {
  private ResultsFolder() {}

  /**
   * Every regular file below {@code folder} (symbolic links are not followed), by its relative
   * path with {@code /} separators, sorted; each path checked as an artifact path.
   */
  static Map<String, Path> files(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      throw new InvalidInputException("a results folder must be an existing folder, not " + folder);
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      Map<String, Path> files = walk.filter(Files::isRegularFile)
          .collect(Collectors.toMap(file -> artifactPath(folder, file), file -> file,
              (a, b) -> a, TreeMap::new));
      return files;
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the results folder " + folder + ": " + e.getMessage(), e);
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
