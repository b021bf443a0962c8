package dev.labbook.examples;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.labbook.spi.StoreSettings;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Assumptions;

/**
 * The MongoDB server the examples' tests use over TCP, as store-mongo's tests do: the one
 * {@code LABBOOK_TEST_MONGODB_URI} names (without a database), or else mongo-java-server with
 * its in-memory backend, started once per test JVM on a free loopback port. A configured server
 * that does not answer skips the tests, except under {@code CI=true}, where they fail.
 */
final class TestMongo {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static String uri;

  private TestMongo() {}

  /** Settings for a fresh database of its own on the server. */
  static synchronized StoreSettings freshDatabase() {
    start();
    return StoreSettings.of(uri, Map.of("database",
        "examples-" + ProcessHandle.current().pid() + "-" + DATABASES.incrementAndGet()));
  }

  private static void start() {
    if (uri != null) {
      return;
    }
    String configured = System.getenv("LABBOOK_TEST_MONGODB_URI");
    if (configured == null || configured.isBlank()) {
      MongoServer server = new MongoServer(new MemoryBackend());
      InetSocketAddress address = server.bind(); // a free port on the loopback address
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
      uri = "mongodb://127.0.0.1:" + address.getPort();
      return;
    }
    try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(configured))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS)).build())) {
      client.getDatabase("admin").runCommand(new BsonDocument("ping", new BsonInt32(1)));
    } catch (RuntimeException e) {
      String problem = "LABBOOK_TEST_MONGODB_URI names a MongoDB server that does not answer: "
          + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(problem, e);
      }
      Assumptions.abort(problem);
    }
    uri = configured;
  }
}
