package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.CodecException;
import dev.labbook.codec.Fixtures.Color;
import dev.labbook.codec.Fixtures.Experiment;
import dev.labbook.codec.Fixtures.Task;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Nested values of registered types can be stored elsewhere and referenced. */
class ReferencesTest {
  private final CodecRegistry registry = CodecRegistry.create()
      .register("task", Task.class)
      .register("experiment", Experiment.class);

  /** Stores every offered value under a key "name#n" and resolves those keys. */
  private final class Store implements References {
    final Map<String, ObjectNode> stored = new HashMap<>();
    final List<String> offered = new ArrayList<>();
    final List<Type> expected = new ArrayList<>();

    @Override
    public JsonNode replace(String typeName, ObjectNode encoded) {
      offered.add(typeName + ":" + encoded);
      String key = typeName + "#" + stored.size();
      stored.put(key, encoded);
      return JsonNodeFactory.instance.objectNode().put(REF_KEY, key);
    }

    @Override
    public Object resolve(ObjectNode reference, Type type) {
      expected.add(type);
      return registry.decode(stored.get(reference.get(REF_KEY).textValue()), type, this);
    }
  }

  private static Task task(String name) {
    return new Task(name, 1, Optional.empty(), Color.RED);
  }

  @Test
  void nestedRegisteredValuesAreOfferedInnermostFirstAndTheRootIsNot() {
    record Wrapper(Experiment experiment) {}
    registry.register("wrapper", Wrapper.class);
    Map<String, Task> variants = new LinkedHashMap<>();
    variants.put("v1", task("b"));
    Experiment experiment = new Experiment("e", task("a"), variants, Instant.EPOCH);
    Store store = new Store();
    JsonNode encoded = registry.encode(new Wrapper(experiment), store);

    assertThat(store.offered).containsExactly(
        "task:{\"@type\":\"task\",\"name\":\"a\",\"trials\":1,\"note\":null,\"color\":\"RED\"}",
        "task:{\"@type\":\"task\",\"name\":\"b\",\"trials\":1,\"note\":null,\"color\":\"RED\"}",
        "experiment:{\"@type\":\"experiment\",\"name\":\"e\",\"task\":{\"@ref\":\"task#0\"},"
            + "\"variants\":{\"v1\":{\"@ref\":\"task#1\"}},"
            + "\"started\":{\"@type\":\"instant\",\"value\":\"1970-01-01T00:00:00Z\"}}");
    assertThat(encoded.toString())
        .isEqualTo("{\"@type\":\"wrapper\",\"experiment\":{\"@ref\":\"experiment#2\"}}");
  }

  @Test
  void referenceNodesAreResolvedWithTheDeclaredType() {
    Map<String, Task> variants = Map.of("v1", task("b"));
    Experiment experiment = new Experiment("e", task("a"), variants, Instant.EPOCH);
    Store store = new Store();
    JsonNode encoded = registry.encode(List.of(experiment), store);
    Object back = registry.decode(encoded, new TypeReference<List<Experiment>>() {}.getType(),
        store);
    assertThat(back).isEqualTo(List.of(experiment));
    assertThat(store.expected).containsExactly(Experiment.class, Task.class, Task.class);
  }

  @Test
  void inlineKeepsEverythingInlineAndRefusesReferenceNodes() {
    Experiment experiment = new Experiment("e", task("a"), Map.of(), null);
    assertThat(registry.encode(List.of(experiment)).toString()).doesNotContain("@ref");
    assertThatThrownBy(() -> registry.decode(json("{\"a\":{\"@ref\":\"x\"}}")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.a").hasMessageContaining("reference");
  }

  @Test
  void aResolvedValueOfTheWrongTypeIsRefused() {
    References wrong = new References() {
      @Override
      public JsonNode replace(String typeName, ObjectNode encoded) {
        return encoded;
      }

      @Override
      public Object resolve(ObjectNode reference, Type expected) {
        return "not a task";
      }
    };
    assertThatThrownBy(() -> registry.decode(
        json("{\"name\":\"e\",\"task\":{\"@ref\":1},\"variants\":{}}"), Experiment.class, wrong))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.task").hasMessageContaining("java.lang.String");
  }

  @Test
  void userKeysNamedLikeTheReferenceTagAreEscapedNotResolved() {
    Map<String, Object> map = Map.of("@ref", "mine");
    assertThat(registry.decode(registry.encode(map))).isEqualTo(map);
  }

  @Test
  void valuesEncodedInsideACustomCodecAreOfferedToo() {
    registry.register("pair", Fixtures.Pair.class, new Fixtures.PairCodec());
    Store store = new Store();
    JsonNode encoded = registry.encode(new Fixtures.Pair(task("l"), "r"), store);
    assertThat(encoded.toString())
        .isEqualTo("{\"@type\":\"pair\",\"value\":[{\"@ref\":\"task#0\"},\"r\"]}");
    assertThat(registry.decode(encoded, Object.class, store))
        .isEqualTo(new Fixtures.Pair(task("l"), "r"));
  }

  record Holder(List<Task> tasks) {}

  @Test
  void theExpectedTypeOfAReferenceIsThePlainGenericTypeOfItsField() throws Exception {
    List<Type> seen = new ArrayList<>();
    References refs = new References() {
      @Override
      public JsonNode replace(String typeName, ObjectNode encoded) {
        return encoded;
      }

      @Override
      public Object resolve(ObjectNode reference, Type expected) {
        seen.add(expected);
        return List.of(task("x"));
      }
    };
    Object back = registry.decode(json("{\"tasks\":{\"@ref\":\"all\"}}"), Holder.class, refs);
    assertThat(back).isEqualTo(new Holder(List.of(task("x"))));
    Type declared = Holder.class.getRecordComponents()[0].getGenericType();
    assertThat(seen).containsExactly(declared);
    assertThat(declared).isEqualTo(seen.get(0));
    assertThat(seen.get(0).hashCode()).isEqualTo(declared.hashCode());
  }
}
