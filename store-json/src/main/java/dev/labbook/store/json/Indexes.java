package dev.labbook.store.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The two indexes that make lookups touch one file: experiment name to id
 * ({@code names/experiments/<name>.json}) and run id to experiment id
 * ({@code index/runs/<runId>.json}). An entry is written before the record it points to and
 * removed after it, so a crash leaves at most an entry that points at nothing or at a record
 * that no longer matches; callers check the record and treat such an entry as absent, and the
 * next write for that name or id replaces it.
 */
final class Indexes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Layout layout;
  private final Disk disk;

  Indexes(Layout layout, Disk disk) {
    this.layout = layout;
    this.disk = disk;
  }

  /** The id the name index gives for an experiment name; the experiment may not match. */
  Optional<String> experimentNamed(String name) {
    return experimentIn(layout.experimentName(name), "name", name);
  }

  void name(String name, String experimentId) throws IOException {
    write(layout.experimentName(name), entry("name", name, experimentId));
  }

  /** Removes the name's entry if it names this experiment. */
  void forgetName(String name, String experimentId) throws IOException {
    if (experimentNamed(name).filter(experimentId::equals).isPresent()) {
      disk.delete(layout.experimentName(name));
    }
  }

  /** The experiment the run index gives for a run id; the run may not exist. */
  Optional<String> experimentOfRun(String runId) {
    return experimentIn(layout.runIndex(runId), "runId", runId);
  }

  void run(String runId, String experimentId) throws IOException {
    write(layout.runIndex(runId), entry("runId", runId, experimentId));
  }

  /** Removes the run's entry if it names this experiment. */
  void forgetRun(String runId, String experimentId) throws IOException {
    if (experimentOfRun(runId).filter(experimentId::equals).isPresent()) {
      disk.delete(layout.runIndex(runId));
    }
  }

  /**
   * The experiment id of an index entry, if the file holds one for exactly this key (a hashed
   * file name could belong to another key; an entry a crash cut short has no id).
   */
  private static Optional<String> experimentIn(Path file, String keyField, String key) {
    return Reads.json(file)
        .filter(entry -> key.equals(entry.path(keyField).asText(null)))
        .map(entry -> entry.path("experimentId").asText(""))
        .filter(id -> !id.isEmpty());
  }

  private static ObjectNode entry(String keyField, String key, String experimentId) {
    ObjectNode entry = JSON.objectNode();
    entry.put(keyField, key);
    entry.put("experimentId", experimentId);
    return entry;
  }

  /**
   * Removes the entry of a run of a deleted experiment, outside the lock and unforced: it
   * already points at nothing; were it to survive a crash, reads would still skip it.
   */
  void dropRun(String runId, String experimentId) {
    if (experimentOfRun(runId).filter(experimentId::equals).isPresent()) {
      try {
        Files.deleteIfExists(layout.runIndex(runId));
      } catch (IOException e) {
        // it stays, pointing at nothing
      }
    }
  }

  /** Every run id in the index, in code-point order; some may point at nothing. */
  List<String> runIds() {
    Path index = layout.runIndex();
    return Listing.ids(index, Layout.JSON, name -> Reads.json(index.resolve(name))
        .map(entry -> entry.path("runId").asText("")).filter(id -> !id.isEmpty()));
  }

  private void write(Path file, ObjectNode entry) throws IOException {
    disk.createFolders(file.getParent());
    disk.replace(file, JsonText.pretty(entry));
  }
}
