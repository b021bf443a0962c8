package dev.labbook.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Experiment;
import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric points are documents of their own: a batch is one insertMany, and a long series never
 * makes a document grow (MongoDB caps documents at 16 MB).
 */
class MetricPointsTest {
  /** Points in the long-series test; -Dlabbook.mongo.longSeries=1000000 runs the full million. */
  private static final int LONG_SERIES = Integer.getInteger("labbook.mongo.longSeries", 200_000);

  static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void aBatchOfPointsIsOneInsertManyRoundTrip() {
    // The driver splits one insertMany into commands of at most the server's maxWriteBatchSize
    // documents (100,000 on MongoDB; mongo-java-server says 1,000): a batch up to that size is
    // one round trip, a larger one is one insert command per that many points.
    int maxWriteBatch = server.admin().getDatabase("admin")
        .runCommand(new BsonDocument("isMaster", new org.bson.BsonInt32(1)))
        .getInteger("maxWriteBatchSize");
    String db = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
    try (CountedStore counted = new CountedStore(server, db)) {
      ExperimentStore experiments = counted.store.experiments();
      Run run = experiments.createRun(experiments.create("batches").id());
      experiments.log(run.id(), points(0, 1)); // the first batch also adds the key to the run's latest points
      counted.take();

      int half = maxWriteBatch / 2;
      experiments.log(run.id(), points(1, 1 + half));

      List<CountedStore.Command> commands = counted.take();
      assertThat(commands).as("commands for a batch of %,d points", maxWriteBatch)
          .extracting(CountedStore.Command::name)
          .containsExactly("findAndModify", "insert", "update");
      CountedStore.Command insert = commands.get(1);
      assertThat(insert.command().getString("insert").getValue()).isEqualTo("metrics");
      assertThat(insert.reply().getInt32("n").getValue()).isEqualTo(maxWriteBatch);

      experiments.log(run.id(), points(1 + half, 1 + half + 5 * half));
      assertThat(counted.take()).as("commands for a batch of %,d points", 5 * maxWriteBatch)
          .extracting(CountedStore.Command::name).filteredOn("insert"::equals).hasSize(5);
      assertThat(experiments.series(run.id(), "loss")).hasSize(1 + half + 5 * half);
    }
    server.drop(db);
  }

  /** Two keys per step, {@code from} to {@code to} (exclusive). */
  private static List<MetricPoint> points(int from, int to) {
    List<MetricPoint> batch = new ArrayList<>();
    for (int step = from; step < to; step++) {
      batch.add(MetricPoint.of("loss", step, 1.0 / (step + 1)));
      batch.add(MetricPoint.of("accuracy", step, step / 5_000.0));
    }
    return batch;
  }

  @Test
  void aLongSeriesNeverGrowsADocument() {
    String db = "long-" + UUID.randomUUID().toString().substring(0, 8);
    try (CountedStore counted = new CountedStore(server, db)) {
      ExperimentStore experiments = counted.store.experiments();
      Experiment experiment = experiments.create("long");
      Run run = experiments.createRun(experiment.id());
      // The run document holds the latest point of each key: one entry, made by the first batch.
      int before = -1;

      long start = System.nanoTime();
      int batchSize = 10_000;
      for (int from = 0; from < LONG_SERIES; from += batchSize) {
        List<MetricPoint> batch = new ArrayList<>(batchSize);
        for (int step = from; step < from + batchSize; step++) {
          batch.add(MetricPoint.of("loss", step, 1.0 / (step + 1)));
        }
        experiments.log(run.id(), batch);
        if (before < 0) {
          before = runDocumentSize(db, run.id());
        }
      }
      long logged = System.nanoTime();
      long count;
      long lastStep;
      try (Stream<MetricPoint> series = experiments.streamSeries(run.id(), "loss")) {
        long[] seen = {0, -1};
        series.forEach(point -> {
          assertThat(point.step()).isEqualTo(seen[1] + 1);
          seen[0]++;
          seen[1] = point.step();
        });
        count = seen[0];
        lastStep = seen[1];
      }
      long read = System.nanoTime();
      System.out.printf("%,d points: logged in %d ms (batches of %,d), streamed back in %d ms%n",
          LONG_SERIES, (logged - start) / 1_000_000, batchSize, (read - logged) / 1_000_000);

      assertThat(count).isEqualTo(LONG_SERIES);
      assertThat(lastStep).isEqualTo(LONG_SERIES - 1);
      assertThat(experiments.latestMetrics(run.id()).get("loss").step()).isEqualTo(LONG_SERIES - 1);
      assertThat(runDocumentSize(db, run.id())).as("bytes of the run document after the series")
          .isEqualTo(before);
      long biggest = 0;
      for (String collection : List.of("runs", "metrics", "experiments")) {
        for (BsonDocument row : server.admin().getDatabase(db).getCollection(collection, BsonDocument.class).find().batchSize(1_000)) {
          biggest = Math.max(biggest, new RawBsonDocument(row, new org.bson.codecs.BsonDocumentCodec())
              .getByteBuffer().remaining());
        }
      }
      assertThat(biggest).as("bytes of the largest document").isLessThan(1_000);
    }
    server.drop(db);
  }

  private static int runDocumentSize(String db, String runId) {
    BsonDocument row = server.admin().getDatabase(db).getCollection("runs", BsonDocument.class)
        .find(Records.byId(runId)).first();
    return new RawBsonDocument(row, new org.bson.codecs.BsonDocumentCodec()).getByteBuffer().remaining();
  }
}
