package dev.labbook.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoTimeoutException;
import dev.labbook.ConfigurationException;
import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.StoreUnavailableException;
import dev.labbook.spi.StoreSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a MongoDB store: URIs, options, credentials, indexes and an unreachable server. */
class OpeningTest {
  static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static String database() {
    return "opening-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Labbook open(String uri, Map<String, String> options) {
    return Labbook.builder().settings(StoreSettings.of(uri, options)).open();
  }

  @Test
  void theDatabaseComesFromTheUriPathOrTheDatabaseOption() {
    String fromPath = database();
    String fromOption = database();
    try (Labbook a = open(server.uri() + "/" + fromPath, Map.of());
        Labbook b = open(server.uri(), Map.of("database", fromOption))) {
      a.experiments().create("in the path database");
      b.experiments().create("in the option database");
    }
    assertThat(names(fromPath)).containsExactly("in the path database");
    assertThat(names(fromOption)).containsExactly("in the option database");
    server.drop(fromPath);
    server.drop(fromOption);
  }

  @Test
  void openingCreatesTheUniqueIndexesAndOpeningAgainKeepsThem() {
    String db = database();
    open(server.uri(), Map.of("database", db)).close();
    try (Labbook again = open(server.uri(), Map.of("database", db))) {
      assertThat(again.experiments().list()).isEmpty();
    }
    List<String> unique = new ArrayList<>();
    for (String collection : List.of("configs", "experiments", "runs", "owned")) {
      server.admin().getDatabase(db).getCollection(collection).listIndexes(BsonDocument.class)
          .forEach(index -> {
            if (index.getBoolean("unique", org.bson.BsonBoolean.FALSE).getValue()) {
              unique.add(collection + " " + index.getDocument("key").keySet());
            }
          });
    }
    assertThat(unique).containsExactlyInAnyOrder("configs [kind, name]", "experiments [name]",
        "runs [experimentId, number]", "owned [owner, space, name]");
    server.drop(db);
  }

  @Test
  void twoDatabaseNamesForOneStoreAreRefusedNamingBoth() {
    assertThatThrownBy(() -> open(server.uri() + "/first", Map.of("database", "second")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'first'").hasMessageContaining("'second'");
  }

  @Test
  void anUnknownOptionIsRefusedNamingItAndTheAllowedOnes() {
    assertThatThrownBy(() -> open(server.uri(), Map.of("databse", "x")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("databse").hasMessageContaining("[database, password, timeout, user]");
  }

  @Test
  void aBadDatabaseNameIsRefusedNamingIt() {
    assertThatThrownBy(() -> open(server.uri(), Map.of("database", "a.b")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'a.b'")
        .hasMessageContaining("not a MongoDB database name");
  }

  @Test
  void aBadTimeoutIsRefusedNamingIt() {
    assertThatThrownBy(() -> open(server.uri(), Map.of("timeout", "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("timeout")
        .hasMessageContaining("not 0");
  }

  @Test
  void anUnparsableUriIsRefusedWithoutShowingItsPassword() {
    assertThatThrownBy(() -> open("mongodb://ann:s3cret@host:notaport/db", Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot be parsed")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void anUnreachableServerFailsWithinTheTimeoutNamingTheRedactedUriAndTheCause() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again below: nothing listens there
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> open("mongodb://ann:s3cret@127.0.0.1:" + port + "/lab", Map.of("timeout", "500")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("mongodb://ann:***@127.0.0.1:" + port + "/lab")
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("Connection refused")
        .cause().isInstanceOf(MongoTimeoutException.class);
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds until it failed").isLessThan(5_000);
  }

  @Test
  void aSrvUriIsOpenedByThisStoreAndAnUnknownHostFailsNamingTheRedactedUri() {
    assertThatThrownBy(() -> open("mongodb+srv://ann:s3cret@labbook-test.invalid/lab", Map.of("timeout", "500")))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("mongodb+srv://ann:***@labbook-test.invalid/lab")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aPasswordFileGivesThePasswordWhichIsNeverShown(@TempDir Path folder) throws Exception {
    Path secret = Files.writeString(folder.resolve("password"), "fr0m-a-file\n");
    StoreSettings settings = StoreSettings.of(server.uri() + "/lab",
        Map.of("user", "ann", "password", "fr0m-a-file"));
    MongoStoreOptions options = MongoStoreOptions.of(settings);
    assertThat(options.credential().getUserName()).isEqualTo("ann");
    assertThat(new String(options.credential().getPassword())).isEqualTo("fr0m-a-file");
    assertThat(options.credential().getSource()).isEqualTo("admin");

    // Through core's settings resolution: password.file is read into password.
    assumeTrue(server.inProcess(), "the in-process server refuses every login; a real one may accept it");
    assertThatThrownBy(() -> Labbook.builder().store(server.uri() + "/lab").option("user", "ann")
        .option("password.file", secret.toString()).option("timeout", "2000").open())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageNotContaining("fr0m-a-file")
        .satisfies(e -> assertThat(causes(e)).as("the driver tried to log in")
            .anyMatch(cause -> cause instanceof com.mongodb.MongoSecurityException));
  }

  @Test
  void credentialsInTheUriAndInOptionsAreRefused() {
    assertThatThrownBy(() -> open("mongodb://ann:s3cret@127.0.0.1/lab", Map.of("user", "bob", "password", "x")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("give them once")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> open(server.uri(), Map.of("user", "bob")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("user but no password");
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static List<String> names(String db) {
    try (Labbook lab = open(server.uri(), Map.of("database", db))) {
      return lab.experiments().list().map(Experiment::name).toList();
    }
  }
}
