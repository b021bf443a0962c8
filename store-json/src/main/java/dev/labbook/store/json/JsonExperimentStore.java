package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Artifact;
import dev.labbook.DuplicateNameException;
import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.internal.Names;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.Views;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Experiments, runs, series and artifacts as files (see {@link Layout}). Every change runs
 * under the {@link StoreLock}; reads take none and rely on atomic renames. Cross-file changes
 * are ordered so that a crash between two steps leaves nothing a read returns wrongly:
 *
 * <ul>
 *   <li>An index entry (experiment name to id, run id to experiment) is written before the
 *       record it points to and removed after it; readers check that the record exists and
 *       still matches, and treat an entry that points at nothing as absent.
 *   <li>A deleted experiment or run is first renamed into {@code trash/}, which takes it out of
 *       every read at once, and only then deleted file by file.
 *   <li>The run counter records the run that took the last number; if that run never got
 *       written, its number is given again, so numbers stay gap-free even across crashes.
 * </ul>
 */
final class JsonExperimentStore extends ExperimentStore {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Layout layout;
  private final Disk disk;
  private final StoreLock lock;
  private final Series series;
  private final ArtifactFiles artifacts;

  JsonExperimentStore(StoreContext context, Capabilities capabilities, Layout layout, Disk disk,
      StoreLock lock) {
    super(context, capabilities);
    this.layout = layout;
    this.disk = disk;
    this.lock = lock;
    this.series = new Series(disk);
    this.artifacts = new ArtifactFiles(disk);
  }

  // ---- experiments -------------------------------------------------------------------------

  @Override
  protected void insertExperiment(ExperimentDocument document) {
    lock.call(() -> {
      if (experimentNamed(document.name()).isPresent()) {
        throw new DuplicateNameException("experiment", document.name());
      }
      writeName(document.name(), document.id());
      Path folder = layout.experimentFolder(document.id());
      disk.createFolders(folder);
      disk.replace(Layout.experimentFile(folder), JsonText.pretty(Records.experiment(document)));
      return null;
    });
  }

  @Override
  protected Optional<ExperimentDocument> loadExperiment(String id) {
    return Reads.record(Layout.experimentFile(layout.experimentFolder(id)), Records::experiment)
        .filter(e -> e.id().equals(id));
  }

  @Override
  protected Optional<ExperimentDocument> loadExperimentByName(String name) {
    return experimentNamed(name);
  }

  /** The experiment the name index names, if it exists and still has that name. */
  private Optional<ExperimentDocument> experimentNamed(String name) {
    return Reads.json(layout.experimentName(name))
        .filter(entry -> name.equals(entry.path("name").asText(null)))
        .map(entry -> entry.path("experimentId").asText(""))
        .filter(id -> !id.isEmpty())
        .flatMap(this::loadExperiment)
        .filter(e -> e.name().equals(name));
  }

  private void writeName(String name, String id) throws IOException {
    Path entry = layout.experimentName(name);
    ObjectNode json = JSON.objectNode();
    json.put("name", name);
    json.put("experimentId", id);
    disk.createFolders(entry.getParent());
    disk.replace(entry, JsonText.pretty(json));
  }

  /** Removes the name's index entry if it names this experiment. */
  private void forgetName(String name, String id) throws IOException {
    Path entry = layout.experimentName(name);
    if (Reads.json(entry).map(e -> id.equals(e.path("experimentId").asText(null))).orElse(false)) {
      disk.delete(entry);
    }
  }

  @Override
  protected boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
    return lock.call(() -> {
      Optional<ExperimentDocument> stored = loadExperiment(document.id());
      if (stored.isEmpty() || stored.get().version() != expectedVersion) {
        return false;
      }
      String oldName = stored.get().name();
      boolean renamed = !oldName.equals(document.name());
      if (renamed) {
        if (experimentNamed(document.name()).isPresent()) {
          throw new DuplicateNameException("experiment", document.name());
        }
        writeName(document.name(), document.id());
      }
      disk.replace(Layout.experimentFile(layout.experimentFolder(document.id())),
          JsonText.pretty(Records.experiment(document)));
      if (renamed) {
        forgetName(oldName, document.id());
      }
      return true;
    });
  }

  @Override
  protected boolean removeExperiment(String id) {
    Optional<Path> trashed = lock.call(() -> {
      Optional<ExperimentDocument> stored = loadExperiment(id);
      if (stored.isEmpty()) {
        return null;
      }
      Optional<Path> moved = disk.moveAside(layout.experimentFolder(id), layout.trash());
      if (moved.isPresent()) {
        forgetName(stored.get().name(), id);
        for (String name : Reads.names(Layout.runs(moved.get()))) {
          Optional<String> runId = FileNames.decode(name);
          if (runId.isEmpty()) {
            runId = Reads.record(Layout.runFile(Layout.runs(moved.get()).resolve(name)), Records::run)
                .map(RunDocument::id);
          }
          if (runId.isPresent()) {
            forgetRun(runId.get(), id);
          }
        }
      }
      return moved;
    });
    if (trashed == null) {
      return false;
    }
    trashed.ifPresent(JsonExperimentStore::deleteQuietly);
    return true;
  }

  @Override
  protected Page<ExperimentDocument> findExperiments(Query query) {
    Path folder = layout.experiments();
    List<String> ids = Listing.ids(folder, name -> Reads.record(
        Layout.experimentFile(folder.resolve(name)), Records::experiment).map(ExperimentDocument::id));
    return Pages.page(ids, this::loadExperiment, Views::experiment, query);
  }

  // ---- runs --------------------------------------------------------------------------------

  @Override
  protected RunDocument insertRun(RunDocument draft) {
    return lock.call(() -> {
      Path experiment = layout.experimentFolder(draft.experimentId());
      if (loadExperiment(draft.experimentId()).isEmpty()) {
        throw new NotFoundException("no experiment with id " + Names.quote(draft.experimentId()));
      }
      long number = RunCounter.next(experiment, runId -> runExists(draft.experimentId(), runId));
      RunCounter.taken(disk, experiment, number, draft.id());
      ObjectNode entry = JSON.objectNode();
      entry.put("runId", draft.id());
      entry.put("experimentId", draft.experimentId());
      disk.createFolders(layout.runIndex());
      disk.replace(layout.runIndex(draft.id()), JsonText.pretty(entry));
      RunDocument stored = draft.withNumber(number);
      Path run = layout.runFolder(draft.experimentId(), draft.id());
      disk.createFolders(run);
      disk.replace(Layout.runFile(run), JsonText.pretty(Records.run(stored)));
      return stored;
    });
  }

  private boolean runExists(String experimentId, String runId) {
    return Files.exists(Layout.runFile(layout.runFolder(experimentId, runId)));
  }

  @Override
  protected Optional<RunDocument> loadRun(String id) {
    return experimentOf(id).flatMap(experimentId -> Reads.record(
        Layout.runFile(layout.runFolder(experimentId, id)), Records::run))
        .filter(r -> r.id().equals(id));
  }

  /** The experiment the run index names for a run; the run itself may be missing. */
  private Optional<String> experimentOf(String runId) {
    return Reads.json(layout.runIndex(runId))
        .filter(entry -> runId.equals(entry.path("runId").asText(null)))
        .map(entry -> entry.path("experimentId").asText(""))
        .filter(id -> !id.isEmpty());
  }

  /** The folder of an existing run. */
  private Optional<Path> runFolder(String runId) {
    return loadRun(runId).map(r -> layout.runFolder(r.experimentId(), r.id()));
  }

  private void forgetRun(String runId, String experimentId) throws IOException {
    Path entry = layout.runIndex(runId);
    if (experimentOf(runId).map(experimentId::equals).orElse(false)) {
      disk.delete(entry);
    }
  }

  @Override
  protected boolean replaceRun(RunDocument document, long expectedVersion) {
    return lock.call(() -> {
      Optional<RunDocument> stored = loadRun(document.id());
      if (stored.isEmpty() || stored.get().version() != expectedVersion) {
        return false;
      }
      Path run = layout.runFolder(stored.get().experimentId(), document.id());
      disk.replace(Layout.runFile(run), JsonText.pretty(Records.run(document)));
      return true;
    });
  }

  @Override
  protected boolean removeRun(String id) {
    Optional<Path> trashed = lock.call(() -> {
      Optional<RunDocument> stored = loadRun(id);
      if (stored.isEmpty()) {
        return null;
      }
      String experimentId = stored.get().experimentId();
      Optional<Path> moved = disk.moveAside(layout.runFolder(experimentId, id), layout.trash());
      forgetRun(id, experimentId);
      RunCounter.forget(disk, layout.experimentFolder(experimentId), id);
      return moved;
    });
    if (trashed == null) {
      return false;
    }
    trashed.ifPresent(JsonExperimentStore::deleteQuietly);
    return true;
  }

  @Override
  protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    boolean metrics = Pages.reads(query, "metrics");
    java.util.function.Function<RunDocument, JsonNode> view = run ->
        Views.run(run, metrics ? latestValues(run) : Map.of());
    if (experimentId.isPresent()) {
      Path runs = Layout.runs(layout.experimentFolder(experimentId.get()));
      List<String> ids = Listing.ids(runs, name -> Reads.record(
          Layout.runFile(runs.resolve(name)), Records::run).map(RunDocument::id));
      return Pages.page(ids, id -> Reads.record(Layout.runFile(
          layout.runFolder(experimentId.get(), id)), Records::run)
          .filter(r -> r.id().equals(id) && r.experimentId().equals(experimentId.get())),
          view, query);
    }
    Path index = layout.runIndex();
    List<String> ids = Listing.ids(index, Layout.JSON, name -> Reads.json(index.resolve(name))
        .map(entry -> entry.path("runId").asText("")).filter(id -> !id.isEmpty()));
    return Pages.page(ids, this::loadRun, view, query);
  }

  private Map<String, Double> latestValues(RunDocument run) {
    Map<String, Double> values = new LinkedHashMap<>();
    latest(layout.runFolder(run.experimentId(), run.id()))
        .forEach((key, point) -> values.put(key, point.value()));
    return values;
  }

  // ---- metrics -----------------------------------------------------------------------------

  @Override
  protected boolean appendMetrics(String runId, List<MetricPoint> points) {
    return lock.call(() -> {
      Optional<Path> run = runFolder(runId);
      if (run.isEmpty()) {
        return false;
      }
      series.append(run.get(), points);
      return true;
    });
  }

  @Override
  protected Optional<Stream<MetricPoint>> readMetrics(String runId, String key) {
    return runFolder(runId).map(run -> {
      try {
        return series.read(run, key);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read series " + key + " of run " + runId + ": " + e, e);
      }
    });
  }

  @Override
  protected Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
    return runFolder(runId).map(this::latest);
  }

  private Map<String, MetricPoint> latest(Path run) {
    try {
      return series.latest(run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the metrics of " + run + ": " + e, e);
    }
  }

  // ---- artifacts ---------------------------------------------------------------------------

  /** The folder of an existing experiment or run. */
  private Optional<Path> owner(String ownerId) {
    if (loadExperiment(ownerId).isPresent()) {
      return Optional.of(layout.experimentFolder(ownerId));
    }
    return runFolder(ownerId);
  }

  @Override
  protected boolean writeArtifact(Artifact artifact, byte[] content) {
    return lock.call(() -> {
      Optional<Path> owner = owner(artifact.ownerId());
      if (owner.isEmpty()) {
        return false;
      }
      artifacts.write(owner.get(), artifact, content);
      return true;
    });
  }

  @Override
  protected Optional<InputStream> readArtifactContent(String ownerId, String path) {
    return owner(ownerId).flatMap(owner -> artifacts.open(owner, path));
  }

  @Override
  protected List<Artifact> listArtifacts(String ownerId) {
    return owner(ownerId).map(artifacts::list).orElse(List.of());
  }

  @Override
  protected boolean removeArtifact(String ownerId, String path) {
    return lock.call(() -> {
      Optional<Path> owner = owner(ownerId);
      return owner.isPresent() && artifacts.remove(owner.get(), path);
    });
  }

  /** Deletes a folder already renamed into the trash; what a failure leaves is removed at the next open. */
  private static void deleteQuietly(Path trashed) {
    try {
      Disk.deleteTree(trashed);
    } catch (IOException e) {
      System.getLogger("dev.labbook.store.json").log(System.Logger.Level.WARNING,
          "could not delete " + trashed + " (it is no longer part of the store): " + e);
    }
  }
}
