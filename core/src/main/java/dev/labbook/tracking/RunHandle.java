package dev.labbook.tracking;

import dev.labbook.ConflictException;
import dev.labbook.ExperimentStore;
import dev.labbook.Link;
import dev.labbook.InvalidInputException;
import dev.labbook.MetricPoint;
import dev.labbook.Run;
import dev.labbook.RunStatus;
import dev.labbook.StoreClosedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A handle on one stored run whose methods change it and return the handle, so calls chain as
 * sqltrack's {@code Run} does:
 *
 * <pre>{@code
 * RunHandle run = lab.tracker().newRun(experiment.id())
 *     .addTags("baseline").addArgs(args).addEnv().comment("first try");
 * double loss = run.track(r -> train(r));   // RUNNING, then COMPLETED, FAILED or CANCELLED
 * }</pre>
 *
 * <p>Every change reads the stored run, applies itself and writes the result with
 * {@link ExperimentStore#updateRun(Run) compare-and-set}; when another writer got there first
 * it reads again and reapplies, so concurrent changes from several handles, threads or
 * processes (a heartbeat and the work it watches, say) are all kept. A handle holds no state
 * but the run's id: {@link #get()} reads the run as stored now.
 *
 * <p>Thread-safe. Methods throw what {@link ExperimentStore#updateRun} throws:
 * {@link dev.labbook.NotFoundException} when the run was deleted, {@link InvalidInputException}
 * and {@link dev.labbook.InvalidNameException} for values the store refuses (nothing is
 * written), {@link StoreClosedException} after the store closed.
 */
public final class RunHandle {
  /** Key in {@code extras} of how a FAILED run failed: {@code {"type": …, "message": …}}. */
  public static final String FAILURE = "failure";
  /** Key in {@code extras} of why a CANCELLED run was cancelled: interrupt or shutdown. */
  public static final String CANCELLED_BY = "cancelledBy";

  private static final System.Logger LOG = System.getLogger("dev.labbook.tracking");

  private final Tracker tracker;
  private final ExperimentStore experiments;
  private final String id;

  RunHandle(Tracker tracker, String id) {
    this.tracker = tracker;
    this.experiments = tracker.lab().experiments();
    this.id = id;
  }

  /** The run's id. */
  public String id() {
    return id;
  }

  /** The run as stored now. */
  public Run get() {
    return experiments.getRun(id);
  }

  // ---- life cycle ----------------------------------------------------------------------------

  /**
   * Marks the run RUNNING: its started time is now (kept if it had one), its heartbeat now, and
   * its ended time cleared.
   */
  public RunHandle start() {
    return update(run -> {
      Instant now = tracker.now();
      return run.withStatus(RunStatus.RUNNING)
          .withStarted(run.started() != null ? run.started() : now)
          .withHeartbeat(now)
          .withEnded(null);
    });
  }

  /** Ends the run COMPLETED; see {@link #stop(RunStatus)}. */
  public RunHandle stop() {
    return stop(RunStatus.COMPLETED);
  }

  /**
   * Ends the run with a terminal status; its ended time is now.
   *
   * @throws InvalidInputException if {@code status} is not terminal (QUEUED, RUNNING)
   */
  public RunHandle stop(RunStatus status) {
    Objects.requireNonNull(status, "status");
    if (!status.isTerminal()) {
      throw new InvalidInputException("a run stops with a terminal status (COMPLETED, FAILED,"
          + " CANCELLED, PRUNED), not " + status);
    }
    return update(run -> run.withStatus(status).withEnded(tracker.now()));
  }

  /** Sets the status alone, as sqltrack's {@code set_status}; times stay as they are. */
  public RunHandle status(RunStatus status) {
    Objects.requireNonNull(status, "status");
    return update(run -> run.withStatus(status));
  }

  /** Records a sign of life: the heartbeat time is now. */
  public RunHandle heartbeat() {
    return update(run -> run.withHeartbeat(tracker.now()));
  }

  /**
   * Runs {@code action} as this run's work: starts the run, beats its heartbeat every
   * {@link Tracker#heartbeatEvery(java.time.Duration) interval} from a daemon thread while the
   * work runs, and ends it with the status the work earned:
   *
   * <ul>
   *   <li>COMPLETED when it returns;
   *   <li>CANCELLED when it throws and the thread was interrupted or the exception was caused by
   *       an {@link InterruptedException} ({@code extras.cancelledBy = "interrupt"});
   *   <li>FAILED when it throws anything else ({@code extras.failure} holds the exception's
   *       class and message); the exception is rethrown unchanged;
   *   <li>CANCELLED when the JVM shuts down while the work runs — SIGINT, SIGTERM,
   *       {@code System.exit} — by a shutdown hook ({@code extras.cancelledBy = "shutdown"}).
   *       A SIGKILL runs no hook: such a run stays RUNNING with a heartbeat that stops, which
   *       {@link Tracker#failStaleRuns(java.time.Duration)} finds.
   * </ul>
   *
   * The first of these to happen decides; a later one changes nothing. Failing to record the
   * end (the store closed under a shutdown, say) is logged and does not hide the work's own
   * outcome.
   *
   * @return what the work returned
   * @throws E what the work threw
   */
  public <T, E extends Exception> T track(TrackedAction<T, E> action) throws E {
    Objects.requireNonNull(action, "action");
    start();
    AtomicBoolean ended = new AtomicBoolean();
    Thread hook = new Thread(() -> end(ended, RunStatus.CANCELLED, CANCELLED_BY, "shutdown"),
        "labbook-cancel-" + id);
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService beats = startHeartbeat();
    try {
      T result;
      try {
        result = action.run(this);
      } catch (Throwable t) {
        boolean cancelled = interrupted(t);
        // A set interrupt flag would make some stores' I/O fail (interruptible channels) and cut
        // the wait for the last beat short: end with it cleared, then hand it back.
        boolean flag = Thread.interrupted();
        stopBeating(beats);
        if (cancelled) {
          end(ended, RunStatus.CANCELLED, CANCELLED_BY, "interrupt");
        } else {
          Map<String, Object> failure = new LinkedHashMap<>();
          failure.put("type", t.getClass().getName());
          failure.put("message", t.getMessage());
          end(ended, RunStatus.FAILED, FAILURE, failure);
        }
        if (flag) {
          Thread.currentThread().interrupt();
        }
        throw t;
      }
      stopBeating(beats);
      end(ended, RunStatus.COMPLETED, null, null);
      return result;
    } finally {
      beats.shutdownNow(); // already stopped, unless ending failed with an Error
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run: it recorded CANCELLED unless the work ended first
      }
    }
  }

  /**
   * Stops the heartbeat and waits for a beat under way, without interrupting it (an interrupt
   * can break a store's I/O), so that no beat lands after the end is recorded.
   */
  private static void stopBeating(ScheduledExecutorService beats) {
    beats.shutdown();
    try {
      beats.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ScheduledExecutorService startHeartbeat() {
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "labbook-heartbeat-" + id);
      thread.setDaemon(true);
      return thread;
    });
    long every = tracker.heartbeatEvery().toMillis();
    beats.scheduleWithFixedDelay(() -> {
      try {
        heartbeat();
      } catch (RuntimeException e) {
        // a missed beat is not the work's failure; a run that misses many looks stale, as it should
        LOG.log(System.Logger.Level.WARNING, "heartbeat of run " + id + " failed", e);
      }
    }, every, every, TimeUnit.MILLISECONDS);
    return beats;
  }

  private void end(AtomicBoolean ended, RunStatus status, String extrasKey, Object why) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      update(run -> {
        if (status == RunStatus.CANCELLED && "shutdown".equals(why) && run.status() != RunStatus.RUNNING) {
          return run; // ended elsewhere (a stale sweep, another handle): nothing to cancel
        }
        Run finished = run.withStatus(status).withEnded(tracker.now());
        if (extrasKey != null) {
          Map<String, Object> extras = new LinkedHashMap<>(run.extras());
          extras.put(extrasKey, why);
          finished = finished.withExtras(extras);
        }
        return finished;
      });
    } catch (RuntimeException e) {
      // any store failure (an UncheckedIOException from a full disk too) must not replace the
      // work's own outcome
      LOG.log(System.Logger.Level.WARNING, "could not record run " + id + " as " + status, e);
    }
  }

  private static boolean interrupted(Throwable t) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  // ---- descriptive fields --------------------------------------------------------------------

  /** Sets the comment (null clears it). */
  public RunHandle comment(String comment) {
    return update(run -> run.withComment(comment));
  }

  /** Adds tags; ones it has stay. */
  public RunHandle addTags(String... tags) {
    List<String> added = List.of(tags);
    return update(run -> run.withTags(union(run.tags(), added)));
  }

  /** Removes tags; ones it does not have are ignored. */
  public RunHandle removeTags(String... tags) {
    Set<String> removed = Set.copyOf(Arrays.asList(tags));
    return update(run -> {
      Set<String> kept = new TreeSet<>(run.tags());
      kept.removeAll(removed);
      return run.withTags(kept);
    });
  }

  /** Replaces the tags. */
  public RunHandle setTags(String... tags) {
    Set<String> replaced = new TreeSet<>(List.of(tags));
    return update(run -> run.withTags(replaced));
  }

  /** Adds the program's arguments, parsed by {@link ProgramArgs#parse}, over those it has. */
  public RunHandle addArgs(String... argv) {
    return addArgs(ProgramArgs.parse(argv));
  }

  /** Adds arguments over those it has. */
  public RunHandle addArgs(Map<String, ?> args) {
    return update(run -> run.withArgs(merged(run.args(), args)));
  }

  /** Removes arguments by name. */
  public RunHandle removeArgs(String... names) {
    return update(run -> run.withArgs(without(run.args(), names)));
  }

  /** Replaces the arguments with the program's, parsed by {@link ProgramArgs#parse}. */
  public RunHandle setArgs(String... argv) {
    return setArgs(ProgramArgs.parse(argv));
  }

  /** Replaces the arguments. */
  public RunHandle setArgs(Map<String, ?> args) {
    return update(run -> run.withArgs(args));
  }

  /**
   * Adds this process's environment variables that pass the tracker's
   * {@link Tracker#envFilter(java.util.function.Predicate) filter}; by default those whose names
   * suggest a secret are left out.
   */
  public RunHandle addEnv() {
    return addEnv(tracker.filteredEnv(System.getenv()));
  }

  /** Adds these variables as given (no filter: the caller chose them). */
  public RunHandle addEnv(Map<String, String> env) {
    return update(run -> run.withEnv(merged(run.env(), env)));
  }

  /** Removes variables by name. */
  public RunHandle removeEnv(String... names) {
    return update(run -> run.withEnv(without(run.env(), names)));
  }

  /** Replaces the variables with this process's filtered ones; see {@link #addEnv()}. */
  public RunHandle setEnv() {
    return setEnv(tracker.filteredEnv(System.getenv()));
  }

  /** Replaces the variables. */
  public RunHandle setEnv(Map<String, String> env) {
    return update(run -> run.withEnv(env));
  }

  /** Adds extras over those it has. */
  public RunHandle addExtras(Map<String, ?> extras) {
    return update(run -> run.withExtras(merged(run.extras(), extras)));
  }

  /** Removes extras by key. */
  public RunHandle removeExtras(String... keys) {
    return update(run -> run.withExtras(without(run.extras(), keys)));
  }

  /** Replaces the extras. */
  public RunHandle setExtras(Map<String, ?> extras) {
    return update(run -> run.withExtras(extras));
  }

  /** Adds result values over those it has. */
  public RunHandle addResults(Map<String, ?> results) {
    return update(run -> run.withResults(merged(run.results(), results)));
  }

  // ---- metrics -------------------------------------------------------------------------------

  /** Logs one value per key at {@code step}, as one batch. */
  public RunHandle log(Map<String, ? extends Number> values, long step) {
    return log(points(values, step, null));
  }

  /** Logs one value per key at {@code step} and {@code progress} (0–1 of the run), as one batch. */
  public RunHandle log(Map<String, ? extends Number> values, long step, double progress) {
    return log(points(values, step, progress));
  }

  /** Logs points as one batch; see {@link ExperimentStore#log(String, java.util.Collection)}. */
  public RunHandle log(List<MetricPoint> points) {
    experiments.log(id, points);
    return this;
  }

  /** The latest point of each metric key, without reading the series. */
  public Map<String, MetricPoint> latestMetrics() {
    return experiments.latestMetrics(id);
  }

  private static List<MetricPoint> points(Map<String, ? extends Number> values, long step, Double progress) {
    List<MetricPoint> points = new ArrayList<>(values.size());
    values.forEach((key, value) -> {
      Objects.requireNonNull(value, () -> "metric " + key + " has no value");
      points.add(progress == null ? MetricPoint.of(key, step, value.doubleValue())
          : MetricPoint.of(key, step, progress, value.doubleValue()));
    });
    return points;
  }

  // ---- the one write path --------------------------------------------------------------------

  /**
   * Applies {@code change} to the run as stored and writes the result by compare-and-set,
   * reading and reapplying when another writer changed the run in between. A change that
   * returns the run it was given writes nothing. Build chainable operations of your own with it.
   *
   * @throws ConflictException if other writers won 100 rounds in a row
   */
  public RunHandle update(UnaryOperator<Run> change) {
    CompareAndSet.apply(this::get, change, experiments::updateRun);
    return this;
  }

  private static Set<String> union(Set<String> have, List<String> more) {
    Set<String> all = new TreeSet<>(have);
    all.addAll(more);
    return all;
  }

  private static Map<String, Object> merged(Map<String, Object> have, Map<String, ?> more) {
    Map<String, Object> all = new LinkedHashMap<>(have);
    all.putAll(more);
    return all;
  }

  private static Map<String, Object> without(Map<String, Object> have, String... keys) {
    Map<String, Object> kept = new LinkedHashMap<>(have);
    for (String key : keys) {
      kept.remove(key);
    }
    return kept;
  }

  /**
   * Links this run to another run (sqltrack's {@code add_link}); linking again changes
   * nothing. See {@link dev.labbook.Links}.
   *
   * @throws dev.labbook.NotFoundException naming the other id if there is no such run
   * @throws dev.labbook.InvalidInputException if the other id is not a run
   */
  public RunHandle addLink(String type, String toId) {
    experiments.links().add(id, type, toId);
    return this;
  }

  /** Removes a link to another run, if there is one. */
  public RunHandle removeLink(String type, String toId) {
    experiments.links().remove(id, type, toId);
    return this;
  }

  /** This run's links, by type and then target. */
  public List<Link> links() {
    return experiments.links().from(id);
  }

  @Override
  public String toString() {
    return "RunHandle[" + id + "]";
  }
}
