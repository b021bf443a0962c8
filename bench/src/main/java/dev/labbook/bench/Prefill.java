package dev.labbook.bench;

import dev.labbook.Labbook;
import dev.labbook.spi.StoreSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills a store with finished trials quickly, through Labbook so that the layout is the real
 * one: the points of a run go in one batch, several threads write, and durability that only
 * slows the filling is relaxed while it runs (the JSON store is filled through a second
 * instance with {@code fsync=false}; the harness's own PostgreSQL runs with
 * {@code synchronous_commit=off} until the fill ends). The measurements after it run with the
 * default durability again.
 */
final class Prefill {
  private final Servers servers;

  Prefill(Servers servers) {
    this.servers = servers;
  }

  /**
   * Adds up to {@code count} trials to the experiment in {@code lab}'s store,
   * stopping early when {@code deadline} ({@link System#nanoTime()}) passes.
   *
   * @return how many were added
   */
  long add(Backend backend, Labbook lab, String experimentId, int count, long deadline)
      throws Exception {
    return add(backend, lab, List.of(experimentId), count, deadline);
  }

  /**
   * Adds {@code count} trials to each of the experiments of {@code lab}'s store, in one
   * filling session; see above. The JSON store is filled through an instance of its own.
   */
  long add(Backend backend, Labbook lab, List<String> experimentIds, int count, long deadline)
      throws Exception {
    if (count <= 0 || experimentIds.isEmpty()) {
      return 0;
    }
    int threads = backend == Backend.JSON ? 1 : 2;
    boolean relaxed = backend == Backend.POSTGRESQL && servers.ownsPostgres();
    if (relaxed) {
      synchronousCommit("off");
    }
    try (Labbook own = backend == Backend.JSON ? Labbook.builder()
        .settings(StoreSettings.of(lab.settings().uri(), Map.of("fsync", "false"))).open() : null) {
      Labbook filling = own != null ? own : lab;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        long total = (long) count * experimentIds.size();
        AtomicLong next = new AtomicLong();
        AtomicLong added = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long seed = t;
          workers.add(pool.submit(() -> {
            Random random = new Random(seed);
            for (long i = next.getAndIncrement(); i < total && System.nanoTime() < deadline;
                i = next.getAndIncrement()) {
              Trials.prefilled(filling.experiments(), experimentIds.get((int) (i / count)), random);
              added.incrementAndGet();
            }
            return null;
          }));
        }
        for (Future<?> worker : workers) {
          worker.get();
        }
        return added.get();
      } finally {
        pool.shutdownNow();
      }
    } finally {
      if (relaxed) {
        synchronousCommit("on");
      }
    }
  }

  /** Changes the server's setting for every session, as a reload of its configuration does. */
  private void synchronousCommit(String value) throws SQLException {
    try (Connection c = servers.postgres(null); Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET synchronous_commit = " + value);
      s.execute("SELECT pg_reload_conf()");
    }
  }
}
