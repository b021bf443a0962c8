package dev.labbook.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.CodecException;
import dev.labbook.InvalidNameException;
import dev.labbook.codec.Fixtures.Circle;
import dev.labbook.codec.Fixtures.Point;
import dev.labbook.codec.Fixtures.PointCodec;
import dev.labbook.codec.Fixtures.Shape;
import dev.labbook.codec.Fixtures.Square;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Registering names and types. */
class RegistrationTest {
  private final CodecRegistry registry = CodecRegistry.create();

  @Test
  void theBuiltInTypesAreRegisteredUnderTheirReservedNames() {
    assertThat(registry.names()).containsExactly("bytes", "double", "instant");
    assertThat(registry.typeOf("instant")).contains(Instant.class);
    assertThat(registry.typeOf("bytes")).contains(byte[].class);
    assertThat(registry.nameOf(Instant.class)).contains("instant");
    assertThat(registry.typeOf("circle")).isEmpty();
    assertThat(registry.nameOf(Circle.class)).isEmpty();
  }

  @Test
  void registeredNamesAndTypesAreLookedUpBothWays() {
    registry.register("circle", Circle.class).register("point", Point.class, new PointCodec());
    assertThat(registry.nameOf(Circle.class)).contains("circle");
    assertThat(registry.typeOf("point")).contains(Point.class);
    assertThat(registry.names()).containsExactly("bytes", "circle", "double", "instant", "point");
    assertThatThrownBy(() -> registry.names().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theSameNameForAnotherTypeIsRefused() {
    registry.register("shape", Circle.class);
    assertThatThrownBy(() -> registry.register("shape", Square.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"shape\"")
        .hasMessageContaining(Circle.class.getName())
        .hasMessageContaining(Square.class.getName());
  }

  @Test
  void theSameTypeUnderAnotherNameIsRefused() {
    registry.register("circle", Circle.class);
    assertThatThrownBy(() -> registry.register("round", Circle.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("\"circle\"").hasMessageContaining("\"round\"");
    assertThatThrownBy(() -> registry.register("when", Instant.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("\"instant\"");
  }

  @Test
  void theExactSameRegistrationTwiceIsAHarmlessNoOp() {
    registry.register("circle", Circle.class).register("circle", Circle.class);
    registry.register("point", Point.class, new PointCodec())
        .register("point", Point.class, new PointCodec());
    assertThat(registry.names()).containsExactly("bytes", "circle", "double", "instant", "point");
  }

  @Test
  void theSameNameAndTypeWithAnotherCodecIsRefused() {
    registry.register("point", Point.class);
    assertThatThrownBy(() -> registry.register("point", Point.class, new PointCodec()))
        .isInstanceOf(CodecException.class).hasMessageContaining("default codec");
  }

  @Test
  void reservedNamesAreRefused() {
    for (String reserved : List.of("double", "instant", "bytes")) {
      assertThatThrownBy(() -> registry.register(reserved, Circle.class))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("\"" + reserved + "\"").hasMessageContaining("reserved");
    }
  }

  @Test
  void invalidNamesAreRefusedByTheNameRules() {
    assertThatThrownBy(() -> registry.register(" circle", Circle.class))
        .isInstanceOf(InvalidNameException.class).hasMessageContaining("type name");
    assertThatThrownBy(() -> registry.register("", Circle.class))
        .isInstanceOf(InvalidNameException.class);
  }

  @Test
  void anInterfaceCannotBeRegisteredWithTheDefaultCodec() {
    assertThatThrownBy(() -> registry.register("shape", Shape.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("interface " + Shape.class.getName())
        .hasMessageContaining("\"shape\"");
    assertThat(registry.names()).doesNotContain("shape");
  }

  @Test
  void typesWithABuiltInEncodingCannotBeRegistered() {
    assertThatThrownBy(() -> registry.register("text", String.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("built-in");
    assertThatThrownBy(() -> registry.register("list", List.class))
        .isInstanceOf(CodecException.class).hasMessageContaining("maps, collections");
    assertThatThrownBy(() -> registry.register("anything", Object.class, new Codec<>() {
      @Override
      public com.fasterxml.jackson.databind.JsonNode encode(Object v, Encoding n) {
        return null;
      }

      @Override
      public Object decode(com.fasterxml.jackson.databind.JsonNode node, Decoding n) {
        return null;
      }
    })).isInstanceOf(CodecException.class).hasMessageContaining("Object");
  }

  record R0(int v) {}

  record R1(int v) {}

  record R2(int v) {}

  record R3(int v) {}

  record R4(int v) {}

  record R5(int v) {}

  record R6(int v) {}

  record R7(int v) {}

  private static final List<Class<?>> OWN = List.of(R0.class, R1.class, R2.class, R3.class,
      R4.class, R5.class, R6.class, R7.class);

  @Test
  void registrationFromManyThreadsAtOnceIsConsistent() throws Exception {
    int threads = OWN.size();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Callable<Boolean> work = () -> {
          start.await();
          registry.register("own-" + id, OWN.get(id));
          for (int i = 0; i < 200; i++) {
            registry.register("shared-circle", Circle.class); // the same pair: a no-op
            assertThat(registry.encode(Map.of("c", new Circle(i))).get("c").has("@type"))
                .isTrue();
          }
          try { // one name, one of two types per thread: the threads of one type win
            Class<?> type = id % 2 == 0 ? Square.class : Point.class;
            registry.register("contested", type);
            return true;
          } catch (CodecException e) {
            return false;
          }
        };
        results.add(pool.submit(work));
      }
      start.countDown();
      long winners = 0;
      for (Future<Boolean> f : results) {
        winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(threads / 2);
      assertThat(registry.typeOf("contested").orElseThrow()).isIn(Square.class, Point.class);
      assertThat(registry.names()).hasSize(3 + threads + 2);
      for (int t = 0; t < threads; t++) {
        assertThat(registry.nameOf(OWN.get(t))).contains("own-" + t);
      }
      assertThat(registry.encode(new Circle(1)).get("@type").textValue())
          .isEqualTo("shared-circle");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void registeringLaterMakesSubclassesUseTheNewCodec() {
    assertThatThrownBy(() -> registry.encode(new Fixtures.Dog("rex")))
        .isInstanceOf(CodecException.class);
    registry.register("animal", Fixtures.Animal.class, new Fixtures.AnimalCodec());
    assertThat(registry.encode(new Fixtures.Dog("rex")).get("@type").textValue())
        .isEqualTo("animal");
  }
}
