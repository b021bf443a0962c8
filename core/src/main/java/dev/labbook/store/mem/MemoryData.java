package dev.labbook.store.mem;

import dev.labbook.Artifact;
import dev.labbook.MetricPoint;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The persistence behind in-memory stores: plain maps guarded by one lock. Several store
 * instances may share one (a named {@code mem:} store), as processes share a database. Documents
 * are copied on the way in and out, so no caller can change stored state behind the lock.
 */
final class MemoryData {
  final Object lock = new Object();

  /** kind → name → config. */
  final Map<String, TreeMap<String, ConfigDocument>> configs = new HashMap<>();
  /** id → experiment; ids are time-ordered, so this is creation order. */
  final TreeMap<String, ExperimentDocument> experiments = new TreeMap<>();
  final Map<String, String> experimentIdsByName = new HashMap<>();
  /** id → run. */
  final TreeMap<String, RunDocument> runs = new TreeMap<>();
  /** experiment id → the number its next run gets. */
  final Map<String, Long> nextRunNumbers = new HashMap<>();
  /** run id → key → points in the order appended. */
  final Map<String, Map<String, List<MetricPoint>>> metrics = new HashMap<>();
  /** owner id → path → artifact. */
  final Map<String, TreeMap<String, StoredArtifact>> artifacts = new HashMap<>();

  /** owner id → space → name → owned document. */
  final Map<String, Map<String, TreeMap<String, OwnedDocument>>> owned = new HashMap<>();

  record StoredArtifact(Artifact artifact, byte[] content) {}

  /** Removes a run and what hangs off it; the caller holds the lock. */
  void dropRun(String runId) {
    runs.remove(runId);
    metrics.remove(runId);
    artifacts.remove(runId);
    owned.remove(runId);
  }

  /** Removes an experiment and what hangs off it; the caller holds the lock. */
  void dropExperiment(String experimentId) {
    ExperimentDocument removed = experiments.remove(experimentId);
    experimentIdsByName.remove(removed.name());
    nextRunNumbers.remove(experimentId);
    artifacts.remove(experimentId);
    owned.remove(experimentId);
    List<String> runIds = new ArrayList<>();
    for (RunDocument run : runs.values()) {
      if (run.experimentId().equals(experimentId)) {
        runIds.add(run.id());
      }
    }
    runIds.forEach(this::dropRun);
  }
}
