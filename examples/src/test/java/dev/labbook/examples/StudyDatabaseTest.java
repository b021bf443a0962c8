package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labbook.ConfigurationException;
import dev.labbook.NotFoundException;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.StoreUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docktuna's flow on a real PostgreSQL that asks a role for its password, which the program
 * reads from a secret file as a container would from {@code /run/secrets}.
 */
class StudyDatabaseTest {
  private static final String ROLE = "study_user";
  private static final String PASSWORD = "s3cr:t/pa ss@word";

  @TempDir Path folder;

  @BeforeAll
  static void role() throws Exception {
    assumeTrue(TestPostgres.isEmbedded(), "needs the embedded server, whose logins it configures");
    TestPostgres.createPasswordRole(ROLE, PASSWORD);
  }

  private StudyDatabase database(Path secret, String schema) {
    return new StudyDatabase("localhost:" + TestPostgres.port(), "postgres", ROLE, secret,
        Map.of("schema", schema));
  }

  @Test
  void logsInWithThePasswordFromTheSecretFileAndAnswersDocktunasQuestions() throws Exception {
    Path secret = Files.writeString(folder.resolve("study_db_password"), PASSWORD + "\n");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    try (StudyDatabase db = database(secret, "studies_flow")) {
      StudyDatabase.run(db, "branin", 8, new Random(5), out);
      StudyDatabase.run(db, "branin", 4, new Random(6), out); // get_study again: the same study

      String output = printed.toString(StandardCharsets.UTF_8);
      assertThat(output).contains("branin is in the database: false", "best params before this batch: {}\n",
          "branin is in the database: true", "latest study: branin; all studies: [branin]")
          .doesNotContain(PASSWORD);
      assertThat(output).containsPattern("store postgresql://localhost:\\d+/postgres; ");

      var experiment = db.storage().experiments().getByName("branin");
      List<Run> runs = db.storage().experiments().runs(experiment.id()).toList();
      assertThat(runs).hasSize(12).allMatch(r -> r.status() == RunStatus.COMPLETED);
      Run best = runs.stream().min((a, b) -> Double.compare((Double) a.results().get("value"),
          (Double) b.results().get("value"))).orElseThrow();
      assertThat(db.bestParams("branin")).isEqualTo(best.params());
      assertThat(output).contains(String.format("best x=%.4f y=%.4f", (Double) best.params().get("x"),
          (Double) best.params().get("y")));
    }
  }

  @Test
  void aStudyWithoutCompletedRunsHasNoBestParamsAndAnUnknownStudyIsNotFound() throws Exception {
    Path secret = Files.writeString(folder.resolve("study_db_password"), PASSWORD);
    try (StudyDatabase db = database(secret, "studies_empty")) {
      db.study("fresh");
      assertThat(db.bestParams("fresh")).isEmpty();
      assertThat(db.latestStudy()).isEmpty();
      assertThatThrownBy(() -> db.bestParams("nowhere")).isInstanceOf(NotFoundException.class)
          .hasMessageContaining("nowhere");
    }
  }

  @Test
  void aWrongPasswordFailsOnFirstUseWithoutShowingItAndTheNextUseTriesAgain() throws Exception {
    Path secret = Files.writeString(folder.resolve("study_db_password"), "not-" + PASSWORD);
    try (StudyDatabase db = database(secret, "studies_retry")) {
      assertThatThrownBy(db::storage).isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("password authentication failed")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));

      Files.writeString(secret, PASSWORD); // the right secret is mounted
      assertThat(db.isInDb("anything")).isFalse();
    }
  }

  @Test
  void aMissingSecretFileIsAConfigurationErrorNamingTheFile() {
    Path missing = folder.resolve("not-mounted");
    try (StudyDatabase db = database(missing, "studies_missing")) {
      assertThatThrownBy(db::storage).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(missing.toString());
    }
  }
}
