package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.CodecException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Values survive encoding, JSON text and decoding exactly. */
class RoundTripTest {
  private final CodecRegistry registry = CodecRegistry.create();

  /** Encodes, writes JSON text, parses it back and decodes into {@code type}. */
  private <T> T viaText(Object value, Class<T> type) {
    try {
      String text = Fixtures.JSON.writeValueAsString(registry.encode(value));
      return registry.decode(Fixtures.JSON.readTree(text), type);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void specialDoublesRoundTripBitForBit() {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, -1e-300}) {
      assertThat(Double.doubleToRawLongBits(viaText(d, Double.class)))
          .as("%s", d).isEqualTo(Double.doubleToRawLongBits(d));
      assertThat(Double.doubleToRawLongBits((Double) registry.decode(registry.encode(d))))
          .as("natural %s", d).isEqualTo(Double.doubleToRawLongBits(d));
    }
  }

  @Test
  void specialFloatsRoundTripBitForBit() {
    for (float f : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
        -0.0f, 0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 0.1f, 1.17549435E-38f, 3.4e38f}) {
      assertThat(Float.floatToRawIntBits(viaText(f, float.class)))
          .as("%s", f).isEqualTo(Float.floatToRawIntBits(f));
    }
  }

  @Test
  void randomFloatsAndDoublesRoundTripExactly() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      double d = Double.longBitsToDouble(random.nextLong());
      assertThat(Float.floatToIntBits(viaText(f, Float.class))).isEqualTo(Float.floatToIntBits(f));
      assertThat(Double.doubleToLongBits(viaText(d, Double.class)))
          .isEqualTo(Double.doubleToLongBits(d));
    }
  }

  @Test
  void extremeLongsAndBigNumbersRoundTripExactly() {
    assertThat(viaText(Long.MAX_VALUE, long.class)).isEqualTo(Long.MAX_VALUE);
    assertThat(viaText(Long.MIN_VALUE, Long.class)).isEqualTo(Long.MIN_VALUE);
    assertThat(registry.decode(registry.encode(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    BigInteger huge = BigInteger.TWO.pow(100).negate();
    assertThat(viaText(huge, BigInteger.class)).isEqualTo(huge);
    assertThat(registry.decode(registry.encode(huge))).isEqualTo(huge);
    BigDecimal decimal = new BigDecimal("3.14159265358979323846264338327950288");
    assertThat(registry.decode(registry.encode(decimal), BigDecimal.class)).isEqualTo(decimal);
  }

  @Test
  void stringsOutsideTheBmpAndEmptyValuesRoundTrip() {
    String astral = "\uD83D\uDE00 \uD834\uDD1E 𝔘𝔫𝔦";
    Map<String, Object> value = new LinkedHashMap<>();
    value.put(astral, astral);
    value.put("", "");
    value.put("emptyList", List.of());
    value.put("emptyMap", Map.of());
    value.put("nested", List.of(Map.of(), List.of(List.of())));
    assertThat(viaText(value, Object.class)).isEqualTo(value);
  }

  @Test
  void instantsAndBytesRoundTrip() {
    Instant instant = Instant.parse("2026-01-02T03:04:05.123456789Z");
    assertThat(viaText(instant, Instant.class)).isEqualTo(instant);
    assertThat(registry.decode(registry.encode(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
    byte[] bytes = {0, -1, 127, -128, 42};
    assertThat(viaText(bytes, byte[].class)).containsExactly(bytes);
    assertThat((byte[]) registry.decode(registry.encode(new byte[0]))).isEmpty();
  }

  @Test
  void naturalDecodingGivesLongBigIntegerDoubleAndUnmodifiableOrderedContainers() {
    JsonNode node = json("{\"z\":1,\"a\":12345678901234567890123,\"m\":2.5,\"l\":[1,\"x\"],"
        + "\"b\":true,\"n\":null}");
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) registry.decode(node);
    assertThat(map).containsOnlyKeys("z", "a", "m", "l", "b", "n");
    assertThat(new ArrayList<>(map.keySet())).containsExactly("z", "a", "m", "l", "b", "n");
    assertThat(map.get("z")).isEqualTo(1L);
    assertThat(map.get("a")).isEqualTo(new BigInteger("12345678901234567890123"));
    assertThat(map.get("m")).isEqualTo(2.5);
    assertThat(map.get("l")).isEqualTo(List.of(1L, "x"));
    assertThat(map.get("b")).isEqualTo(true);
    assertThat(map.get("n")).isNull();
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) map.get("l");
    assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void naturalDecodingOfAnUntaggedRecordGivesAMap() {
    Object decoded = registry.decode(registry.encode(new Fixtures.Point(1, 2)));
    assertThat(decoded).isEqualTo(Map.of("x", 1L, "y", 2L));
  }

  @Test
  void convertEncodesThenDecodesIntoTheTargetType() {
    assertThat(registry.convert(Map.of("x", 1, "y", 2), Fixtures.Point.class))
        .isEqualTo(new Fixtures.Point(1, 2));
  }

  @Test
  void malformedTaggedValuesFailNamingWhatIsAllowed() {
    assertThatThrownBy(() -> registry.decode(json("{\"@type\":\"double\",\"value\":\"nan\"}")))
        .isInstanceOf(CodecException.class).hasMessageContaining("\"NaN\"");
    assertThatThrownBy(() -> registry.decode(json("[{\"@type\":\"instant\",\"value\":5}]")))
        .isInstanceOf(CodecException.class).hasMessageContaining("$[0]")
        .hasMessageContaining("instant");
    assertThatThrownBy(() -> registry.decode(json("{\"@type\":\"bytes\",\"value\":\"@@\"}")))
        .isInstanceOf(CodecException.class).hasMessageContaining("base64");
  }

  @Test
  void floatNodesFromOtherSourcesDecodeByTheirShortestDecimalForm() {
    JsonNode node = com.fasterxml.jackson.databind.node.FloatNode.valueOf(0.1f);
    assertThat(registry.decode(node)).isEqualTo(0.1);
    assertThat(registry.decode(node, float.class)).isEqualTo(0.1f);
  }
}
