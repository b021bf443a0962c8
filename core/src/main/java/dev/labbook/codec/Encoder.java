package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.CodecException;
import dev.labbook.LabbookException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** One encoding call: values to JSON, offering nested registered values to the references. */
final class Encoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final CodecRegistry registry;
  private final References references;
  private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private final ContainerEncoder containers = new ContainerEncoder(this);

  Encoder(CodecRegistry registry, References references) {
    this.registry = registry;
    this.references = references;
  }

  /** Encodes {@code value}, declared (as a field, element, ...) as {@code declared}. */
  JsonNode encode(Object value, JavaType declared, Path path) {
    if (value == null) {
      return NullNode.getInstance();
    }
    checkDepth(path);
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    } else if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    } else if (value instanceof Number n) {
      JsonNode node = Numbers.encode(n);
      if (node != null) {
        return node;
      }
    } else if (value instanceof Character c) {
      return TextNode.valueOf(c.toString());
    }
    Class<?> type = value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass();
    Entry entry = registry.encoderFor(type);
    if (entry != null) {
      return tagged(value, entry, path);
    } else if (value instanceof Enum<?> e) {
      return TextNode.valueOf(e.name());
    } else if (value instanceof Optional<?> o) {
      return encode(o.orElse(null), Types.param(declared, Optional.class, 0), path);
    } else if (value instanceof OptionalInt o) {
      return o.isPresent() ? IntNode.valueOf(o.getAsInt()) : NullNode.getInstance();
    } else if (value instanceof OptionalLong o) {
      return o.isPresent() ? LongNode.valueOf(o.getAsLong()) : NullNode.getInstance();
    } else if (value instanceof OptionalDouble o) {
      return o.isPresent() ? Numbers.encodeDouble(o.getAsDouble()) : NullNode.getInstance();
    } else if (ContainerEncoder.isContainer(value)) {
      return containers.encode(value, declared, path);
    } else if (value instanceof JsonNode) {
      throw new Failure("cannot encode the JsonNode at " + path + ": JSON trees are not values;"
          + " decode it to a Map or List first");
    }
    return object(value, type, declared, path);
  }

  /** An unregistered record or bean: an untagged object. */
  private ObjectNode object(Object value, Class<?> type, JavaType declared, Path path) {
    Class<?> d = declared.getRawClass();
    if (d != Object.class && d != type) {
      String as = Types.isAbstract(d) ? Types.describe(d) : "class " + d.getName()
          + ", so it would decode as a " + d.getSimpleName();
      throw new Failure("cannot encode the " + type.getName() + " at " + path
          + ": it is declared as " + as + ", and " + type.getName() + " is not registered;"
          + " register the class (registry.register(\"name\", " + type.getSimpleName()
          + ".class)) so it is stored with its type name; registered type names: "
          + registry.names());
    }
    enter(value, path);
    ObjectNode out;
    if (type.isRecord()) {
      out = RecordCodec.of(type).encode(value, this, path);
    } else if (BeanCodec.isMappable(type)) {
      out = BeanCodec.of(Types.of(type)).encode(value, this, path);
    } else {
      throw new Failure("cannot encode the " + type.getName() + " at " + path
          + ": it is not registered, not a record and has no Jackson-visible properties;"
          + " register it with a Codec (registry.register(\"name\", " + type.getSimpleName()
          + ".class, codec)); registered type names: " + registry.names());
    }
    open.remove(value);
    return out;
  }

  /** A value of a registered type: tagged with its name, then offered to the references. */
  private JsonNode tagged(Object value, Entry entry, Path path) {
    JsonNode payload = entry.kind() == Entry.Kind.DEFAULT ? byDefault(value, entry, path)
        : byCodec(value, entry, path);
    ObjectNode out = NODES.objectNode().put(CodecRegistry.TYPE_KEY, entry.name());
    if (payload instanceof ObjectNode o && (entry.kind() == Entry.Kind.DEFAULT
        || o.size() != 1 || !o.has("value"))) {
      boolean escaped = entry.kind() == Entry.Kind.DEFAULT;
      o.properties().forEach(f -> out.set(escaped ? f.getKey() : Keys.escape(f.getKey()),
          f.getValue()));
    } else {
      out.set("value", payload);
    }
    if (entry.kind() == Entry.Kind.BUILTIN || path.isRoot()) {
      return out;
    }
    JsonNode replaced = references.replace(entry.name(), out);
    if (replaced == null) {
      throw new Failure("References.replace returned null for the \"" + entry.name()
          + "\" at " + path + "; return the node itself to keep it inline");
    }
    return replaced;
  }

  private JsonNode byDefault(Object value, Entry entry, Path path) {
    Class<?> type = entry.type();
    if (type.isEnum()) {
      return TextNode.valueOf(((Enum<?>) value).name());
    }
    enter(value, path);
    JsonNode out = type.isRecord() ? RecordCodec.of(type).encode(value, this, path)
        : BeanCodec.of(Types.of(type)).encode(value, this, path);
    open.remove(value);
    return out;
  }

  private JsonNode byCodec(Object value, Entry entry, Path path) {
    boolean tracked = entry.kind() == Entry.Kind.CUSTOM;
    if (tracked) {
      enter(value, path);
    }
    JsonNode out;
    try {
      out = entry.codec().encode(value, v -> encode(v, Types.OBJECT, path.nested()));
    } catch (Failure e) {
      throw e;
    } catch (LabbookException e) {
      if (!(e instanceof CodecException)) {
        throw e;
      }
      throw codecFailed(value, entry, path, e);
    } catch (RuntimeException e) {
      throw codecFailed(value, entry, path, e);
    }
    if (out == null) {
      throw new Failure("the codec of \"" + entry.name() + "\" returned null for the "
          + value.getClass().getName() + " at " + path);
    }
    if (tracked) {
      open.remove(value);
    }
    return out;
  }

  private static Failure codecFailed(Object value, Entry entry, Path path, RuntimeException e) {
    return new Failure("cannot encode the " + value.getClass().getName() + " at " + path
        + " as \"" + entry.name() + "\": " + e.getMessage(), e);
  }

  void checkDepth(Path path) {
    if (path.depth() > CodecRegistry.MAX_DEPTH) {
      throw new Failure("cannot encode the value at " + path + ": it is nested deeper than "
          + CodecRegistry.MAX_DEPTH + " levels");
    }
  }

  /** True if {@code value} encodes by its shape, not by a registration. */
  boolean isUnregistered(Object value) {
    return registry.encoderFor(value.getClass()) == null;
  }

  void leave(Object value) {
    open.remove(value);
  }

  void enter(Object value, Path path) {
    if (!open.add(value)) {
      throw new Failure("cannot encode the " + value.getClass().getName() + " at " + path
          + ": it contains itself");
    }
  }
}
