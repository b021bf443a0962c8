package dev.labbook.tck;

import dev.labbook.spi.StoreSettings;
import dev.labbook.store.mem.MemoryStoreProvider;
import java.util.Map;
import java.util.UUID;

/** Core's in-memory store, named so that a second instance shares its data: every rule applies but PERSISTENT ones. */
class MemoryStoreTckTest extends StoreTck {
  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of("mem:tck-" + UUID.randomUUID(), Map.of());
  }

  @Override
  protected void dropStore(StoreSettings settings) {
    MemoryStoreProvider.drop(settings.schemeSpecificPart());
  }
}
