package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes arrays and untagged objects into lists, collections, arrays and maps (the natural
 * form included) with an explicit stack rather than recursion, so that deeply nested plain data
 * costs heap, not thread stack. Other values inside them go back to the {@link Decoder}.
 */
final class ContainerDecoder {
  private static final JavaType NATURAL_LIST = Types.FACTORY.constructType(List.class);
  private static final JavaType NATURAL_MAP = Types.FACTORY.constructType(Map.class);

  private final Decoder decoder;

  ContainerDecoder(Decoder decoder) {
    this.decoder = decoder;
  }

  /** True for the nodes and types this class decodes. */
  static boolean handles(JsonNode node, JavaType type) {
    if (node.isArray()) {
      return Types.isNatural(type) || type.isArrayType() || type.isCollectionLikeType()
          || type.getRawClass() == Iterable.class;
    }
    return node.isObject() && !node.has(References.REF_KEY)
        && !node.has(CodecRegistry.TYPE_KEY) && (Types.isNatural(type) || type.isMapLikeType());
  }

  Object decode(JsonNode root, JavaType type, Path path) {
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(open(root, type, path));
    while (true) {
      Frame frame = stack.peek();
      if (!frame.advance()) {
        Object done = frame.finish();
        stack.pop();
        if (stack.isEmpty()) {
          return done;
        }
        stack.peek().put(done);
      } else if (handles(frame.child, frame.childType)) {
        decoder.checkDepth(frame.childPath);
        stack.push(open(frame.child, frame.childType, frame.childPath));
      } else {
        frame.put(decoder.decode(frame.child, frame.childType, frame.childPath));
      }
    }
  }

  private static Frame open(JsonNode node, JavaType type, Path path) {
    if (Types.isNatural(type)) {
      type = node.isArray() ? NATURAL_LIST : NATURAL_MAP;
    }
    if (node.isArray()) {
      return type.isArrayType()
          ? new Frame(node, type, type.getContentType(), null, path,
              Array.newInstance(type.getContentType().getRawClass(), node.size()))
          : new Frame(node, type, Types.param(type, Iterable.class, 0), null, path,
              Containers.newCollection(type, path));
    }
    JavaType keyType = Types.param(type, Map.class, 0);
    Class<?> keyRaw = keyType.getRawClass();
    if (!keyRaw.isEnum() && !keyRaw.isAssignableFrom(String.class)) {
      throw new Failure("cannot decode the object at " + path + " into " + Types.name(type)
          + ": map keys decode into String or an enum, not " + keyRaw.getName());
    }
    return new Frame(node, type, Types.param(type, Map.class, 1), keyRaw, path,
        Containers.newMap(type, path));
  }

  /** One container being decoded: where it is, what comes next, and what it builds. */
  private static final class Frame {
    final JavaType type;
    final JavaType childType;
    final Class<?> keyRaw;
    final Path path;
    final Object out;
    final Iterator<Map.Entry<String, JsonNode>> fields;
    final JsonNode array;
    int index;
    Object key;
    JsonNode child;
    Path childPath;

    Frame(JsonNode node, JavaType type, JavaType childType, Class<?> keyRaw, Path path,
        Object out) {
      this.type = type;
      this.childType = childType;
      this.keyRaw = keyRaw;
      this.path = path;
      this.out = out;
      this.fields = node.isObject() ? node.properties().iterator() : null;
      this.array = node.isArray() ? node : null;
    }

    boolean advance() {
      if (array != null) {
        if (index == array.size()) {
          return false;
        }
        child = array.get(index);
        childPath = path.index(index++);
        return true;
      }
      if (!fields.hasNext()) {
        return false;
      }
      Map.Entry<String, JsonNode> field = fields.next();
      String name = Keys.unescape(field.getKey(), path);
      child = field.getValue();
      childPath = path.key(name);
      key = keyRaw.isEnum() ? Decoder.constant(keyRaw, name, childPath) : name;
      return true;
    }

    @SuppressWarnings("unchecked")
    void put(Object value) {
      try {
        if (array != null && out.getClass().isArray()) {
          Array.set(out, index - 1, value);
        } else if (array != null) {
          ((Collection<Object>) out).add(value);
        } else {
          ((Map<Object, Object>) out).put(key, value);
        }
      } catch (RuntimeException e) {
        throw new Failure("cannot put the value at " + childPath + " into a "
            + out.getClass().getName() + ": " + e, e);
      }
    }

    @SuppressWarnings("unchecked")
    Object finish() {
      Class<?> raw = type.getRawClass();
      if (out instanceof Collection<?> c) {
        return Containers.seal(raw, (Collection<Object>) c);
      } else if (out instanceof Map<?, ?> m) {
        return Containers.seal(raw, (Map<Object, Object>) m);
      }
      return out;
    }
  }
}
