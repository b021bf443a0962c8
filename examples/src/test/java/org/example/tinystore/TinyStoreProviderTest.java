package org.example.tinystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConfigurationException;
import dev.labbook.Labbook;
import dev.labbook.spi.Capability;
import dev.labbook.spi.StoreSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user of the tiny store sees when opening it by URI. */
class TinyStoreProviderTest {

  @Test
  void theSchemeFindsTheProviderThroughServiceLoader() {
    try (Labbook lab = Labbook.open("tiny:")) {
      assertThat(lab.capabilities().declared()).containsExactly(Capability.ARTIFACTS);
      lab.experiments().create("first");
      assertThat(lab.experiments().list()).hasSize(1);
    }
  }

  @Test
  void everyOpenIsANewEmptyStore() {
    try (Labbook lab = Labbook.open("tiny:")) {
      lab.experiments().create("first");
    }
    try (Labbook lab = Labbook.open("tiny:")) {
      assertThat(lab.experiments().list()).isEmpty();
    }
  }

  @Test
  void aPathOrAnOptionIsRefusedNamingIt() {
    assertThatThrownBy(() -> Labbook.open("tiny:somewhere")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("tiny:somewhere");
    assertThatThrownBy(() -> Labbook.builder().settings(StoreSettings.of("tiny:", Map.of("pool.size", "4"))).open())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("pool.size");
  }
}
