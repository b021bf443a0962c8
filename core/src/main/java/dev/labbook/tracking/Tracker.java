package dev.labbook.tracking;

import dev.labbook.ConflictException;
import dev.labbook.DuplicateNameException;
import dev.labbook.Experiment;
import dev.labbook.ExperimentSpec;
import dev.labbook.ExperimentStore;
import dev.labbook.InvalidInputException;
import dev.labbook.Labbook;
import dev.labbook.NotFoundException;
import dev.labbook.Objective;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.RunStatus;
import dev.labbook.UnsupportedCapabilityException;
import dev.labbook.query.Direction;
import dev.labbook.query.Filter;
import dev.labbook.query.Query;
import dev.labbook.spi.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Tracks runs as sqltrack does: chainable {@link RunHandle}s, runs chosen by environment
 * variables the way cluster jobs pass them, and a sweep for runs whose worker died. Get one from
 * {@link Labbook#tracker()}; it is immutable and thread-safe, and its settings methods return
 * a changed copy.
 */
public final class Tracker {
  /** How often {@link RunHandle#track} beats a run's heartbeat unless told otherwise. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

  /** Names the run to track; see {@link #fromEnvironment()}. */
  public static final String RUN_ID_VARIABLE = "LABBOOK_RUN_ID";
  /** Names the experiment of a new run by id; see {@link #fromEnvironment()}. */
  public static final String EXPERIMENT_ID_VARIABLE = "LABBOOK_EXPERIMENT_ID";
  /** Names the experiment of a new run by name; see {@link #fromEnvironment()}. */
  public static final String EXPERIMENT_NAME_VARIABLE = "LABBOOK_EXPERIMENT_NAME";

  private static final List<String> SECRET_WORDS =
      List.of("PASSWORD", "PASSWD", "TOKEN", "SECRET", "KEY", "CREDENTIAL");

  /**
   * Keeps a variable unless its upper-cased name contains PASSWORD, PASSWD, TOKEN, SECRET, KEY
   * or CREDENTIAL ({@code DB_PASSWORD}, {@code AWS_SECRET_ACCESS_KEY}, {@code HF_TOKEN}).
   */
  public static final Predicate<String> DEFAULT_ENV_FILTER = name -> {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_WORDS.stream().noneMatch(upper::contains);
  };

  private final Labbook lab;
  private final Duration heartbeatEvery;
  private final Predicate<String> envFilter;

  private Tracker(Labbook lab, Duration heartbeatEvery, Predicate<String> envFilter) {
    this.lab = lab;
    this.heartbeatEvery = heartbeatEvery;
    this.envFilter = envFilter;
  }

  /** A tracker over this store, with the default heartbeat interval and environment filter. */
  public static Tracker of(Labbook lab) {
    return new Tracker(Objects.requireNonNull(lab, "lab"), DEFAULT_HEARTBEAT, DEFAULT_ENV_FILTER);
  }

  /** The interval between heartbeats of a tracked run. */
  public Duration heartbeatEvery() {
    return heartbeatEvery;
  }

  /**
   * This tracker with another heartbeat interval.
   *
   * @throws InvalidInputException if the interval is not positive
   */
  public Tracker heartbeatEvery(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.compareTo(Duration.ofMillis(1)) < 0
        || interval.compareTo(Duration.ofDays(365)) > 0) {
      throw new InvalidInputException("a heartbeat interval must be from 1 ms to 365 days, not " + interval);
    }
    return new Tracker(lab, interval, envFilter);
  }

  /**
   * This tracker with another filter for {@link RunHandle#addEnv()}: variables whose names it
   * accepts are stored. Combine with {@link #DEFAULT_ENV_FILTER} to keep its protection.
   */
  public Tracker envFilter(Predicate<String> keep) {
    return new Tracker(lab, heartbeatEvery, Objects.requireNonNull(keep, "keep"));
  }

  // ---- handles -------------------------------------------------------------------------------

  /**
   * A handle on the experiment of this name, created when there is none (sqltrack's
   * {@code Experiment(client, name=…)}).
   */
  public ExperimentHandle experiment(String name) {
    return new ExperimentHandle(this, lab.experiments().getOrCreate(ExperimentSpec.named(name)).id());
  }

  /**
   * A handle on an existing experiment.
   *
   * @throws NotFoundException naming the id
   */
  public ExperimentHandle experimentById(String id) {
    return new ExperimentHandle(this, lab.experiments().get(id).id());
  }

  /** A new run (QUEUED) in the experiment. */
  public RunHandle newRun(String experimentId) {
    return newRun(experimentId, RunSpec.create());
  }

  /** A new run in the experiment, as the spec describes it. */
  public RunHandle newRun(String experimentId, RunSpec spec) {
    return new RunHandle(this, lab.experiments().createRun(experimentId, spec).id());
  }

  /**
   * A handle on an existing run.
   *
   * @throws NotFoundException naming the id
   */
  public RunHandle run(String runId) {
    return new RunHandle(this, lab.experiments().getRun(runId).id());
  }

  /**
   * The run this process's environment variables name; see {@link #fromEnvironment(Map)}.
   */
  public RunHandle fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The run these variables name, as a cluster job's launcher passes them: with
   * {@value #RUN_ID_VARIABLE}, that run; otherwise a new run in the experiment named by
   * {@value #EXPERIMENT_ID_VARIABLE} (which must exist) or by {@value #EXPERIMENT_NAME_VARIABLE}
   * (created when there is none of that name). Variables that are set must agree with each
   * other. Blank values count as unset.
   *
   * @throws InvalidInputException if none is set, or they name different experiments
   * @throws NotFoundException naming a run or experiment id that does not exist
   */
  public RunHandle fromEnvironment(Map<String, String> env) {
    Optional<String> runId = variable(env, RUN_ID_VARIABLE);
    Optional<String> experimentId = variable(env, EXPERIMENT_ID_VARIABLE);
    Optional<String> experimentName = variable(env, EXPERIMENT_NAME_VARIABLE);
    ExperimentStore experiments = lab.experiments();
    Optional<Experiment> byId = experimentId.map(experiments::get);
    if (byId.isPresent() && experimentName.isPresent()
        && !byId.get().name().equals(experimentName.get())) {
      throw new InvalidInputException(EXPERIMENT_ID_VARIABLE + "=" + experimentId.get()
          + " names experiment '" + byId.get().name() + "', but " + EXPERIMENT_NAME_VARIABLE
          + "=" + experimentName.get());
    }
    if (runId.isPresent()) {
      Run run = experiments.getRun(runId.get());
      Optional<Experiment> named = byId.or(() -> experimentName.flatMap(experiments::findByName));
      if ((experimentName.isPresent() || byId.isPresent())
          && !named.map(e -> e.id().equals(run.experimentId())).orElse(false)) {
        throw new InvalidInputException(RUN_ID_VARIABLE + "=" + runId.get()
            + " is a run of experiment " + run.experimentId() + ", not of the experiment that "
            + (byId.isPresent() ? EXPERIMENT_ID_VARIABLE : EXPERIMENT_NAME_VARIABLE) + " names");
      }
      return new RunHandle(this, run.id());
    }
    if (byId.isPresent()) {
      return newRun(byId.get().id());
    }
    if (experimentName.isPresent()) {
      return newRun(experiments.getOrCreate(ExperimentSpec.named(experimentName.get())).id());
    }
    throw new InvalidInputException("no run named by the environment: set " + RUN_ID_VARIABLE
        + ", " + EXPERIMENT_ID_VARIABLE + " or " + EXPERIMENT_NAME_VARIABLE);
  }

  private static Optional<String> variable(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  // ---- best runs -----------------------------------------------------------------------------

  /**
   * The experiment's best COMPLETED run by its declared {@link Objective}; see
   * {@link #bestRun(String, Objective)}.
   *
   * @throws InvalidInputException if the experiment declares no objective
   */
  public Optional<Run> bestRun(String experimentId) {
    return bestRun(experimentId, declaredObjective(experimentId));
  }

  /**
   * The experiment's best COMPLETED run by {@code objective}: among the runs whose field holds
   * a number other than NaN, the one with the smallest or largest; ties go to the run created
   * first. One query, sorted and limited by the store.
   *
   * @throws NotFoundException naming the experiment id
   */
  public Optional<Run> bestRun(String experimentId, Objective objective) {
    Objects.requireNonNull(objective, "objective");
    return lab.experiments().runs(experimentId, objective.bestRunQuery()).findFirst();
  }

  /**
   * The params of the experiment's {@link #bestRun(String) best run} by its declared objective,
   * or an empty map when it has no completed run with a value (docktuna's
   * {@code get_best_params}).
   *
   * @throws InvalidInputException if the experiment declares no objective
   */
  public Map<String, Object> bestParams(String experimentId) {
    return bestRun(experimentId).map(Run::params).orElse(Map.of());
  }

  /**
   * The experiment whose last COMPLETED run ended last (docktuna's {@code get_latest_study}),
   * or empty when no run has completed. One query over runs, sorted and limited by the store.
   */
  public Optional<Experiment> latestExperiment() {
    Query last = Query.where(Filter.and(Filter.eq("status", RunStatus.COMPLETED.name()),
            Filter.ge("ended", Long.MIN_VALUE))) // a completed run without an ended time is left out
        .orderBy("ended", Direction.DESC)
        .limit(1);
    return lab.experiments().runs(last).findFirst()
        .flatMap(run -> lab.experiments().find(run.experimentId()));
  }

  private Objective declaredObjective(String experimentId) {
    Experiment experiment = lab.experiments().get(experimentId);
    return Objective.of(experiment).orElseThrow(() -> new InvalidInputException("experiment "
        + experiment.name() + " declares no objective: create it with"
        + " ExperimentSpec.objective(…), or pass one"));
  }

  // ---- results folders -----------------------------------------------------------------------

  /**
   * Adds an experiment made from a results folder, as DeepHyper's {@code DBManager.add} does:
   * the experiment is created from {@code spec} (its metadata over the defaults — user, host,
   * Java version, created — so the caller's values win), the dependency versions go into its
   * metadata under {@value Dependencies#METADATA_KEY} unless the spec sets that key, and every
   * regular file below the folder is stored as an artifact of the experiment under its path
   * relative to the folder ({@code /}-separated).
   *
   * <p>All or nothing, as far as a store allows: the folder is read and every file's artifact
   * path checked before anything is stored, and when storing a file fails the experiment is
   * deleted again (should that delete fail too, its error is attached as suppressed). Other
   * readers may see the experiment while its files are being stored.
   *
   * @return the new experiment
   * @throws InvalidInputException if {@code folder} is not a readable folder, or a file's
   *     relative path is not a valid artifact path (naming both)
   * @throws dev.labbook.UnsupportedCapabilityException if the folder has files and the store
   *     does not keep artifacts; nothing is created
   * @throws DuplicateNameException if an experiment of the spec's name exists
   */
  public Experiment addFolder(Path folder, ExperimentSpec spec, Dependencies dependencies) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(dependencies, "dependencies");
    Map<String, Path> files = ResultsFolder.files(folder);
    if (!files.isEmpty() && !lab.capabilities().has(Capability.ARTIFACTS)) {
      throw new UnsupportedCapabilityException(Capability.ARTIFACTS.name(), "storing the "
          + files.size() + " files of the results folder " + folder, lab.settings().redactedUri());
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    Map<String, String> versions = dependencies.versions();
    if (!versions.isEmpty()) {
      metadata.put(Dependencies.METADATA_KEY, versions);
    }
    metadata.putAll(spec.metadata());
    ExperimentStore experiments = lab.experiments();
    Experiment experiment = experiments.create(spec.metadata(metadata));
    try {
      files.forEach((path, file) -> experiments.putArtifact(experiment.id(), path, file));
    } catch (RuntimeException e) {
      try {
        experiments.delete(experiment.id());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return experiment;
  }

  /**
   * {@link #addFolder(Path, ExperimentSpec, Dependencies)} with the class path's dependency
   * versions ({@link Dependencies#classPath()}).
   */
  public Experiment addFolder(Path folder, ExperimentSpec spec) {
    return addFolder(folder, spec, Dependencies.classPath());
  }

  // ---- stale runs ----------------------------------------------------------------------------

  /**
   * The RUNNING runs, in all experiments, that nobody has changed for {@code silentFor}: every
   * heartbeat is a change, so these are runs whose worker stopped beating — killed, or hung.
   * Choose a threshold of several heartbeat intervals.
   */
  public List<Run> staleRuns(Duration silentFor) {
    return lab.experiments().runs(staleQuery(silentFor)).collect(Collectors.toList());
  }

  /**
   * Marks every {@link #staleRuns stale} run FAILED, with its ended time now and
   * {@code extras.failure} saying it went silent. A run that beats again before it is marked is
   * left alone (the change is compare-and-set).
   *
   * @return the runs it marked, as they were before
   */
  public List<Run> failStaleRuns(Duration silentFor) {
    Instant cutoff = cutoff(silentFor);
    List<Run> marked = new ArrayList<>();
    for (Run stale : staleRuns(silentFor)) {
      boolean[] changed = {false};
      try {
        new RunHandle(this, stale.id()).update(run -> {
          changed[0] = isStale(run, cutoff);
          if (!changed[0]) {
            return run;
          }
          Map<String, Object> failure = new LinkedHashMap<>();
          failure.put("type", "stale");
          failure.put("message", "no heartbeat since " + run.updated() + " (silent for more than "
              + silentFor + ")");
          Map<String, Object> extras = new LinkedHashMap<>(run.extras());
          extras.put(RunHandle.FAILURE, failure);
          return run.withStatus(RunStatus.FAILED).withEnded(now()).withExtras(extras);
        });
      } catch (NotFoundException | ConflictException gone) {
        changed[0] = false; // deleted, or too busy to be stale
      }
      if (changed[0]) {
        marked.add(stale);
      }
    }
    return marked;
  }

  private Query staleQuery(Duration silentFor) {
    return Query.parse("status = 'RUNNING' and updated < " + cutoff(silentFor).toEpochMilli())
        .unlimited();
  }

  private Instant cutoff(Duration silentFor) {
    Objects.requireNonNull(silentFor, "silentFor");
    if (silentFor.isNegative() || silentFor.compareTo(Duration.ofDays(36_500)) > 0) {
      throw new InvalidInputException("a silence threshold must be from zero to 36,500 days, not " + silentFor);
    }
    return now().minus(silentFor);
  }

  private static boolean isStale(Run run, Instant cutoff) {
    return run.status() == RunStatus.RUNNING && run.updated().isBefore(cutoff);
  }

  // ---- for handles ---------------------------------------------------------------------------

  Labbook lab() {
    return lab;
  }

  Instant now() {
    return lab.clock().instant();
  }

  Map<String, String> filteredEnv(Map<String, String> env) {
    Map<String, String> kept = new LinkedHashMap<>();
    env.entrySet().stream()
        .filter(e -> envFilter.test(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> kept.put(e.getKey(), e.getValue()));
    return kept;
  }
}
