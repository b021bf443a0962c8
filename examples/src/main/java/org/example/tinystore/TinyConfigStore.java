package org.example.tinystore;

import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Configs in a map keyed by kind and name. Core validates, encodes, hashes and resolves nested
 * configs; this class only keeps documents, and each method holds the store's one lock so that
 * an insert of several documents is all or nothing.
 */
final class TinyConfigStore extends ConfigStore {
  private record Key(String kind, String name) {}

  private final Map<Key, ConfigDocument> documents = new HashMap<>();

  TinyConfigStore(StoreContext context) {
    super(context);
  }

  @Override
  protected synchronized void insertConfigs(List<ConfigDocument> batch) {
    for (ConfigDocument document : batch) { // check every name before inserting any
      if (documents.containsKey(new Key(document.kind(), document.name()))) {
        throw new DuplicateNameException(document.kind(), document.name());
      }
    }
    batch.forEach(document -> documents.put(new Key(document.kind(), document.name()), document));
  }

  @Override
  protected synchronized Optional<ConfigDocument> loadConfig(String kind, String name) {
    // Bodies are mutable JSON trees: hand out copies so no caller can change what is stored.
    return Optional.ofNullable(documents.get(new Key(kind, name))).map(d -> new ConfigDocument(
        d.kind(), d.name(), d.body().deepCopy(), d.hash(), d.created()));
  }

  @Override
  protected synchronized Stream<String> configNames(String kind) {
    // A snapshot: the stream is consumed after the lock is released.
    return documents.keySet().stream().filter(key -> key.kind().equals(kind)).map(Key::name)
        .toList().stream();
  }

  @Override
  protected synchronized boolean removeConfig(String kind, String name) {
    return documents.remove(new Key(kind, name)) != null;
  }
}
