package dev.labbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.codec.References;
import dev.labbook.internal.Json;
import dev.labbook.internal.Names;
import dev.labbook.internal.Retry;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.StoreContext;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Named configs of several kinds, as DaCapo's config store keeps run, task, architecture,
 * trainer, datasplit, dataset and array configs.
 *
 * <p>A config is a value of a type registered with the codec registry
 * ({@code labbook.codecs().register("task", TaskConfig.class)}); its registered name is its
 * <em>kind</em>, and it has a {@code name} property (a record component, a bean property or a
 * field of a custom codec's output) that is unique within its kind. Configs nested in a config
 * (a run config made of a task, an architecture, a trainer…) are stored as configs of their own
 * and kept by reference; {@link #get} rebuilds the whole object.
 *
 * <p>For backend authors: the public methods are final and do the shared work (validation,
 * encoding, hashing, reference handling, retries); a backend implements the protected
 * primitives, which work on encoded {@link ConfigDocument}s.
 */
public abstract class ConfigStore {
  /** How often {@link #put} compares and inserts again after losing a race. */
  private static final int PUT_ATTEMPTS = 8;

  private final StoreContext context;

  protected ConfigStore(StoreContext context) {
    this.context = context;
  }

  /**
   * Stores a config and the configs nested in it. Storing a config equal to the stored one (same
   * content) does nothing; the call is atomic: on any failure nothing is stored.
   *
   * @return true if something was written, false if every part was already stored as given
   * @throws DuplicateNameException if a config of the same kind and name is stored with other
   *     content (naming that kind and name); the stored one is kept
   * @throws CodecException if the config's type (or a nested config's) is not registered
   * @throws InvalidInputException if a config has no {@code name} or the name breaks the rules
   */
  public final boolean put(Object config) {
    context.ensureOpen();
    if (config == null) {
      throw new InvalidInputException("config is missing (null)");
    }
    List<ConfigDocument> documents = encode(config);
    return Retry.transiently(() -> {
      for (int attempt = 0; ; attempt++) {
        List<ConfigDocument> missing = new ArrayList<>();
        for (ConfigDocument document : documents) {
          Optional<ConfigDocument> stored = loadConfig(document.kind(), document.name());
          if (stored.isEmpty()) {
            missing.add(document);
          } else if (!stored.get().hash().equals(document.hash())) {
            throw new DuplicateNameException(document.kind(), document.name());
          }
        }
        if (missing.isEmpty()) {
          return false;
        }
        try {
          insertConfigs(missing);
          return true;
        } catch (DuplicateNameException raced) {
          // Another writer stored one of these names since we looked: compare again. Each lost
          // race means another part got stored, so a few rounds settle any number of writers
          // sharing parts; the bound only stops a backend that reports duplicates wrongly.
          if (attempt >= PUT_ATTEMPTS - 1) {
            throw raced;
          }
        }
      }
    });
  }

  /**
   * The config of {@code type}'s kind with this name, nested configs rebuilt.
   *
   * @throws NotFoundException naming the kind and name if there is none (or a nested config it
   *     references was deleted)
   * @throws CodecException if {@code type} is not registered
   */
  public final <T> T get(Class<T> type, String name) {
    return find(type, name).orElseThrow(() -> notFound(kindOf(type), name));
  }

  /** Like {@link #get} but empty when there is no such config. */
  public final <T> Optional<T> find(Class<T> type, String name) {
    context.ensureOpen();
    String kind = kindOf(type);
    Names.check("config name", name);
    return Retry.transiently(() -> loadConfig(kind, name))
        .map(document -> type.cast(decode(document.body(), type)));
  }

  /** Whether a config of {@code type}'s kind with this name is stored. */
  public final boolean contains(Class<?> type, String name) {
    context.ensureOpen();
    String kind = kindOf(type);
    Names.check("config name", name);
    return Retry.transiently(() -> loadConfig(kind, name)).isPresent();
  }

  /**
   * The names of the stored configs of {@code type}'s kind, by Unicode code point
   * ({@link QueryEvaluator#STRING_ORDER}).
   */
  public final List<String> names(Class<?> type) {
    context.ensureOpen();
    String kind = kindOf(type);
    return Retry.transiently(() -> {
      try (Stream<String> names = configNames(kind)) {
        return names.sorted(QueryEvaluator.STRING_ORDER).toList();
      }
    });
  }

  /**
   * Deletes a config. Configs that reference it keep their reference; getting them afterwards
   * fails with {@link NotFoundException} naming the missing part.
   *
   * @throws NotFoundException naming the kind and name if there is no such config
   */
  public final void delete(Class<?> type, String name) {
    context.ensureOpen();
    String kind = kindOf(type);
    Names.check("config name", name);
    if (!Retry.transiently(() -> removeConfig(kind, name))) {
      throw notFound(kind, name);
    }
  }

  // ---- primitives a backend implements -------------------------------------------------------

  /**
   * Inserts configs atomically.
   *
   * <p>A config body must read back exactly, except for the three kinds of value that
   * {@link ExperimentStore#insertExperiment} lets a backend refuse (text holding the NUL
   * character, 10 MB of JSON or more, nesting more than 64 levels deep).
   *
   * @throws DuplicateNameException if any (kind, name) is already stored; then none is inserted
   * @throws InvalidInputException only for a body holding one of those three, naming what
   *     cannot be stored; then none is inserted
   */
  protected abstract void insertConfigs(List<ConfigDocument> documents);

  /** The stored config of this kind and name, if any. */
  protected abstract Optional<ConfigDocument> loadConfig(String kind, String name);

  /** The names of the stored configs of a kind, in any order (core sorts them); closed by core. */
  protected abstract Stream<String> configNames(String kind);

  /** Removes a config; false if there was none. */
  protected abstract boolean removeConfig(String kind, String name);

  // ---- shared work ---------------------------------------------------------------------------

  final String kindOf(Class<?> type) {
    if (type == null) {
      throw new InvalidInputException("config type is missing (null)");
    }
    return codecs().nameOf(type).orElseThrow(() -> new CodecException(type.getName()
        + " is not a registered config type; register it first, e.g. codecs().register(\"task\", "
        + type.getSimpleName() + ".class); registered names: " + codecs().names()));
  }

  /** Encodes the root and every nested named config into documents, root last. */
  private List<ConfigDocument> encode(Object config) {
    String rootKind = kindOf(config.getClass());
    Instant now = context.now();
    Map<String, ConfigDocument> parts = new LinkedHashMap<>();
    References references = new References() {
      @Override
      public JsonNode replace(String typeName, ObjectNode encoded) {
        JsonNode name = encoded.get("name");
        if (name == null || !name.isTextual()) {
          return encoded; // a registered value without a name is data, kept inline
        }
        add(parts, document(typeName, encoded, now));
        ObjectNode reference = Json.object();
        reference.put(References.REF_KEY, typeName);
        reference.put("name", name.asText());
        return reference;
      }

      @Override
      public Object resolve(ObjectNode reference, Type expected) {
        throw new IllegalStateException("no references are resolved while encoding");
      }
    };
    JsonNode root = codecs().encode(config, references);
    if (!(root instanceof ObjectNode object) || !object.path("name").isTextual()) {
      throw new InvalidInputException("config of kind '" + rootKind
          + "' has no text property 'name'; a config needs a name unique within its kind");
    }
    add(parts, document(rootKind, object, now));
    return List.copyOf(parts.values());
  }

  private static void add(Map<String, ConfigDocument> parts, ConfigDocument document) {
    String key = document.kind() + '\u0000' + document.name();
    ConfigDocument earlier = parts.putIfAbsent(key, document);
    if (earlier != null && !earlier.hash().equals(document.hash())) {
      // One put names the same config twice with different content: no version of it wins.
      throw new DuplicateNameException(document.kind(), document.name());
    }
  }

  private static ConfigDocument document(String kind, ObjectNode body, Instant now) {
    String name = Names.check("config name", body.get("name").asText());
    return new ConfigDocument(kind, name, body, Json.hash(body), now);
  }

  private Object decode(ObjectNode body, Type type) {
    References references = new References() {
      @Override
      public JsonNode replace(String typeName, ObjectNode encoded) {
        throw new IllegalStateException("nothing is encoded while decoding");
      }

      @Override
      public Object resolve(ObjectNode reference, Type expected) {
        String kind = reference.path(REF_KEY).asText();
        String name = reference.path("name").asText();
        ConfigDocument part = loadConfig(kind, name).orElseThrow(() -> new NotFoundException(
            "config " + kind + " '" + name + "' is referenced by a stored config but was deleted"));
        Class<?> partType = codecs().typeOf(kind).orElseThrow(() -> new CodecException(
            "stored config kind '" + kind + "' is not registered; registered names: "
                + codecs().names()));
        return codecs().decode(part.body(), partType, this);
      }
    };
    return codecs().decode(body, type, references);
  }

  private CodecRegistry codecs() {
    return context.codecs();
  }

  private static NotFoundException notFound(String kind, String name) {
    return new NotFoundException("no config " + kind + " " + Names.quote(name));
  }
}
