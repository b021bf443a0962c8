package dev.labbook.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Experiment;
import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.query.Direction;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Queries reach the server as filter documents: the server returns only the records that can
 * match, not every record for Java to filter. (That the answers equal the reference
 * evaluator's is the TCK's query rules' job.)
 */
class QueryTranslationTest {
  static TestServer server;
  private String database;
  private CountedStore counted;
  private ExperimentStore experiments;
  private Experiment experiment;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void sixtyRuns() {
    database = "queries-" + UUID.randomUUID().toString().substring(0, 8);
    counted = new CountedStore(server, database);
    experiments = counted.store.experiments();
    experiment = experiments.create("sweep");
    for (int i = 0; i < 60; i++) {
      Object lr = i % 10 == 9 ? "auto" : (Object) (i / 60.0);
      experiments.createRun(experiment.id(), RunSpec.create().param("lr", lr).param("optimizer", i % 3 == 0 ? "adam" : "sgd"));
    }
    counted.take();
  }

  @AfterEach
  void drop() {
    counted.close();
    server.drop(database);
  }

  @Test
  void aNumberComparisonIsAnsweredFromTheMatchingRecordsOnly() {
    List<Run> found = experiments.runs(experiment.id(), Query.parse("params.lr > 0.505")).toList();

    assertThat(found).hasSize(26); // 0.505 < i/60 for i = 31..59, less i = 39, 49, 59 ("auto")
    List<CountedStore.Command> commands = counted.take();
    assertThat(runsReturnedByTheServer(commands)).isEqualTo(26);
    assertThat(runFinds(commands).get(0).command().getDocument("filter").toJson()).contains("params.lr");
  }

  @Test
  void equalityAndOrAreAnsweredFromTheMatchingRecordsOnly() {
    List<Run> found = experiments.runs(experiment.id(),
        Query.parse("params.optimizer = 'adam' and (params.lr = 'auto' or params.lr < 0.095)")).toList();

    assertThat(found).extracting(Run::number).containsExactly(0L, 3L, 9L, 39L);
    assertThat(runsReturnedByTheServer(counted.take())).isEqualTo(4);
  }

  @Test
  void aPageInNumberOrderIsSortedAndCutByTheServer() {
    Page<Run> page = experiments.runPage(experiment.id(),
        Query.all().orderBy("number", Direction.DESC).limit(5));

    assertThat(page.items()).extracting(Run::number).containsExactly(59L, 58L, 57L, 56L, 55L);
    BsonDocument find = runFinds(counted.take()).get(0).command();
    assertThat(find.getDocument("sort")).isEqualTo(
        new BsonDocument("number", new BsonInt32(-1)).append("_id", new BsonInt32(1)));

    Page<Run> next = experiments.runPage(experiment.id(),
        Query.all().orderBy("number", Direction.DESC).limit(5).after(page.next().orElseThrow()));
    assertThat(next.items()).extracting(Run::number).containsExactly(54L, 53L, 52L, 51L, 50L);
  }

  @Test
  void theBestTenOfTwoThousandRunsReadAboutTenRunsFromTheServer() {
    Experiment big = experiments.create("big");
    Random random = new Random(2000);
    Map<Long, Double> accuracy = new HashMap<>();
    Map<Long, Double> loss = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      Run run = experiments.createRun(big.id());
      if (i % 100 != 7) { // some runs have no accuracy: they sort last under DESC
        double a = random.nextDouble();
        experiments.updateRun(run.withResults(Map.of("accuracy", a)));
        accuracy.put(run.number(), a);
      }
      double l = random.nextDouble();
      experiments.log(run.id(), MetricPoint.of("loss", 0, 2 * l), MetricPoint.of("loss", 1, l));
      loss.put(run.number(), l);
    }
    counted.take();

    Query best = Query.all().orderBy("results.accuracy", Direction.DESC).limit(10);
    Page<Run> page = experiments.runPage(big.id(), best);
    int read = runsReturnedByTheServer(counted.take());
    Page<Run> second = experiments.runPage(big.id(), best.after(page.next().orElseThrow()));
    int readForSecond = runsReturnedByTheServer(counted.take());
    Page<Run> lowestLoss = experiments.runPage(big.id(), Query.all().orderBy("metrics.loss", Direction.ASC).limit(10));
    int readForLoss = runsReturnedByTheServer(counted.take());
    System.out.printf("best 10 of 2,000 runs: %d, %d (next page) and %d (by metrics.loss) runs read%n",
        read, readForSecond, readForLoss);

    List<Long> byAccuracy = accuracy.keySet().stream()
        .sorted(Comparator.comparing(accuracy::get).reversed()).toList();
    assertThat(page.items()).extracting(Run::number).containsExactlyElementsOf(byAccuracy.subList(0, 10));
    assertThat(second.items()).extracting(Run::number).containsExactlyElementsOf(byAccuracy.subList(10, 20));
    assertThat(lowestLoss.items()).extracting(Run::number).containsExactlyElementsOf(
        loss.keySet().stream().sorted(Comparator.comparing(loss::get)).limit(10).toList());
    // A page of 10 and the one record that tells whether more follow.
    assertThat(read).isEqualTo(11);
    assertThat(readForSecond).isEqualTo(11);
    assertThat(readForLoss).isEqualTo(11);
  }

  @Test
  void aConditionOnALatestMetricIsAnsweredFromTheMatchingRecordsOnly() {
    List<Run> runs = experiments.runs(experiment.id()).toList();
    for (Run run : runs) {
      // The latest point is the highest step, whatever the order of logging.
      experiments.log(run.id(), MetricPoint.of("loss", 5, run.number() / 100.0), MetricPoint.of("loss", 1, 9.0));
    }
    counted.take();

    List<Run> found = experiments.runs(experiment.id(), Query.parse("metrics.loss <= 0.09 and metrics.loss >= 0.05")).toList();

    assertThat(found).extracting(Run::number).containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(runsReturnedByTheServer(counted.take())).isEqualTo(5);
  }

  @Test
  void notEqualAndNotAreAnsweredFromTheMatchingRecordsOnly() {
    List<Run> found = experiments.runs(experiment.id(), Query.parse("params.optimizer != 'adam'")).toList();
    assertThat(found).hasSize(40);
    assertThat(runsReturnedByTheServer(counted.take())).isEqualTo(40);

    // lr is i/60 or "auto": not (lr < 0.5) holds for i = 30..59 and the 3 "auto" runs below 30.
    found = experiments.runs(experiment.id(), Query.parse("not (params.lr < 0.5 or params.optimizer = 'adam')")).toList();
    assertThat(found).hasSize(22); // of those 33, the ones with i % 3 != 0
    assertThat(runsReturnedByTheServer(counted.take())).isEqualTo(22);
  }

  @Test
  void stringOrderIsByCodePointEvenWhereTheServerComparesUtf16Units() {
    experiments.create("\uFFFF"); // the last BMP character
    experiments.create("\uD83D\uDE00"); // U+1F600: after U+FFFF by code point, before it in UTF-16
    counted.take();

    assertThat(experiments.list(Query.parse("name > '\uFFFF'")).map(Experiment::name))
        .containsExactly("\uD83D\uDE00");
    assertThat(experiments.list(Query.parse("name < '\uD83D\uDE00' and name >= '\uE000'")).map(Experiment::name))
        .containsExactly("\uFFFF");
    // What this server does with the same comparison, for the record (the store never relies on it).
    long serverSays = server.admin().getDatabase(database).getCollection("experiments")
        .countDocuments(new BsonDocument("name", new BsonDocument("$gt", new BsonString("\uFFFF"))));
    System.out.println("server counts " + serverSays + " name(s) > U+FFFF (code point order says 1)");
  }

  private static List<CountedStore.Command> runFinds(List<CountedStore.Command> commands) {
    return commands.stream()
        .filter(c -> c.name().equals("find") && c.command().getString("find").getValue().equals("runs"))
        .toList();
  }

  /** Documents the server returned for finds on runs (first batches and more batches). */
  private static int runsReturnedByTheServer(List<CountedStore.Command> commands) {
    int returned = 0;
    for (CountedStore.Command c : commands) {
      if (c.reply() != null && c.reply().containsKey("cursor")) {
        BsonDocument cursor = c.reply().getDocument("cursor");
        String ns = cursor.getString("ns").getValue();
        if (ns.endsWith(".runs")) {
          returned += cursor.containsKey("firstBatch") ? cursor.getArray("firstBatch").size()
              : cursor.getArray("nextBatch").size();
        }
      }
    }
    return returned;
  }
}
