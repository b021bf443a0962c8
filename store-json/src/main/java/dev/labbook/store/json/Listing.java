package dev.labbook.store.json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ids of the records in a folder, from the names of its entries alone: reading a listing
 * costs one folder read, and the records themselves are read later, one at a time. Only a
 * hashed name (an id too long for a file name, which Labbook's own ids never are) costs a
 * file read to learn its id.
 */
final class Listing {
  private Listing() {}

  /** The ids of the folders in {@code folder}, in code-point order. */
  static List<String> ids(Path folder, Function<String, Optional<String>> hashedId) {
    return ids(folder, "", hashedId);
  }

  /**
   * The ids of the entries of {@code folder} named {@code <encoded id><suffix>}, in code-point
   * order (the order queries sort ids in); entries whose name is hashed get their id from
   * {@code hashedId}, given the entry's name.
   */
  static List<String> ids(Path folder, String suffix, Function<String, Optional<String>> hashedId) {
    List<String> ids = new ArrayList<>();
    for (String name : Reads.names(folder)) {
      Optional<String> stem = suffix.isEmpty() ? Optional.of(name) : Layout.stem(name, suffix);
      if (stem.isEmpty()) {
        continue;
      }
      Optional<String> id = FileNames.isHashed(stem.get()) ? hashedId.apply(name)
          : FileNames.decode(stem.get());
      id.ifPresent(ids::add);
    }
    ids.sort(Reads::compareCodePoints);
    return ids;
  }
}
