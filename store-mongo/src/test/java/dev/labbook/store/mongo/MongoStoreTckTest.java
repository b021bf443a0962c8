package dev.labbook.store.mongo;

import dev.labbook.spi.StoreSettings;
import dev.labbook.tck.StoreTck;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The MongoDB store against the whole TCK, over TCP with the real driver: one server for the
 * class (see {@link TestServer}), a fresh database per rule. Rules that open two instances get
 * two {@code MongoClient}s, as two processes would.
 */
class MongoStoreTckTest extends StoreTck {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
  static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected StoreSettings newStore() {
    return StoreSettings.of(server.uri(), Map.of("database", "tck-" + RUN + "-" + COUNT.incrementAndGet()));
  }

  @Override
  protected void dropStore(StoreSettings settings) {
    server.drop(settings.option("database").orElseThrow());
  }
}
