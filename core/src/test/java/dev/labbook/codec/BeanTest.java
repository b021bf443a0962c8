package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.CodecException;
import dev.labbook.codec.Fixtures.Circle;
import dev.labbook.codec.Fixtures.Interval;
import dev.labbook.codec.Fixtures.Range;
import dev.labbook.codec.Fixtures.Settings;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classes that are no records go through Jackson's introspection, values through the registry. */
class BeanTest {
  private final CodecRegistry registry = CodecRegistry.create().register("circle", Circle.class);

  private static Settings settings() {
    Settings s = new Settings();
    s.setName("adam");
    s.setRate(Double.NEGATIVE_INFINITY);
    s.setWeights(Arrays.asList(0.5, Double.NaN, null));
    s.setShape(new Circle(2));
    s.setWhen(Instant.parse("2026-01-02T03:04:05Z"));
    s.setSecret("changed");
    return s;
  }

  @Test
  void beansWithGettersAndSettersRoundTripWithTheirValuesEncodedByTheRegistry() {
    JsonNode node = registry.encode(settings());
    assertThat(node.get("rate").toString())
        .isEqualTo("{\"@type\":\"double\",\"value\":\"-Infinity\"}");
    assertThat(node.get("shape").toString()).isEqualTo("{\"@type\":\"circle\",\"radius\":2.0}");
    assertThat(node.get("when").get("@type").textValue()).isEqualTo("instant");
    assertThat(node.has("secret")).as("@JsonIgnore is honoured").isFalse();

    Settings back = registry.decode(node, Settings.class);
    assertThat(back.getName()).isEqualTo("adam");
    assertThat(back.getRate()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(back.getWeights()).containsExactly(0.5, Double.NaN, null);
    assertThat(back.getShape()).isEqualTo(new Circle(2));
    assertThat(back.getWhen()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(back.getSecret()).isEqualTo("hidden");
  }

  @Test
  void registeredBeansAreTaggedAndDecodeWithoutADeclaredType() {
    registry.register("settings", Settings.class);
    Object back = registry.decode(registry.encode(List.of(settings())));
    assertThat(((List<?>) back).get(0)).isInstanceOf(Settings.class);
    assertThat(((Settings) ((List<?>) back).get(0)).getShape()).isEqualTo(new Circle(2));
  }

  @Test
  void aMissingBeanPropertyKeepsItsInitialValue() {
    Settings back = registry.decode(json("{\"name\":\"x\"}"), Settings.class);
    assertThat(back.getName()).isEqualTo("x");
    assertThat(back.getRate()).isEqualTo(1.0);
  }

  @Test
  void beansWithAnAnnotatedCreatorDecodeThroughIt() {
    registry.register("range", Range.class);
    assertThat(registry.encode(new Range(0, 1)).toString())
        .isEqualTo("{\"@type\":\"range\",\"low\":0.0,\"high\":1.0}");
    assertThat(registry.decode(registry.encode(new Range(-0.0, Double.NaN))))
        .isEqualTo(new Range(-0.0, Double.NaN));
  }

  @Test
  void creatorParametersNamedOnlyByTheCompilerAreFound() {
    registry.register("interval", Interval.class);
    Interval back = (Interval) registry.decode(registry.encode(new Interval(3, 9)));
    assertThat(back.getFrom()).isEqualTo(3);
    assertThat(back.getTo()).isEqualTo(9);
  }

  public static final class Tagged {
    private String id;

    @JsonProperty("@id")
    public String getId() {
      return id;
    }

    @JsonProperty("@id")
    public void setId(String id) {
      this.id = id;
    }
  }

  @Test
  void beanPropertiesStartingWithAtAreEscaped() {
    Tagged t = new Tagged();
    t.setId("x");
    assertThat(registry.encode(t).toString()).isEqualTo("{\"@@id\":\"x\"}");
    assertThat(registry.decode(registry.encode(t), Tagged.class).getId()).isEqualTo("x");
  }

  public static final class NoConstructor {
    private final int value;

    public NoConstructor(int value, int ignored) {
      this.value = value;
    }

    public int getValue() {
      return value;
    }
  }

  @Test
  void aBeanThatCannotBeBuiltCannotBeRegisteredWithTheDefaultCodec() {
    assertThatThrownBy(() -> registry.register("nc", NoConstructor.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(NoConstructor.class.getName())
        .hasMessageContaining("constructor");
    // it still encodes as an untagged object, but does not decode into its class
    assertThat(registry.encode(new NoConstructor(1, 2)).toString()).isEqualTo("{\"value\":1}");
    assertThatThrownBy(() -> registry.decode(json("{\"value\":1}"), NoConstructor.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("constructor");
  }
}
