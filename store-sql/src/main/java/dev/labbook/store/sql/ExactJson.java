package dev.labbook.store.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import dev.labbook.LabbookException;
import dev.labbook.internal.Json;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The exact text of documents: what the {@code *_text} columns hold and how it reads back.
 *
 * <p>Written as core's canonical JSON. Read so that every number comes back as the node core
 * built: integers as long or BigInteger, a fractional number that is exactly a double's text
 * as that double, any other as a BigDecimal with its scale (Jackson alone would read
 * {@code 1.50} as 1.5). Depth and length limits are lifted to what core allows.
 */
final class ExactJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(100_000)
          .maxNumberLength(Integer.MAX_VALUE)
          .maxStringLength(Integer.MAX_VALUE)
          .maxNameLength(Integer.MAX_VALUE)
          .build())
      .build();
  private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .nodeFactory(new ExactNumbers())
      .build();

  private ExactJson() {}

  static String write(JsonNode node) {
    return Json.canonical(node);
  }

  static JsonNode read(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new LabbookException("a stored document is not valid JSON: " + e.getMessage(), e);
    }
  }

  static ObjectNode readObject(String text) {
    return (ObjectNode) read(text);
  }

  private static final class ExactNumbers extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

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
