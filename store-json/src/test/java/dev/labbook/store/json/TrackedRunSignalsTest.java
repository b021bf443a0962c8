package dev.labbook.store.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.tracking.RunHandle;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code track()} in a real process that is sent a real signal: what sqltrack users rely on when
 * a cluster scheduler stops a job. The JSON store is the one in-process store another process
 * can read afterwards.
 */
class TrackedRunSignalsTest {
  @TempDir Path temp;

  private Path folder;

  @BeforeEach
  void store() {
    folder = temp.resolve("store");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aTrackedRunWhoseProcessIsToldToEndIsCancelled(String signal) throws Exception {
    // A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored
    // in every child: then no JVM below can see SIGINT, whatever Labbook does.
    org.junit.jupiter.api.Assumptions.assumeFalse(signal.equals("INT") && sigintIgnored(),
        "SIGINT is ignored in this process (started as a background job?), so the child inherits that");
    try (Labbook lab = ChildMain.open(folder, false)) {
      String runId = startedRun(lab);
      try (Child child = Child.start(temp.resolve("child.log"), "track", folder.toString(), runId)) {
        assertThat(child.awaitLine("tracking", 60_000)).as("the child started its work").isTrue();
        assertThat(lab.experiments().getRun(runId).status()).isEqualTo(RunStatus.RUNNING);

        child.signal(signal);

        assertThat(child.await(60_000)).as("exit code after SIG" + signal).isNotEqualTo(-1);
      }
      Run run = lab.experiments().getRun(runId);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.extras()).containsEntry(RunHandle.CANCELLED_BY, "shutdown");
      assertThat(run.ended()).isNotNull();
    }
  }

  @Test
  void aKilledWorkerLeavesItsRunRunningUntilTheStaleSweepFailsIt() throws Exception {
    try (Labbook lab = ChildMain.open(folder, false)) {
      String runId = startedRun(lab);
      try (Child child = Child.start(temp.resolve("child.log"), "track", folder.toString(), runId)) {
        assertThat(child.awaitLine("tracking", 60_000)).isTrue();
        child.kill();
      }
      assertThat(lab.experiments().getRun(runId).status()).isEqualTo(RunStatus.RUNNING);
      Thread.sleep(5); // past the last write's millisecond

      assertThat(lab.tracker().failStaleRuns(Duration.ZERO)).extracting(Run::id).containsExactly(runId);
      assertThat(lab.experiments().getRun(runId).status()).isEqualTo(RunStatus.FAILED);
    }
  }

  private static String startedRun(Labbook lab) {
    Experiment experiment = lab.experiments().create("jobs");
    return lab.tracker().newRun(experiment.id()).id();
  }

  /** Whether this process ignores SIGINT: bit 2 of the SigIgn mask in /proc/self/status. */
  private static boolean sigintIgnored() throws java.io.IOException {
    for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }
}
