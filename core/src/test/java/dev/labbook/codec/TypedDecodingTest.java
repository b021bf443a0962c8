package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.labbook.CodecException;
import dev.labbook.codec.Fixtures.Box;
import dev.labbook.codec.Fixtures.Checked;
import dev.labbook.codec.Fixtures.Color;
import dev.labbook.codec.Fixtures.Point;
import dev.labbook.codec.Fixtures.Primitives;
import dev.labbook.codec.Fixtures.Task;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;

/** Decoding into declared types converts exactly or fails with the path. */
class TypedDecodingTest {
  private final CodecRegistry registry = CodecRegistry.create();

  private static Type type(TypeReference<?> ref) {
    return ref.getType();
  }

  private Object decode(String json, TypeReference<?> ref) {
    return registry.decode(json(json), type(ref), References.INLINE);
  }

  @Test
  void genericListsAndMapsDecodeTheirElementsIntoTheDeclaredTypes() {
    Object doubles = decode("[1, 2.5, {\"@type\":\"double\",\"value\":\"NaN\"}]",
        new TypeReference<List<Double>>() {});
    assertThat(doubles).isEqualTo(List.of(1.0, 2.5, Double.NaN));
    Object nested = decode("{\"a\":[{\"x\":1,\"y\":2}],\"b\":[]}",
        new TypeReference<Map<String, List<Point>>>() {});
    assertThat(nested).isEqualTo(Map.of("a", List.of(new Point(1, 2)), "b", List.of()));
  }

  @Test
  void declaredInterfacesGiveUnmodifiableContainersAndConcreteClassesMutableOnes() {
    Object list = decode("[1]", new TypeReference<List<Integer>>() {});
    assertThatThrownBy(() -> ((List<?>) list).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    Object arrayList = decode("[1]", new TypeReference<ArrayList<Integer>>() {});
    assertThat(arrayList).isInstanceOf(ArrayList.class).isEqualTo(List.of(1));
    Object hashMap = decode("{\"k\":1}", new TypeReference<HashMap<String, Long>>() {});
    assertThat(hashMap).isInstanceOf(HashMap.class).isEqualTo(Map.of("k", 1L));
    Object sorted = decode("{\"b\":1,\"a\":2}", new TypeReference<SortedMap<String, Integer>>() {});
    assertThat(((SortedMap<?, ?>) sorted).firstKey()).isEqualTo("a");
  }

  @Test
  void setsSortedSetsEnumKeysAndArraysDecode() {
    assertThat(decode("[\"b\",\"a\",\"b\"]", new TypeReference<Set<String>>() {}))
        .isEqualTo(Set.of("a", "b"));
    assertThat(((SortedSet<?>) decode("[3,1,2]", new TypeReference<SortedSet<Integer>>() {}))
        .first()).isEqualTo(1);
    Object byColor = decode("{\"RED\":1}", new TypeReference<EnumMap<Color, Integer>>() {});
    assertThat(byColor).isInstanceOf(EnumMap.class).isEqualTo(Map.of(Color.RED, 1));
    assertThat(registry.decode(json("[1,2,3]"), int[].class)).containsExactly(1, 2, 3);
    assertThat(decode("[[\"a\"],[]]", new TypeReference<List<String>[]>() {}))
        .isInstanceOf(List[].class);
    assertThat(registry.decode(json("[[\"a\"],[]]"), String[][].class))
        .isDeepEqualTo(new String[][] {{"a"}, {}});
  }

  @Test
  void optionalsDecodeEmptyFromNullAndOtherwiseWrapTheDeclaredType() {
    assertThat(decode("null", new TypeReference<Optional<Integer>>() {}))
        .isEqualTo(Optional.empty());
    assertThat(decode("5", new TypeReference<Optional<Integer>>() {})).isEqualTo(Optional.of(5));
    assertThat(registry.decode(json("7"), OptionalInt.class)).isEqualTo(OptionalInt.of(7));
  }

  @Test
  void recordsDecodeThroughTheirCanonicalConstructor() {
    Task task = new Task("t", 3, Optional.of("n"), Color.BLUE);
    assertThat(registry.decode(registry.encode(task), Task.class)).isEqualTo(task);
    Primitives p = new Primitives(true, 'ü', (byte) -1, (short) 300, -7, Long.MIN_VALUE, 0.1f,
        -0.0);
    Primitives back = registry.decode(registry.encode(p), Primitives.class);
    assertThat(back).isEqualTo(p);
    assertThat(Double.doubleToRawLongBits(back.d())).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void genericRecordsResolveTheirTypeVariablesFromTheDeclaredType() {
    Object box = decode("{\"content\":{\"x\":1,\"y\":2},\"more\":[{\"x\":3,\"y\":4}]}",
        new TypeReference<Box<Point>>() {});
    assertThat(box).isEqualTo(new Box<>(new Point(1, 2), List.of(new Point(3, 4))));
    Object raw = registry.decode(json("{\"content\":{\"x\":1},\"more\":[]}"), Box.class);
    assertThat(((Box<?>) raw).content()).isEqualTo(Map.of("x", 1L));
  }

  @Test
  void aMissingComponentDecodesAsNullOrEmptyOptional() {
    Task task = registry.decode(json("{\"trials\":1,\"extra\":\"ignored\"}"), Task.class);
    assertThat(task).isEqualTo(new Task(null, 1, Optional.empty(), null));
  }

  @Test
  void aMissingPrimitiveComponentFailsNamingTheComponent() {
    assertThatThrownBy(() -> registry.decode(json("{\"name\":\"t\"}"), Task.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"trials\"")
        .hasMessageContaining(Task.class.getName())
        .hasMessageContaining("$.trials");
    assertThatThrownBy(() -> registry.decode(json("{\"x\":null,\"y\":1}"), Point.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("$.x");
  }

  @Test
  void aFractionalValueNeverTruncatesIntoAnIntegralType() {
    assertThatThrownBy(() -> registry.decode(json("{\"x\":1.5,\"y\":1}"), Point.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("1.5").hasMessageContaining("$.x").hasMessageContaining("int");
    assertThatThrownBy(() -> registry.decode(json("0.5"), BigInteger.class))
        .isInstanceOf(CodecException.class);
    assertThat(registry.decode(json("3"), double.class)).isEqualTo(3.0);
    assertThat(registry.decode(json("3.0"), int.class)).isEqualTo(3);
    assertThat(registry.decode(json("2.5"), BigDecimal.class)).isEqualTo(new BigDecimal("2.5"));
  }

  @Test
  void integralValuesMustFitTheDeclaredType() {
    assertThat(registry.decode(json("127"), byte.class)).isEqualTo((byte) 127);
    assertThat(registry.decode(json("-32768"), short.class)).isEqualTo((short) -32768);
    assertThatThrownBy(() -> registry.decode(json("128"), byte.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> registry.decode(json("2147483648"), Integer.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("2147483648");
    assertThatThrownBy(() -> registry.decode(json("9223372036854775808"), long.class))
        .isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> registry.decode(registry.encode(Double.NaN), long.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> registry.decode(json("1e300"), float.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("float");
  }

  @Test
  void scalarsOfTheWrongKindFailNamingTheExpectedKindAndPath() {
    assertThatThrownBy(() -> decode("{\"a\":[\"x\"]}",
        new TypeReference<Map<String, List<Integer>>>() {}))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.a[0]").hasMessageContaining("a number");
    assertThatThrownBy(() -> registry.decode(json("1"), String.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("a string");
    assertThatThrownBy(() -> registry.decode(json("\"x\""), Instant.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("instant");
  }

  @Test
  void enumsDecodeByNameAndUnknownNamesListTheConstants() {
    assertThat(registry.decode(json("\"GREEN\""), Color.class)).isEqualTo(Color.GREEN);
    assertThatThrownBy(() -> registry.decode(json("\"PINK\""), Color.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"PINK\"").hasMessageContaining("[RED, GREEN, BLUE]");
  }

  @Test
  void enumConstantsWithBodiesEncodeByTheirEnumsName() {
    registry.register("op", Fixtures.Op.class);
    assertThat(registry.encode(Fixtures.Op.MUL).toString())
        .isEqualTo("{\"@type\":\"op\",\"value\":\"MUL\"}");
    assertThat(registry.decode(registry.encode(List.of(Fixtures.Op.ADD))))
        .isEqualTo(List.of(Fixtures.Op.ADD));
  }

  @Test
  void aRecordConstructorThatThrowsFailsWithThePathAndCause() {
    assertThatThrownBy(() -> registry.decode(json("[{\"value\":-1}]"), Checked[].class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$[0]")
        .hasMessageContaining("value must not be negative");
  }

  @Test
  void aCharacterDecodesFromAOneCharString() {
    assertThat(registry.decode(json("\"x\""), char.class)).isEqualTo('x');
    assertThatThrownBy(() -> registry.decode(json("\"xy\""), Character.class))
        .isInstanceOf(CodecException.class);
  }

  @Test
  void iterablesAndOptionalsAtTheRootDecodeTheirElementTypes() {
    Object points = decode("[{\"x\":1,\"y\":2}]", new TypeReference<Iterable<Point>>() {});
    assertThat(points).isEqualTo(List.of(new Point(1, 2)));
    Object maybe = decode("{\"x\":1,\"y\":2}", new TypeReference<Optional<Point>>() {});
    assertThat(maybe).isEqualTo(Optional.of(new Point(1, 2)));
  }
}
