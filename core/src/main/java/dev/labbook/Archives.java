package dev.labbook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.internal.Json;
import dev.labbook.internal.Retry;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.StoreContext;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Whole experiments to one JSON file and back, as Ax saves and loads an experiment: the
 * experiment, its runs with their metric series, its states and links, the configs named in
 * the options, and optionally the artifacts of the experiment and its runs. Importing gives an
 * experiment equal to the exported one, into any backend: the same ids, numbers, times and
 * versions. One thing is not carried: runs deleted before the export are not in the file, so
 * after an import new runs are numbered from the highest imported number up, which may give a
 * deleted run's number again. Get it from {@link Labbook#archives()}. Thread-safe.
 *
 * <p>The file is {@code {"format": "labbook-experiment", "version": 1, …}}: readable JSON,
 * written and read as a stream, so a run with a million metric points is never held in memory
 * whole. Artifacts are the exception: each is held in memory, base64-encoded, while it is
 * written or read, so the largest artifact must fit in the heap a few times over. Metric values that are not finite are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}.
 */
public final class Archives {
  /** The value of the file's {@code format} field. */
  public static final String FORMAT = "labbook-experiment";
  /** The version of the file format this code writes and reads. */
  public static final int VERSION = 1;

  private static final int PAGE = 500;
  private static final int POINTS_PER_BATCH = 10_000;
  private static final List<String> OWNED_SPACES = List.of(States.SPACE, Links.SPACE);
  // Documents may nest as deep as a backend keeps them: no limit of Jackson's own applies.
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE)
              .maxStringLength(Integer.MAX_VALUE).build())
          .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
          .build())
      .build();

  private final ConfigStore configs;
  private final ExperimentStore experiments;
  private final Capabilities capabilities;
  private final StoreContext context;

  Archives(ConfigStore configs, ExperimentStore experiments, Capabilities capabilities,
      StoreContext context) {
    this.configs = configs;
    this.experiments = experiments;
    this.capabilities = capabilities;
    this.context = context;
  }

  /** What an export includes beyond the experiment, its runs, series, states and links. */
  public record ExportOptions(boolean artifacts, List<Map.Entry<Class<?>, String>> configs) {
    public ExportOptions {
      configs = List.copyOf(configs);
    }

    /** Nothing more. */
    public static ExportOptions defaults() {
      return new ExportOptions(false, List.of());
    }

    /** With the artifacts of the experiment and its runs (the store must keep artifacts). */
    public ExportOptions withArtifacts() {
      return new ExportOptions(true, configs);
    }

    /** With a config the experiment references, and the configs it is made of. */
    public ExportOptions withConfig(Class<?> type, String name) {
      List<Map.Entry<Class<?>, String>> more = new ArrayList<>(configs);
      more.add(Map.entry(type, name));
      return new ExportOptions(artifacts, more);
    }
  }

  // ---- export --------------------------------------------------------------------------------

  /**
   * Writes an experiment to a file, replacing it atomically when the export is complete.
   *
   * @throws NotFoundException naming the experiment id, or a config the options name
   * @throws UnsupportedCapabilityException if artifacts are asked for and the store keeps none
   * @throws UncheckedIOException if the file cannot be written; a file that was there stays
   */
  public void export(String experimentId, Path file, ExportOptions options) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp-" + context.newId());
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        export(experimentId, out, options);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + experimentId + " to " + file, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless, and the real failure is already on its way
      }
    }
  }

  /**
   * Writes an experiment to a stream (left open). What changes while it is written may or may
   * not be included: the export is not a snapshot.
   *
   * @throws NotFoundException naming the experiment id, or a config the options name
   * @throws UnsupportedCapabilityException if artifacts are asked for and the store keeps none
   */
  public void export(String experimentId, OutputStream out, ExportOptions options) {
    context.ensureOpen();
    Objects.requireNonNull(options, "options");
    if (options.artifacts()) {
      capabilities.require(Capability.ARTIFACTS, "exporting artifacts", context.settings().redactedUri());
    }
    ExperimentDocument experiment = Retry.transiently(() -> experiments.loadExperiment(experimentId))
        .orElseThrow(() -> new NotFoundException("no experiment with id " + experimentId));
    List<ConfigDocument> referenced = referencedConfigs(options);
    try (JsonGenerator json = MAPPER.createGenerator(new NonClosing(out))) {
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeNumberField("version", VERSION);
      json.writeFieldName("experiment");
      MAPPER.writeTree(json, experimentNode(experiment));
      writeOwned(json, experimentId);
      if (options.artifacts()) {
        writeArtifacts(json, experimentId);
      }
      json.writeArrayFieldStart("configs");
      for (ConfigDocument config : referenced) {
        MAPPER.writeTree(json, configNode(config));
      }
      json.writeEndArray();
      json.writeArrayFieldStart("runs");
      for (Iterator<RunDocument> runs = runs(experimentId); runs.hasNext(); ) {
        writeRun(json, runs.next(), options);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + experimentId, e);
    }
  }

  private void writeRun(JsonGenerator json, RunDocument run, ExportOptions options) throws IOException {
    json.writeStartObject();
    json.writeFieldName("run");
    MAPPER.writeTree(json, runNode(run));
    json.writeObjectFieldStart("metrics");
    Set<String> keys = Retry.transiently(() -> experiments.loadLatestMetrics(run.id()))
        .map(Map::keySet).orElse(Set.of());
    for (String key : keys) {
      json.writeArrayFieldStart(key);
      Optional<Stream<MetricPoint>> series = Retry.transiently(() -> experiments.readMetrics(run.id(), key));
      if (series.isPresent()) {
        try (Stream<MetricPoint> points = series.get()) {
          for (Iterator<MetricPoint> it = points.iterator(); it.hasNext(); ) {
            writePoint(json, it.next());
          }
        }
      }
      json.writeEndArray();
    }
    json.writeEndObject();
    writeOwned(json, run.id());
    if (options.artifacts()) {
      writeArtifacts(json, run.id());
    }
    json.writeEndObject();
  }

  private static void writePoint(JsonGenerator json, MetricPoint point) throws IOException {
    json.writeStartArray();
    json.writeNumber(point.step());
    if (point.progress() == null) {
      json.writeNull();
    } else {
      writeDouble(json, point.progress());
    }
    writeDouble(json, point.value());
    json.writeNumber(point.timestamp().toEpochMilli());
    json.writeEndArray();
  }

  private static void writeDouble(JsonGenerator json, double value) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumber(value);
    } else {
      json.writeString(Double.toString(value));
    }
  }

  private void writeOwned(JsonGenerator json, String ownerId) throws IOException {
    json.writeArrayFieldStart("owned");
    for (String space : OWNED_SPACES) {
      for (OwnedDocument document : Retry.transiently(() -> experiments.listOwned(ownerId, space))) {
        MAPPER.writeTree(json, ownedNode(document));
      }
    }
    json.writeEndArray();
  }

  private void writeArtifacts(JsonGenerator json, String ownerId) throws IOException {
    json.writeArrayFieldStart("artifacts");
    for (Artifact artifact : Retry.transiently(() -> experiments.listArtifacts(ownerId))) {
      Optional<InputStream> content = Retry.transiently(
          () -> experiments.readArtifactContent(ownerId, artifact.path()));
      if (content.isEmpty()) {
        continue; // deleted while we wrote
      }
      json.writeStartObject();
      json.writeStringField("path", artifact.path());
      json.writeNumberField("size", artifact.size());
      json.writeStringField("sha256", artifact.sha256());
      json.writeNumberField("created", artifact.created().toEpochMilli());
      try (InputStream in = content.get()) {
        json.writeStringField("content", Base64.getEncoder().encodeToString(in.readAllBytes()));
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private Iterator<RunDocument> runs(String experimentId) {
    return new Iterator<>() {
      private final Deque<RunDocument> buffered = new ArrayDeque<>();
      private Optional<Cursor> next = Optional.empty();
      private boolean started;

      @Override
      public boolean hasNext() {
        while (buffered.isEmpty() && (!started || next.isPresent())) {
          Query query = Query.all().orderBy("number", Direction.ASC).limit(PAGE);
          Query page = next.map(query::after).orElse(query);
          Page<RunDocument> found = Retry.transiently(() -> experiments.findRuns(Optional.of(experimentId), page));
          buffered.addAll(found.items());
          next = found.next();
          started = true;
        }
        return !buffered.isEmpty();
      }

      @Override
      public RunDocument next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return buffered.poll();
      }
    };
  }

  /** The configs named in the options with every config they are made of, parts first. */
  private List<ConfigDocument> referencedConfigs(ExportOptions options) {
    Map<String, ConfigDocument> found = new LinkedHashMap<>();
    for (Map.Entry<Class<?>, String> wanted : options.configs()) {
      collect(configs.kindOf(wanted.getKey()), wanted.getValue(), found, new LinkedHashSet<>());
    }
    return List.copyOf(found.values());
  }

  private void collect(String kind, String name, Map<String, ConfigDocument> found, Set<String> path) {
    String key = kind + "/" + name;
    if (found.containsKey(key) || !path.add(key)) {
      return;
    }
    ConfigDocument config = Retry.transiently(() -> configs.loadConfig(kind, name))
        .orElseThrow(() -> new NotFoundException("no config " + kind + " '" + name + "' to export"));
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(config.body()));
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isObject() && node.has(dev.labbook.codec.References.REF_KEY)) {
        collect(node.path(dev.labbook.codec.References.REF_KEY).asText(), node.path("name").asText(), found, path);
      } else {
        node.forEach(todo::push);
      }
    }
    found.put(key, config);
  }

  // ---- import --------------------------------------------------------------------------------

  /** Imports from a file; see {@link #importFrom(InputStream, boolean)}. */
  public Experiment importFrom(Path file, boolean replace) {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return importFrom(in, replace);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the experiment file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Imports an exported experiment: it, its runs (numbers kept), series, states, links and
   * artifacts, with their ids, times and versions; and the configs it holds that the store does
   * not have (one it has with other content is a conflict). When something fails part-way, what
   * was imported is deleted again. With {@code replace}, the experiment already there is deleted
   * before the import starts, so a file that fails part-way leaves neither: keep the export of
   * the original until the import has returned.
   *
   * @param replace whether an experiment of the same id is deleted first (with everything
   *     under it); otherwise its presence is an error
   * @throws InvalidInputException if the stream is not an experiment file of a known version
   *     (naming what is wrong), or an experiment of that id exists and {@code replace} is false
   * @throws DuplicateNameException if another experiment has the name, or a config of the same
   *     kind and name with other content exists
   * @throws UnsupportedCapabilityException if the file holds artifacts and the store keeps none
   */
  public Experiment importFrom(InputStream in, boolean replace) {
    context.ensureOpen();
    Importer[] started = {null}; // for the undo below: whatever fails once the import began
    try (JsonParser json = MAPPER.createParser(in)) {
      expect(json, json.nextToken(), JsonToken.START_OBJECT, "the file");
      ExperimentDocument experiment = null;
      Importer importer = null;
      for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "format" -> {
            if (!FORMAT.equals(json.getValueAsString())) {
              throw new InvalidInputException("not a Labbook experiment file: its format is "
                  + json.getText() + ", not " + FORMAT);
            }
          }
          case "version" -> {
            if (json.getValueAsInt() != VERSION) {
              throw new InvalidInputException("experiment file version " + json.getText()
                  + " is not known to this Labbook, which reads version " + VERSION);
            }
          }
          case "experiment" -> {
            if (importer != null) {
              throw new InvalidInputException("the experiment file holds two experiments");
            }
            experiment = experimentDocument(MAPPER.readTree(json));
            importer = begin(experiment, replace);
            started[0] = importer;
          }
          case "owned", "artifacts", "configs", "runs" -> {
            if (importer == null) {
              throw new InvalidInputException("the experiment file has \"" + field
                  + "\" before \"experiment\"");
            }
            importer.read(field, json);
          }
          default -> json.skipChildren();
        }
        if (value == null) {
          break;
        }
      }
      if (importer == null) {
        throw new InvalidInputException("the experiment file holds no experiment");
      }
      importer.finish();
      return experiments.get(experiment.id());
    } catch (IOException | RuntimeException e) {
      if (started[0] != null) {
        started[0].undo(e);
      }
      if (e instanceof LabbookException known) {
        throw known;
      }
      // a cut-off file, a malformed point or base64 text: the file is damaged
      throw new InvalidInputException("cannot read the experiment file: " + e, e);
    }
  }

  private Importer begin(ExperimentDocument experiment, boolean replace) {
    Optional<ExperimentDocument> existing = Retry.transiently(() -> experiments.loadExperiment(experiment.id()));
    if (existing.isPresent()) {
      if (!replace) {
        throw new InvalidInputException("experiment " + experiment.id() + " ('"
            + existing.get().name() + "') exists; import with replace to overwrite it");
      }
      experiments.delete(experiment.id());
    }
    Retry.transiently(() -> {
      experiments.insertExperiment(experiment);
      return null;
    });
    return new Importer(experiment.id());
  }

  /** Imports the parts after the experiment; deletes it all again when something fails. */
  private final class Importer {
    private final String experimentId;
    private final List<ConfigDocument> configsToAdd = new ArrayList<>();

    Importer(String experimentId) {
      this.experimentId = experimentId;
    }

    void read(String field, JsonParser json) throws IOException {
      try {
        switch (field) {
          case "owned" -> eachObject(json, node -> insertOwned(node));
          case "artifacts" -> eachObject(json, node -> writeArtifact(experimentId, node));
          case "configs" -> eachObject(json, node -> configsToAdd.add(configDocument(node)));
          case "runs" -> {
            expect(json, json.currentToken(), JsonToken.START_ARRAY, "runs");
            while (json.nextToken() == JsonToken.START_OBJECT) {
              readRun(json);
            }
          }
          default -> throw new IllegalStateException(field);
        }
      } catch (RuntimeException | IOException e) {
        undo(e);
        throw e;
      }
    }

    void finish() {
      try {
        List<ConfigDocument> missing = new ArrayList<>();
        for (ConfigDocument config : configsToAdd) {
          Optional<ConfigDocument> stored = Retry.transiently(() -> configs.loadConfig(config.kind(), config.name()));
          if (stored.isEmpty()) {
            missing.add(config);
          } else if (!stored.get().hash().equals(config.hash())) {
            throw new DuplicateNameException(config.kind(), config.name());
          }
        }
        if (!missing.isEmpty()) {
          Retry.transiently(() -> {
            configs.insertConfigs(missing);
            return null;
          });
        }
      } catch (RuntimeException e) {
        undo(e);
        throw e;
      }
    }

    private void readRun(JsonParser json) throws IOException {
      String runId = null;
      for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
        String field = json.currentName();
        json.nextToken();
        switch (field) {
          case "run" -> {
            RunDocument run = runDocument(MAPPER.readTree(json));
            if (!run.experimentId().equals(experimentId)) {
              throw new InvalidInputException("run " + run.id() + " in the file belongs to experiment "
                  + run.experimentId() + ", not " + experimentId);
            }
            if (!Retry.transiently(() -> experiments.restoreRun(run))) {
              throw new InvalidInputException("run " + run.id() + " (number " + run.number()
                  + ") of the file is already in the store");
            }
            runId = run.id();
          }
          case "metrics" -> readMetrics(json, required(runId, "metrics"));
          case "owned" -> eachObject(json, this::insertOwned);
          case "artifacts" -> {
            String owner = required(runId, "artifacts");
            eachObject(json, node -> writeArtifact(owner, node));
          }
          default -> json.skipChildren();
        }
      }
    }

    private void readMetrics(JsonParser json, String runId) throws IOException {
      expect(json, json.currentToken(), JsonToken.START_OBJECT, "metrics");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String key = json.currentName();
        expect(json, json.nextToken(), JsonToken.START_ARRAY, "metric " + key);
        List<MetricPoint> batch = new ArrayList<>();
        while (json.nextToken() == JsonToken.START_ARRAY) {
          ArrayNode point = MAPPER.readTree(json);
          batch.add(new MetricPoint(key, point.get(0).asLong(),
              point.get(1).isNull() ? null : doubleOf(point.get(1)), doubleOf(point.get(2)),
              Instant.ofEpochMilli(point.get(3).asLong())));
          if (batch.size() == POINTS_PER_BATCH) {
            append(runId, batch);
            batch = new ArrayList<>();
          }
        }
        append(runId, batch);
      }
    }

    private void append(String runId, List<MetricPoint> batch) {
      if (!batch.isEmpty() && !Retry.transiently(() -> experiments.appendMetrics(runId, List.copyOf(batch)))) {
        throw new NotFoundException("run " + runId + " went away while it was imported");
      }
    }

    private void insertOwned(JsonNode node) {
      OwnedDocument document = ownedDocument(node);
      Retry.transiently(() -> experiments.insertOwned(document));
    }

    private void writeArtifact(String ownerId, JsonNode node) {
      capabilities.require(Capability.ARTIFACTS, "importing artifacts", context.settings().redactedUri());
      byte[] content = Base64.getDecoder().decode(node.path("content").asText());
      Artifact artifact = new Artifact(ownerId, node.path("path").asText(), content.length,
          node.path("sha256").asText(), Instant.ofEpochMilli(node.path("created").asLong()));
      if (!Retry.transiently(() -> experiments.writeArtifact(artifact, content))) {
        throw new NotFoundException("the owner " + ownerId + " of artifact " + artifact.path()
            + " went away while it was imported");
      }
    }

    private void undo(Exception cause) {
      try {
        Retry.transiently(() -> experiments.removeExperiment(experimentId));
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }

  // ---- the file's records --------------------------------------------------------------------

  private static ObjectNode experimentNode(ExperimentDocument e) {
    ObjectNode o = Json.object();
    o.put("id", e.id());
    o.put("name", e.name());
    o.put("description", e.description());
    ArrayNode tags = o.putArray("tags");
    e.tags().forEach(tags::add);
    o.set("metadata", e.metadata());
    o.put("created", e.created().toEpochMilli());
    o.put("updated", e.updated().toEpochMilli());
    o.put("version", e.version());
    return o;
  }

  private static ExperimentDocument experimentDocument(JsonNode o) {
    return new ExperimentDocument(text(o, "id"), text(o, "name"), nullableText(o, "description"),
        strings(o.path("tags")), object(o, "metadata"), time(o, "created"), time(o, "updated"),
        o.path("version").asLong());
  }

  private static ObjectNode runNode(RunDocument r) {
    ObjectNode o = Json.object();
    o.put("id", r.id());
    o.put("experimentId", r.experimentId());
    o.put("number", r.number());
    o.put("status", r.status().name());
    ArrayNode tags = o.putArray("tags");
    r.tags().forEach(tags::add);
    o.put("comment", r.comment());
    o.set("params", r.params());
    o.set("args", r.args());
    o.set("env", r.env());
    o.set("extras", r.extras());
    o.set("results", r.results());
    putTime(o, "created", r.created());
    putTime(o, "started", r.started());
    putTime(o, "updated", r.updated());
    putTime(o, "ended", r.ended());
    putTime(o, "heartbeat", r.heartbeat());
    o.put("version", r.version());
    return o;
  }

  private static RunDocument runDocument(JsonNode o) {
    return new RunDocument(text(o, "id"), text(o, "experimentId"), o.path("number").asLong(),
        RunStatus.valueOf(text(o, "status")), strings(o.path("tags")), nullableText(o, "comment"),
        object(o, "params"), object(o, "args"), object(o, "env"), object(o, "extras"),
        object(o, "results"), time(o, "created"), nullableTime(o, "started"),
        time(o, "updated"), nullableTime(o, "ended"), nullableTime(o, "heartbeat"),
        o.path("version").asLong());
  }

  private static ObjectNode configNode(ConfigDocument c) {
    ObjectNode o = Json.object();
    o.put("kind", c.kind());
    o.put("name", c.name());
    o.set("body", c.body());
    o.put("hash", c.hash());
    o.put("created", c.created().toEpochMilli());
    return o;
  }

  private static ConfigDocument configDocument(JsonNode o) {
    ObjectNode body = object(o, "body");
    return new ConfigDocument(text(o, "kind"), text(o, "name"), body, Json.hash(body),
        time(o, "created"));
  }

  private static ObjectNode ownedNode(OwnedDocument d) {
    ObjectNode o = Json.object();
    o.put("owner", d.ownerId());
    o.put("space", d.space());
    o.put("name", d.name());
    o.set("body", d.body());
    o.put("created", d.created().toEpochMilli());
    o.put("updated", d.updated().toEpochMilli());
    o.put("version", d.version());
    return o;
  }

  private static OwnedDocument ownedDocument(JsonNode o) {
    return new OwnedDocument(text(o, "owner"), text(o, "space"), text(o, "name"), object(o, "body"),
        time(o, "created"), time(o, "updated"), o.path("version").asLong());
  }

  // ---- reading helpers -----------------------------------------------------------------------

  @FunctionalInterface
  private interface NodeHandler {
    void accept(JsonNode node) throws IOException;
  }

  private static void eachObject(JsonParser json, NodeHandler handler) throws IOException {
    expect(json, json.currentToken(), JsonToken.START_ARRAY, json.currentName());
    while (json.nextToken() == JsonToken.START_OBJECT) {
      handler.accept(MAPPER.readTree(json));
    }
  }

  private static void expect(JsonParser json, JsonToken actual, JsonToken wanted, String what) {
    if (actual != wanted) {
      throw new InvalidInputException("the experiment file is damaged: " + what + " should start with "
          + wanted.asString() + ", found " + actual + " at " + json.currentLocation().offsetDescription());
    }
  }

  private static String required(String runId, String field) {
    if (runId == null) {
      throw new InvalidInputException("the experiment file has a run whose \"" + field
          + "\" comes before its \"run\"");
    }
    return runId;
  }

  private static double doubleOf(JsonNode node) {
    return node.isTextual() ? Double.parseDouble(node.asText()) : node.asDouble();
  }

  private static String text(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidInputException("the experiment file is damaged: a record has no text \""
          + field + "\": " + abbreviated(o));
    }
    return value.asText();
  }

  private static String nullableText(JsonNode o, String field) {
    JsonNode value = o.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static ObjectNode object(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (!(value instanceof ObjectNode object)) {
      throw new InvalidInputException("the experiment file is damaged: a record has no object \""
          + field + "\": " + abbreviated(o));
    }
    return object;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Instant time(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw new InvalidInputException("the experiment file is damaged: a record has no time \""
          + field + "\": " + abbreviated(o));
    }
    return Instant.ofEpochMilli(value.asLong());
  }

  private static Instant nullableTime(JsonNode o, String field) {
    JsonNode value = o.get(field);
    return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asLong());
  }

  private static void putTime(ObjectNode o, String field, Instant time) {
    if (time == null) {
      o.putNull(field);
    } else {
      o.put(field, time.toEpochMilli());
    }
  }

  private static String abbreviated(JsonNode o) {
    String text = o.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  /** Lets the generator flush and close without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
