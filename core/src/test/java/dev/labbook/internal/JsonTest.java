package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void theCanonicalFormIsWhatJacksonWritesWithPropertiesSorted() throws Exception {
    ObjectNode tree = NODES.objectNode();
    tree.put("z", 1).put("a", "text \u0000 \"quoted\" \uD83D\uDE00 é").put("m", 2.5).put("l", Long.MIN_VALUE);
    tree.put("big", new BigInteger("123456789012345678901234567890")).put("dec", new BigDecimal("1.50"));
    tree.put("f", 0.1f).put("t", true).putNull("n").put("bytes", new byte[] {1, 2, 3});
    tree.putObject("empty");
    tree.putArray("emptyList");
    ArrayNode list = tree.putArray("list");
    list.add(3).add(NODES.objectNode().put("y", 1).put("b", 2)).add(NODES.arrayNode().add("x")).addNull();
    tree.putObject("nested").put("b", 1).putObject("a").put("d", 1).put("c", 2);
    JsonMapper sorted = JsonMapper.builder().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    for (JsonNode node : new JsonNode[] {tree, list, NODES.textNode("plain"), NODES.numberNode(7),
        NODES.nullNode(), NODES.objectNode(), NODES.arrayNode()}) {
      assertThat(Json.canonical(node)).isEqualTo(sorted.writeValueAsString(node));
    }
  }

  @Test
  void treesNestedTenThousandLevelsDeepHaveACanonicalFormOnASmallStack() throws Exception {
    ObjectNode root = NODES.objectNode();
    ObjectNode node = root;
    for (int i = 0; i < 10_000; i++) {
      node = i % 2 == 0 ? node.putObject("k") : node.putArray("k").addObject();
    }
    node.put("leaf", 1);
    String[] result = new String[1];
    Throwable[] failure = new Throwable[1];
    Thread small = new Thread(null, () -> {
      try {
        result[0] = Json.canonical(root);
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "small-stack", 256 * 1024);
    small.start();
    small.join();

    assertThat(failure[0]).isNull();
    assertThat(result[0]).startsWith("{\"k\":{\"k\":[{\"k\":{").contains("{\"leaf\":1}").endsWith("}]}}");
  }
}
