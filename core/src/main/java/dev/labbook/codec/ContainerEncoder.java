package dev.labbook.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Array;
import dev.labbook.internal.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedSet;
import java.util.stream.BaseStream;

/**
 * Encodes maps, collections, arrays and streams with an explicit stack rather than recursion,
 * so that deeply nested plain data costs heap, not thread stack. Other values inside them go
 * back to the {@link Encoder}.
 */
final class ContainerEncoder {
  private final Encoder encoder;

  ContainerEncoder(Encoder encoder) {
    this.encoder = encoder;
  }

  /** True for the values this class encodes (when their class is not registered). */
  static boolean isContainer(Object value) {
    return value instanceof Map || value instanceof Collection || value.getClass().isArray()
        || value instanceof BaseStream;
  }

  JsonNode encode(Object root, JavaType declared, Path path) {
    Deque<Frame> stack = new ArrayDeque<>();
    Frame first = open(root, declared, path);
    stack.push(first);
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      if (!frame.advance()) {
        if (frame.value instanceof Set && !(frame.value instanceof SortedSet)) {
          canonicalOrder((ArrayNode) frame.out);
        }
        encoder.leave(frame.value);
        stack.pop();
        continue;
      }
      Object child = frame.child;
      if (child != null && isContainer(child) && encoder.isUnregistered(child)) {
        encoder.checkDepth(frame.childPath);
        Frame inner = open(child, frame.childType, frame.childPath);
        frame.put(inner.out);
        stack.push(inner);
      } else {
        frame.put(encoder.encode(child, frame.childType, frame.childPath));
      }
    }
    return first.out;
  }

  /**
   * Puts a set's elements in the order of their canonical JSON: a set has no order of its own,
   * and iteration order differs between equal sets (and for {@code Set.of} between JVM runs),
   * so without this two equal values could encode, and hash, differently.
   */
  private static void canonicalOrder(ArrayNode elements) {
    List<JsonNode> sorted = new ArrayList<>();
    elements.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Json::canonical));
    elements.removeAll();
    elements.addAll(sorted);
  }

  private Frame open(Object value, JavaType declared, Path path) {
    encoder.enter(value, path);
    if (value instanceof Map<?, ?> map) {
      return new Frame(value, map.entrySet().iterator(), true,
          Types.param(declared, Map.class, 1), path);
    } else if (value instanceof Collection<?> c) {
      return new Frame(value, c.iterator(), false, Types.param(declared, Collection.class, 0),
          path);
    } else if (value instanceof BaseStream<?, ?> s) {
      return new Frame(value, s.iterator(), false, Types.OBJECT, path);
    }
    return new Frame(value, elements(value), false,
        declared.isArrayType() ? declared.getContentType() : Types.OBJECT, path);
  }

  private static Iterator<Object> elements(Object array) {
    int length = Array.getLength(array);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < length;
      }

      @Override
      public Object next() {
        if (next >= length) {
          throw new NoSuchElementException();
        }
        return Array.get(array, next++);
      }
    };
  }

  /** One container being encoded: where it is, what comes next, and its node. */
  private static final class Frame {
    final Object value;
    final Iterator<?> elements;
    final JsonNode out;
    final JavaType childType;
    final Path path;
    int index;
    String key;
    Object child;
    Path childPath;

    Frame(Object value, Iterator<?> elements, boolean isMap, JavaType childType, Path path) {
      this.value = value;
      this.elements = elements;
      this.out = isMap ? JsonNodeFactory.instance.objectNode()
          : JsonNodeFactory.instance.arrayNode();
      this.childType = childType;
      this.path = path;
    }

    boolean advance() {
      if (!elements.hasNext()) {
        return false;
      }
      Object next = elements.next();
      if (out instanceof ObjectNode) {
        Map.Entry<?, ?> e = (Map.Entry<?, ?>) next;
        key = keyOf(e.getKey());
        child = e.getValue();
        childPath = path.key(key);
      } else {
        child = next;
        childPath = path.index(index++);
      }
      return true;
    }

    void put(JsonNode node) {
      if (out instanceof ObjectNode o) {
        o.set(Keys.escape(key), node);
      } else {
        ((ArrayNode) out).add(node);
      }
    }

    private String keyOf(Object k) {
      if (k instanceof String s) {
        return s;
      } else if (k instanceof Enum<?> constant) {
        return constant.name();
      }
      throw new Failure("cannot encode the map at " + path + ": its key " + k
          + (k == null ? "" : " is a " + k.getClass().getName() + ", but")
          + " only String and enum keys are allowed");
    }
  }
}
