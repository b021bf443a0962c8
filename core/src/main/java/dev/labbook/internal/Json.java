package dev.labbook.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Core's shared JSON plumbing: one mapper, canonical form and content hashes. */
public final class Json {
  /**
   * Writes object properties sorted by key: the canonical form hashes are taken of. Its
   * generator has no nesting limit of its own: {@link #canonical} walks containers itself, and
   * the codec already bounds the depth of what it encodes.
   */
  private static final JsonMapper CANONICAL = JsonMapper.builder(JsonFactory.builder()
          .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
          .build())
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Compact JSON with object keys sorted at every level, as Jackson writes a tree with
   * {@link JsonNodeFeature#WRITE_PROPERTIES_SORTED}; containers are walked without recursion,
   * so any depth the codec allows is written on any thread's stack.
   */
  public static String canonical(JsonNode node) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = CANONICAL.createGenerator(out)) {
      Deque<Open> open = new ArrayDeque<>();
      JsonNode next = node;
      while (true) {
        if (next != null) {
          if (next.isObject()) {
            generator.writeStartObject();
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            next.properties().forEach(field -> sorted.put(field.getKey(), field.getValue()));
            open.push(new Open(sorted.entrySet().iterator(), null));
          } else if (next.isArray()) {
            generator.writeStartArray();
            open.push(new Open(null, next.elements()));
          } else {
            CANONICAL.writeTree(generator, next);
          }
          next = null;
        }
        Open top = open.peek();
        if (top == null) {
          break;
        } else if (top.fields() != null && top.fields().hasNext()) {
          Map.Entry<String, JsonNode> field = top.fields().next();
          generator.writeFieldName(field.getKey());
          next = field.getValue();
        } else if (top.elements() != null && top.elements().hasNext()) {
          next = top.elements().next();
        } else {
          open.pop();
          if (top.fields() != null) {
            generator.writeEndObject();
          } else {
            generator.writeEndArray();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a JSON tree failed to serialize", e);
    }
    return out.toString();
  }

  /** A container being written: the object fields or array elements still to write. */
  private record Open(Iterator<Map.Entry<String, JsonNode>> fields, Iterator<JsonNode> elements) {}

  /** The SHA-256 of the canonical form, lower-case hex. */
  public static String hash(JsonNode node) {
    return sha256(canonical(node).getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
