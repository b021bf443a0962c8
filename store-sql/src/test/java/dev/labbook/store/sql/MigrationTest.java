package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConfigurationException;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.query.Query;
import dev.labbook.spi.StoreSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How the schema's versions are created, upgraded, checked and refused. */
class MigrationTest {
  record Task(String name, int size) {}

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void aDatabaseMadeWithSchemaOneIsUpgradedOnOpenWithItsDataIntact(TestDatabase db) throws Exception {
    StoreSettings settings = db.fresh();
    migrateTo(settings, "1");
    TestDatabase.runScript(settings, "/fixtures/" + (db == TestDatabase.H2 ? "h2" : "postgresql") + "-v1.sql");
    assertThat(versions(settings)).containsExactly("1");

    try (Labbook labbook = TestDatabase.open(settings)) {
      assertThat(versions(settings)).containsExactlyElementsOf(all(db));
      var experiment = labbook.experiments().getByName("made-with-v1");
      assertThat(experiment.description()).isEqualTo("kept from schema 1");
      assertThat(experiment.tags()).containsExactly("old", "v1");
      assertThat(experiment.metadata()).containsEntry("host", "fixture").containsEntry("lr", 1.0E-4);
      assertThat(experiment.version()).isEqualTo(3);
      List<Run> runs = labbook.experiments().runs(experiment.id(), Query.all()).toList();
      assertThat(runs).extracting(Run::number).containsExactly(0L, 1L);
      assertThat(runs.get(0).params()).containsEntry("opt", "adam").containsEntry("lr", 0.1);
      assertThat(runs.get(0).comment()).isEqualTo("first");
      assertThat(labbook.experiments().series(runs.get(0).id(), "loss"))
          .extracting(MetricPoint::value).containsExactly(2.5, 1.25, 0.625);
      // Version 3 filled lb_latest from the fixture's points: the metric query runs in SQL on it.
      assertThat(labbook.experiments().runs(experiment.id(), Query.parse("metrics.loss = 0.625")).toList())
          .extracting(Run::number).containsExactly(0L);
      assertThat(latestRows(settings)).isPositive();
      assertThat(labbook.experiments().readArtifact(experiment.id(), "notes/readme.txt"))
          .isEqualTo("hello".getBytes());
      labbook.codecs().register("task", Task.class);
      assertThat(labbook.configs().names(Task.class)).containsExactly("baseline");
      assertThat(labbook.configs().get(Task.class, "baseline")).isEqualTo(new Task("baseline", 3));
      // The counter carried over: the next run continues after the fixture's two.
      assertThat(labbook.experiments().createRun(experiment.id()).number()).isEqualTo(2);
    }
  }

  private static int latestRows(StoreSettings settings) throws Exception {
    try (Connection connection = TestDatabase.connect(settings); Statement select = connection.createStatement();
        java.sql.ResultSet rows = select.executeQuery("SELECT COUNT(*) FROM lb_latest")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /**
   * Flyway records creating a schema as a history row without a version; a new process that
   * first asks which versions the code knows reads that row too (this JVM's answer is cached,
   * so the check is asked of Flyway's listing directly).
   */
  @ParameterizedTest // H2's stores live in PUBLIC, which Flyway never creates
  @EnumSource(value = TestDatabase.class, names = "POSTGRESQL")
  void theVersionsTheCodeKnowsAreReadPastTheRowOfASchemaFlywayCreated(TestDatabase db) throws Exception {
    StoreSettings settings = db.fresh();
    TestDatabase.open(settings).close();
    Migrations migrations = new Migrations(SqlSettings.of(settings));

    assertThat(migrations.info()).anySatisfy(info -> assertThat(info.getVersion()).isNull())
        .as("the history holds a row without a version");
    assertThat(Migrations.newestScript(migrations.info())).isEqualTo(migrations.known());
    assertThat(migrations.current()).isEqualTo(migrations.known());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void aSchemaNewerThanTheCodeKnowsIsRefusedNamingBothVersions(TestDatabase db) throws Exception {
    StoreSettings settings = db.fresh();
    TestDatabase.open(settings).close();
    try (Connection connection = TestDatabase.connect(settings); Statement insert = connection.createStatement()) {
      insert.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", "
          + "\"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", "
          + "\"success\") VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0, 'test', 0, TRUE)");
    }

    assertThatThrownBy(() -> TestDatabase.open(settings))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema version 99, newer than this Labbook knows (" + newest(db) + ")");
    assertThatThrownBy(() -> SqlStore.migrate(settings))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("newer than this Labbook knows");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void inModeValidateAnOldSchemaIsRefusedUntilMigratedExplicitly(TestDatabase db) throws Exception {
    StoreSettings settings = db.fresh(Map.of("migrate", "validate"));
    assertThatThrownBy(() -> TestDatabase.open(settings))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("none (a new database)")
        .hasMessageContaining("SqlStore.migrate");
    migrateTo(settings, "1");
    assertThatThrownBy(() -> TestDatabase.open(settings))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("has schema version 1 but this Labbook needs " + newest(db));
    assertThat(versions(settings)).containsExactly("1");

    SqlStore.migrate(settings);

    assertThat(versions(settings)).containsExactlyElementsOf(all(db));
    try (Labbook labbook = TestDatabase.open(settings)) {
      assertThat(labbook.experiments().create("after-migrate").name()).isEqualTo("after-migrate");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void twoBootstrapsOpeningAFreshDatabaseAtOnceMigrateItOnce(TestDatabase db) throws Exception {
    for (int round = 0; round < 3; round++) {
      StoreSettings settings = db.fresh();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Labbook>> opened = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          opened.add(pool.submit(() -> {
            start.await();
            return TestDatabase.open(settings);
          }));
        }
        start.countDown();
        try (Labbook first = opened.get(0).get(60, TimeUnit.SECONDS);
            Labbook second = opened.get(1).get(60, TimeUnit.SECONDS)) {
          String id = first.experiments().create("shared").id();
          assertThat(second.experiments().get(id).name()).isEqualTo("shared");
        }
        // Each version applied exactly once, successfully.
        assertThat(versions(settings)).containsExactlyElementsOf(all(db));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * Every version of a database's scripts, in order: H2 has a version 5 (the functions that read
   * document paths, see H2Functions) that PostgreSQL, reading its jsonb twin, does not need.
   */
  private static List<String> all(TestDatabase db) {
    return db == TestDatabase.H2 ? List.of("1", "2", "3", "4", "5") : List.of("1", "2", "3", "4");
  }

  private static String newest(TestDatabase db) {
    List<String> all = all(db);
    return all.get(all.size() - 1);
  }

  /** Migrates with Flyway straight to {@code target}, as an older Labbook would have. */
  private static void migrateTo(StoreSettings settings, String target) {
    SqlSettings sql = SqlSettings.of(settings);
    var config = Flyway.configure().dataSource(sql.jdbcUrl(), sql.user(), sql.password())
        .locations(sql.dialect().migrationLocation()).target(target);
    if (sql.schema() != null) {
      config.schemas(sql.schema()).defaultSchema(sql.schema());
    }
    config.load().migrate();
  }

  /** The versions recorded in the history, in order of application. */
  private static List<String> versions(StoreSettings settings) throws Exception {
    List<String> versions = new ArrayList<>();
    try (Connection connection = TestDatabase.connect(settings); Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" "
            + "WHERE \"version\" IS NOT NULL AND \"success\" ORDER BY \"installed_rank\"")) {
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
    }
    return versions;
  }
}
