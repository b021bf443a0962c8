package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Labbook;
import dev.labbook.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An H2 store opened by {@code h2:<path>} is shared by processes, not only by instances in one
 * JVM (which is all the TCK checks): a child JVM writes while this one holds the store open.
 */
class H2ManyProcessesTest {
  @TempDir Path folder;

  @Test
  void aChildProcessWritesToAStoreThisProcessHoldsOpen() throws Exception {
    String uri = "h2:" + folder.resolve("shared");
    try (Labbook parent = Labbook.open(uri)) {
      String experiment = parent.experiments().create("shared").id();
      parent.experiments().createRun(experiment);

      Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
          "-cp", System.getProperty("java.class.path"), ChildWriter.class.getName(), uri, experiment)
          .redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes());
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isZero();

      List<Run> runs = parent.experiments().runs(experiment).toList();
      assertThat(runs).extracting(Run::number).containsExactly(0L, 1L, 2L, 3L);
      parent.experiments().createRun(experiment);
      assertThat(parent.experiments().runs(experiment).count()).isEqualTo(5);
    }
  }

  /** The child: creates three runs in the experiment, through the parent's server. */
  public static final class ChildWriter {
    public static void main(String[] args) {
      try (Labbook child = Labbook.open(args[0])) {
        for (int i = 0; i < 3; i++) {
          child.experiments().createRun(args[1]);
        }
      }
    }
  }
}
