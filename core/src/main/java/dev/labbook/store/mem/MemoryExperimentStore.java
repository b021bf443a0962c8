package dev.labbook.store.mem;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The reference backend: every primitive does exactly its contract under one lock. */
class MemoryExperimentStore extends ExperimentStore {
  /** Package-private so that variants of this store in the TCK's tests can reach the data. */
  final MemoryData data;

  MemoryExperimentStore(StoreContext context, Capabilities capabilities, MemoryData data) {
    super(context, capabilities);
    this.data = data;
  }

  @Override
  protected void insertExperiment(ExperimentDocument document) {
    synchronized (data.lock) {
      if (data.experimentIdsByName.containsKey(document.name())) {
        throw new DuplicateNameException("experiment", document.name());
      }
      data.experiments.put(document.id(), copy(document));
      data.experimentIdsByName.put(document.name(), document.id());
    }
  }

  @Override
  protected Optional<ExperimentDocument> loadExperiment(String id) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.experiments.get(id)).map(MemoryExperimentStore::copy);
    }
  }

  @Override
  protected Optional<ExperimentDocument> loadExperimentByName(String name) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.experimentIdsByName.get(name)).flatMap(this::loadExperiment);
    }
  }

  @Override
  protected boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
    synchronized (data.lock) {
      ExperimentDocument stored = data.experiments.get(document.id());
      if (stored == null || stored.version() != expectedVersion) {
        return false;
      }
      String holder = data.experimentIdsByName.get(document.name());
      if (holder != null && !holder.equals(document.id())) {
        throw new DuplicateNameException("experiment", document.name());
      }
      data.experimentIdsByName.remove(stored.name());
      data.experimentIdsByName.put(document.name(), document.id());
      data.experiments.put(document.id(), copy(document));
      return true;
    }
  }

  @Override
  protected boolean removeExperiment(String id) {
    synchronized (data.lock) {
      if (!data.experiments.containsKey(id)) {
        return false;
      }
      data.dropExperiment(id);
      return true;
    }
  }

  @Override
  protected Page<ExperimentDocument> findExperiments(Query query) {
    synchronized (data.lock) {
      List<ExperimentDocument> all = data.experiments.values().stream()
          .map(MemoryExperimentStore::copy).toList();
      return QueryEvaluator.page(all.stream(), Views::experiment, query);
    }
  }

  @Override
  protected RunDocument insertRun(RunDocument draft) {
    synchronized (data.lock) {
      if (!data.experiments.containsKey(draft.experimentId())) {
        throw new NotFoundException("no experiment with id " + draft.experimentId());
      }
      long number = data.nextRunNumbers.getOrDefault(draft.experimentId(), 0L);
      data.nextRunNumbers.put(draft.experimentId(), number + 1);
      RunDocument stored = copy(draft).withNumber(number);
      data.runs.put(stored.id(), stored);
      return copy(stored);
    }
  }

  @Override
  protected boolean restoreRun(RunDocument document) {
    synchronized (data.lock) {
      if (!data.experiments.containsKey(document.experimentId())) {
        throw new NotFoundException("no experiment with id " + document.experimentId());
      }
      boolean taken = data.runs.containsKey(document.id()) || data.runs.values().stream()
          .anyMatch(r -> r.experimentId().equals(document.experimentId()) && r.number() == document.number());
      if (taken) {
        return false;
      }
      data.nextRunNumbers.merge(document.experimentId(), document.number() + 1, Math::max);
      data.runs.put(document.id(), copy(document));
      return true;
    }
  }

  @Override
  protected Optional<RunDocument> loadRun(String id) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.runs.get(id)).map(MemoryExperimentStore::copy);
    }
  }

  @Override
  protected boolean replaceRun(RunDocument document, long expectedVersion) {
    synchronized (data.lock) {
      RunDocument stored = data.runs.get(document.id());
      if (stored == null || stored.version() != expectedVersion) {
        return false;
      }
      data.runs.put(document.id(), copy(document));
      return true;
    }
  }

  @Override
  protected boolean removeRun(String id) {
    synchronized (data.lock) {
      if (!data.runs.containsKey(id)) {
        return false;
      }
      data.dropRun(id);
      return true;
    }
  }

  @Override
  protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    synchronized (data.lock) {
      List<RunDocument> candidates = data.runs.values().stream()
          .filter(run -> experimentId.map(run.experimentId()::equals).orElse(true))
          .map(MemoryExperimentStore::copy)
          .toList();
      return QueryEvaluator.page(candidates.stream(), run -> Views.run(run, latestValues(run.id())), query);
    }
  }

  @Override
  protected boolean appendMetrics(String runId, List<MetricPoint> points) {
    synchronized (data.lock) {
      if (!data.runs.containsKey(runId)) {
        return false;
      }
      Map<String, List<MetricPoint>> series = data.metrics.computeIfAbsent(runId, k -> new HashMap<>());
      for (MetricPoint point : points) {
        series.computeIfAbsent(point.key(), k -> new ArrayList<>()).add(point);
      }
      return true;
    }
  }

  @Override
  protected Optional<Stream<MetricPoint>> readMetrics(String runId, String key) {
    synchronized (data.lock) {
      if (!data.runs.containsKey(runId)) {
        return Optional.empty();
      }
      List<MetricPoint> points = new ArrayList<>(
          data.metrics.getOrDefault(runId, Map.of()).getOrDefault(key, List.of()));
      points.sort(Comparator.comparingLong(MetricPoint::step)); // stable: equal steps keep append order
      return Optional.of(points.stream());
    }
  }

  @Override
  protected Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
    synchronized (data.lock) {
      if (!data.runs.containsKey(runId)) {
        return Optional.empty();
      }
      return Optional.of(latest(runId));
    }
  }

  @Override
  protected boolean writeArtifact(Artifact artifact, byte[] content) {
    synchronized (data.lock) {
      if (!data.experiments.containsKey(artifact.ownerId()) && !data.runs.containsKey(artifact.ownerId())) {
        return false;
      }
      data.artifacts.computeIfAbsent(artifact.ownerId(), k -> new TreeMap<>())
          .put(artifact.path(), new MemoryData.StoredArtifact(artifact, content.clone()));
      return true;
    }
  }

  @Override
  protected Optional<InputStream> readArtifactContent(String ownerId, String path) {
    synchronized (data.lock) {
      return Optional.ofNullable(data.artifacts.getOrDefault(ownerId, new TreeMap<>()).get(path))
          .map(stored -> new ByteArrayInputStream(stored.content()));
    }
  }

  @Override
  protected List<Artifact> listArtifacts(String ownerId) {
    synchronized (data.lock) {
      return data.artifacts.getOrDefault(ownerId, new TreeMap<>()).values().stream()
          .map(MemoryData.StoredArtifact::artifact).toList();
    }
  }

  @Override
  protected boolean removeArtifact(String ownerId, String path) {
    synchronized (data.lock) {
      TreeMap<String, MemoryData.StoredArtifact> owned = data.artifacts.get(ownerId);
      return owned != null && owned.remove(path) != null;
    }
  }

  /** The latest point per key; the caller holds the lock. */
  private Map<String, MetricPoint> latest(String runId) {
    Map<String, MetricPoint> latest = new LinkedHashMap<>();
    data.metrics.getOrDefault(runId, Map.of()).forEach((key, points) -> {
      MetricPoint best = null;
      for (MetricPoint point : points) {
        if (best == null || point.step() >= best.step()) {
          best = point;
        }
      }
      latest.put(key, best);
    });
    return latest;
  }

  private Map<String, Double> latestValues(String runId) {
    Map<String, Double> values = new LinkedHashMap<>();
    latest(runId).forEach((key, point) -> values.put(key, point.value()));
    return values;
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

  // ---- owned documents -----------------------------------------------------------------------

  @Override
  protected boolean insertOwned(OwnedDocument document) {
    synchronized (data.lock) {
      TreeMap<String, OwnedDocument> space = data.owned
          .computeIfAbsent(document.ownerId(), id -> new HashMap<>())
          .computeIfAbsent(document.space(), name -> new TreeMap<>());
      if (space.containsKey(document.name())) {
        return false;
      }
      space.put(document.name(), copy(document));
      return true;
    }
  }

  @Override
  protected Optional<OwnedDocument> loadOwned(String ownerId, String space, String name) {
    synchronized (data.lock) {
      return Optional.ofNullable(ownedSpace(ownerId, space).get(name)).map(MemoryExperimentStore::copy);
    }
  }

  @Override
  protected boolean replaceOwned(OwnedDocument document, long expectedVersion) {
    synchronized (data.lock) {
      Map<String, OwnedDocument> space = ownedSpace(document.ownerId(), document.space());
      OwnedDocument stored = space.get(document.name());
      if (stored == null || stored.version() != expectedVersion) {
        return false;
      }
      space.put(document.name(), copy(document));
      return true;
    }
  }

  @Override
  protected boolean removeOwned(String ownerId, String space, String name) {
    synchronized (data.lock) {
      return ownedSpace(ownerId, space).remove(name) != null;
    }
  }

  @Override
  protected List<OwnedDocument> listOwned(String ownerId, String space) {
    synchronized (data.lock) {
      return ownedSpace(ownerId, space).values().stream().map(MemoryExperimentStore::copy).toList();
    }
  }

  /** The owner's documents in a space; an empty map (not stored) when it has none. */
  private Map<String, OwnedDocument> ownedSpace(String ownerId, String space) {
    return data.owned.getOrDefault(ownerId, Map.of()).getOrDefault(space, new TreeMap<>());
  }

  private static OwnedDocument copy(OwnedDocument d) {
    return new OwnedDocument(d.ownerId(), d.space(), d.name(), d.body().deepCopy(), d.created(),
        d.updated(), d.version());
  }
}
