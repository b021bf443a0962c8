package dev.labbook.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a rule's work on several threads released at the same moment, for the rules that race
 * writers against each other. The first thread to fail stops the others and fails the rule with
 * its own error; no thread outlives the call, so none touches the store while it is closed.
 */
final class Threads {
  /** One thread's work; may throw anything, which fails the rule. */
  @FunctionalInterface
  interface Work<T> {
    T run(int thread) throws Exception;
  }

  private Threads() {}

  /**
   * Runs {@code work} on {@code threads} threads released together and returns their results in
   * thread order. Results are taken as threads finish. The first thread to fail with an error of
   * its own (not a barrier another broke) cancels the others, interrupting them, which breaks any
   * barrier they wait at now or later; the rule fails with that error, what the others threw
   * attached as suppressed. Not finishing within {@code timeout} fails the rule naming the
   * threads still running. Returns or throws only once every thread has stopped, or has not
   * stopped within {@code timeout} of being interrupted, which fails the rule too.
   */
  static <T> List<T> together(int threads, Duration timeout, Work<T> work) {
    AtomicInteger made = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "labbook-tck-" + made.getAndIncrement());
      thread.setDaemon(true); // a thread stuck in the store must not keep the JVM alive
      return thread;
    });
    CompletionService<T> completion = new ExecutorCompletionService<>(pool);
    Map<Future<T>, Integer> numbers = new IdentityHashMap<>();
    List<T> results = new ArrayList<>(Collections.nCopies(threads, null));
    List<AssertionError> failures = new ArrayList<>();
    Set<Integer> alive = new ConcurrentSkipListSet<>(); // whose work has not returned or thrown
    AssertionError stopped = null;
    Set<Integer> late = Set.of(); // threads that did not finish in time
    boolean cancelled = false;
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        int thread = t;
        alive.add(thread);
        numbers.put(completion.submit(() -> {
          try {
            ready.countDown();
            go.await(); // cancelling interrupts it
            return work.run(thread);
          } finally {
            alive.remove(thread);
          }
        }), thread);
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      if (!ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        stopped = new AssertionError(ready.getCount() + " of " + threads
            + " threads did not start within " + timeout.toSeconds() + " s");
      } else {
        go.countDown();
        Set<Integer> running = new TreeSet<>(numbers.values());
        while (!running.isEmpty()) {
          Future<T> done = completion.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          if (done == null) {
            late = running;
            break;
          }
          int thread = numbers.get(done);
          running.remove(thread);
          try {
            results.set(thread, done.get());
          } catch (CancellationException e) {
            // stopped because another thread failed first
          } catch (ExecutionException e) {
            AssertionError failure = new AssertionError("thread " + thread + " failed: " + e.getCause(),
                e.getCause());
            failures.add(failure);
            // An echo (a broken barrier) means another thread broke it and reports why next;
            // the others end at their next barrier anyway.
            if (!cancelled && rank(failure) < 2) {
              cancel(numbers.keySet());
              cancelled = true;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = new AssertionError("interrupted while waiting for the threads", e);
    } finally {
      cancel(numbers.keySet());
      pool.shutdownNow();
      try {
        boolean ended = pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        String stuck = ended ? "" : "threads " + alive + " still running " + timeout.toSeconds()
            + " s after being interrupted; they may go on using the store";
        if (!late.isEmpty()) {
          stopped = add(stopped, new AssertionError("threads " + late + " of " + threads
              + " did not finish within " + timeout.toSeconds() + " s; is an operation blocked or"
              + " retrying forever?" + (ended ? "" : " And " + stuck)));
        } else if (!ended) {
          stopped = add(stopped, new AssertionError(stuck));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = add(stopped, new AssertionError("interrupted while stopping the threads", e));
      }
    }
    AssertionError failure = mostTelling(failures);
    if (failure != null) {
      if (stopped != null) {
        failure.addSuppressed(stopped);
      }
      throw failure;
    }
    if (stopped != null) {
      throw stopped;
    }
    return results;
  }

  /**
   * Waits at a barrier for at most {@code timeout}. A thread that another's failure interrupts,
   * or that finds the barrier broken, ends with an error that {@link #together} reports only
   * when it has nothing better.
   */
  static void await(CyclicBarrier barrier, Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    try {
      barrier.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("waited " + timeout.toSeconds() + " s at a barrier for "
          + (barrier.getParties() - 1) + " other threads; is one of them blocked?");
    }
  }

  private static void cancel(Iterable<? extends Future<?>> futures) {
    for (Future<?> future : futures) {
      future.cancel(true);
    }
  }

  /**
   * A thread's own failure rather than an echo of it (a barrier it broke, an interrupt after
   * it failed), and rather than a wait at a barrier that timed out; the others as suppressed.
   */
  private static AssertionError mostTelling(List<AssertionError> failures) {
    AssertionError best = null;
    for (AssertionError candidate : failures) {
      if (best == null || rank(candidate) < rank(best)) {
        best = candidate;
      }
    }
    for (AssertionError other : failures) {
      if (other != best) {
        best.addSuppressed(other);
      }
    }
    return best;
  }

  /** 0 for a failure of the thread's own, 1 for a wait that timed out, 2 for an echo. */
  private static int rank(Throwable failure) {
    int rank = 0;
    Throwable t = failure.getCause();
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof BrokenBarrierException || t instanceof InterruptedException) {
        return 2;
      }
      if (t instanceof TimeoutException) {
        rank = 1;
      }
    }
    return rank;
  }

  private static AssertionError add(AssertionError first, AssertionError next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
