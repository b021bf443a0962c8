package dev.labbook.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.query.Query;
import dev.labbook.spi.StoreSettings;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delete cut short between its steps (as a killed process leaves it, made here by writing
 * the marks a delete writes, through a plain client) leaves records no read returns, and the
 * next open finishes the delete.
 */
class InterruptedDeletesTest {
  static TestServer server;
  private String database;
  private Experiment experiment;
  private Run first;
  private Run second;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void storeAnExperimentWithRunsMetricsAndArtifacts() {
    database = "interrupted-" + UUID.randomUUID().toString().substring(0, 8);
    try (Labbook lab = open()) {
      experiment = lab.experiments().create("doomed");
      first = lab.experiments().createRun(experiment.id());
      second = lab.experiments().createRun(experiment.id());
      lab.experiments().log(first.id(), MetricPoint.of("loss", 0, 1.0), MetricPoint.of("loss", 1, 0.5));
      lab.experiments().log(second.id(), MetricPoint.of("loss", 0, 2.0));
      lab.experiments().putArtifact(experiment.id(), "notes.txt", new byte[] {1});
      lab.experiments().putArtifact(first.id(), "model.bin", new byte[] {2, 3});
    }
  }

  @AfterEach
  void dropDatabase() {
    server.drop(database);
  }

  @Test
  void aDeleteCutAfterMarkingTheRunsHidesThemAndTheNextOpenFinishesIt() {
    db().getCollection("runs").updateMany(new BsonDocument("experimentId", new BsonString(experiment.id())),
        set(new BsonString("experiment")));
    try (Labbook lab = open()) { // opening finishes it
      assertThat(lab.experiments().find(experiment.id())).isEmpty();
      assertThat(lab.experiments().findRun(first.id())).isEmpty();
      assertThat(lab.experiments().create("doomed").name()).isEqualTo("doomed");
    }
    assertNothingLeftOfTheExperiment();
  }

  @Test
  void aDeleteCutAfterMarkingTheExperimentHidesEverythingAndFreesTheNameOnReuse() {
    try (Labbook lab = open()) {
      db().getCollection("runs").updateMany(new BsonDocument("experimentId", new BsonString(experiment.id())),
          set(new BsonString("experiment")));
      db().getCollection("experiments").updateOne(Records.byId(experiment.id()), set(BsonBoolean.TRUE));

      assertThat(lab.experiments().find(experiment.id())).isEmpty();
      assertThat(lab.experiments().findByName("doomed")).isEmpty();
      assertThat(lab.experiments().list()).isEmpty();
      assertThat(lab.experiments().runs(Query.all())).isEmpty();
      assertThat(lab.experiments().findRun(second.id())).isEmpty();

      // The name is held by the marked document until the delete finishes: creating finishes it.
      Experiment again = lab.experiments().create("doomed");
      assertThat(lab.experiments().list()).containsExactly(again);
    }
    assertNothingLeftOfTheExperiment();
  }

  @Test
  void aRunDeleteCutAfterTheMarkHidesTheRunAndTheNextOpenFinishesIt() {
    db().getCollection("runs").updateOne(Records.byId(first.id()), set(new BsonString("run")));
    try (Labbook lab = open()) {
      assertThat(lab.experiments().findRun(first.id())).isEmpty();
      assertThat(lab.experiments().runs(experiment.id())).containsExactly(lab.experiments().getRun(second.id()));
      assertThat(lab.experiments().createRun(experiment.id()).number()).as("numbers are not reused").isEqualTo(2);
    }
    assertThat(count("metrics", "run", first.id())).isZero();
    assertThat(count("artifacts.files", "metadata.owner", first.id())).isZero();
    assertThat(count("metrics", "run", second.id())).isEqualTo(1);
  }

  private void assertNothingLeftOfTheExperiment() {
    assertThat(count("experiments", "_id", experiment.id())).isZero();
    assertThat(count("runs", "experimentId", experiment.id())).isZero();
    for (String run : new String[] {first.id(), second.id()}) {
      assertThat(count("metrics", "run", run)).isZero();
      assertThat(count("artifacts.files", "metadata.owner", run)).isZero();
    }
    assertThat(count("artifacts.files", "metadata.owner", experiment.id())).isZero();
    assertThat(db().getCollection("artifacts.chunks").countDocuments()).isZero();
  }

  private static BsonDocument set(org.bson.BsonValue mark) {
    return new BsonDocument("$set", new BsonDocument(Records.DELETING, mark));
  }

  private long count(String collection, String field, String value) {
    return db().getCollection(collection).countDocuments(new BsonDocument(field, new BsonString(value)));
  }

  private MongoDatabase db() {
    return server.admin().getDatabase(database);
  }

  private Labbook open() {
    return Labbook.builder().settings(StoreSettings.of(server.uri(), Map.of("database", database))).open();
  }
}
