package dev.labbook.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Assumptions;

/**
 * The MongoDB server the tests talk to over TCP: by default mongo-java-server with its
 * in-memory backend, started in this JVM on a free port; with {@code LABBOOK_TEST_MONGODB_URI}
 * set (for example {@code mongodb://localhost:27017}, without a database), that server instead.
 * A configured server that cannot be reached skips the tests on a developer's machine and fails
 * them in CI ({@code CI=true}), where a skipped backend would pass unnoticed.
 */
final class TestServer implements AutoCloseable {
  static final String URI_VARIABLE = "LABBOOK_TEST_MONGODB_URI";

  private final MongoServer inProcess;
  private final String uri;
  private final MongoClient admin;

  private TestServer(MongoServer inProcess, String uri) {
    this.inProcess = inProcess;
    this.uri = uri;
    this.admin = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS)).build());
  }

  static TestServer start() {
    String configured = System.getenv(URI_VARIABLE);
    if (configured == null || configured.isBlank()) {
      MongoServer server = new MongoServer(new SnapshotMemoryBackend());
      InetSocketAddress address = server.bind(); // a free port on the loopback address
      return new TestServer(server, "mongodb://127.0.0.1:" + address.getPort());
    }
    TestServer server = new TestServer(null, configured);
    try {
      server.admin.getDatabase("admin").runCommand(new BsonDocument("ping", new BsonInt32(1)));
    } catch (RuntimeException e) {
      server.close();
      String problem = URI_VARIABLE + " names a MongoDB server that does not answer: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(problem, e);
      }
      Assumptions.abort(problem);
    }
    return server;
  }

  /** The server's URI, without a database. */
  String uri() {
    return uri;
  }

  /** Whether this is the in-process test server rather than a real MongoDB. */
  boolean inProcess() {
    return inProcess != null;
  }

  MongoClient admin() {
    return admin;
  }

  void drop(String database) {
    admin.getDatabase(database).drop();
  }

  @Override
  public void close() {
    admin.close();
    if (inProcess != null) {
      inProcess.shutdownNow();
    }
  }
}
