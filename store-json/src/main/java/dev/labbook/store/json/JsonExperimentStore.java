package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.Views;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
  private final Layout layout;
  private final Disk disk;
  private final StoreLock lock;
  private final Indexes indexes;
  private final Series series;
  private final ArtifactFiles artifacts;

  JsonExperimentStore(StoreContext context, Capabilities capabilities, Layout layout, Disk disk,
      StoreLock lock) {
    super(context, capabilities);
    this.layout = layout;
    this.disk = disk;
    this.lock = lock;
    this.indexes = new Indexes(layout, disk);
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
      indexes.name(document.name(), document.id());
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
    return indexes.experimentNamed(name).flatMap(this::loadExperiment)
        .filter(e -> e.name().equals(name));
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
        indexes.name(document.name(), document.id());
      }
      disk.replace(Layout.experimentFile(layout.experimentFolder(document.id())),
          JsonText.pretty(Records.experiment(document)));
      if (renamed) {
        indexes.forgetName(oldName, document.id());
      }
      return true;
    });
  }

  @Override
  protected boolean removeExperiment(String id) {
    Removal removal = lock.call(() -> {
      Optional<ExperimentDocument> stored = loadExperiment(id);
      if (stored.isEmpty()) {
        return Removal.NONE;
      }
      Optional<Path> moved = disk.moveAside(layout.experimentFolder(id), layout.trash());
      indexes.forgetName(stored.get().name(), id);
      return new Removal(true, moved);
    });
    // After the lock, however many runs there are: the runs' index entries already point at
    // nothing, which every read treats as absent, and no other run can have their ids.
    removal.trashed().ifPresent(trashed -> {
      Path runs = Layout.runs(trashed);
      for (String name : Reads.names(runs)) {
        Optional<String> runId = FileNames.isHashed(name)
            ? Reads.record(Layout.runFile(runs.resolve(name)), Records::run).map(RunDocument::id)
            : FileNames.decode(name);
        runId.ifPresent(run -> indexes.dropRun(run, id));
      }
      deleteQuietly(trashed);
    });
    return removal.found();
  }

  /** What a removal found, and the folder it moved into the trash, deleted after the lock. */
  private record Removal(boolean found, Optional<Path> trashed) {
    static final Removal NONE = new Removal(false, Optional.empty());
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
      indexes.run(draft.id(), draft.experimentId());
      RunDocument stored = draft.withNumber(number);
      Path run = layout.runFolder(draft.experimentId(), draft.id());
      disk.createFolders(run);
      disk.replace(Layout.runFile(run), JsonText.pretty(Records.run(stored)));
      return stored;
    });
  }

  @Override
  protected boolean restoreRun(RunDocument document) {
    return lock.call(() -> {
      Path experiment = layout.experimentFolder(document.experimentId());
      if (loadExperiment(document.experimentId()).isEmpty()) {
        throw new NotFoundException("no experiment with id " + Names.quote(document.experimentId()));
      }
      // What the next new run would get (a crash may have freed the last number): at or above
      // it no run can hold the number, below it the runs are read to see.
      long next = RunCounter.next(experiment, runId -> runExists(document.experimentId(), runId));
      if (loadRun(document.id()).isPresent()
          || document.number() < next && numberTaken(document.experimentId(), document.number())) {
        return false;
      }
      RunCounter.restored(disk, experiment, next, document.number(), document.id());
      indexes.run(document.id(), document.experimentId());
      Path run = layout.runFolder(document.experimentId(), document.id());
      disk.createFolders(run);
      disk.replace(Layout.runFile(run), JsonText.pretty(Records.run(document)));
      return true;
    });
  }

  /** Whether a run of the experiment holds the number; reads every run, so imports only. */
  private boolean numberTaken(String experimentId, long number) {
    Path runs = Layout.runs(layout.experimentFolder(experimentId));
    return Reads.names(runs).stream().anyMatch(name -> Reads.record(
        Layout.runFile(runs.resolve(name)), Records::run).filter(r -> r.number() == number).isPresent());
  }

  private boolean runExists(String experimentId, String runId) {
    return Files.exists(Layout.runFile(layout.runFolder(experimentId, runId)));
  }

  @Override
  protected Optional<RunDocument> loadRun(String id) {
    return indexes.experimentOfRun(id).flatMap(experimentId -> Reads.record(
        Layout.runFile(layout.runFolder(experimentId, id)), Records::run))
        .filter(r -> r.id().equals(id));
  }

  /** The folder of an existing run. */
  private Optional<Path> runFolder(String runId) {
    return loadRun(runId).map(r -> layout.runFolder(r.experimentId(), r.id()));
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
    Removal removal = lock.call(() -> {
      Optional<RunDocument> stored = loadRun(id);
      if (stored.isEmpty()) {
        return Removal.NONE;
      }
      String experimentId = stored.get().experimentId();
      // The counter first: were it to name a deleted run, its number would be given again.
      RunCounter.forget(disk, layout.experimentFolder(experimentId), id);
      Optional<Path> moved = disk.moveAside(layout.runFolder(experimentId, id), layout.trash());
      indexes.forgetRun(id, experimentId);
      return new Removal(true, moved);
    });
    removal.trashed().ifPresent(JsonExperimentStore::deleteQuietly);
    return removal.found();
  }

  @Override
  protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    boolean metrics = Pages.reads(query, "metrics");
    Function<RunDocument, JsonNode> view = run ->
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
    return Pages.page(indexes.runIds(), this::loadRun, view, query);
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

  // ---- owned documents ---------------------------------------------------------------------

  // Kept in the owner's folder, so that deleting the owner (a rename into the trash) takes
  // them along at once.

  @Override
  protected boolean insertOwned(OwnedDocument document) {
    return lock.call(() -> {
      Optional<Path> owner = owner(document.ownerId());
      if (owner.isEmpty()) {
        return true; // deleted since core looked: nothing to keep it with, and no one will read it
      }
      if (loadOwned(owner.get(), document.ownerId(), document.space(), document.name()).isPresent()) {
        return false;
      }
      Path file = Layout.owned(owner.get(), document.space(), document.name());
      disk.createFolders(file.getParent());
      disk.replace(file, JsonText.pretty(Records.owned(document)));
      return true;
    });
  }

  @Override
  protected Optional<OwnedDocument> loadOwned(String ownerId, String space, String name) {
    return owner(ownerId).flatMap(owner -> loadOwned(owner, ownerId, space, name));
  }

  private static Optional<OwnedDocument> loadOwned(Path owner, String ownerId, String space, String name) {
    return Reads.record(Layout.owned(owner, space, name), Records::owned)
        .filter(d -> d.ownerId().equals(ownerId) && d.space().equals(space) && d.name().equals(name));
  }

  @Override
  protected boolean replaceOwned(OwnedDocument document, long expectedVersion) {
    return lock.call(() -> {
      Optional<Path> owner = owner(document.ownerId());
      if (owner.isEmpty()) {
        return false;
      }
      Optional<OwnedDocument> stored =
          loadOwned(owner.get(), document.ownerId(), document.space(), document.name());
      if (stored.isEmpty() || stored.get().version() != expectedVersion) {
        return false;
      }
      disk.replace(Layout.owned(owner.get(), document.space(), document.name()),
          JsonText.pretty(Records.owned(document)));
      return true;
    });
  }

  @Override
  protected boolean removeOwned(String ownerId, String space, String name) {
    return lock.call(() -> {
      Optional<Path> owner = owner(ownerId);
      return owner.isPresent() && loadOwned(owner.get(), ownerId, space, name).isPresent()
          && disk.delete(Layout.owned(owner.get(), space, name));
    });
  }

  @Override
  protected List<OwnedDocument> listOwned(String ownerId, String space) {
    return owner(ownerId).map(owner -> {
      Path folder = Layout.ownedSpace(owner, space);
      List<OwnedDocument> found = new ArrayList<>();
      for (String file : Reads.names(folder)) {
        if (Layout.stem(file, Layout.JSON).isPresent()) {
          Reads.record(folder.resolve(file), Records::owned)
              .filter(d -> d.ownerId().equals(ownerId) && d.space().equals(space))
              .ifPresent(found::add);
        }
      }
      return found;
    }).orElse(List.of());
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
