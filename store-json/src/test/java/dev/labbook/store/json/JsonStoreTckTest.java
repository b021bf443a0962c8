package dev.labbook.store.json;

import dev.labbook.spi.StoreSettings;
import dev.labbook.tck.StoreTck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON store against the whole TCK: each rule gets a folder that does not exist yet, so
 * every rule also creates its store. {@code fsync} is off only to keep the run short on slow
 * disks: it changes what survives a power failure, which no rule can observe.
 */
class JsonStoreTckTest extends StoreTck {
  @TempDir static Path stores;
  private static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of("json:" + stores.resolve("store-" + COUNT.incrementAndGet()),
        Map.of("fsync", "false"));
  }

  @Override
  protected void dropStore(StoreSettings settings) throws Exception {
    Path folder = Path.of(settings.schemeSpecificPart());
    if (Files.exists(folder)) {
      Disk.deleteTree(folder);
    }
  }
}
