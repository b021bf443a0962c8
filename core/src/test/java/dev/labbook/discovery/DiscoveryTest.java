package dev.labbook.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConfigurationException;
import dev.labbook.Labbook;
import dev.labbook.internal.SettingsResolver;
import dev.labbook.spi.StoreSettings;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

  private static Labbook open(String uri, ClassLoader loader) {
    return Labbook.builder().settings(StoreSettings.of(uri, Map.of())).classLoader(loader).open();
  }

  /** A class loader that sees the test class path plus a service file listing {@code providers}. */
  private static ClassLoader withServiceFile(Path dir, String... providers) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.write(services.resolve("dev.labbook.spi.StoreProvider"), java.util.List.of(providers));
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, DiscoveryTest.class.getClassLoader());
  }

  @Test
  void theMemoryProviderIsFoundByItsScheme() {
    try (Labbook lab = open("mem:", DiscoveryTest.class.getClassLoader())) {
      assertThat(lab.experiments().create("x").name()).isEqualTo("x");
    }
  }

  @Test
  void anUnknownSchemeListsTheSchemesFoundAndTheArtifactToAdd() {
    assertThatThrownBy(() -> open("json:/tmp/lab", DiscoveryTest.class.getClassLoader()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'json'").hasMessageContaining("mem")
        .hasMessageContaining("dev.labbook:labbook-store-json");
    assertThatThrownBy(() -> open("mongodb+srv://u@cluster/db", DiscoveryTest.class.getClassLoader()))
        .hasMessageContaining("dev.labbook:labbook-store-mongo");
    assertThatThrownBy(() -> open("weird:thing", DiscoveryTest.class.getClassLoader()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'weird'")
        .hasMessageContaining("dev.labbook:labbook-store-sql");
  }

  @Test
  void withNothingConfiguredTheDefaultJsonStoreIsOpenedAndItsMissingArtifactNamed(@TempDir Path dir) {
    StoreSettings defaults = new SettingsResolver(new Properties(), Map.of(), dir).resolve(Map.of());

    assertThat(defaults.uri()).isEqualTo("json:~/.labbook");
    assertThatThrownBy(() -> Labbook.builder().settings(defaults)
        .classLoader(DiscoveryTest.class.getClassLoader()).open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'json'")
        .hasMessageContaining("add the dependency dev.labbook:labbook-store-json");
  }

  @Test
  void twoProvidersForOneSchemeFailNamingBoth(@TempDir Path dir) throws Exception {
    ClassLoader loader = withServiceFile(dir, TwinProviders.First.class.getName(), TwinProviders.Second.class.getName());
    assertThatThrownBy(() -> open("twin:", loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(TwinProviders.First.class.getName())
        .hasMessageContaining(TwinProviders.Second.class.getName());
  }

  @Test
  void aProviderThatFailsToLoadIsReportedAndDoesNotStopTheOthers(@TempDir Path dir) throws Exception {
    ClassLoader loader = withServiceFile(dir, "com.example.NoSuchProvider", TwinProviders.Broken.class.getName(),
        TwinProviders.First.class.getName());
    try (Labbook lab = open("twin:", loader)) {
      assertThat(lab.experiments().create("still works").name()).isEqualTo("still works");
    }
    assertThatThrownBy(() -> open("nothing:", loader))
        .hasMessageContaining("com.example.NoSuchProvider")
        .hasMessageContaining(TwinProviders.Broken.class.getName());
  }
}
