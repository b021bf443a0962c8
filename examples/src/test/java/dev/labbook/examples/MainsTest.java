package dev.labbook.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.examples.dacapo.ConfigCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every program's {@code main}, as a user starts it: the store comes from the system property
 * {@code labbook.store} (here a JSON store in a temporary folder, set by the test), and what it
 * prints goes to standard output.
 */
class MainsTest {
  @TempDir Path folder;
  private PrintStream originalOut;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  @BeforeEach
  void useATemporaryStoreAndCaptureTheOutput() {
    System.setProperty("labbook.store", "json:" + folder.resolve("lab"));
    originalOut = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.clearProperty("labbook.store");
  }

  private String output() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void quickStart() {
    QuickStart.main(new String[] {"20"});
    QuickStart.main(new String[] {"10"});
    assertThat(output()).contains("Store json:" + folder.resolve("lab") + ": experiment 'quickstart-branin' has 20 runs")
        .contains("has 30 runs (10 added").contains("Best params: x=");
  }

  @Test
  void experimentDatabase() throws Exception {
    ExperimentDatabase.main(new String[0]);
    assertThat(output()).contains("files: [checkpoints/best.json, results.csv, search.log]")
        .contains("deleted both; exp_101 exists: false");
  }

  @Test
  void trackedTraining() {
    TrackedTraining.main(new String[] {"--epochs=3"});
    assertThat(output()).contains("run 0 COMPLETED: tags [lr-0.1]").contains("run 1 FAILED: tags [diverging]");
  }

  @Test
  void configCatalog() {
    ConfigCatalog.main(new String[0]);
    assertThat(output()).contains("runs:         [unet-affinities-0, unet-affinities-1]");
  }

  @Test
  void studyArchive() {
    Path file = folder.resolve("ax-branin.json");
    StudyArchive.main(new String[] {file.toString(), "mem:"});
    assertThat(output()).contains("imported it into mem:: same id true, 6 runs");
    assertThat(Files.exists(file)).isTrue();
  }

  /** The shared instance main uses stays open for the JVM; no other test asks for it. */
  @Test
  void studyDatabaseOnTheStoreTheSettingsName() {
    StudyDatabase.main(new String[] {"main-study"});
    assertThat(output()).contains("main-study is in the database: false")
        .contains("latest study: main-study");
  }
}
