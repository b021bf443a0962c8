package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.Experiment;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.spi.StoreSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On H2 the store keeps {@code lb_latest} itself: when two batches give a metric key its first
 * latest row at once, the second cannot see the first's row and its insert collides. That
 * batch must be run again (nothing of it was stored), not fail: CI once saw it fail.
 */
class H2FirstLatestPointRaceTest {
  @TempDir Path folder;

  @Test
  void batchesRacingToLogTheFirstPointOfAKeyAllLand() throws Exception {
    StoreSettings settings = StoreSettings.of("h2:" + folder.resolve("race"), Map.of("pool.size", "4"));
    int threads = 6;
    int rounds = 30;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Labbook one = TestDatabase.open(settings); Labbook two = TestDatabase.open(settings)) {
      Experiment experiment = one.experiments().create("race");
      for (int round = 0; round < rounds; round++) {
        Run run = one.experiments().createRun(experiment.id());
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Labbook mine = t % 2 == 0 ? one : two;
          long step = t;
          done.add(pool.submit(() -> {
            start.await(30, TimeUnit.SECONDS);
            mine.experiments().log(run.id(), MetricPoint.of("loss", step, step / 10.0));
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
        assertThat(one.experiments().series(run.id(), "loss")).hasSize(threads);
        assertThat(two.experiments().latestMetrics(run.id()).get("loss").step()).isEqualTo(threads - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
