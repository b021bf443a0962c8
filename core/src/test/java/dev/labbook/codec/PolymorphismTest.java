package dev.labbook.codec;

import static dev.labbook.codec.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.CodecException;
import dev.labbook.codec.Fixtures.Animal;
import dev.labbook.codec.Fixtures.AnimalCodec;
import dev.labbook.codec.Fixtures.Circle;
import dev.labbook.codec.Fixtures.Dog;
import dev.labbook.codec.Fixtures.Drawing;
import dev.labbook.codec.Fixtures.Pair;
import dev.labbook.codec.Fixtures.PairCodec;
import dev.labbook.codec.Fixtures.Point;
import dev.labbook.codec.Fixtures.PointCodec;
import dev.labbook.codec.Fixtures.Shape;
import dev.labbook.codec.Fixtures.Square;
import dev.labbook.codec.Fixtures.Task;
import dev.labbook.codec.Fixtures.Triangle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Interface-typed fields, custom codecs and subclasses. */
class PolymorphismTest {
  private final CodecRegistry registry = CodecRegistry.create()
      .register("circle", Circle.class)
      .register("square", Square.class);

  @Test
  void anInterfaceTypedComponentRoundTripsByTheRegisteredNameOfItsRuntimeType() {
    Drawing drawing = new Drawing("d", new Square(2), List.of(new Circle(1), new Square(3)));
    Drawing back = registry.decode(registry.encode(drawing), Drawing.class);
    assertThat(back).isEqualTo(drawing);
    assertThat(back.main()).isInstanceOf(Square.class);
  }

  @Test
  void encodingAnUnregisteredClassIntoAnInterfaceTypedFieldFailsSayingToRegisterIt() {
    Drawing drawing = new Drawing("d", new Circle(1), List.of(new Triangle(1, 2)));
    assertThatThrownBy(() -> registry.encode(drawing))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Triangle.class.getName())
        .hasMessageContaining("$.others[0]")
        .hasMessageContaining("interface " + Shape.class.getName())
        .hasMessageContaining("register")
        .hasMessageContaining("[bytes, circle, double, instant, square]");
  }

  @Test
  void anUntaggedObjectCannotDecodeIntoAnInterface() {
    assertThatThrownBy(() -> registry.decode(
        json("{\"title\":\"d\",\"main\":{\"radius\":1.0},\"others\":[]}"), Drawing.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.main")
        .hasMessageContaining(Shape.class.getName())
        .hasMessageContaining("@type");
  }

  @Test
  void unknownTypeNameFailsNamingItAndTheRegisteredNames() {
    assertThatThrownBy(() -> registry.decode(json("{\"x\":[{\"@type\":\"hexagon\"}]}")))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"hexagon\"")
        .hasMessageContaining("$.x[0]")
        .hasMessageContaining("[bytes, circle, double, instant, square]");
  }

  @Test
  void aTagOfTheWrongTypeForTheDeclaredTypeFails() {
    assertThatThrownBy(() -> registry.decode(json("{\"@type\":\"circle\",\"radius\":1}"),
        Square.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"circle\"").hasMessageContaining(Square.class.getName());
  }

  @Test
  void taggedValuesDecodeToTheirRegisteredClassWhereTheTargetIsObject() {
    Object decoded = registry.decode(registry.encode(Map.of("s", new Square(4))));
    assertThat(decoded).isEqualTo(Map.of("s", new Square(4)));
  }

  @Test
  void customCodecsRoundTripAndTheirNestedValuesGoThroughTheRegistry() {
    registry.register("point", Point.class, new PointCodec())
        .register("pair", Pair.class, new PairCodec());
    Pair pair = new Pair(new Point(1, 2), List.of(Double.NaN, new Circle(3)));
    assertThat(registry.encode(pair).toString()).isEqualTo("{\"@type\":\"pair\",\"value\":["
        + "{\"@type\":\"point\",\"value\":\"1,2\"},"
        + "[{\"@type\":\"double\",\"value\":\"NaN\"},{\"@type\":\"circle\",\"radius\":3.0}]]}");
    assertThat(registry.decode(registry.encode(pair))).isEqualTo(pair);
  }

  @Test
  void unregisteredSubclassesEncodeWithTheirSupertypesCodecAndName() {
    registry.register("animal", Animal.class, new AnimalCodec());
    assertThat(registry.encode(new Dog("rex")).toString())
        .isEqualTo("{\"@type\":\"animal\",\"value\":{\"value\":\"rex\"}}");
    Object back = registry.decode(registry.encode(List.of(new Dog("rex"))));
    assertThat(((Animal) ((List<?>) back).get(0)).name).isEqualTo("rex");
  }

  @Test
  void aCodecRegisteredForAnInterfaceEncodesItsImplementations() {
    registry.register("any-shape", Shape.class, new Codec<>() {
      @Override
      public com.fasterxml.jackson.databind.JsonNode encode(Shape value, Encoding nested) {
        return nested.encode(value.area());
      }

      @Override
      public Shape decode(com.fasterxml.jackson.databind.JsonNode node, Decoding nested) {
        return new Square(Math.sqrt((Double) nested.decode(node, double.class)));
      }
    });
    assertThat(registry.encode(new Triangle(2, 4)).toString())
        .isEqualTo("{\"@type\":\"any-shape\",\"value\":4.0}");
    assertThat(registry.decode(registry.encode(new Triangle(2, 4)), Shape.class))
        .isEqualTo(new Square(2));
    // registered implementations keep their own registration
    assertThat(registry.encode(new Circle(1)).get("@type").textValue()).isEqualTo("circle");
  }

  @Test
  void theDefaultCodecTagsOnlyTheExactRegisteredClass() {
    CodecRegistry r = CodecRegistry.create().register("settings", Fixtures.Settings.class);
    Fixtures.Settings sub = new Fixtures.Settings() {};
    assertThat(r.encode(new Fixtures.Settings()).has("@type")).isTrue();
    assertThat(r.encode(List.of(sub)).get(0).has("@type")).isFalse();
  }

  @Test
  void anUnregisteredSubclassInAFieldOfItsConcreteSuperclassIsRefused() {
    record Holder(Fixtures.Settings settings) {}
    Fixtures.Settings sub = new Fixtures.Settings() {};
    assertThatThrownBy(() -> registry.encode(new Holder(sub)))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.settings").hasMessageContaining("register");
  }

  @Test
  void aClassNeitherRegisteredNorMappableIsRefusedNamingIt() {
    assertThatThrownBy(() -> registry.encode(Map.of("o", new Fixtures.Opaque(1))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining(Fixtures.Opaque.class.getName())
        .hasMessageContaining("$.o")
        .hasMessageContaining("Codec");
  }

  @Test
  void aValueThatContainsItselfIsRefused() {
    List<Object> loop = new java.util.ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> registry.encode(loop))
        .isInstanceOf(CodecException.class).hasMessageContaining("$[0]");
  }

  @Test
  void registeredTypesMayHoldOptionalsOfInterfaces() {
    record Slot(Optional<Shape> shape) {}
    registry.register("slot", Slot.class);
    Slot slot = new Slot(Optional.of(new Circle(2)));
    assertThat(registry.decode(registry.encode(slot))).isEqualTo(slot);
    assertThat(registry.decode(registry.encode(new Slot(Optional.empty()))))
        .isEqualTo(new Slot(Optional.empty()));
  }

  @Test
  void aRecordRegisteredUnderANameDecodesFromItsTagInsideAnUntypedMap() {
    registry.register("task", Task.class);
    Task task = new Task("a", 1, Optional.empty(), null);
    assertThat(registry.decode(registry.encode(Map.of("t", task)))).isEqualTo(Map.of("t", task));
  }

  @Test
  void anUnregisteredValueInAMapOfInterfacesIsRefused() {
    record Gallery(Map<String, Shape> shapes) {}
    assertThat(registry.decode(registry.encode(new Gallery(Map.of("c", new Circle(1)))),
        Gallery.class)).isEqualTo(new Gallery(Map.of("c", new Circle(1))));
    assertThatThrownBy(() -> registry.encode(new Gallery(Map.of("t", new Triangle(1, 1)))))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("$.shapes.t").hasMessageContaining("register");
  }

  interface Labelled {}

  static class Base {}

  static class Middle extends Base {}

  static final class Leaf extends Middle implements Labelled {}

  private static <T> Codec<T> constant(String text, java.util.function.Supplier<T> make) {
    return new Codec<>() {
      @Override
      public com.fasterxml.jackson.databind.JsonNode encode(T value, Encoding nested) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
      }

      @Override
      public T decode(com.fasterxml.jackson.databind.JsonNode node, Decoding nested) {
        return make.get();
      }
    };
  }

  @Test
  void theNearestRegisteredSupertypeEncodesAnUnregisteredSubclass() {
    registry.register("base", Base.class, constant("base", Base::new));
    assertThat(registry.encode(new Leaf()).get("@type").textValue()).isEqualTo("base");
    registry.register("labelled", Labelled.class, constant("labelled", Leaf::new));
    // Labelled is one step from Leaf, Base two
    assertThat(registry.encode(new Leaf()).get("@type").textValue()).isEqualTo("labelled");
    registry.register("middle", Middle.class, constant("middle", Middle::new));
    // a tie at one step: the superclass wins over the interface
    assertThat(registry.encode(new Leaf()).get("@type").textValue()).isEqualTo("middle");
    assertThat(registry.decode(registry.encode(new Leaf()))).isInstanceOf(Middle.class);
  }
}
