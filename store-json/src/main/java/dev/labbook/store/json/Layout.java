package dev.labbook.store.json;

import dev.labbook.internal.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where each record lives in the store's folder (described for people in the module's README).
 * Every name and id becomes one segment through {@link FileNames}, so no name can reach
 * outside its folder or meet another name's file. Fixed names (folders, {@code run.json}…)
 * contain a {@code .} or are chosen not to clash with encoded names where they share a folder.
 */
final class Layout {
  static final String MARKER = "labbook-store.json";
  static final String LOCK = ".lock";
  static final String JSON = ".json";
  static final String SERIES = ".jsonl";
  /** Suffix of artifact folders, so that artifacts {@code a} and {@code a/b} can both exist. */
  static final String FOLDER = ".d";
  /** Encoded artifact paths longer than this are stored under their hash. */
  static final int MAX_ARTIFACT_PATH = 1024;
  private static final String LONG_PATHS = FileNames.HASHED + "long";

  private final Path root;

  Layout(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path marker() {
    return root.resolve(MARKER);
  }

  Path trash() {
    return root.resolve("trash");
  }

  // ---- configs

  Path configKind(String kind) {
    return root.resolve("configs").resolve(FileNames.encode(kind));
  }

  Path config(String kind, String name) {
    return configKind(kind).resolve(FileNames.encode(name) + JSON);
  }

  // ---- experiments

  Path experiments() {
    return root.resolve("experiments");
  }

  Path experimentFolder(String id) {
    return experiments().resolve(FileNames.encode(id));
  }

  static Path experimentFile(Path experimentFolder) {
    return experimentFolder.resolve("experiment.json");
  }

  static Path runCounter(Path experimentFolder) {
    return experimentFolder.resolve("run-counter.json");
  }

  static Path runs(Path experimentFolder) {
    return experimentFolder.resolve("runs");
  }

  Path experimentName(String name) {
    return root.resolve("names").resolve("experiments").resolve(FileNames.encode(name) + JSON);
  }

  // ---- runs

  Path runIndex() {
    return root.resolve("index").resolve("runs");
  }

  Path runIndex(String runId) {
    return runIndex().resolve(FileNames.encode(runId) + JSON);
  }

  Path runFolder(String experimentId, String runId) {
    return runs(experimentFolder(experimentId)).resolve(FileNames.encode(runId));
  }

  static Path runFile(Path runFolder) {
    return runFolder.resolve("run.json");
  }

  static Path metrics(Path runFolder) {
    return runFolder.resolve("metrics");
  }

  static Path series(Path runFolder, String key) {
    return metrics(runFolder).resolve(FileNames.encode(key) + SERIES);
  }

  /** The key a series file's name encodes; empty for a hashed name or a foreign file. */
  static Optional<String> seriesKey(String fileName) {
    return stem(fileName, SERIES).flatMap(FileNames::decode);
  }

  static Path latestMetrics(Path runFolder) {
    return runFolder.resolve("latest-metrics.json");
  }

  static Path metricBatch(Path runFolder) {
    return runFolder.resolve("metrics-batch.json");
  }

  // ---- owned documents (states, links), of an experiment or a run folder

  /** The folder of an owner's documents in one space. */
  static Path ownedSpace(Path ownerFolder, String space) {
    return ownerFolder.resolve("owned").resolve(FileNames.encode(space));
  }

  static Path owned(Path ownerFolder, String space, String name) {
    return ownedSpace(ownerFolder, space).resolve(FileNames.encode(name) + JSON);
  }

  // ---- artifacts, of an experiment or a run folder

  static Path artifacts(Path ownerFolder) {
    return ownerFolder.resolve("artifacts");
  }

  static Path artifactDescriptions(Path ownerFolder) {
    return ownerFolder.resolve("artifact-meta");
  }

  /** The file holding an artifact's bytes. */
  static Path artifact(Path ownerFolder, String path) {
    return relative(artifacts(ownerFolder), path, "");
  }

  /** The file describing an artifact: its path, size, hash and time. */
  static Path artifactDescription(Path ownerFolder, String path) {
    return relative(artifactDescriptions(ownerFolder), path, JSON);
  }

  /**
   * {@code a/b/c.txt} as {@code a.d/b.d/c%2Etxt}: folders get {@value #FOLDER} so that a file
   * and a folder never want one name; a path whose encoding is too long for file systems is
   * kept flat under its SHA-256.
   */
  private static Path relative(Path base, String path, String suffix) {
    String[] segments = path.split("/", -1);
    StringBuilder encoded = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      encoded.append(FileNames.encode(segments[i]));
      encoded.append(i < segments.length - 1 ? FOLDER + "/" : suffix);
    }
    if (encoded.length() > MAX_ARTIFACT_PATH) {
      return base.resolve(LONG_PATHS)
          .resolve(Json.sha256(path.getBytes(StandardCharsets.UTF_8)) + suffix);
    }
    Path result = base;
    for (String segment : encoded.toString().split("/")) {
      result = result.resolve(segment);
    }
    return result;
  }

  /** The part of a file name before {@code suffix}; empty for other names and hidden files. */
  static Optional<String> stem(String fileName, String suffix) {
    if (!fileName.endsWith(suffix) || fileName.startsWith(".")
        || fileName.length() == suffix.length()) {
      return Optional.empty();
    }
    return Optional.of(fileName.substring(0, fileName.length() - suffix.length()));
  }
}
