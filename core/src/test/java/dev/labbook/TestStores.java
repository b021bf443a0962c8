package dev.labbook;

import dev.labbook.spi.StoreSettings;
import java.util.Map;

/** Opens stores for tests with exactly the given settings, never the machine's environment. */
final class TestStores {
  private TestStores() {}

  static Labbook memory() {
    return open("mem:", Map.of());
  }

  static Labbook open(String uri, Map<String, String> options) {
    return Labbook.builder().settings(StoreSettings.of(uri, options)).open();
  }
}
