package dev.labbook.store.json;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import java.io.IOException;

/** An open JSON store: its config and experiment stores over one folder, one disk, one lock. */
final class JsonStore implements Store {
  static final Capabilities CAPABILITIES =
      Capabilities.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.ARTIFACTS);

  private final StoreLock lock;
  private final ConfigStore configs;
  private final ExperimentStore experiments;

  private JsonStore(StoreContext context, Layout layout, Disk disk, StoreLock lock) {
    this.lock = lock;
    this.configs = new JsonConfigStore(context, layout, disk, lock);
    this.experiments = new JsonExperimentStore(context, CAPABILITIES, layout, disk, lock);
  }

  /** Opens (creating where allowed) the store the options name. */
  static JsonStore open(StoreContext context, JsonStoreOptions options) throws IOException {
    Disk disk = new Disk(options.fsync());
    StoreFolder.open(options.folder(), options.init(), disk);
    Layout layout = new Layout(options.folder());
    emptyTrash(layout);
    StoreLock lock = StoreLock.of(options.folder(), options.lockTimeout());
    try {
      return new JsonStore(context, layout, disk, lock);
    } catch (RuntimeException | Error e) {
      lock.close(); // give back the shared lock this instance counted itself in
      throw e;
    }
  }

  /** Deletes what deletes interrupted by a crash left in the trash; nothing reads it. */
  private static void emptyTrash(Layout layout) {
    for (String name : Reads.names(layout.trash())) {
      try {
        Disk.deleteTree(layout.trash().resolve(name));
      } catch (IOException e) {
        // Another process may be deleting it too; whatever is left goes next time.
      }
    }
  }

  @Override
  public ConfigStore configs() {
    return configs;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    lock.close();
  }
}
