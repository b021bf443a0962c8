package dev.labbook.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Types the codec tests encode. */
final class Fixtures {
  private Fixtures() {}

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  interface Shape {
    double area();
  }

  record Circle(double radius) implements Shape {
    @Override
    public double area() {
      return Math.PI * radius * radius;
    }
  }

  record Square(double side) implements Shape {
    @Override
    public double area() {
      return side * side;
    }
  }

  /** Not registered anywhere. */
  record Triangle(double base, double height) implements Shape {
    @Override
    public double area() {
      return base * height / 2;
    }
  }

  record Drawing(String title, Shape main, List<Shape> others) {}

  enum Color { RED, GREEN, BLUE }

  enum Op {
    ADD { @Override int apply(int a, int b) { return a + b; } },
    MUL { @Override int apply(int a, int b) { return a * b; } };

    abstract int apply(int a, int b);
  }

  record Task(String name, int trials, Optional<String> note, Color color) {}

  record Experiment(String name, Task task, Map<String, Task> variants, Instant started) {}

  record Point(int x, int y) {}

  record Box<T>(T content, List<T> more) {}

  record Primitives(boolean b, char c, byte by, short s, int i, long l, float f, double d) {}

  record Checked(int value) {
    Checked {
      if (value < 0) {
        throw new IllegalArgumentException("value must not be negative");
      }
    }
  }

  /** A mutable bean with getters and setters, and a private field set through a setter only. */
  public static class Settings {
    private String name;
    private double rate = 1.0;
    private List<Double> weights;
    private Shape shape;
    private Instant when;
    private String secret = "hidden";

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public double getRate() {
      return rate;
    }

    public void setRate(double rate) {
      this.rate = rate;
    }

    public List<Double> getWeights() {
      return weights;
    }

    public void setWeights(List<Double> weights) {
      this.weights = weights;
    }

    public Shape getShape() {
      return shape;
    }

    public void setShape(Shape shape) {
      this.shape = shape;
    }

    public Instant getWhen() {
      return when;
    }

    public void setWhen(Instant when) {
      this.when = when;
    }

    @JsonIgnore
    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }
  }

  /** An immutable bean built through an annotated creator. */
  public static final class Range {
    private final double low;
    private final double high;

    @JsonCreator
    public Range(@JsonProperty("low") double low, @JsonProperty("high") double high) {
      this.low = low;
      this.high = high;
    }

    public double getLow() {
      return low;
    }

    public double getHigh() {
      return high;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Range r && Double.compare(r.low, low) == 0
          && Double.compare(r.high, high) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(low, high);
    }
  }

  /** A creator whose parameters are named only by the compiler's -parameters. */
  public static final class Interval {
    private final int from;
    private final int to;

    @JsonCreator
    public Interval(int from, int to) {
      this.from = from;
      this.to = to;
    }

    public int getFrom() {
      return from;
    }

    public int getTo() {
      return to;
    }
  }

  /** A class the default codec cannot handle: no properties, no registration. */
  static final class Opaque {
    final int secret;

    Opaque(int secret) {
      this.secret = secret;
    }
  }

  /** A custom codec storing a Point as "x,y". */
  static final class PointCodec implements Codec<Point> {
    @Override
    public JsonNode encode(Point value, Encoding nested) {
      return TextNode.valueOf(value.x() + "," + value.y());
    }

    @Override
    public Point decode(JsonNode node, Decoding nested) {
      String[] parts = node.textValue().split(",");
      return new Point(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }
  }

  /** A base class with a custom codec; subclasses are not registered. */
  static class Animal {
    final String name;

    Animal(String name) {
      this.name = name;
    }
  }

  static final class Dog extends Animal {
    Dog(String name) {
      super(name);
    }
  }

  /** Encodes an Animal as an object whose only key is "value", to test the wrapping rule. */
  static final class AnimalCodec implements Codec<Animal> {
    @Override
    public JsonNode encode(Animal value, Encoding nested) {
      return JsonNodeFactory.instance.objectNode().set("value", nested.encode(value.name));
    }

    @Override
    public Animal decode(JsonNode node, Decoding nested) {
      return new Animal((String) nested.decode(node.get("value"), String.class));
    }
  }

  /** A holder whose codec stores nested values through the registry. */
  record Pair(Object left, Object right) {}

  static final class PairCodec implements Codec<Pair> {
    @Override
    public JsonNode encode(Pair value, Encoding nested) {
      return JsonNodeFactory.instance.arrayNode().add(nested.encode(value.left()))
          .add(nested.encode(value.right()));
    }

    @Override
    public Pair decode(JsonNode node, Decoding nested) {
      return new Pair(nested.decode(node.get(0), Object.class),
          nested.decode(node.get(1), Object.class));
    }
  }
}
