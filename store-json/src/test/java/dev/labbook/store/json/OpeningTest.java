package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.ConfigurationException;
import dev.labbook.Labbook;
import dev.labbook.spi.Capability;
import dev.labbook.spi.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders open as a store, which are refused, and what the options mean. */
class OpeningTest {
  @TempDir Path folder;

  private static Labbook open(Path store, Map<String, String> options) {
    return Labbook.builder().settings(StoreSettings.of("json:" + store, options)).open();
  }

  private static Labbook open(Path store) {
    return open(store, Map.of());
  }

  private static List<String> contents(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(dir::relativize).map(Path::toString).sorted().toList();
    }
  }

  @Test
  void aMissingFolderIsCreatedWithAVersionMarker() throws Exception {
    Path store = folder.resolve("a/b/store");
    try (Labbook lab = open(store)) {
      assertThat(lab.capabilities().declared()).containsExactlyInAnyOrder(
          Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.ARTIFACTS);
    }
    JsonNode marker = JsonText.parse(Files.readAllBytes(store.resolve("labbook-store.json")));
    assertThat(marker.path("format").asText()).isEqualTo("labbook-json");
    assertThat(marker.path("version").asInt()).isEqualTo(1);
    try (Stream<Path> siblings = Files.list(store.getParent())) {
      assertThat(siblings).as("nothing left beside the store").containsExactly(store);
    }
  }

  @Test
  void aStoreOpensAgainWithItsData() {
    Path store = folder.resolve("store");
    String id;
    try (Labbook lab = open(store)) {
      id = lab.experiments().create("kept").id();
    }
    try (Labbook lab = open(store)) {
      assertThat(lab.experiments().getByName("kept").id()).isEqualTo(id);
    }
  }

  @Test
  void aStoreOfANewerFormatVersionIsRefusedNamingBothVersions() throws Exception {
    Path store = folder.resolve("store");
    open(store).close();
    Files.writeString(store.resolve("labbook-store.json"), "{\"format\":\"labbook-json\",\"version\":2}");

    assertThatThrownBy(() -> open(store)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 2").hasMessageContaining("version 1")
        .hasMessageContaining("newer");
  }

  @Test
  void aMarkerOfAnotherFormatIsRefused() throws Exception {
    Path store = Files.createDirectory(folder.resolve("store"));
    Files.writeString(store.resolve("labbook-store.json"), "{\"format\":\"something-else\",\"version\":1}");

    assertThatThrownBy(() -> open(store)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("something-else").hasMessageContaining("labbook-json");
  }

  @Test
  void aFolderOfOtherFilesIsRefusedAndLeftAsItWas() throws Exception {
    Path foreign = Files.createDirectory(folder.resolve("photos"));
    Files.writeString(foreign.resolve("holiday.jpg"), "not a store");
    List<String> before = contents(foreign);

    for (Map<String, String> options : List.of(Map.<String, String>of(), Map.of("init", "true"))) {
      assertThatThrownBy(() -> open(foreign, options)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(foreign.toString()).hasMessageContaining("not a Labbook JSON store")
          .hasMessageContaining("new folder");
    }
    assertThat(contents(foreign)).isEqualTo(before);
  }

  @Test
  void anEmptyFolderIsRefusedUnlessInitSaysToMakeAStoreInIt() throws Exception {
    Path empty = Files.createDirectory(folder.resolve("empty"));

    assertThatThrownBy(() -> open(empty)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("empty").hasMessageContaining("init=true");
    assertThat(contents(empty)).containsExactly("");

    try (Labbook lab = open(empty, Map.of("init", "true"))) {
      lab.experiments().create("first");
    }
    try (Labbook lab = open(empty)) {
      assertThat(lab.experiments().list()).hasSize(1);
    }
  }

  @Test
  void aFileIsNotAStore() throws Exception {
    Path file = Files.writeString(folder.resolve("file"), "x");

    assertThatThrownBy(() -> open(file)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a folder");
  }

  @Test
  void unknownOptionsAreRefusedNamingThemAndTheKnownOnes() {
    assertThatThrownBy(() -> open(folder.resolve("store"), Map.of("fsnyc", "false", "pool.size", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("[fsnyc, pool.size]")
        .hasMessageContaining("[fsync, init, lock.timeout]");
    assertThat(folder.resolve("store")).doesNotExist();
  }

  @Test
  void optionValuesAreChecked() {
    assertThatThrownBy(() -> open(folder.resolve("store"), Map.of("fsync", "yes")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("fsync")
        .hasMessageContaining("\"yes\"");
    assertThatThrownBy(() -> open(folder.resolve("store"), Map.of("lock.timeout", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("lock.timeout");
  }

  @Test
  void pathsExpandTheHomeFolderAndResolveAgainstTheWorkingDirectory() {
    Path home = folder.resolve("home");
    Path work = folder.resolve("work");
    assertThat(options("json:~/lab", Map.of(), home, work).folder()).isEqualTo(home.resolve("lab"));
    assertThat(options("json:~", Map.of(), home, work).folder()).isEqualTo(home);
    assertThat(options("json:", Map.of(), home, work).folder()).isEqualTo(home.resolve(".labbook"));
    assertThat(options("json:lab/x", Map.of(), home, work).folder()).isEqualTo(work.resolve("lab/x"));
    assertThat(options("json:/data/lab", Map.of(), home, work).folder()).isEqualTo(Path.of("/data/lab"));
    assertThat(options("json:///data/lab", Map.of(), home, work).folder()).isEqualTo(Path.of("/data/lab"));
    assertThatThrownBy(() -> options("json://host/lab", Map.of(), home, work))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("host");
    assertThatThrownBy(() -> options("json:~bob/lab", Map.of(), home, work))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("~");
  }

  @Test
  void defaultsForceWritesAndWaitTenSecondsForTheLock() {
    JsonStoreOptions defaults = options("json:/x", Map.of(), folder, folder);
    assertThat(defaults.fsync()).isTrue();
    assertThat(defaults.init()).isFalse();
    assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    JsonStoreOptions set = options("json:/x", Map.of("fsync", "FALSE", "init", "true",
        "lock.timeout", "3"), folder, folder);
    assertThat(set.fsync()).isFalse();
    assertThat(set.init()).isTrue();
    assertThat(set.lockTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  private static JsonStoreOptions options(String uri, Map<String, String> options, Path home, Path work) {
    return JsonStoreOptions.of(StoreSettings.of(uri, options), home, work);
  }

  @Test
  void withNothingConfiguredLabbookOpensTheJsonStoreInTheHomeFolder() throws Exception {
    assumeThat(System.getenv("LABBOOK_STORE")).as("no store configured in the environment").isNull();
    assumeThat(System.getenv().keySet().stream().filter(k -> k.startsWith("LABBOOK_"))).isEmpty();
    assumeThat(Path.of("labbook.properties")).doesNotExist();
    String home = System.getProperty("user.home");
    System.setProperty("user.home", folder.toString());
    try (Labbook lab = Labbook.open()) {
      assertThat(lab.settings().uri()).isEqualTo("json:~/.labbook");
      lab.experiments().create("in the default store");
    } finally {
      System.setProperty("user.home", home);
    }
    assertThat(folder.resolve(".labbook/labbook-store.json")).exists();
  }
}
