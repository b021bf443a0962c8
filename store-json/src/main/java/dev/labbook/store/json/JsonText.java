package dev.labbook.store.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text for the store's files: pretty-printed documents and one-line JSON for series.
 *
 * <p>Trees read back as core built them. Jackson would read {@code 1.50} as the double 1.5 and
 * {@code 1E+400} as infinity; here a fractional number that is exactly a double's text becomes
 * that double and any other one a {@code BigDecimal} with its scale, so what the codec wrote
 * decodes to the same values. Depth and length limits are lifted to what core allows (10,000
 * levels, strings of any length), and trees are written without recursion, since Jackson's own
 * tree writer overflows the stack long before 10,000 levels.
 */
final class JsonText {
  private static final int MAX_DEPTH = 100_000;
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();
  private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .nodeFactory(new ExactNumbers())
      .build();

  private JsonText() {}

  /**
   * Parses one JSON value.
   *
   * @throws IOException if the bytes are not exactly one JSON value
   */
  static JsonNode parse(byte[] bytes, int offset, int length) throws IOException {
    JsonNode node = MAPPER.readTree(bytes, offset, length);
    if (node == null || node.isMissingNode()) {
      throw new IOException("no JSON value (empty)");
    }
    return node;
  }

  static JsonNode parse(byte[] bytes) throws IOException {
    return parse(bytes, 0, bytes.length);
  }

  /** The node as indented JSON, UTF-8, ending with a line break. */
  static byte[] pretty(JsonNode node) {
    return write(node, true);
  }

  /** The node as JSON on one line, UTF-8, ending with a line break: one line of a series. */
  static byte[] line(JsonNode node) {
    return write(node, false);
  }

  private static byte[] write(JsonNode node, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      if (pretty) {
        g.setPrettyPrinter(new DefaultPrettyPrinter());
      }
      writeTree(g, node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Writes a tree with an explicit stack of open containers instead of recursion. */
  private static void writeTree(JsonGenerator g, JsonNode root) throws IOException {
    Deque<Iterator<?>> open = new ArrayDeque<>();
    start(g, root, open);
    while (!open.isEmpty()) {
      Iterator<?> top = open.peek();
      if (!top.hasNext()) {
        open.pop();
        if (g.getOutputContext().inObject()) {
          g.writeEndObject();
        } else {
          g.writeEndArray();
        }
        continue;
      }
      Object next = top.next();
      if (next instanceof Map.Entry<?, ?> field) {
        g.writeFieldName((String) field.getKey());
        start(g, (JsonNode) field.getValue(), open);
      } else {
        start(g, (JsonNode) next, open);
      }
    }
  }

  /** Writes a scalar, or opens a container and pushes an iterator over its content. */
  private static void start(JsonGenerator g, JsonNode node, Deque<Iterator<?>> open)
      throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        open.push(node.properties().iterator());
      }
      case ARRAY -> {
        g.writeStartArray();
        open.push(node.elements());
      }
      case STRING -> g.writeString(node.textValue());
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL, MISSING -> g.writeNull();
      case NUMBER -> {
        if (node.isBigDecimal()) {
          g.writeNumber(node.decimalValue());
        } else if (node.isBigInteger()) {
          g.writeNumber(node.bigIntegerValue());
        } else if (node.isFloatingPointNumber()) {
          g.writeNumber(node.doubleValue());
        } else {
          g.writeNumber(node.longValue());
        }
      }
      case BINARY -> g.writeBinary(node.binaryValue());
      default -> throw new IOException("cannot store a JSON node of type " + node.getNodeType());
    }
  }

  /**
   * Number nodes for fractional numbers read as BigDecimal: the double whose text it is, or the
   * decimal itself, scale kept.
   */
  private static final class ExactNumbers extends JsonNodeFactory {
    ExactNumbers() {
      super(true);
    }

    @Override
    public ValueNode numberNode(BigDecimal value) {
      if (value == null) {
        return nullNode();
      }
      double d = value.doubleValue();
      if (Double.isFinite(d) && BigDecimal.valueOf(d).equals(value)) {
        return DoubleNode.valueOf(d);
      }
      return DecimalNode.valueOf(value);
    }
  }
}
