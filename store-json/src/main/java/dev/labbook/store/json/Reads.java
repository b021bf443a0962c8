package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.LabbookException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading the store's files without a lock. Every record file is replaced by an atomic rename,
 * so a read sees a whole old or a whole new version; a file that is missing (never written,
 * or deleted meanwhile) is an absent record, never an error.
 */
final class Reads {
  private Reads() {}

  /** The JSON value in a file; empty if there is no such file. */
  static Optional<JsonNode> json(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the store file " + file + ": " + e, e);
    }
    try {
      return Optional.of(JsonText.parse(bytes));
    } catch (IOException e) {
      throw damaged(file, e.getMessage());
    }
  }

  /** The record in a file, read with {@code reader}; empty if there is no such file. */
  static <T> Optional<T> record(Path file, Function<JsonNode, T> reader) {
    return json(file).map(node -> {
      try {
        return reader.apply(node);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw damaged(file, e.getMessage());
      }
    });
  }

  /** The names in a folder, except hidden ones (temporary files); empty if it is missing. */
  static List<String> names(Path folder) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.startsWith(".")) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the store folder " + folder + ": " + e, e);
    }
    return names;
  }

  static LabbookException damaged(Path file, String why) {
    return new LabbookException("the store file " + file + " is damaged: " + why
        + "; it was changed outside Labbook or lost in a power failure with option fsync=false");
  }

  /** Code-point order, the order queries use for ids and strings ({@link String#compareTo} is UTF-16 order). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
