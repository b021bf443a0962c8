package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.CodecException;
import dev.labbook.internal.Names;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The encoder registry (Java type to encoder) and the decoder registry (type name to decoder)
 * that turn users' values into JSON trees and back, applied recursively through maps, lists,
 * arrays, records and beans, as Ax's registries do. Thread-safe; registration may happen at
 * any time.
 *
 * <h2>Encoded form</h2>
 * <ul>
 *   <li>null, booleans, strings and finite numbers are JSON scalars; integral types stay
 *       integral.</li>
 *   <li>What JSON lacks is tagged: NaN, +Infinity, -Infinity and -0.0 encode as
 *       {@code {"@type":"double","value":"NaN"}} (and {@code "Infinity"}, {@code "-Infinity"},
 *       {@code "-0.0"}); an {@link java.time.Instant} as {@code {"@type":"instant","value":
 *       "2026-01-02T03:04:05.123Z"}}; a {@code byte[]} as {@code {"@type":"bytes","value":
 *       "<base64>"}}.</li>
 *   <li>Maps with string keys become objects; collections, arrays and streams become arrays;
 *       enums become their name; {@code Optional} becomes its value or null.</li>
 *   <li>A value of a registered type becomes an object tagged with its registered name:
 *       {@code {"@type":"task","name":"t1",...}}; a codec whose encoding is not an object is
 *       wrapped as {@code {"@type":"name","value":...}}. Stored data holds registered names,
 *       never Java class names, so renaming a class does not break old data.</li>
 *   <li>A record or Jackson-mappable bean that is not registered becomes an untagged object;
 *       it decodes back to its class where the target type says so, and to a map where it
 *       does not.</li>
 *   <li>Object keys that start with {@code @} (user keys, record components) are escaped by
 *       doubling the {@code @}; decoding reverses it. Keys {@code "@type"} and
 *       {@link References#REF_KEY} therefore always mean the registry's tags.</li>
 * </ul>
 *
 * <h2>Decoding</h2>
 * Decoding to {@code Object.class} gives the natural form: {@code null}, {@code Boolean},
 * {@code String}, {@code Long} (integral values that fit, else {@code BigInteger}),
 * {@code Double} for every other number, {@code Instant}, {@code byte[]}, unmodifiable
 * {@code List} and insertion-ordered unmodifiable {@code Map}, and instances of registered
 * types for tagged objects. Decoding to a declared type converts into it: numbers widen or
 * narrow exactly (a fractional value never silently truncates into an integral type), records
 * are built from their components, beans through Jackson's introspection, and a field typed as
 * an interface or abstract class decodes by the registered name its value was tagged with.
 *
 * <h2>Details the format above leaves open</h2>
 * <ul>
 *   <li>A {@code float} is stored as the double of its shortest decimal form (0.1f as
 *       {@code 0.1}) and decodes back to the same float; a {@code char} as a one-char string;
 *       {@code BigDecimal} keeps its scale in the tree.</li>
 *   <li>Map keys may be strings or enum constants (stored by name).</li>
 *   <li>A record component or bean property missing from the stored object decodes as null (an
 *       empty {@code Optional} for an {@code Optional}), and fails for a primitive; stored keys
 *       that match no component are ignored.</li>
 *   <li>An enum registered with the default codec is stored as
 *       {@code {"@type":"name","value":"CONSTANT"}}. When a custom codec's encoding is an
 *       object whose only key is {@code "value"}, it is wrapped like a non-object
 *       ({@code {"@type":"name","value":{"value":...}}}) so the two cannot be confused.</li>
 *   <li>Values of an unregistered class declared as another class (a subclass in a field of
 *       its superclass) are refused like those in interface-typed fields: they would decode as
 *       the declared class.</li>
 *   <li>Nesting is limited to 10,000 levels; cycles are refused. Maps, lists and arrays
 *       are walked without recursion, so deep plain data needs no deep thread stack; records,
 *       beans and codecs recurse, and nesting too deep for the stack fails with a
 *       {@link CodecException} too.</li>
 * </ul>
 */
public final class CodecRegistry {

  /** The tag key that carries a registered type name. */
  public static final String TYPE_KEY = "@type";

  /** The deepest nesting encoded or decoded. */
  static final int MAX_DEPTH = 10_000;

  private final ConcurrentHashMap<String, Entry> byName = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Class<?>, Entry> byType = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private final Supertypes supertypes = new Supertypes(byType);

  private CodecRegistry() {
    for (Entry e : Builtins.entries()) {
      byName.put(e.name(), e);
      byType.put(e.type(), e);
    }
  }

  /** A registry with only the built-in types (double, instant, bytes). */
  public static CodecRegistry create() {
    return new CodecRegistry();
  }

  /** A registry with the built-in types and every {@link CodecModule} found on the class path. */
  public static CodecRegistry withDiscoveredModules() {
    CodecRegistry registry = new CodecRegistry();
    ModuleLoader.registerAll(registry);
    return registry;
  }

  /**
   * Registers {@code type} under {@code name} with the default codec (records component by
   * component; other classes through Jackson's bean introspection).
   *
   * @return this registry
   * @throws dev.labbook.InvalidNameException if {@code name} breaks the name rules
   * @throws dev.labbook.CodecException if the name is taken by another type, the type is
   *     registered under another name, the name is reserved ({@code double}, {@code instant},
   *     {@code bytes}), or the default codec cannot handle the type (an interface, say)
   */
  public <T> CodecRegistry register(String name, Class<T> type) {
    return add(name, type, null);
  }

  /**
   * Registers {@code type} under {@code name} with a custom codec. Subtypes of {@code type}
   * that are not registered themselves encode with this codec and name too.
   *
   * @return this registry
   * @throws dev.labbook.CodecException as for {@link #register(String, Class)}
   */
  public <T> CodecRegistry register(String name, Class<T> type, Codec<T> codec) {
    return add(name, type, Objects.requireNonNull(codec, "codec"));
  }

  @SuppressWarnings("unchecked")
  private CodecRegistry add(String name, Class<?> type, Codec<?> codec) {
    Names.check("type name", name);
    Objects.requireNonNull(type, "type");
    if (Builtins.RESERVED.contains(name)) {
      throw new CodecException("cannot register " + type.getName() + " as " + Names.quote(name)
          + ": the name is reserved for a built-in type; reserved names: " + Builtins.RESERVED);
    }
    Entry entry = new Entry(name, type, codec == null ? Entry.Kind.DEFAULT : Entry.Kind.CUSTOM,
        (Codec<Object>) codec);
    synchronized (lock) {
      Entry named = byName.get(name);
      Entry typed = byType.get(type);
      if (named != null && named == typed) {
        if (Objects.equals(named.codecClass(), entry.codecClass())) {
          return this;
        }
        throw new CodecException(type.getName() + " is already registered as "
            + Names.quote(name) + " with " + codecName(named) + "; cannot register it again with "
            + codecName(entry));
      } else if (named != null) {
        throw new CodecException("cannot register " + type.getName() + " as " + Names.quote(name)
            + ": the name is already registered for " + named.type().getName()
            + "; registered type names: " + names());
      } else if (typed != null) {
        throw new CodecException("cannot register " + type.getName() + " as " + Names.quote(name)
            + ": it is already registered as " + Names.quote(typed.name()));
      }
      String problem = codec == null ? Registrations.defaultProblem(type)
          : Registrations.customProblem(type);
      if (problem != null) {
        throw new CodecException("cannot register " + Types.describe(type) + " as "
            + Names.quote(name) + ": " + problem);
      }
      byType.put(type, entry);
      byName.put(name, entry);
      supertypes.invalidate();
    }
    return this;
  }

  private static String codecName(Entry e) {
    return e.codec() == null ? "the default codec" : "codec " + e.codecClass().getName();
  }

  /** The registered name of exactly this class, if any. */
  public Optional<String> nameOf(Class<?> type) {
    return Optional.ofNullable(byType.get(Objects.requireNonNull(type, "type"))).map(Entry::name);
  }

  /** The class registered under {@code name}, if any. */
  public Optional<Class<?>> typeOf(String name) {
    Entry e = byName.get(Objects.requireNonNull(name, "name"));
    return e == null ? Optional.empty() : Optional.of(e.type());
  }

  /** Every registered name, built-ins included, sorted. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
  }

  /** The entry encoding {@code type}: its own, else its nearest supertype's custom codec. */
  Entry encoderFor(Class<?> type) {
    Entry e = byType.get(type);
    return e != null ? e : supertypes.nearestCustom(type);
  }

  Entry entry(String name) {
    return byName.get(name);
  }

  /**
   * Encodes a value with every nested value kept inline.
   *
   * @throws dev.labbook.CodecException if some value below cannot be encoded (a map with
   *     non-string keys, a class neither registered nor mappable, a value of an unregistered
   *     class in a field declared as an interface); the message gives its path
   */
  public JsonNode encode(Object value) {
    return encode(value, References.INLINE);
  }

  /** Encodes a value, offering each nested value of a registered type to {@code references}. */
  public JsonNode encode(Object value, References references) {
    Encoder encoder = new Encoder(this, Objects.requireNonNull(references, "references"));
    try {
      return encoder.encode(value, Types.OBJECT, Path.ROOT);
    } catch (StackOverflowError e) {
      throw new CodecException("cannot encode the value: it is nested too deeply for this"
          + " thread's stack (a cycle through a codec?); at most " + MAX_DEPTH
          + " levels are supported");
    }
  }

  /** Decodes into the natural Java form (see the class comment). */
  public Object decode(JsonNode node) {
    return decode(node, Object.class, References.INLINE);
  }

  /** Decodes into {@code type}. */
  @SuppressWarnings("unchecked") // decode(node, type, refs) returns an instance of type
  public <T> T decode(JsonNode node, Class<T> type) {
    return (T) decode(node, (Type) type, References.INLINE);
  }

  /**
   * Decodes into a {@code Class} or parameterized type, resolving reference nodes through
   * {@code references}.
   *
   * @throws dev.labbook.CodecException for an unknown type name (the message lists the
   *     registered names) or a node that does not fit the type (the message gives its path)
   */
  public Object decode(JsonNode node, Type type, References references) {
    Decoder decoder = new Decoder(this, Objects.requireNonNull(references, "references"));
    try {
      return decoder.decode(node, Types.of(Objects.requireNonNull(type, "type")), Path.ROOT);
    } catch (StackOverflowError e) {
      throw new CodecException("cannot decode the document: it is nested too deeply for this"
          + " thread's stack; at most " + MAX_DEPTH + " levels are supported");
    }
  }

  /**
   * Whether a type name is one of the built-in tags ({@code double}, {@code instant},
   * {@code bytes}): a tagged node of such a name stands for a scalar, not for an object.
   */
  public static boolean isBuiltIn(String name) {
    return Builtins.RESERVED.contains(name);
  }

  /**
   * A user key as it is stored: a leading {@code @} is doubled so that user keys never collide
   * with the registry's tags. For backends and views that write user keys themselves.
   */
  public static String escapeKey(String key) {
    return Keys.escape(key);
  }

  /** Encodes {@code value} and decodes the result into {@code type}. */
  public <T> T convert(Object value, Class<T> type) {
    return decode(encode(value), type);
  }
}
