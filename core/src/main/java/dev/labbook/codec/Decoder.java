package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.CodecException;
import dev.labbook.LabbookException;
import dev.labbook.internal.Names;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One decoding call: JSON to the natural Java form or to a declared type. */
final class Decoder {
  private final CodecRegistry registry;
  private final References references;
  private final ContainerDecoder containers = new ContainerDecoder(this);

  Decoder(CodecRegistry registry, References references) {
    this.registry = registry;
    this.references = references;
  }

  Object decode(JsonNode node, JavaType type, Path path) {
    checkDepth(path);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return missing(type, "null", path);
    }
    Class<?> raw = type.getRawClass();
    if (raw == Optional.class) {
      return Optional.ofNullable(decode(node, Types.param(type, Optional.class, 0), path));
    }
    if (node instanceof ObjectNode o) {
      if (o.has(References.REF_KEY)) {
        return resolve(o, type, path);
      }
      JsonNode tag = o.get(CodecRegistry.TYPE_KEY);
      if (tag != null) {
        return tagged(o, tag, type, path);
      }
    }
    if (ContainerDecoder.handles(node, type)) {
      return containers.decode(node, type, path);
    } else if (raw == Object.class) {
      return natural(node, path);
    } else if (Numbers.isTarget(raw)) {
      if (!node.isNumber()) {
        throw mismatch(node, type, path, "a number");
      }
      return Numbers.convert(exact(node), raw, path);
    } else if (raw == boolean.class || raw == Boolean.class) {
      return node.isBoolean() ? node.booleanValue() : fail(node, type, path, "true or false");
    } else if (raw == String.class || raw == CharSequence.class) {
      return node.isTextual() ? node.textValue() : fail(node, type, path, "a string");
    } else if (raw == char.class || raw == Character.class) {
      return node.isTextual() && node.textValue().length() == 1 ? node.textValue().charAt(0)
          : fail(node, type, path, "a string of one char");
    } else if (raw.isEnum()) {
      return node.isTextual() ? constant(raw, node.textValue(), path)
          : fail(node, type, path, "the name of a constant");
    } else if (raw == OptionalInt.class) {
      return OptionalInt.of((Integer) decode(node, Types.of(int.class), path));
    } else if (raw == OptionalLong.class) {
      return OptionalLong.of((Long) decode(node, Types.of(long.class), path));
    } else if (raw == OptionalDouble.class) {
      return OptionalDouble.of((Double) decode(node, Types.of(double.class), path));
    } else if (type.isCollectionLikeType() || raw == Iterable.class) {
      return fail(node, type, path, "an array");
    } else if (type.isMapLikeType()) {
      return fail(node, type, path, "an object");
    } else if (raw.isRecord() && node.isObject()) {
      return RecordCodec.of(raw).decode((ObjectNode) node, type, this, path);
    } else if (node.isObject() && !Types.isAbstract(raw) && !raw.isArray()
        && BeanCodec.isMappable(raw)) {
      return BeanCodec.of(type).decode((ObjectNode) node, this, path);
    }
    Object value = natural(node, path);
    if (Types.boxed(raw).isInstance(value)) {
      return value;
    }
    if (node.isObject() && Types.isAbstract(raw)) {
      throw new Failure("cannot decode the untagged object at " + path + " into "
          + Types.describe(raw) + ": values of interface and abstract types are stored tagged"
          + " with their registered type name (\"" + CodecRegistry.TYPE_KEY + "\");"
          + " registered type names: " + registry.names());
    }
    throw mismatch(node, type, path, raw == byte[].class ? "a \"bytes\" value"
        : raw == java.time.Instant.class ? "an \"instant\" value" : "a " + raw.getSimpleName());
  }

  /** The natural Java form of an untagged node (see {@link CodecRegistry}). */
  private Object natural(JsonNode node, Path path) {
    if (node.isTextual()) {
      return node.textValue();
    } else if (node.isNumber()) {
      return Numbers.natural(node);
    } else if (node.isBoolean()) {
      return node.booleanValue();
    } else if (node.isContainerNode()) {
      return containers.decode(node, Types.OBJECT, path);
    } else if (node.isBinary()) {
      return Builtins.bytes(node);
    }
    throw new Failure("cannot decode the " + node.getNodeType() + " node at " + path);
  }

  private Object tagged(ObjectNode node, JsonNode tag, JavaType type, Path path) {
    if (!tag.isTextual()) {
      throw new Failure("malformed \"" + CodecRegistry.TYPE_KEY + "\" " + tag + " at " + path
          + ": it must be a registered type name; registered type names: " + registry.names());
    }
    String name = tag.textValue();
    Entry entry = registry.entry(name);
    if (entry == null) {
      throw new Failure("unknown type name " + Names.quote(name) + " at " + path
          + "; registered type names: " + registry.names());
    }
    Class<?> raw = type.getRawClass();
    Class<?> boxed = Types.boxed(raw);
    if (entry.type() == Double.class) {
      Object d = byCodec(node, entry, path);
      return raw == Object.class ? d : Numbers.isTarget(raw)
          ? Numbers.convert((Double) d, raw, path) : notA(entry, type, path);
    }
    if (raw != Object.class && !boxed.isAssignableFrom(entry.type())
        && !entry.type().isAssignableFrom(boxed)) {
      return notA(entry, type, path);
    }
    JavaType as = raw == entry.type() ? type : Types.of(entry.type());
    Object value;
    if (entry.kind() != Entry.Kind.DEFAULT) {
      value = byCodec(node, entry, path);
    } else if (entry.type().isEnum()) {
      JsonNode name2 = node.get("value");
      value = name2 != null && name2.isTextual() ? constant(entry.type(), name2.textValue(), path)
          : fail(node, as, path, "{\"@type\":\"" + name + "\",\"value\":\"CONSTANT\"}");
    } else if (entry.type().isRecord()) {
      value = RecordCodec.of(entry.type()).decode(node, as, this, path);
    } else {
      value = BeanCodec.of(as).decode(node, this, path);
    }
    if (value != null && raw != Object.class && !boxed.isInstance(value)) {
      return notA(entry, type, path);
    }
    return value;
  }

  private Object byCodec(ObjectNode node, Entry entry, Path path) {
    JsonNode payload;
    if (node.size() == 2 && node.has("value")) {
      payload = node.get("value");
    } else {
      ObjectNode fields = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getKey().equals(CodecRegistry.TYPE_KEY)) {
          fields.set(Keys.unescape(e.getKey(), path), e.getValue());
        }
      }
      payload = fields;
    }
    try {
      return entry.codec().decode(payload, (n, t) -> decode(n, Types.of(t), path.nested()));
    } catch (Failure e) {
      throw e;
    } catch (LabbookException e) {
      if (!(e instanceof CodecException)) {
        throw e;
      }
      throw codecFailed(entry, path, e);
    } catch (RuntimeException e) {
      throw codecFailed(entry, path, e);
    }
  }

  private static Failure codecFailed(Entry entry, Path path, RuntimeException e) {
    return new Failure("cannot decode the \"" + entry.name() + "\" at " + path + ": "
        + e.getMessage(), e);
  }

  private Object resolve(ObjectNode node, JavaType type, Path path) {
    Object value;
    try {
      value = references.resolve(node, Types.toReflect(type));
    } catch (Failure e) {
      throw e;
    } catch (CodecException e) {
      throw new Failure("cannot resolve the reference " + node + " at " + path + ": "
          + e.getMessage(), e);
    }
    Class<?> raw = type.getRawClass();
    if (value == null) {
      return missing(type, "a reference resolved to null", path);
    }
    if (raw != Object.class && !Types.boxed(raw).isInstance(value)) {
      throw new Failure("the reference " + node + " at " + path + " resolved to a "
          + value.getClass().getName() + ", not a " + Types.name(type));
    }
    return value;
  }

  void checkDepth(Path path) {
    if (path.depth() > CodecRegistry.MAX_DEPTH) {
      throw new Failure("cannot decode the value at " + path + ": it is nested deeper than "
          + CodecRegistry.MAX_DEPTH + " levels");
    }
  }

  /** The value of an absent or null node: null, an empty Optional, or an error for primitives. */
  static Object missing(JavaType type, String what, Path path) {
    Class<?> raw = type.getRawClass();
    if (raw == Optional.class) {
      return Optional.empty();
    } else if (raw == OptionalInt.class) {
      return OptionalInt.empty();
    } else if (raw == OptionalLong.class) {
      return OptionalLong.empty();
    } else if (raw == OptionalDouble.class) {
      return OptionalDouble.empty();
    } else if (raw.isPrimitive()) {
      throw new Failure("cannot decode " + (what.equals("null") ? "null" : "the missing " + what)
          + " at " + path + " into the primitive " + raw.getName() + "; store a value");
    }
    return null;
  }

  static Object constant(Class<?> enumType, String name, Path path) {
    for (Object c : enumType.getEnumConstants()) {
      if (((Enum<?>) c).name().equals(name)) {
        return c;
      }
    }
    throw new Failure("unknown constant " + Names.quote(name) + " of enum " + enumType.getName()
        + " at " + path + "; allowed: " + Arrays.toString(enumType.getEnumConstants()));
  }

  private static Number exact(JsonNode node) {
    if (node.isFloat()) {
      return Numbers.floatAsDouble(node);
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Number) node.longValue() : node.bigIntegerValue();
    }
    return node.isBigDecimal() ? node.decimalValue() : (Number) node.doubleValue();
  }

  private Object notA(Entry entry, JavaType type, Path path) {
    throw new Failure("cannot decode the \"" + entry.name() + "\" at " + path + " into " + Types.name(type)
        + ": \"" + entry.name() + "\" is registered for " + entry.type().getName());
  }

  private static Object fail(JsonNode node, JavaType type, Path path, String expected) {
    throw mismatch(node, type, path, expected);
  }

  private static Failure mismatch(JsonNode node, JavaType type, Path path, String expected) {
    String text = node.toString();
    if (text.length() > 80) {
      text = text.substring(0, 77) + "...";
    }
    return new Failure("cannot decode " + text + " at " + path + " into " + Types.name(type)
        + ": expected " + expected);
  }
}
