package org.example.tinystore;

import dev.labbook.spi.StoreSettings;
import dev.labbook.tck.StoreTck;
import java.util.Map;

/**
 * Certifies the tiny store: the whole TCK, as any backend runs it. Every open of {@code tiny:}
 * is a new, empty store, so each rule gets fresh persistence without anything to drop; rules
 * that need PERSISTENT, MULTI_PROCESS or TRANSACTIONS are skipped, naming the capability.
 */
class TinyStoreTckTest extends StoreTck {
  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of("tiny:", Map.of());
  }
}
