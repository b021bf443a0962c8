package dev.labbook.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.labbook.CodecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deep nesting encodes and decodes without overflowing the stack. */
class DeepNestingTest {
  private final CodecRegistry registry = CodecRegistry.create();

  private static Object nest(int depth) {
    Object value = "leaf";
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? List.of(value) : Map.of("k", value);
    }
    return value;
  }

  private static int depthOf(JsonNode node) {
    int depth = 0;
    while (node.isContainerNode()) {
      node = node.isArray() ? node.get(0) : node.get("k");
      depth++;
    }
    assertThat(node.textValue()).isEqualTo("leaf");
    return depth;
  }

  @Test
  void aThousandLevelsOfMapsAndListsRoundTrip() {
    Object value = nest(1000);
    JsonNode encoded = registry.encode(value);
    assertThat(depthOf(encoded)).isEqualTo(1000);
    assertThat(registry.decode(encoded)).isEqualTo(value);
  }

  @Test
  void aThousandLevelsRoundTripThroughTypedDecodingToo() {
    Object value = nest(1000);
    assertThat(registry.decode(registry.encode(value), Object.class)).isEqualTo(value);
  }

  @Test
  void nestingBeyondTheLimitFailsWithACodecException() {
    ArrayNode root = JsonNodeFactory.instance.arrayNode();
    ArrayNode node = root;
    for (int i = 0; i < CodecRegistry.MAX_DEPTH + 5; i++) {
      ArrayNode child = JsonNodeFactory.instance.arrayNode();
      node.add(child);
      node = child;
    }
    assertThatThrownBy(() -> registry.decode(root))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("deeper than " + CodecRegistry.MAX_DEPTH);
    assertThatThrownBy(() -> registry.encode(nest(CodecRegistry.MAX_DEPTH + 5)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("deeper than " + CodecRegistry.MAX_DEPTH);
  }

  @Test
  void nearlyTenThousandLevelsOfPlainDataRoundTripOnASmallStack() throws Exception {
    int depth = CodecRegistry.MAX_DEPTH - 1;
    Object value = nest(depth);
    Object[] result = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread small = new Thread(null, () -> {
      try {
        Object decoded = registry.decode(registry.encode(value));
        result[0] = depthOf(registry.encode(decoded));
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();
    assertThat(failure[0]).isNull();
    assertThat(result[0]).isEqualTo(depth);
  }

  record Cons(int head, Cons tail) {}

  @Test
  void recordsNestedHundredsDeepRoundTrip() {
    Cons list = null;
    for (int i = 0; i < 300; i++) {
      list = new Cons(i, list);
    }
    assertThat(registry.decode(registry.encode(list), Cons.class)).isEqualTo(list);
  }

  @Test
  void nestingTooDeepForTheStackFailsWithACodecExceptionNotAStackOverflow() {
    Cons list = null;
    for (int i = 0; i < 200_000; i++) {
      list = new Cons(i, list);
    }
    Cons deep = list;
    assertThatThrownBy(() -> registry.encode(deep))
        .isInstanceOf(CodecException.class).hasMessageContaining("deep");
  }
}
