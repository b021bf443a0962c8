package dev.labbook.store.json;

import dev.labbook.ConfigStore;
import dev.labbook.DuplicateNameException;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Configs as {@code configs/<kind>/<name>.json}, each holding its kind, name, hash, time and
 * encoded body. A put of several configs (a config and the configs nested in it) checks every
 * name under the store lock before writing any; a crash part-way through may leave some nested
 * configs stored without the one that refers to them, which a repeated put completes.
 */
final class JsonConfigStore extends ConfigStore {
  private final Layout layout;
  private final Disk disk;
  private final StoreLock lock;

  JsonConfigStore(StoreContext context, Layout layout, Disk disk, StoreLock lock) {
    super(context);
    this.layout = layout;
    this.disk = disk;
    this.lock = lock;
  }

  @Override
  protected void insertConfigs(List<ConfigDocument> documents) {
    lock.call(() -> {
      for (ConfigDocument document : documents) {
        if (loadConfig(document.kind(), document.name()).isPresent()) {
          throw new DuplicateNameException(document.kind(), document.name());
        }
      }
      for (ConfigDocument document : documents) {
        Path file = layout.config(document.kind(), document.name());
        disk.createFolders(file.getParent());
        disk.replace(file, JsonText.pretty(Records.config(document)));
      }
      return null;
    });
  }

  @Override
  protected Optional<ConfigDocument> loadConfig(String kind, String name) {
    return Reads.record(layout.config(kind, name), Records::config)
        .filter(c -> c.kind().equals(kind) && c.name().equals(name));
  }

  @Override
  protected Stream<String> configNames(String kind) {
    Path folder = layout.configKind(kind);
    List<String> names = new ArrayList<>();
    for (String file : Reads.names(folder)) {
      Optional<String> stem = Layout.stem(file, Layout.JSON);
      if (stem.isEmpty()) {
        continue;
      }
      Optional<String> name = FileNames.isHashed(stem.get())
          ? Reads.record(folder.resolve(file), Records::config)
              .filter(c -> c.kind().equals(kind)).map(ConfigDocument::name)
          : FileNames.decode(stem.get());
      name.ifPresent(names::add);
    }
    names.sort(String::compareTo);
    return names.stream();
  }

  @Override
  protected boolean removeConfig(String kind, String name) {
    return lock.call(() -> loadConfig(kind, name).isPresent()
        && disk.delete(layout.config(kind, name)));
  }
}
