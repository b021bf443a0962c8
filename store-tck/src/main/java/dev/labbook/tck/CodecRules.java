package dev.labbook.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.Run;
import dev.labbook.RunSpec;
import dev.labbook.codec.Codec;
import dev.labbook.codec.Decoding;
import dev.labbook.codec.Encoding;
import dev.labbook.tck.Samples.Notes;
import dev.labbook.tck.Samples.Optimizer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Codecs: values come back from the store exactly as the codec registry promises (see its
 * Javadoc), through configs (record components and free-form map bodies) and through runs
 * (params when created; params, results and extras after an update): scalars of every kind,
 * doubles bit for bit, integers apart from doubles, big numbers, instants, bytes, enums, nested
 * lists and maps, sets, unregistered records, registered and polymorphic values, values of
 * custom codecs, map keys that look like the registry's tags or trouble a database, and nulls.
 */
abstract class CodecRules extends Rules {
  /** Not registered: stored by its constants' names. */
  enum Mode { TRAIN, EVAL }

  /** Registered as {@code split}: stored tagged, so it comes back as a constant everywhere. */
  enum Split { TRAINING, VALIDATION, TEST }

  /** A config of every scalar component type: kind {@code scalars}. */
  record Scalars(String name, int integer, long longInteger, short shortInteger, byte tiny,
      double real, float single, boolean flag, char letter, String text, Mode mode,
      Optional<String> present, Optional<String> absent, Integer missing) {}

  /** Kind {@code doubles}. */
  record Doubles(String name, double[] values) {}

  /** Kind {@code floats}. */
  record Floats(String name, float single, List<Float> many) {}

  /** Kind {@code decimals}. */
  record Decimals(String name, BigDecimal exact, BigDecimal scaled, BigInteger huge,
      BigInteger negative) {}

  /** Kind {@code times}. */
  record Times(String name, Instant at, List<Instant> more) {}

  /** Kind {@code blob}. */
  record Blob(String name, byte[] content, List<byte[]> chunks) {}

  /** Kind {@code structure}. */
  record Structure(String name, List<List<Integer>> grid,
      Map<String, List<Map<String, Long>>> nested, Set<String> words, SortedSet<Integer> sorted,
      Set<Mode> modes, Map<Mode, Integer> byMode) {}

  /** Not registered: stored as a plain object. */
  record Point(int x, int y) {}

  /** Kind {@code placed}: unregistered records in typed components. */
  record Placed(String name, Point origin, List<Point> path) {}

  /** Values of a field declared as this interface are stored by their registered name. */
  interface Shape {}

  /** Kind {@code circle}; it has no name, so inside a config it is data, kept inline. */
  record Circle(double radius) implements Shape {}

  /** Kind {@code square}. */
  record Square(double side) implements Shape {}

  /** Kind {@code drawing}. */
  record Drawing(String name, Shape main, List<Shape> shapes, Map<String, Shape> byLabel) {}

  /** Kind {@code measured}: values of custom codecs in typed components. */
  record Measured(String name, Interval range, List<Measurement> readings) {}

  /** A class the default codec cannot handle; registered as {@code interval} with a codec. */
  static final class Interval {
    private final int low;
    private final int high;

    Interval(int low, int high) {
      this.low = low;
      this.high = high;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Interval i && i.low == low && i.high == high;
    }

    @Override
    public int hashCode() {
      return 31 * low + high;
    }

    @Override
    public String toString() {
      return "[" + low + ".." + high + "]";
    }
  }

  /** Encodes an interval as text, which the registry wraps in {@code {"@type","value"}}. */
  static final class IntervalCodec implements Codec<Interval> {
    @Override
    public JsonNode encode(Interval value, Encoding nested) {
      return TextNode.valueOf(value.low + ".." + value.high);
    }

    @Override
    public Interval decode(JsonNode node, Decoding nested) {
      String[] bounds = node.textValue().split("\\.\\.");
      return new Interval(Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1]));
    }
  }

  /** Registered as {@code measurement} with a codec that encodes an object of nested values. */
  static final class Measurement {
    private final double value;
    private final String unit;
    private final Instant at;

    Measurement(double value, String unit, Instant at) {
      this.value = value;
      this.unit = unit;
      this.at = at;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Measurement m
          && Double.doubleToRawLongBits(m.value) == Double.doubleToRawLongBits(value)
          && m.unit.equals(unit) && m.at.equals(at);
    }

    @Override
    public int hashCode() {
      return Objects.hash(value, unit, at);
    }

    @Override
    public String toString() {
      return value + " " + unit + " at " + at;
    }
  }

  /** Encodes a measurement's parts through the registry, so -0.0 and the instant are tagged. */
  static final class MeasurementCodec implements Codec<Measurement> {
    @Override
    public JsonNode encode(Measurement m, Encoding nested) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.set("value", nested.encode(m.value));
      node.put("unit", m.unit);
      node.set("at", nested.encode(m.at));
      return node;
    }

    @Override
    public Measurement decode(JsonNode node, Decoding nested) {
      return new Measurement((Double) nested.decode(node.get("value"), double.class),
          node.get("unit").textValue(), (Instant) nested.decode(node.get("at"), Instant.class));
    }
  }

  /** Run params given as a record. */
  record Hyper(double learningRate, int layers, Mode mode, List<Integer> widths, Instant since,
      Optional<String> note) {}

  private static final Instant NANOS = Instant.parse("2026-01-02T03:04:05.123456789Z");

  private String experimentId;
  private int stored;

  CodecRules(StoreTck tck) {
    super(tck);
  }

  @BeforeEach
  void registerValueTypes() {
    codecs().register("scalars", Scalars.class).register("doubles", Doubles.class)
        .register("floats", Floats.class).register("decimals", Decimals.class)
        .register("times", Times.class).register("blob", Blob.class)
        .register("structure", Structure.class).register("placed", Placed.class)
        .register("circle", Circle.class).register("square", Square.class)
        .register("drawing", Drawing.class).register("measured", Measured.class)
        .register("split", Split.class)
        .register("interval", Interval.class, new IntervalCodec())
        .register("measurement", Measurement.class, new MeasurementCodec());
  }

  @Test
  void aRecordOfEveryScalarComponentTypeRoundTripsThroughAConfig() {
    Scalars extremes = new Scalars("extremes", Integer.MIN_VALUE, -1_234_567_890_123L,
        Short.MIN_VALUE, Byte.MIN_VALUE, -2.5e-8, 0.1f, true, 'é', "", Mode.EVAL,
        Optional.of("here"), Optional.empty(), null);
    Scalars plain = new Scalars("plain", 0, 0L, (short) 0, (byte) 0, 0.0, 0f, false, ' ',
        "text", Mode.TRAIN, Optional.of(""), Optional.empty(), 42);

    configs().put(extremes);
    configs().put(plain);

    assertThat(configs().get(Scalars.class, "extremes")).isEqualTo(extremes);
    assertThat(configs().get(Scalars.class, "plain")).isEqualTo(plain);
  }

  @Test
  void finiteDoublesIncludingSubnormalsAndNegativeZeroRoundTripBitForBit() {
    double[] values = {0.1, 0.1 + 0.2, 1.0 / 3, Math.PI, -2.5e-8, 1e300, -1e-300,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), 4.9e-322, 0.0, -0.0, 1e16,
        9007199254740992.0, 123456789.125, 5e-324 * 3};
    List<Long> bits = Arrays.stream(values).mapToObj(Double::doubleToRawLongBits).toList();

    configs().put(new Doubles("typed", values));
    assertThat(bitsOf(configs().get(Doubles.class, "typed").values())).isEqualTo(bits);

    Map<String, Object> map = new LinkedHashMap<>();
    map.put("all", Arrays.stream(values).boxed().toList());
    for (int i = 0; i < values.length; i++) {
      map.put("v" + i, values[i]);
    }
    readBack(map).forEach((place, back) -> {
      assertThat(bitsOf((List<?>) back.get("all"))).as("%s: all", place).isEqualTo(bits);
      for (int i = 0; i < values.length; i++) {
        assertThat(back.get("v" + i)).as("%s: v%s", place, i).isInstanceOf(Double.class);
        assertThat(Double.doubleToRawLongBits((Double) back.get("v" + i)))
            .as("%s: %s", place, values[i]).isEqualTo(bits.get(i));
      }
    });
  }

  @Test
  void integersAndDoublesOfEqualValueStayDistinct() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("int", 3);
    map.put("long", 3L);
    map.put("double", 3.0);
    map.put("float", 3.0f);
    map.put("zero", 0);
    map.put("doubleZero", 0.0);
    map.put("beyondDoublePrecision", 9_007_199_254_740_993L);
    map.put("integralDouble", 1e16);
    map.put("list", List.of(1, 1.0, -7, -7.0));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("int", 3L);
    expected.put("long", 3L);
    expected.put("double", 3.0);
    expected.put("float", 3.0);
    expected.put("zero", 0L);
    expected.put("doubleZero", 0.0);
    expected.put("beyondDoublePrecision", 9_007_199_254_740_993L);
    expected.put("integralDouble", 1e16);
    expected.put("list", List.of(1L, 1.0, -7L, -7.0));
    readBack(map).forEach((place, back) -> assertThat(back).as(place).isEqualTo(expected));
  }

  @Test
  void floatsComeBackAsTheSameFloatsWhereTypedAndAsTheirShortestDecimalWhereUntyped() {
    List<Float> many = List.of(0.1f, 1f / 3, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
        -Float.MAX_VALUE, 16_777_216f, -0.0f, 0f, 2.5e-20f);
    configs().put(new Floats("f", 0.1f, many));

    Floats back = configs().get(Floats.class, "f");
    assertThat(Float.floatToRawIntBits(back.single())).isEqualTo(Float.floatToRawIntBits(0.1f));
    assertThat(back.many().stream().map(Float::floatToRawIntBits).toList())
        .isEqualTo(many.stream().map(Float::floatToRawIntBits).toList());
    // Untyped, a float reads as the double of its shortest decimal form: 0.1f as 0.1.
    readBack(Map.of("tenth", 0.1f, "third", 1f / 3)).forEach((place, map) ->
        assertThat(map).as(place).isEqualTo(Map.of("tenth", 0.1, "third", 0.33333334)));
  }

  @Test
  void bigDecimalsKeepTheirValueAndScaleAndBigIntegersTheirValue() {
    BigInteger huge = BigInteger.TWO.pow(100);
    BigInteger negative = BigInteger.TWO.pow(70).add(BigInteger.ONE).negate();
    Decimals decimals = new Decimals("d", new BigDecimal("0.10000000000000000000000000000001"),
        new BigDecimal("2.50"), huge, negative);

    configs().put(decimals);

    assertThat(configs().get(Decimals.class, "d")).isEqualTo(decimals);
    // Untyped, an integral value beyond a long reads as a BigInteger.
    readBack(Map.of("huge", huge, "negative", negative, "list", List.of(huge)))
        .forEach((place, map) -> assertThat(map).as(place)
            .isEqualTo(Map.of("huge", huge, "negative", negative, "list", List.of(huge))));
  }

  @Test
  void instantsRoundTripToTheNanosecondWhetherTypedOrNot() {
    List<Instant> more = List.of(Instant.EPOCH, Instant.parse("1969-07-20T20:17:40Z"),
        Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("2026-03-01T00:00:00.001Z"), Instant.parse("2026-03-01T00:00:00.000001Z"));
    Times times = new Times("t", NANOS, more);

    configs().put(times);

    assertThat(configs().get(Times.class, "t")).isEqualTo(times);
    readBack(Map.of("at", NANOS, "more", more)).forEach((place, map) ->
        assertThat(map).as(place).isEqualTo(Map.of("at", NANOS, "more", more)));
  }

  @Test
  void byteArraysRoundTripWithEveryByteValueWhetherTypedOrNot() {
    byte[] every = new byte[256];
    for (int i = 0; i < every.length; i++) {
      every[i] = (byte) i;
    }
    configs().put(new Blob("b", every, List.of(new byte[0], new byte[] {0}, new byte[] {-1, 127})));

    Blob back = configs().get(Blob.class, "b");
    assertThat(back.content()).containsExactly(every);
    assertThat(back.chunks()).hasSize(3);
    assertThat(back.chunks().get(0)).isEmpty();
    assertThat(back.chunks().get(1)).containsExactly(0);
    assertThat(back.chunks().get(2)).containsExactly(-1, 127);
    readBack(Map.of("every", every, "empty", new byte[0])).forEach((place, map) -> {
      assertThat(map.get("every")).as(place).isInstanceOf(byte[].class);
      assertThat((byte[]) map.get("every")).as(place).containsExactly(every);
      assertThat((byte[]) map.get("empty")).as(place).isEmpty();
    });
  }

  @Test
  void enumsComeBackAsConstantsWhereTypedOrRegisteredAndAsTheirNamesOtherwise() {
    Structure structure = new Structure("s", List.of(), Map.of(), Set.of(), new TreeSet<>(),
        Set.of(Mode.TRAIN, Mode.EVAL), Map.of(Mode.EVAL, 2, Mode.TRAIN, 1));
    configs().put(structure);

    assertThat(configs().get(Structure.class, "s")).isEqualTo(structure);
    readBack(Map.of("registered", Split.VALIDATION, "unregistered", Mode.EVAL,
        "list", List.of(Split.TEST, Mode.TRAIN))).forEach((place, map) -> assertThat(map)
            .as(place).isEqualTo(Map.of("registered", Split.VALIDATION, "unregistered", "EVAL",
                "list", List.of(Split.TEST, "TRAIN"))));
  }

  @Test
  void nestedListsAndMapsKeepTheirStructureWhetherTypedOrNot() {
    Structure structure = new Structure("s", List.of(List.of(1, 2), List.of(), List.of(3)),
        Map.of("a", List.of(Map.of("x", 1L), Map.of()), "b", List.of()), Set.of(),
        new TreeSet<>(), Set.of(), Map.of());
    configs().put(structure);

    assertThat(configs().get(Structure.class, "s")).isEqualTo(structure);
    Map<String, Object> tree = Map.of(
        "grid", List.of(List.of(1L, 2L), List.of(), List.of(List.of(List.of(3L)))),
        "deep", Map.of("a", Map.of("b", Map.of("c", List.of(Map.of("d", "e"), List.of())))),
        "mixed", List.of(1L, "two", 3.5, true, false, Map.of("k", List.of())),
        "emptyMap", Map.of(),
        "emptyList", List.of());
    readBack(tree).forEach((place, map) -> assertThat(map).as(place).isEqualTo(tree));
  }

  @Test
  void setsComeBackAsEqualSetsWhereTypedAndAsListsOfTheirElementsWhereUntyped() {
    Structure structure = new Structure("s", List.of(), Map.of(),
        Set.of("pear", "apple", "fig", ""), new TreeSet<>(List.of(3, -1, 2)), Set.of(Mode.EVAL),
        Map.of());
    configs().put(structure);

    Structure back = configs().get(Structure.class, "s");
    assertThat(back).isEqualTo(structure);
    assertThat(back.sorted()).containsExactly(-1, 2, 3);
    readBack(Map.of("set", Set.of("pear", "apple", "fig"))).forEach((place, map) ->
        assertThat(map.get("set")).as(place).asInstanceOf(InstanceOfAssertFactories.LIST)
            .containsExactlyInAnyOrder("pear", "apple", "fig"));
  }

  @Test
  void unregisteredRecordsComeBackAsRecordsWhereTypedAndAsMapsWhereUntyped() {
    Placed placed = new Placed("p", new Point(1, -2), List.of(new Point(0, 0), new Point(3, 4)));
    configs().put(placed);

    assertThat(configs().get(Placed.class, "p")).isEqualTo(placed);
    readBack(Map.of("origin", new Point(1, -2))).forEach((place, map) ->
        assertThat(map).as(place).isEqualTo(Map.of("origin", Map.of("x", 1L, "y", -2L))));
  }

  @Test
  void aFieldDeclaredAsAnInterfaceRoundTripsByItsValuesRegisteredType() {
    Drawing drawing = new Drawing("d", new Circle(1.5),
        List.of(new Square(2.0), new Circle(0.5), new Square(-0.0)),
        Map.of("left", new Circle(3.0), "right", new Square(4.0)));

    configs().put(drawing);

    Drawing back = configs().get(Drawing.class, "d");
    assertThat(back).isEqualTo(drawing);
    assertThat(back.shapes()).hasExactlyElementsOfTypes(Square.class, Circle.class, Square.class);
  }

  @Test
  void registeredValuesInUntypedPlacesComeBackAsTheirRegisteredTypes() {
    Optimizer adam = new Optimizer("adam", 0.001, List.of(64, 32));
    Map<String, Object> values = Map.of("optimizer", adam, "shape", new Circle(2.0),
        "shapes", List.of(new Square(1.0), new Circle(1.0)), "split", Split.TEST);

    readBack(values).forEach((place, map) -> {
      assertThat(map).as(place).isEqualTo(values);
      assertThat(map.get("optimizer")).as(place).isInstanceOf(Optimizer.class);
    });
  }

  @Test
  void aCustomCodecsValuesRoundTripWhereverTheyAppear() {
    Interval interval = new Interval(-3, 5);
    Measurement reading = new Measurement(-0.0, "°C", NANOS);
    Measurement other = new Measurement(21.5, "kg", Instant.EPOCH);
    Measured measured = new Measured("m", interval, List.of(reading, other));

    configs().put(measured);

    assertThat(configs().get(Measured.class, "m")).isEqualTo(measured);
    Map<String, Object> values = Map.of("interval", interval, "reading", reading,
        "list", List.of(other, new Interval(0, 0)));
    readBack(values).forEach((place, map) -> assertThat(map).as(place).isEqualTo(values));
  }

  @Test
  void mapKeysStartingWithAtRoundTripAndAreNeverReadAsTags() {
    // Stored at once, so that a backend that took the reference below for a real one could
    // resolve it to this optimizer.
    configs().put(new Optimizer("adam", 0.001, List.of(64)));
    Map<String, Object> tricky = new LinkedHashMap<>();
    tricky.put("@type", "not a tag");
    tricky.put("@ref", "optimizer");
    tricky.put("@", "at");
    tricky.put("@@", "two ats");
    tricky.put("@value", List.of(1L));
    tricky.put("name", "adam");
    tricky.put("taggedDouble", Map.of("@type", "double", "value", "NaN"));
    tricky.put("taggedInstant", Map.of("@type", "instant", "value", "2026-01-02T03:04:05Z"));
    tricky.put("reference", Map.of("@ref", "optimizer", "name", "adam"));
    tricky.put("nested", List.of(Map.of("@@type", Map.of("@x", "y"))));

    readBack(tricky).forEach((place, map) -> assertThat(map).as(place).isEqualTo(tricky));
  }

  @Test
  void mapKeysAndTextThatTroubleDatabasesRoundTrip() {
    List<String> keys = List.of("a.b", "$set", "$", "a$b", "with \"quotes\"", "it's",
        "back\\slash", "", " spaced ", "tab\there", "line\nbreak", "😀 émoji", "null", "_id",
        "__proto__", "'); drop table configs; --", "{}", "[0]", "%s", "key:value", "a/b");
    Map<String, Object> map = new LinkedHashMap<>();
    for (String key : keys) {
      map.put(key, key.isEmpty() ? "empty key" : key);
    }
    map.put("nested", Map.of("$gt", Map.of("a.b", List.of("$in"))));

    readBack(map).forEach((place, back) -> assertThat(back).as(place).isEqualTo(map));
  }

  @Test
  void nullValuesInMapsAndListsAreKeptAsNull() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("deep", null);
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("missing", null);
    map.put("list", Arrays.asList(null, 1L, null));
    map.put("inner", inner);
    map.put("present", "yes");

    readBack(map).forEach((place, back) -> {
      assertThat(back).as(place).isEqualTo(map);
      assertThat(back).as(place).containsKey("missing");
      assertThat(back.get("inner")).as(place).asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsKey("deep");
    });
  }

  @Test
  void paramsGivenAsARecordConvertBackIntoTheRecord() {
    Hyper hyper = new Hyper(0.1, 3, Mode.EVAL, List.of(64, 32), NANOS, Optional.of("warm"));
    Hyper sparse = new Hyper(-0.0, -1, Mode.TRAIN, List.of(), Instant.EPOCH, Optional.empty());
    String id = experimentId();

    Run run = experiments().getRun(experiments().createRun(id, RunSpec.create().params(hyper)).id());
    Run other = experiments().getRun(experiments().createRun(id, RunSpec.create().params(sparse)).id());

    assertThat(codecs().convert(run.params(), Hyper.class)).isEqualTo(hyper);
    assertThat(run.params().get("layers")).isEqualTo(3L);
    assertThat(run.params().get("mode")).isEqualTo("EVAL");
    Hyper sparseBack = codecs().convert(other.params(), Hyper.class);
    assertThat(sparseBack).isEqualTo(sparse);
    assertThat(Double.doubleToRawLongBits(sparseBack.learningRate()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void notANumberInRunParamsSurvivesCreatingAndUpdatingTheRun() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("loss", Double.NaN);
    params.put("history", List.of(0.5, Double.NaN, 0.25));
    params.put("best", Map.of("value", Double.NaN, "step", 3L));
    params.put("single", Float.NaN);

    readBack(params).forEach((place, map) -> {
      assertThat(map).as(place).containsOnlyKeys("loss", "history", "best", "single");
      assertThat(map.get("loss")).as(place).isEqualTo(Double.NaN);
      assertThat(map.get("history")).as(place).isEqualTo(List.of(0.5, Double.NaN, 0.25));
      assertThat(map.get("best")).as(place).isEqualTo(Map.of("value", Double.NaN, "step", 3L));
      assertThat(map.get("single")).as(place).isEqualTo(Double.NaN);
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * The map as read back from every place a store keeps one: a config's body, a run's params
   * as created, and a run's params, results and extras after an update; by place.
   */
  private Map<String, Map<String, Object>> readBack(Map<String, ?> value) {
    Map<String, Map<String, Object>> back = new LinkedHashMap<>();
    String name = "value-" + ++stored;
    configs().put(new Notes(name, new LinkedHashMap<>(value)));
    back.put("config body", configs().get(Notes.class, name).body());

    Run created = experiments().createRun(experimentId(), RunSpec.create().params(value));
    back.put("params of a new run", experiments().getRun(created.id()).params());

    Run blank = experiments().createRun(experimentId());
    experiments().updateRun(blank.withParams(value).withResults(value).withExtras(value));
    Run updated = experiments().getRun(blank.id());
    back.put("params after an update", updated.params());
    back.put("results after an update", updated.results());
    back.put("extras after an update", updated.extras());
    return back;
  }

  private String experimentId() {
    if (experimentId == null) {
      experimentId = experiments().create("codecs").id();
    }
    return experimentId;
  }

  private static List<Long> bitsOf(double[] values) {
    return Arrays.stream(values).mapToObj(Double::doubleToRawLongBits).toList();
  }

  private static List<Long> bitsOf(List<?> values) {
    List<Long> bits = new ArrayList<>();
    for (Object value : values) {
      assertThat(value).isInstanceOf(Double.class);
      bits.add(Double.doubleToRawLongBits((Double) value));
    }
    return bits;
  }
}
