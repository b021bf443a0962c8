package dev.labbook.tck;

import dev.labbook.spi.StoreSettings;
import dev.labbook.store.mem.VariantStoreProvider;
import java.util.Map;
import java.util.UUID;

/** The TCK over a variant of the in-memory store ({@code variant:<variant>:<name>}). */
abstract class VariantTck extends StoreTck {
  abstract String variant();

  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of("variant:" + variant() + ":tck-" + UUID.randomUUID(), Map.of());
  }

  @Override
  protected void dropStore(StoreSettings settings) {
    VariantStoreProvider.drop(settings.schemeSpecificPart().split(":", 2)[1]);
  }
}
