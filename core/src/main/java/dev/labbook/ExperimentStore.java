package dev.labbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.internal.ArtifactPaths;
import dev.labbook.internal.Defaults;
import dev.labbook.internal.Documents;
import dev.labbook.internal.Json;
import dev.labbook.internal.Names;
import dev.labbook.internal.Paging;
import dev.labbook.internal.Retry;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.query.QueryTarget;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.RunTally;
import dev.labbook.spi.Views;
import dev.labbook.spi.StoreContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Experiments, their runs, the runs' metric series, and artifacts.
 *
 * <p>Every mutable record carries a version; {@link #update} and {@link #updateRun} are
 * compare-and-set on it: a stale version gets {@link ConflictException} and changes nothing.
 * Run numbers are assigned by the store, 0, 1, 2… per experiment, unique and without gaps even
 * under concurrent writers. Listings are lazy streams that fetch one page at a time; close them
 * (try-with-resources) when you stop early.
 *
 * <p>Every method that takes an id (of an experiment, run or artifact owner) throws
 * {@link InvalidInputException} for a malformed one: null, empty, or longer than
 * 255 characters (the ids Labbook makes have 36). A well-formed id that names
 * nothing is not found.
 *
 * <p>For backend authors: the public methods are final and do the shared work (validation,
 * defaults, ids, encoding, version checks, retries); a backend implements the protected
 * primitives, which work on encoded documents. Each primitive's Javadoc is its contract.
 */
public abstract class ExperimentStore {
  private final StoreContext context;
  private final Capabilities capabilities;
  private final Documents documents;
  private final Links links;
  private final States states;

  protected ExperimentStore(StoreContext context, Capabilities capabilities) {
    this.context = context;
    this.capabilities = capabilities;
    this.documents = new Documents(context.codecs());
    this.links = new Links(this, context);
    this.states = new States(this, context);
  }

  /** Typed links between experiments and between runs. */
  public final Links links() {
    return links;
  }

  /** Named states saved with experiments, such as an optimizer's, updated by compare-and-set. */
  public final States states() {
    return states;
  }

  // ---- experiments ---------------------------------------------------------------------------

  /** Creates an experiment with only a name; see {@link #create(ExperimentSpec)}. */
  public final Experiment create(String name) {
    return create(ExperimentSpec.named(name));
  }

  /**
   * Creates an experiment. Its metadata is the defaults ({@code user}, {@code host},
   * {@code javaVersion}, {@code created}) with the spec's metadata merged over them: the
   * caller's values win.
   *
   * @throws DuplicateNameException if an experiment of that name exists
   * @throws InvalidNameException if the name or a tag breaks the name rules
   * @throws CodecException if metadata cannot be encoded
   */
  public final Experiment create(ExperimentSpec spec) {
    context.ensureOpen();
    Names.check("experiment name", spec.name());
    List<String> tags = Documents.tags(spec.tags());
    Instant now = context.now();
    ObjectNode metadata = documents.object("metadata", Defaults.metadata(now));
    metadata.setAll(documents.object("metadata", spec.metadata()));
    ExperimentDocument document = new ExperimentDocument(context.newId(), spec.name(),
        spec.description(), tags, metadata, now, now, 0);
    Retry.transiently(() -> {
      insertExperiment(document);
      return null;
    });
    return documents.experiment(document);
  }

  /**
   * The experiment with this id.
   *
   * @throws NotFoundException naming the id
   */
  public final Experiment get(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("no experiment with id " + Names.quote(id)));
  }

  /** The experiment with this id, if any. */
  public final Optional<Experiment> find(String id) {
    context.ensureOpen();
    requireId("experiment id", id);
    return Retry.transiently(() -> loadExperiment(id)).map(documents::experiment);
  }

  /**
   * The experiment with this name.
   *
   * @throws NotFoundException naming the name
   */
  public final Experiment getByName(String name) {
    return findByName(name).orElseThrow(
        () -> new NotFoundException("no experiment named " + Names.quote(name)));
  }

  /** The experiment with this name, if any. */
  public final Optional<Experiment> findByName(String name) {
    context.ensureOpen();
    Names.check("experiment name", name);
    return Retry.transiently(() -> loadExperimentByName(name)).map(documents::experiment);
  }

  /** All experiments in creation order, fetched lazily a page at a time. */
  public final Stream<Experiment> list() {
    return list(Query.all());
  }

  /**
   * The experiments matching a query, in its order, at most its limit, fetched lazily.
   *
   * @throws InvalidInputException if the query names a field experiments do not have
   */
  public final Stream<Experiment> list(Query query) {
    context.ensureOpen();
    Query valid = QueryTarget.EXPERIMENTS.validate(query);
    return Paging.stream(valid, this::experimentPage);
  }

  /**
   * One page of the experiments matching a query: at most its limit (100 when it has none),
   * starting after its cursor; the page's {@code next} cursor continues.
   */
  public final Page<Experiment> page(Query query) {
    context.ensureOpen();
    Query valid = QueryTarget.EXPERIMENTS.validate(query);
    return experimentPage(pageSized(valid));
  }

  /**
   * Stores a changed experiment if its version is still the stored one, and returns it with
   * the next version and a new updated time.
   *
   * @throws ConflictException if the experiment changed since {@code changed} was read
   * @throws NotFoundException if it was deleted
   * @throws DuplicateNameException if renamed to a name another experiment has
   */
  public final Experiment update(Experiment changed) {
    context.ensureOpen();
    requireId("experiment id", changed.id());
    Names.check("experiment name", changed.name());
    ExperimentDocument stored = Retry.transiently(() -> loadExperiment(changed.id()))
        .orElseThrow(() -> new NotFoundException("no experiment with id " + Names.quote(changed.id())));
    if (!stored.created().equals(changed.created())) {
      throw new InvalidInputException("experiment " + changed.id() + " cannot change its created time");
    }
    ExperimentDocument document = new ExperimentDocument(changed.id(), changed.name(),
        changed.description(), Documents.tags(changed.tags()),
        documents.object("metadata", changed.metadata()), stored.created(), context.now(),
        changed.version() + 1);
    boolean replaced = Retry.transiently(() -> replaceExperiment(document, changed.version()));
    if (!replaced) {
      get(changed.id()); // throws NotFoundException if it is gone
      throw new ConflictException("experiment", changed.id(), changed.version());
    }
    return documents.experiment(document);
  }

  /** Whether an experiment of this name exists. */
  public final boolean exists(String name) {
    return findByName(name).isPresent();
  }

  /**
   * The experiment of the spec's name, created from the spec when there is none. When it
   * exists, the rest of the spec is ignored. Callers racing to create it all get the one that
   * won.
   *
   * @throws InvalidNameException if the name or a tag breaks the name rules
   */
  public final Experiment getOrCreate(ExperimentSpec spec) {
    Optional<Experiment> found = findByName(spec.name());
    if (found.isPresent()) {
      return found.get();
    }
    try {
      return create(spec);
    } catch (DuplicateNameException raced) {
      return findByName(spec.name()).orElseThrow(() -> raced); // deleted again since: rare, say so
    }
  }

  /**
   * Deletes several experiments, each with its runs, metrics and artifacts: all of them or, when
   * one id is unknown, none. Every id is checked before anything is deleted; an experiment that
   * another caller deletes in between counts as deleted. Repeated ids count once. A store
   * failure part-way (a lost connection) leaves the experiments before it deleted.
   *
   * @throws NotFoundException naming the first unknown id; nothing is deleted
   */
  public final void delete(Collection<String> ids) {
    context.ensureOpen();
    List<String> distinct = ids.stream().distinct().toList();
    for (String id : distinct) {
      requireId("experiment id", id);
      get(id);
    }
    for (String id : distinct) {
      Retry.transiently(() -> removeExperiment(id));
    }
  }

  /**
   * Deletes an experiment with its runs, their metrics, and all their artifacts.
   *
   * @throws NotFoundException naming the id
   */
  public final void delete(String id) {
    context.ensureOpen();
    requireId("experiment id", id);
    if (!Retry.transiently(() -> removeExperiment(id))) {
      throw new NotFoundException("no experiment with id " + Names.quote(id));
    }
  }

  /**
   * A summary of every experiment, in creation order, as Optuna's {@code get_all_study_summaries}
   * and docktuna's listing give: its run counts by status, the best value of its declared
   * objective, and its first and last activity. One call, answered from what the store counts
   * and ranks itself: no run is handed to the caller, and the SQL and MongoDB stores send a
   * fixed number of statements however many runs there are (the JSON store reads each run's
   * record once; see its README).
   *
   * <p>Not a snapshot: runs written while it runs may be counted or not.
   */
  public final List<ExperimentSummary> summaries() {
    context.ensureOpen();
    List<Experiment> experiments = list().toList();
    Map<String, Objective> objectives = new LinkedHashMap<>();
    for (Experiment experiment : experiments) {
      declaredObjective(experiment).ifPresent(o -> objectives.put(experiment.id(), o));
    }
    Map<String, RunTally> tallies = Retry.transiently(this::tallyRuns);
    Map<String, Double> best = objectives.isEmpty() ? Map.of()
        : Retry.transiently(() -> bestValues(Map.copyOf(objectives)));
    List<ExperimentSummary> summaries = new ArrayList<>(experiments.size());
    for (Experiment experiment : experiments) {
      Optional<RunTally> tally = Optional.ofNullable(tallies.get(experiment.id()));
      Double value = best.get(experiment.id());
      summaries.add(new ExperimentSummary(experiment,
          tally.map(RunTally::counts).orElse(Map.of()),
          Optional.ofNullable(objectives.get(experiment.id())),
          value == null ? OptionalDouble.empty() : OptionalDouble.of(value),
          tally.map(RunTally::firstCreated), tally.map(RunTally::lastUpdated)));
    }
    return List.copyOf(summaries);
  }

  /** An objective that cannot be read is left out of a summary rather than failing them all. */
  private static Optional<Objective> declaredObjective(Experiment experiment) {
    try {
      return Objective.of(experiment);
    } catch (InvalidInputException notAnObjective) {
      return Optional.empty();
    }
  }

  // ---- runs ----------------------------------------------------------------------------------

  /** Creates a run with nothing but a number; see {@link #createRun(String, RunSpec)}. */
  public final Run createRun(String experimentId) {
    return createRun(experimentId, RunSpec.create());
  }

  /**
   * Creates a run under an experiment; the store gives it the experiment's next number.
   *
   * @throws NotFoundException if there is no such experiment
   * @throws InvalidInputException if the params do not encode to an object, or a tag is bad
   */
  public final Run createRun(String experimentId, RunSpec spec) {
    context.ensureOpen();
    requireId("experiment id", experimentId);
    ObjectNode params = documents.object("params", spec.params());
    params.setAll(documents.object("params", spec.extraParams()));
    Instant now = context.now();
    RunDocument draft = new RunDocument(context.newId(), experimentId, -1, spec.status(),
        Documents.tags(spec.tags()), spec.comment(), params, Json.object(), Json.object(),
        Json.object(), Json.object(), now, spec.status() == RunStatus.RUNNING ? now : null, now,
        spec.status().isTerminal() ? now : null, null, 0);
    return documents.run(Retry.transiently(() -> insertRun(draft)));
  }

  /**
   * The run with this id.
   *
   * @throws NotFoundException naming the id
   */
  public final Run getRun(String runId) {
    return findRun(runId).orElseThrow(() -> runNotFound(runId));
  }

  /** The run with this id, if any. */
  public final Optional<Run> findRun(String runId) {
    context.ensureOpen();
    requireId("run id", runId);
    return Retry.transiently(() -> loadRun(runId)).map(documents::run);
  }

  /** The runs of an experiment by number, fetched lazily. */
  public final Stream<Run> runs(String experimentId) {
    return runs(experimentId, Query.all().orderBy("number", dev.labbook.query.Direction.ASC));
  }

  /**
   * The runs of an experiment matching a query, in its order, fetched lazily.
   *
   * @throws NotFoundException if there is no such experiment
   * @throws InvalidInputException if the query names a field runs do not have
   */
  public final Stream<Run> runs(String experimentId, Query query) {
    context.ensureOpen();
    requireId("experiment id", experimentId);
    get(experimentId);
    Query valid = QueryTarget.RUNS.validate(query);
    return Paging.stream(valid, q -> runPage(Optional.of(experimentId), q));
  }

  /** The runs of all experiments matching a query, in its order, fetched lazily. */
  public final Stream<Run> runs(Query query) {
    context.ensureOpen();
    Query valid = QueryTarget.RUNS.validate(query);
    return Paging.stream(valid, q -> runPage(Optional.empty(), q));
  }

  /**
   * One page of an experiment's runs matching a query (at most its limit, 100 when it has
   * none, after its cursor).
   */
  public final Page<Run> runPage(String experimentId, Query query) {
    context.ensureOpen();
    requireId("experiment id", experimentId);
    get(experimentId);
    Query valid = QueryTarget.RUNS.validate(query);
    return runPage(Optional.of(experimentId), pageSized(valid));
  }

  /**
   * Stores a changed run if its version is still the stored one, and returns it with the next
   * version and a new updated time. The id, experiment, number and created time cannot change.
   *
   * @throws ConflictException if the run changed since {@code changed} was read
   * @throws NotFoundException if it was deleted
   * @throws InvalidInputException if it tries to change its experiment, number or created time
   */
  public final Run updateRun(Run changed) {
    context.ensureOpen();
    requireId("run id", changed.id());
    RunDocument stored = Retry.transiently(() -> loadRun(changed.id()))
        .orElseThrow(() -> runNotFound(changed.id()));
    if (!stored.experimentId().equals(changed.experimentId()) || stored.number() != changed.number()
        || !stored.created().equals(changed.created())) {
      throw new InvalidInputException("run " + changed.id() + " cannot change its experiment,"
          + " number or created time");
    }
    RunDocument document = new RunDocument(changed.id(), stored.experimentId(), stored.number(),
        changed.status(), Documents.tags(changed.tags()), changed.comment(),
        documents.object("params", changed.params()), documents.object("args", changed.args()),
        documents.object("env", changed.env()), documents.object("extras", changed.extras()),
        documents.object("results", changed.results()), stored.created(), millis(changed.started()),
        context.now(), millis(changed.ended()), millis(changed.heartbeat()), changed.version() + 1);
    if (!Retry.transiently(() -> replaceRun(document, changed.version()))) {
      getRun(changed.id()); // throws NotFoundException if it is gone
      throw new ConflictException("run", changed.id(), changed.version());
    }
    return documents.run(document);
  }

  /**
   * Deletes a run with its metrics and artifacts. Its number is not given to another run.
   *
   * @throws NotFoundException naming the id
   */
  public final void deleteRun(String runId) {
    context.ensureOpen();
    requireId("run id", runId);
    if (!Retry.transiently(() -> removeRun(runId))) {
      throw runNotFound(runId);
    }
  }

  // ---- metrics -------------------------------------------------------------------------------

  /** Appends metric points to a run; see {@link #log(String, Collection)}. */
  public final void log(String runId, MetricPoint... points) {
    log(runId, List.of(points));
  }

  /**
   * Appends a batch of metric points to a run, all or none. Points without a timestamp get the
   * current time. Series are append-only: a second point at the same step is kept as well.
   *
   * @throws NotFoundException if there is no such run
   * @throws InvalidNameException if a key breaks the name rules
   * @throws InvalidInputException if a step is negative
   */
  public final void log(String runId, Collection<MetricPoint> points) {
    context.ensureOpen();
    requireId("run id", runId);
    Instant now = context.now();
    List<MetricPoint> batch = new ArrayList<>(points.size());
    for (MetricPoint point : points) {
      if (point == null) {
        throw new InvalidInputException("metric batch for run " + runId + " holds a null point");
      }
      Names.check("metric key", point.key());
      if (point.step() < 0) {
        throw new InvalidInputException("metric " + Names.quote(point.key()) + " has step "
            + point.step() + "; steps are 0 or more");
      }
      Instant time = point.timestamp() == null ? now : millis(point.timestamp());
      batch.add(new MetricPoint(point.key(), point.step(), point.progress(), point.value(), time));
    }
    if (batch.isEmpty()) {
      getRun(runId);
      return;
    }
    if (!Retry.transiently(() -> appendMetrics(runId, batch))) {
      throw runNotFound(runId);
    }
  }

  /**
   * The series of one metric of a run, by step (points at equal steps in the order logged).
   *
   * @throws NotFoundException if there is no such run
   */
  public final List<MetricPoint> series(String runId, String key) {
    try (Stream<MetricPoint> points = streamSeries(runId, key)) {
      return points.toList();
    }
  }

  /**
   * Like {@link #series} but streamed from the store, for series too long to hold in memory.
   * Close the stream.
   */
  public final Stream<MetricPoint> streamSeries(String runId, String key) {
    context.ensureOpen();
    requireId("run id", runId);
    Names.check("metric key", key);
    return Retry.transiently(() -> readMetrics(runId, key)).orElseThrow(() -> runNotFound(runId));
  }

  /**
   * The latest point of each metric of a run (highest step; among equal steps the one logged
   * last), by key.
   *
   * @throws NotFoundException if there is no such run
   */
  public final Map<String, MetricPoint> latestMetrics(String runId) {
    context.ensureOpen();
    requireId("run id", runId);
    return Retry.transiently(() -> loadLatestMetrics(runId)).orElseThrow(() -> runNotFound(runId));
  }

  // ---- artifacts -----------------------------------------------------------------------------

  /**
   * Stores bytes under a path of an experiment or run, replacing what was there.
   *
   * <p>A path is a key, not a file name. It is relative and made of {@code /}-separated
   * segments, at most 1,024 characters in all; each segment is a valid name (1 to 255
   * characters, counted as {@code String.length()}, not as bytes; no control characters, no
   * unpaired surrogates, no white space at either end) and neither {@code .} nor {@code ..};
   * a backslash is refused. Within those rules any character is allowed, such as spaces and
   * {@code : * ? < > |}. Paths are compared exactly: paths that differ only in case or in
   * Unicode normalisation are different artifacts, and a path may be an artifact and the
   * folder of others at once ({@code a} and {@code a/b} may both exist).
   *
   * @param ownerId an experiment id or a run id
   * @throws NotFoundException if there is no such experiment or run
   * @throws InvalidInputException if the path breaks the artifact path rules
   * @throws UnsupportedCapabilityException if the store does not declare
   *     {@link Capability#ARTIFACTS}
   */
  public final Artifact putArtifact(String ownerId, String path, byte[] content) {
    requireArtifacts();
    requireId("owner id", ownerId);
    ArtifactPaths.check(path);
    requireOwner(ownerId);
    Artifact artifact = new Artifact(ownerId, path, content.length, Json.sha256(content), context.now());
    byte[] copy = content.clone();
    if (!Retry.transiently(() -> writeArtifact(artifact, copy))) {
      throw ownerNotFound(ownerId);
    }
    return artifact;
  }

  /** Stores a file's bytes as an artifact; see {@link #putArtifact(String, String, byte[])}. */
  public final Artifact putArtifact(String ownerId, String path, Path file) {
    try {
      return putArtifact(ownerId, path, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to store it as artifact " + path, e);
    }
  }

  /**
   * The bytes of an artifact.
   *
   * @throws NotFoundException naming the owner and path
   */
  public final byte[] readArtifact(String ownerId, String path) {
    try (InputStream in = openArtifact(ownerId, path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read artifact " + path + " of " + ownerId, e);
    }
  }

  /** Opens an artifact for reading; close the stream. */
  public final InputStream openArtifact(String ownerId, String path) {
    requireArtifacts();
    requireId("owner id", ownerId);
    ArtifactPaths.check(path);
    return Retry.transiently(() -> readArtifactContent(ownerId, path)).orElseThrow(
        () -> new NotFoundException("no artifact " + Names.quote(path) + " of " + ownerId));
  }

  /** The artifacts of an experiment or run, by path ({@link QueryEvaluator#STRING_ORDER}). */
  public final List<Artifact> artifacts(String ownerId) {
    requireArtifacts();
    requireId("owner id", ownerId);
    requireOwner(ownerId);
    return Retry.transiently(() -> listArtifacts(ownerId)).stream()
        .sorted(Comparator.comparing(Artifact::path, QueryEvaluator.STRING_ORDER)).toList();
  }

  /**
   * Deletes an artifact.
   *
   * @throws NotFoundException naming the owner and path
   */
  public final void deleteArtifact(String ownerId, String path) {
    requireArtifacts();
    requireId("owner id", ownerId);
    ArtifactPaths.check(path);
    if (!Retry.transiently(() -> removeArtifact(ownerId, path))) {
      throw new NotFoundException("no artifact " + Names.quote(path) + " of " + ownerId);
    }
  }

  // ---- primitives a backend implements -------------------------------------------------------

  /**
   * Inserts a new experiment.
   *
   * <p>What core passes to this and the other insert and replace primitives (here and
   * {@link ConfigStore#insertConfigs}) must read back exactly, with three exceptions that some
   * databases cannot hold; a backend may refuse a record holding one of them with
   * {@link InvalidInputException} naming what it cannot store, and then store nothing:
   * <ul>
   *   <li>text (a value, an object key, a description or comment) that holds the NUL character
   *       U+0000;
   *   <li>a record whose documents take 10 MB (10 &times; 2<sup>20</sup> characters of JSON) or
   *       more together, such as one holding a 10 MB string;
   *   <li>a document nested more than 64 levels deep.
   * </ul>
   * Everything else is stored as given, for example object keys such as {@code "a.b"},
   * {@code "$set"}, {@code "$"} or {@code ""}, the largest and smallest longs, characters
   * outside the Basic Multilingual Plane, empty strings, objects and arrays, and nulls.
   *
   * @throws DuplicateNameException if an experiment of that name exists; nothing is inserted
   * @throws InvalidInputException only for a value listed above; nothing is inserted
   */
  protected abstract void insertExperiment(ExperimentDocument document);

  /** The experiment with this id, if any. */
  protected abstract Optional<ExperimentDocument> loadExperiment(String id);

  /** The experiment with this name, if any. */
  protected abstract Optional<ExperimentDocument> loadExperimentByName(String name);

  /**
   * Replaces the stored experiment of {@code document.id()} if its version is
   * {@code expectedVersion}, atomically.
   *
   * @return false (and nothing changed) if it is missing or has another version
   * @throws DuplicateNameException if renamed to another experiment's name; nothing changed
   * @throws InvalidInputException only for a value {@link #insertExperiment} lets a backend
   *     refuse; nothing changed
   */
  protected abstract boolean replaceExperiment(ExperimentDocument document, long expectedVersion);

  /**
   * Removes an experiment and everything under it: runs, metric points, artifacts and owned
   * documents of the experiment and of its runs. A crash part-way may leave orphans that no read returns.
   *
   * @return false if there was no such experiment
   */
  protected abstract boolean removeExperiment(String id);

  /**
   * One page of experiments matching a validated query, answered as
   * {@link dev.labbook.query.QueryEvaluator#page} would answer it over
   * {@link dev.labbook.spi.Views#experiment views}. The query always has a limit.
   */
  protected abstract Page<ExperimentDocument> findExperiments(Query query);

  /**
   * Inserts a run, giving it the experiment's next number: one more than the highest number
   * ever given in that experiment (0 for the first), unique and gap-free under concurrent
   * callers, never reused after a delete.
   *
   * <p>Creating a run does not change its experiment: the experiment's version (and updated
   * time) stay as they were, so that a user's compare-and-set update of the experiment does
   * not conflict because runs were created meanwhile.
   *
   * @param draft the run with number {@code -1}
   * @return the stored run, with its number
   * @throws NotFoundException if the experiment does not exist; nothing is inserted
   * @throws InvalidInputException only for a value {@link #insertExperiment} lets a backend
   *     refuse; nothing is inserted and no number is used
   */
  protected abstract RunDocument insertRun(RunDocument draft);

  /**
   * Inserts a run exactly as given, its number included: an import of an exported experiment
   * ({@link Archives}). Afterwards the experiment's next new run gets a number above every
   * restored one, and numbers stay unique; the numbers below it that no run holds stay unused.
   *
   * @return false, inserting nothing, if a run with this id, or with this number in the
   *     experiment, exists
   * @throws NotFoundException if the experiment does not exist; nothing is inserted
   * @throws InvalidInputException only for a value {@link #insertExperiment} lets a backend
   *     refuse; nothing is inserted
   */
  protected abstract boolean restoreRun(RunDocument document);

  /** The run with this id, if any. */
  protected abstract Optional<RunDocument> loadRun(String id);

  /**
   * Replaces the stored run of {@code document.id()} if its version is
   * {@code expectedVersion}, atomically.
   *
   * @return false (and nothing changed) if it is missing or has another version
   * @throws InvalidInputException only for a value {@link #insertExperiment} lets a backend
   *     refuse; nothing changed
   */
  protected abstract boolean replaceRun(RunDocument document, long expectedVersion);

  /**
   * Removes a run with its metric points, artifacts and owned documents. Like creating one, this does not change
   * its experiment: the experiment's version (and updated time) stay as they were.
   *
   * @return false if there was no such run
   */
  protected abstract boolean removeRun(String id);

  /**
   * One page of runs matching a validated query, of one experiment or of all, answered as
   * {@link dev.labbook.query.QueryEvaluator#page} would answer it over
   * {@link dev.labbook.spi.Views#run views}. The query always has a limit.
   */
  protected abstract Page<RunDocument> findRuns(Optional<String> experimentId, Query query);

  /**
   * Appends a batch of points (timestamps set, keys valid) to a run's series, all or none.
   *
   * @return false (and nothing appended) if there is no such run
   */
  protected abstract boolean appendMetrics(String runId, List<MetricPoint> points);

  /**
   * The points of one key of a run in step order, equal steps in append order; empty stream
   * if the key has none; empty optional if there is no such run. Core closes the stream.
   */
  protected abstract Optional<Stream<MetricPoint>> readMetrics(String runId, String key);

  /**
   * The latest point per key (highest step, then last appended); empty optional if there is no
   * such run.
   */
  protected abstract Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId);

  /**
   * Inserts a document owned by an experiment or run (see {@link OwnedDocument}). Core has
   * checked that the owner exists; if it is deleted meanwhile, the document may be kept as an
   * orphan that core never shows. What may be refused is as for {@link #insertExperiment}.
   *
   * @return false, storing nothing, if the owner has a document of that space and name
   */
  protected abstract boolean insertOwned(OwnedDocument document);

  /** The owned document at exactly this owner, space and name, if any. */
  protected abstract Optional<OwnedDocument> loadOwned(String ownerId, String space, String name);

  /**
   * Replaces the owned document of the same owner, space and name if its version is
   * {@code expectedVersion}, atomically.
   *
   * @return false (nothing changed) if there is none or its version differs
   */
  protected abstract boolean replaceOwned(OwnedDocument document, long expectedVersion);

  /** Removes the owned document at exactly this owner, space and name; false if there was none. */
  protected abstract boolean removeOwned(String ownerId, String space, String name);

  /** The documents an owner has in a space, in any order. */
  protected abstract List<OwnedDocument> listOwned(String ownerId, String space);

  /**
   * Stores an artifact's bytes and description, replacing any at the same owner and path. Only
   * called when {@link Capability#ARTIFACTS} is declared. Core has checked the path; it is an
   * opaque key (see {@link #putArtifact(String, String, byte[])}), to be kept as given and
   * compared exactly: a backend that keeps artifacts as files must map paths to file names
   * that keep every two paths apart, {@code a} and {@code a/b} included.
   *
   * @return false (and nothing stored) if the owner does not exist
   */
  protected boolean writeArtifact(Artifact artifact, byte[] content) {
    throw artifactsUnsupported("storing an artifact");
  }

  /** The artifact's bytes, if there is one at exactly this owner and path. */
  protected Optional<InputStream> readArtifactContent(String ownerId, String path) {
    throw artifactsUnsupported("reading an artifact");
  }

  /** The artifacts of an owner, in any order (core sorts them by path). */
  protected List<Artifact> listArtifacts(String ownerId) {
    throw artifactsUnsupported("listing artifacts");
  }

  /** Removes the artifact at exactly this owner and path; false if there was none. */
  protected boolean removeArtifact(String ownerId, String path) {
    throw artifactsUnsupported("deleting an artifact");
  }

  // ---- aggregates a backend may answer itself -----------------------------------------------

  /**
   * Counts the runs of every experiment for {@link #summaries()}: one {@link RunTally} per
   * experiment that has at least one run, by experiment id.
   *
   * <p>The default reads every run document once, a page at a time, through
   * {@link #findRuns}; a backend that can count where the data lives (a {@code GROUP BY}, an
   * aggregation pipeline) should override it.
   */
  protected Map<String, RunTally> tallyRuns() {
    Map<String, RunTally> tallies = new HashMap<>();
    Paging.stream(Query.all(), query -> findRuns(Optional.empty(), query)).forEach(run -> {
      Instant updated = run.updated() == null ? run.created() : run.updated();
      tallies.merge(run.experimentId(), RunTally.of(run.status(), run.created(), updated), RunTally::plus);
    });
    return tallies;
  }

  /**
   * The best value of each experiment's objective for {@link #summaries()}: among its COMPLETED
   * runs whose objective field holds a number other than NaN, the smallest or the largest (what
   * {@link Objective#bestRunQuery()} puts first), by experiment id; an experiment without such a
   * run is left out. Metric fields read the latest value, as queries do.
   *
   * <p>The default asks {@link #findRuns} for each experiment's best run, one query each (and
   * {@link #loadLatestMetrics} for a metric objective); a backend that can rank all experiments
   * in one statement should override it.
   *
   * @param objectives the declared objective of each experiment that has one, by experiment id
   */
  protected Map<String, Double> bestValues(Map<String, Objective> objectives) {
    Map<String, Double> best = new HashMap<>();
    objectives.forEach((experimentId, objective) -> {
      Optional<RunDocument> run =
          findRuns(Optional.of(experimentId), objective.bestRunQuery()).items().stream().findFirst();
      if (run.isEmpty()) {
        return;
      }
      Map<String, Double> latest = new HashMap<>();
      if (objective.field().startsWith("metrics.")) {
        loadLatestMetrics(run.get().id()).orElse(Map.of())
            .forEach((key, point) -> latest.put(key, point.value()));
      }
      objective.valueIn(Views.run(run.get(), latest)).ifPresent(value -> best.put(experimentId, value));
    });
    return best;
  }

  // ---- shared work ---------------------------------------------------------------------------

  private static final int DEFAULT_PAGE = 100;
  /** The longest id accepted; longer ones cannot have been made by Labbook. */
  private static final int MAX_ID_LENGTH = 255;

  /** A page request: the query's limit, or {@value #DEFAULT_PAGE} when it has none. */
  private static Query pageSized(Query query) {
    return query.limit().isPresent() ? query : query.limit(DEFAULT_PAGE);
  }

  private UnsupportedCapabilityException artifactsUnsupported(String what) {
    return new UnsupportedCapabilityException(Capability.ARTIFACTS.name(), what,
        context.settings().redactedUri());
  }

  private Page<Experiment> experimentPage(Query query) {
    return Retry.transiently(() -> findExperiments(query)).map(documents::experiment);
  }

  private Page<Run> runPage(Optional<String> experimentId, Query query) {
    return Retry.transiently(() -> findRuns(experimentId, query)).map(documents::run);
  }

  /** Times are kept at millisecond precision on every backend (see StoreContext#now). */
  private static Instant millis(Instant time) {
    return time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
  }

  private void requireArtifacts() {
    context.ensureOpen();
    capabilities.require(Capability.ARTIFACTS, "artifacts", context.settings().redactedUri());
  }

  private void requireOwner(String ownerId) {
    if (Retry.transiently(() -> loadExperiment(ownerId)).isEmpty()
        && Retry.transiently(() -> loadRun(ownerId)).isEmpty()) {
      throw ownerNotFound(ownerId);
    }
  }

  private static void requireId(String what, String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidInputException(what + " is missing (" + (id == null ? "null" : "empty") + ")");
    }
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidInputException(what + " " + Names.quote(id.substring(0, 40)) + "… is "
          + id.length() + " characters long; ids are at most " + MAX_ID_LENGTH);
    }
  }

  private static NotFoundException runNotFound(String runId) {
    return new NotFoundException("no run with id " + Names.quote(runId));
  }

  private static NotFoundException ownerNotFound(String ownerId) {
    return new NotFoundException("no experiment or run with id " + Names.quote(ownerId));
  }

}
