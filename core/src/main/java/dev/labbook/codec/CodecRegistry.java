package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.SortedSet;

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
 */
public final class CodecRegistry {

  /** The tag key that carries a registered type name. */
  public static final String TYPE_KEY = "@type";

  private CodecRegistry() {
    throw new UnsupportedOperationException("stub: the codec helper fills this class");
  }

  /** A registry with only the built-in types (double, instant, bytes). */
  public static CodecRegistry create() {
    throw new UnsupportedOperationException("stub");
  }

  /** A registry with the built-in types and every {@link CodecModule} found on the class path. */
  public static CodecRegistry withDiscoveredModules() {
    throw new UnsupportedOperationException("stub");
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
    throw new UnsupportedOperationException("stub");
  }

  /**
   * Registers {@code type} under {@code name} with a custom codec. Subtypes of {@code type}
   * that are not registered themselves encode with this codec and name too.
   *
   * @return this registry
   * @throws dev.labbook.CodecException as for {@link #register(String, Class)}
   */
  public <T> CodecRegistry register(String name, Class<T> type, Codec<T> codec) {
    throw new UnsupportedOperationException("stub");
  }

  /** The registered name of exactly this class, if any. */
  public Optional<String> nameOf(Class<?> type) {
    throw new UnsupportedOperationException("stub");
  }

  /** The class registered under {@code name}, if any. */
  public Optional<Class<?>> typeOf(String name) {
    throw new UnsupportedOperationException("stub");
  }

  /** Every registered name, built-ins included, sorted. */
  public SortedSet<String> names() {
    throw new UnsupportedOperationException("stub");
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
    throw new UnsupportedOperationException("stub");
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
    throw new UnsupportedOperationException("stub");
  }

  /** Encodes {@code value} and decodes the result into {@code type}. */
  public <T> T convert(Object value, Class<T> type) {
    return decode(encode(value), type);
  }
}
