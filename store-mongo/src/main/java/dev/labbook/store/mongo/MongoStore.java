package dev.labbook.store.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.event.CommandListener;
import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * An open MongoDB store: one {@link MongoClient} (its own connection pool: instances share
 * the database, never a client) over one database.
 *
 * <p>Collections: {@code configs}, {@code experiments}, {@code runs}, {@code metrics} (one
 * document per point; the latest point per key lives in the run document) and the GridFS
 * bucket {@code artifacts}. Indexes are created on open; creating an existing index is a no-op, so
 * opening is idempotent.
 */
final class MongoStore implements Store {
  static final Capabilities CAPABILITIES =
      Capabilities.of(Capability.PERSISTENT, Capability.MULTI_PROCESS, Capability.ARTIFACTS);

  private final MongoClient client;
  private final MongoConfigStore configs;
  private final MongoExperimentStore experiments;

  private MongoStore(MongoClient client, MongoConfigStore configs, MongoExperimentStore experiments) {
    this.client = client;
    this.configs = configs;
    this.experiments = experiments;
  }

  /**
   * Connects, checks that the server answers (within the options' timeout), creates the indexes
   * and finishes deletions a crash left half done.
   *
   * @param listener sees every command sent, for tests that count round trips; may be null
   */
  static MongoStore open(StoreContext context, MongoStoreOptions options, CommandListener listener) {
    MongoClientSettings.Builder settings = MongoClientSettings.builder()
        .applyConnectionString(options.connection())
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
            options.timeout().toMillis(), TimeUnit.MILLISECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(
            (int) options.timeout().toMillis(), TimeUnit.MILLISECONDS));
    if (options.credential() != null) {
      settings.credential(options.credential());
    }
    if (listener != null) {
      settings.addCommandListener(listener);
    }
    MongoClient client = MongoClients.create(settings.build());
    try {
      MongoDatabase database = client.getDatabase(options.database());
      // Fails within the timeout when no server answers: core reports it with the redacted URI.
      database.runCommand(new BsonDocument("ping", new BsonInt32(1)));
      Collections collections = new Collections(database);
      collections.createIndexes();
      MongoExperimentStore experiments = new MongoExperimentStore(context, CAPABILITIES, collections);
      experiments.finishInterruptedDeletions();
      return new MongoStore(client, new MongoConfigStore(context, collections), experiments);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public ConfigStore configs() {
    return configs;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    client.close();
  }

  /** The store's collections in one database. */
  static final class Collections {
    final MongoCollection<BsonDocument> configs;
    final MongoCollection<BsonDocument> experiments;
    final MongoCollection<BsonDocument> runs;
    final MongoCollection<BsonDocument> metrics;
    final MongoCollection<BsonDocument> owned;
    final GridFSBucket artifacts;
    final MongoCollection<BsonDocument> artifactFiles;

    Collections(MongoDatabase database) {
      configs = database.getCollection("configs", BsonDocument.class);
      experiments = database.getCollection("experiments", BsonDocument.class);
      runs = database.getCollection("runs", BsonDocument.class);
      metrics = database.getCollection("metrics", BsonDocument.class);
      owned = database.getCollection("owned", BsonDocument.class);
      artifacts = GridFSBuckets.create(database, "artifacts");
      artifactFiles = database.getCollection("artifacts.files", BsonDocument.class);
    }

    /**
     * The unique indexes carry the store's rules (names unique per kind, experiment names
     * unique, one run per number); the others make reads
     * cheap on a real server.
     */
    void createIndexes() {
      IndexOptions unique = new IndexOptions().unique(true);
      configs.createIndex(Indexes.ascending("kind", "name"), unique);
      experiments.createIndex(Indexes.ascending("name"), unique);
      runs.createIndex(Indexes.ascending("experimentId", "number"), unique);
      owned.createIndex(Indexes.ascending("owner", "space", "name"), unique);
      metrics.createIndex(Indexes.ascending("run", "key", "step", "seq"));
      artifactFiles.createIndex(Indexes.ascending("metadata.owner", "metadata.path"));
      for (MongoCollection<BsonDocument> marked : List.of(experiments, runs)) {
        marked.createIndex(Indexes.ascending(Records.DELETING), new IndexOptions().sparse(true));
      }
    }
  }
}
