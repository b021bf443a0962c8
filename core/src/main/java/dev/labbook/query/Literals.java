package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.labbook.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/** Turns the Java values users put in filters into JSON literals. */
final class Literals {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ALLOWED = "allowed: String, Boolean, Byte, Short, Integer, Long,"
      + " BigInteger, Float, Double, BigDecimal, an enum, Instant, a scalar JsonNode, or null";

  private Literals() {}

  /**
   * Strings, booleans, numbers, enums (their name), {@link java.time.Instant} (epoch
   * milliseconds, the form time fields take in views) and JsonNode scalars; null is JSON null.
   * Numbers keep their Java type ({@code 1} an int node, {@code 1.5} a double node); NaN and
   * infinite doubles are allowed (NaN matches nothing).
   *
   * @throws dev.labbook.InvalidInputException for anything else, naming its type
   */
  static JsonNode of(Object value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (value instanceof JsonNode node) {
      if (node.isValueNode() && !node.isBinary() && !node.isPojo()) {
        return node;
      }
      throw new InvalidInputException("a filter value must be a scalar (string, number, boolean or"
          + " null), got the " + node.getNodeType() + " node " + abbreviate(node.toString()));
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof BigInteger b) {
      return NODES.numberNode(b);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof BigDecimal d) {
      return DecimalNode.valueOf(d);
    }
    if (value instanceof Enum<?> e) {
      return NODES.textNode(e.name());
    }
    if (value instanceof Instant t) {
      try {
        return NODES.numberNode(t.toEpochMilli());
      } catch (ArithmeticException e) {
        throw new InvalidInputException("the instant " + t + " is too far from 1970 to be a filter"
            + " value in epoch milliseconds", e);
      }
    }
    throw new InvalidInputException("cannot use a value of type " + value.getClass().getName()
        + " in a filter; " + ALLOWED);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
