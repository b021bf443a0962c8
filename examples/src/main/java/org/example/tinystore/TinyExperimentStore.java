package org.example.tinystore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.Artifact;
import dev.labbook.DuplicateNameException;
import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.Views;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Experiments and runs as entries in two maps, each entry holding what hangs off it (runs hold
 * their metric points; both hold artifacts and owned documents), so deleting an entry deletes
 * everything under it. Core does validation, ids, versions, encoding and retries; each primitive
 * here does only what its Javadoc in {@link ExperimentStore} says, under the store's one lock
 * ({@code synchronized}), which makes every primitive atomic. Queries are answered by core's
 * {@link QueryEvaluator} over {@link Views}, as the contract allows.
 *
 * <p>Documents hold mutable JSON trees, so they are copied on the way in and out: nothing a
 * caller does to a document changes what is stored.
 */
final class TinyExperimentStore extends ExperimentStore {
  /** What experiments and runs both have: artifacts, and owned documents by space and name. */
  private static class Owner {
    final Map<String, StoredArtifact> artifacts = new HashMap<>();
    final Map<String, Map<String, OwnedDocument>> owned = new HashMap<>();
  }

  private static final class ExperimentEntry extends Owner {
    ExperimentDocument document;
    long nextNumber;

    ExperimentEntry(ExperimentDocument document) {
      this.document = document;
    }
  }

  private static final class RunEntry extends Owner {
    RunDocument document;
    /** Every point, in the order appended. */
    final List<MetricPoint> points = new ArrayList<>();

    RunEntry(RunDocument document) {
      this.document = document;
    }
  }

  private record StoredArtifact(Artifact artifact, byte[] content) {}

  private final Map<String, ExperimentEntry> experiments = new HashMap<>();
  private final Map<String, RunEntry> runs = new HashMap<>();

  TinyExperimentStore(StoreContext context, Capabilities capabilities) {
    super(context, capabilities);
  }

  // ---- experiments ---------------------------------------------------------------------------

  @Override
  protected synchronized void insertExperiment(ExperimentDocument document) {
    if (byName(document.name()).isPresent()) {
      throw new DuplicateNameException("experiment", document.name());
    }
    experiments.put(document.id(), new ExperimentEntry(copy(document)));
  }

  @Override
  protected synchronized Optional<ExperimentDocument> loadExperiment(String id) {
    return Optional.ofNullable(experiments.get(id)).map(entry -> copy(entry.document));
  }

  @Override
  protected synchronized Optional<ExperimentDocument> loadExperimentByName(String name) {
    return byName(name).map(entry -> copy(entry.document));
  }

  @Override
  protected synchronized boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
    ExperimentEntry entry = experiments.get(document.id());
    if (entry == null || entry.document.version() != expectedVersion) {
      return false;
    }
    Optional<ExperimentEntry> namesake = byName(document.name());
    if (namesake.isPresent() && namesake.get() != entry) {
      throw new DuplicateNameException("experiment", document.name());
    }
    entry.document = copy(document);
    return true;
  }

  @Override
  protected synchronized boolean removeExperiment(String id) {
    if (experiments.remove(id) == null) {
      return false;
    }
    runs.values().removeIf(run -> run.document.experimentId().equals(id));
    return true;
  }

  @Override
  protected synchronized Page<ExperimentDocument> findExperiments(Query query) {
    List<ExperimentDocument> all = experiments.values().stream().map(e -> copy(e.document)).toList();
    return QueryEvaluator.page(all.stream(), Views::experiment, query);
  }

  // ---- runs ----------------------------------------------------------------------------------

  @Override
  protected synchronized RunDocument insertRun(RunDocument draft) {
    ExperimentEntry experiment = experimentOf(draft);
    RunDocument stored = copy(draft).withNumber(experiment.nextNumber++);
    runs.put(stored.id(), new RunEntry(stored));
    return copy(stored);
  }

  @Override
  protected synchronized boolean restoreRun(RunDocument document) {
    ExperimentEntry experiment = experimentOf(document);
    boolean taken = runs.containsKey(document.id()) || runs.values().stream().anyMatch(run ->
        run.document.experimentId().equals(document.experimentId())
            && run.document.number() == document.number());
    if (taken) {
      return false;
    }
    experiment.nextNumber = Math.max(experiment.nextNumber, document.number() + 1);
    runs.put(document.id(), new RunEntry(copy(document)));
    return true;
  }

  @Override
  protected synchronized Optional<RunDocument> loadRun(String id) {
    return Optional.ofNullable(runs.get(id)).map(entry -> copy(entry.document));
  }

  @Override
  protected synchronized boolean replaceRun(RunDocument document, long expectedVersion) {
    RunEntry entry = runs.get(document.id());
    if (entry == null || entry.document.version() != expectedVersion) {
      return false;
    }
    entry.document = copy(document);
    return true;
  }

  @Override
  protected synchronized boolean removeRun(String id) {
    return runs.remove(id) != null;
  }

  @Override
  protected synchronized Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    // A run's view holds its latest metric values, read here under the lock.
    List<RunView> candidates = runs.values().stream()
        .filter(run -> experimentId.isEmpty() || experimentId.get().equals(run.document.experimentId()))
        .map(run -> new RunView(copy(run.document), Views.run(run.document, latestValues(run))))
        .toList();
    return QueryEvaluator.page(candidates.stream(), RunView::view, query).map(RunView::run);
  }

  private record RunView(RunDocument run, ObjectNode view) {}

  private static Map<String, Double> latestValues(RunEntry run) {
    Map<String, Double> values = new HashMap<>();
    latestPoints(run).forEach((key, point) -> values.put(key, point.value()));
    return values;
  }

  // ---- metrics -------------------------------------------------------------------------------

  @Override
  protected synchronized boolean appendMetrics(String runId, List<MetricPoint> points) {
    RunEntry run = runs.get(runId);
    if (run == null) {
      return false;
    }
    run.points.addAll(points);
    return true;
  }

  @Override
  protected synchronized Optional<Stream<MetricPoint>> readMetrics(String runId, String key) {
    RunEntry run = runs.get(runId);
    if (run == null) {
      return Optional.empty();
    }
    List<MetricPoint> series = new ArrayList<>();
    for (MetricPoint point : run.points) {
      if (point.key().equals(key)) {
        series.add(point);
      }
    }
    series.sort(Comparator.comparingLong(MetricPoint::step)); // stable: equal steps keep append order
    return Optional.of(series.stream());
  }

  @Override
  protected synchronized Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
    return Optional.ofNullable(runs.get(runId)).map(TinyExperimentStore::latestPoints);
  }

  /** Per key, the point of the highest step; of equal steps, the one appended last. */
  private static Map<String, MetricPoint> latestPoints(RunEntry run) {
    Map<String, MetricPoint> latest = new HashMap<>();
    for (MetricPoint point : run.points) {
      latest.merge(point.key(), point, (kept, next) -> next.step() >= kept.step() ? next : kept);
    }
    return latest;
  }

  // ---- owned documents -----------------------------------------------------------------------

  @Override
  protected synchronized boolean insertOwned(OwnedDocument document) {
    Owner owner = owner(document.ownerId());
    if (owner == null) {
      return true; // the owner was deleted since core checked it: the document would be an orphan
    }
    Map<String, OwnedDocument> space = owner.owned.computeIfAbsent(document.space(), s -> new HashMap<>());
    return space.putIfAbsent(document.name(), copy(document)) == null;
  }

  @Override
  protected synchronized Optional<OwnedDocument> loadOwned(String ownerId, String space, String name) {
    return Optional.ofNullable(space(ownerId, space).get(name)).map(TinyExperimentStore::copy);
  }

  @Override
  protected synchronized boolean replaceOwned(OwnedDocument document, long expectedVersion) {
    Map<String, OwnedDocument> space = space(document.ownerId(), document.space());
    OwnedDocument stored = space.get(document.name());
    if (stored == null || stored.version() != expectedVersion) {
      return false;
    }
    space.put(document.name(), copy(document));
    return true;
  }

  @Override
  protected synchronized boolean removeOwned(String ownerId, String space, String name) {
    return space(ownerId, space).remove(name) != null;
  }

  @Override
  protected synchronized List<OwnedDocument> listOwned(String ownerId, String space) {
    return space(ownerId, space).values().stream().map(TinyExperimentStore::copy).toList();
  }

  /** The owner's documents in a space; an empty map, not stored, when there are none. */
  private Map<String, OwnedDocument> space(String ownerId, String space) {
    Owner owner = owner(ownerId);
    return owner == null ? new HashMap<>() : owner.owned.getOrDefault(space, new HashMap<>());
  }

  // ---- artifacts (declared: Capability.ARTIFACTS) --------------------------------------------

  @Override
  protected synchronized boolean writeArtifact(Artifact artifact, byte[] content) {
    Owner owner = owner(artifact.ownerId());
    if (owner == null) {
      return false;
    }
    owner.artifacts.put(artifact.path(), new StoredArtifact(artifact, content.clone()));
    return true;
  }

  @Override
  protected synchronized Optional<InputStream> readArtifactContent(String ownerId, String path) {
    Owner owner = owner(ownerId);
    return Optional.ofNullable(owner == null ? null : owner.artifacts.get(path))
        .map(stored -> new ByteArrayInputStream(stored.content()));
  }

  @Override
  protected synchronized List<Artifact> listArtifacts(String ownerId) {
    Owner owner = owner(ownerId);
    return owner == null ? List.of()
        : owner.artifacts.values().stream().map(StoredArtifact::artifact).toList();
  }

  @Override
  protected synchronized boolean removeArtifact(String ownerId, String path) {
    Owner owner = owner(ownerId);
    return owner != null && owner.artifacts.remove(path) != null;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The experiment or run with this id, or null. */
  private Owner owner(String id) {
    Owner experiment = experiments.get(id);
    return experiment != null ? experiment : runs.get(id);
  }

  private Optional<ExperimentEntry> byName(String name) {
    return experiments.values().stream().filter(e -> e.document.name().equals(name)).findFirst();
  }

  private ExperimentEntry experimentOf(RunDocument run) {
    ExperimentEntry experiment = experiments.get(run.experimentId());
    if (experiment == null) {
      throw new NotFoundException("no experiment with id " + run.experimentId());
    }
    return experiment;
  }

  private static ExperimentDocument copy(ExperimentDocument d) {
    return new ExperimentDocument(d.id(), d.name(), d.description(), d.tags(),
        d.metadata().deepCopy(), d.created(), d.updated(), d.version());
  }

  private static RunDocument copy(RunDocument d) {
    return new RunDocument(d.id(), d.experimentId(), d.number(), d.status(), d.tags(), d.comment(),
        d.params().deepCopy(), d.args().deepCopy(), d.env().deepCopy(), d.extras().deepCopy(),
        d.results().deepCopy(), d.created(), d.started(), d.updated(), d.ended(), d.heartbeat(),
        d.version());
  }

  private static OwnedDocument copy(OwnedDocument d) {
    return new OwnedDocument(d.ownerId(), d.space(), d.name(), d.body().deepCopy(), d.created(),
        d.updated(), d.version());
  }
}
