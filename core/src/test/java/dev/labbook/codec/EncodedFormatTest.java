package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.CodecException;
import dev.labbook.codec.Fixtures.Animal;
import dev.labbook.codec.Fixtures.AnimalCodec;
import dev.labbook.codec.Fixtures.Circle;
import dev.labbook.codec.Fixtures.Color;
import dev.labbook.codec.Fixtures.Dog;
import dev.labbook.codec.Fixtures.Drawing;
import dev.labbook.codec.Fixtures.Point;
import dev.labbook.codec.Fixtures.PointCodec;
import dev.labbook.codec.Fixtures.Square;
import dev.labbook.codec.Fixtures.Task;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The stored JSON, pinned: changing any of these breaks data written before. */
class EncodedFormatTest {
  private final CodecRegistry registry = CodecRegistry.create();

  private String encoded(Object value) {
    return registry.encode(value).toString();
  }

  @Test
  void setsAreWrittenInCanonicalOrderSoEqualSetsEncodeAlike() {
    java.util.Set<Object> forward = new java.util.LinkedHashSet<>(java.util.List.of("b", 10, "a", 2));
    java.util.Set<Object> backward = new java.util.LinkedHashSet<>(java.util.List.of(2, "a", 10, "b"));
    assertThat(registry.encode(forward).toString()).isEqualTo("[\"a\",\"b\",10,2]");
    assertThat(registry.encode(backward)).isEqualTo(registry.encode(forward));
    assertThat(registry.encode(java.util.List.of("b", "a")).toString()).isEqualTo("[\"b\",\"a\"]");
  }

  @Test
  void scalarsAreJsonScalarsAndIntegralTypesStayIntegral() {
    assertThat(encoded(null)).isEqualTo("null");
    assertThat(encoded(true)).isEqualTo("true");
    assertThat(encoded("x")).isEqualTo("\"x\"");
    assertThat(encoded(3)).isEqualTo("3");
    assertThat(encoded(3L)).isEqualTo("3");
    assertThat(encoded((short) 3)).isEqualTo("3");
    assertThat(encoded((byte) -3)).isEqualTo("-3");
    assertThat(encoded(3.0)).isEqualTo("3.0");
    assertThat(encoded(0.1f)).isEqualTo("0.1");
    assertThat(encoded(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
    assertThat(encoded(new BigInteger("123456789012345678901234567890")))
        .isEqualTo("123456789012345678901234567890");
    assertThat(encoded(new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(encoded('c')).isEqualTo("\"c\"");
  }

  @Test
  void nonFiniteDoublesAndNegativeZeroAreTaggedDoubles() {
    assertThat(encoded(Double.NaN)).isEqualTo("{\"@type\":\"double\",\"value\":\"NaN\"}");
    assertThat(encoded(Double.POSITIVE_INFINITY))
        .isEqualTo("{\"@type\":\"double\",\"value\":\"Infinity\"}");
    assertThat(encoded(Double.NEGATIVE_INFINITY))
        .isEqualTo("{\"@type\":\"double\",\"value\":\"-Infinity\"}");
    assertThat(encoded(-0.0)).isEqualTo("{\"@type\":\"double\",\"value\":\"-0.0\"}");
    assertThat(encoded(-0.0f)).isEqualTo("{\"@type\":\"double\",\"value\":\"-0.0\"}");
    assertThat(encoded(Float.NaN)).isEqualTo("{\"@type\":\"double\",\"value\":\"NaN\"}");
    assertThat(encoded(0.0)).isEqualTo("0.0");
  }

  @Test
  void instantsAndBytesAreTagged() {
    assertThat(encoded(Instant.parse("2026-01-02T03:04:05.123Z")))
        .isEqualTo("{\"@type\":\"instant\",\"value\":\"2026-01-02T03:04:05.123Z\"}");
    assertThat(encoded("hi!".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"@type\":\"bytes\",\"value\":\"aGkh\"}");
  }

  @Test
  void mapsCollectionsArraysStreamsEnumsAndOptionalsHaveTheirJsonShapes() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1);
    map.put("a", List.of(1, 2));
    map.put("n", null);
    assertThat(encoded(map)).isEqualTo("{\"b\":1,\"a\":[1,2],\"n\":null}");
    assertThat(encoded(new TreeSet<>(Set.of("y", "x")))).isEqualTo("[\"x\",\"y\"]");
    assertThat(encoded(new int[] {1, 2})).isEqualTo("[1,2]");
    assertThat(encoded(new double[] {1.5, Double.NaN}))
        .isEqualTo("[1.5,{\"@type\":\"double\",\"value\":\"NaN\"}]");
    assertThat(encoded(new String[] {"a"})).isEqualTo("[\"a\"]");
    assertThat(encoded(Stream.of(1, 2, 3))).isEqualTo("[1,2,3]");
    assertThat(encoded(Color.GREEN)).isEqualTo("\"GREEN\"");
    assertThat(encoded(Optional.of("x"))).isEqualTo("\"x\"");
    assertThat(encoded(Optional.empty())).isEqualTo("null");
    assertThat(encoded(Map.of(Color.RED, 1))).isEqualTo("{\"RED\":1}");
    assertThat(encoded(List.of())).isEqualTo("[]");
    assertThat(encoded(Map.of())).isEqualTo("{}");
  }

  @Test
  void unregisteredRecordsAreUntaggedObjectsInComponentOrder() {
    assertThat(encoded(new Task("t1", 3, Optional.empty(), Color.RED)))
        .isEqualTo("{\"name\":\"t1\",\"trials\":3,\"note\":null,\"color\":\"RED\"}");
  }

  @Test
  void registeredTypesAreTaggedWithTheirNameNeverTheirClassName() {
    registry.register("task", Task.class);
    String json = encoded(new Task("t1", 3, Optional.of("n"), Color.RED));
    assertThat(json)
        .isEqualTo("{\"@type\":\"task\",\"name\":\"t1\",\"trials\":3,\"note\":\"n\","
            + "\"color\":\"RED\"}")
        .doesNotContain("Task").doesNotContain("dev.labbook");
  }

  @Test
  void registeredRecordsInsideOtherValuesAreTaggedToo() {
    registry.register("circle", Circle.class).register("square", Square.class);
    assertThat(encoded(new Drawing("d", new Circle(1.0), List.of(new Square(2.0)))))
        .isEqualTo("{\"title\":\"d\",\"main\":{\"@type\":\"circle\",\"radius\":1.0},"
            + "\"others\":[{\"@type\":\"square\",\"side\":2.0}]}");
  }

  @Test
  void aCodecWhoseEncodingIsNotAnObjectIsWrappedInValue() {
    registry.register("point", Point.class, new PointCodec());
    assertThat(encoded(new Point(1, 2))).isEqualTo("{\"@type\":\"point\",\"value\":\"1,2\"}");
  }

  @Test
  void aCodecObjectWhoseOnlyKeyIsValueIsWrappedSoItCannotBeMistakenForAWrappedScalar() {
    registry.register("animal", Animal.class, new AnimalCodec());
    assertThat(encoded(new Animal("rex")))
        .isEqualTo("{\"@type\":\"animal\",\"value\":{\"value\":\"rex\"}}");
    assertThat(registry.decode(registry.encode(new Dog("rex")), Animal.class).name)
        .isEqualTo("rex");
  }

  @Test
  void registeredEnumsAreTaggedWithTheConstantAsValue() {
    registry.register("color", Color.class);
    assertThat(encoded(Color.BLUE)).isEqualTo("{\"@type\":\"color\",\"value\":\"BLUE\"}");
    assertThat(registry.decode(registry.encode(Color.BLUE))).isEqualTo(Color.BLUE);
  }

  @Test
  void keysStartingWithAtAreEscapedByDoublingIt() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("@type", "user data");
    map.put("@ref", 1);
    map.put("@@x", 2);
    map.put("a@b", 3);
    assertThat(encoded(map))
        .isEqualTo("{\"@@type\":\"user data\",\"@@ref\":1,\"@@@x\":2,\"a@b\":3}");
    assertThat(registry.decode(registry.encode(map)))
        .isEqualTo(Map.of("@type", "user data", "@ref", 1L, "@@x", 2L, "a@b", 3L));
  }

  @Test
  void aSingleAtKeyThatIsNoTagIsRejectedOnDecoding() {
    assertThatThrownBy(() -> registry.decode(json("{\"a\":{\"@foo\":1}}")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"@foo\"").hasMessageContaining("$.a");
  }

  @Test
  void mapsWithOtherKeysThanStringsOrEnumsAreRefusedNamingThePath() {
    Map<Object, Object> bad = Map.of(1, "one");
    assertThatThrownBy(() -> registry.encode(Map.of("outer", List.of(bad))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.outer[0]")
        .hasMessageContaining("java.lang.Integer")
        .hasMessageContaining("only String and enum keys");
  }

  @Test
  void listsOfMixedValuesKeepTheirOrder() {
    List<Object> list = new ArrayList<>(Arrays.asList("a", null, 2, 2.5, false));
    assertThat(encoded(list)).isEqualTo("[\"a\",null,2,2.5,false]");
  }
}
