package dev.labbook.store.mem;

import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

class MemoryConfigStore extends ConfigStore {
  /** Package-private so that variants of this store in the TCK's tests can reach the data. */
  final MemoryData data;

  MemoryConfigStore(StoreContext context, MemoryData data) {
    super(context);
    this.data = data;
  }

  @Override
  protected void insertConfigs(List<ConfigDocument> documents) {
    synchronized (data.lock) {
      for (ConfigDocument document : documents) {
        if (data.configs.getOrDefault(document.kind(), new TreeMap<>()).containsKey(document.name())) {
          throw new DuplicateNameException(document.kind(), document.name());
        }
      }
      for (ConfigDocument document : documents) {
        data.configs.computeIfAbsent(document.kind(), k -> new TreeMap<>())
            .put(document.name(), copy(document));
      }
    }
  }

  @Override
  protected Optional<ConfigDocument> loadConfig(String kind, String name) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.configs.getOrDefault(kind, new TreeMap<>()).get(name))
          .map(MemoryConfigStore::copy);
    }
  }

  @Override
  protected Stream<String> configNames(String kind) {
    synchronized (data.lock) {
      return List.copyOf(data.configs.getOrDefault(kind, new TreeMap<>()).keySet()).stream();
    }
  }

  @Override
  protected boolean removeConfig(String kind, String name) {
    synchronized (data.lock) {
      Map<String, ConfigDocument> ofKind = data.configs.get(kind);
      return ofKind != null && ofKind.remove(name) != null;
    }
  }

  private static ConfigDocument copy(ConfigDocument d) {
    return new ConfigDocument(d.kind(), d.name(), d.body().deepCopy(), d.hash(), d.created());
  }
}
