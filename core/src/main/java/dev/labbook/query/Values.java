package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The value semantics of the query model: how view values are normalized, when two values are
 * equal, when and how they are ordered by comparison operators, and the total order used for
 * sorting. {@link QueryEvaluator} documents the rules; this class is their one implementation.
 * Java null stands for a missing value throughout.
 */
final class Values {
  static final String TYPE_KEY = "@type";
  private static final long NEGATIVE_ZERO_BITS = Double.doubleToRawLongBits(-0.0);

  /** Sort ranks, lowest first. */
  enum Kind { NULL, BOOLEAN, NUMBER, STRING, OTHER }

  private Values() {}

  /** The double a codec-tagged double stands for, or null if {@code node} is not one. */
  static Double taggedDouble(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode type = node.get(TYPE_KEY);
    JsonNode value = node.get("value");
    if (type == null || !"double".equals(type.textValue()) || value == null || !value.isTextual()) {
      return null;
    }
    switch (value.textValue()) {
      case "NaN": return Double.NaN;
      case "Infinity": return Double.POSITIVE_INFINITY;
      case "-Infinity": return Double.NEGATIVE_INFINITY;
      case "-0.0": return -0.0;
      default: return null;
    }
  }

  static boolean isTaggedDouble(JsonNode node) {
    return taggedDouble(node) != null;
  }

  /** A tagged double as a double node; any other node as is. */
  static JsonNode normalize(JsonNode node) {
    Double d = taggedDouble(node);
    return d == null ? node : DoubleNode.valueOf(d);
  }

  /**
   * The inverse of {@link #normalize} for what plain JSON cannot hold: NaN, infinite and
   * negative-zero floating-point nodes become tagged doubles; anything else is returned as is.
   */
  static JsonNode encode(JsonNode node) {
    if (node == null || !(node.isDouble() || node.isFloat())) {
      return node;
    }
    double d = node.doubleValue();
    String text = Double.isNaN(d) ? "NaN"
        : d == Double.POSITIVE_INFINITY ? "Infinity"
        : d == Double.NEGATIVE_INFINITY ? "-Infinity"
        : Double.doubleToRawLongBits(d) == NEGATIVE_ZERO_BITS ? "-0.0" : null;
    if (text == null) {
      return node;
    }
    ObjectNode tagged = JsonNodeFactory.instance.objectNode();
    tagged.put(TYPE_KEY, "double");
    tagged.put("value", text);
    return tagged;
  }

  /** The sort kind of a (normalized) value; missing and JSON null are both NULL. */
  static Kind kind(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Kind.NULL;
    }
    if (node.isBoolean()) {
      return Kind.BOOLEAN;
    }
    if (node.isNumber()) {
      return Kind.NUMBER;
    }
    return node.isTextual() ? Kind.STRING : Kind.OTHER;
  }

  static boolean isNaN(JsonNode node) {
    return (node.isDouble() || node.isFloat()) && Double.isNaN(node.doubleValue());
  }

  /**
   * Whether {@code a = b} holds: both present, and both JSON null, or both booleans alike, or
   * both numbers (not NaN) of equal value, or both strings with the same characters.
   */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
      return false;
    }
    Kind kind = kind(a);
    if (kind != kind(b)) {
      return false;
    }
    switch (kind) {
      case NULL: return true;
      case BOOLEAN: return a.booleanValue() == b.booleanValue();
      case NUMBER: return !isNaN(a) && !isNaN(b) && compareNumbers(a, b) == 0;
      case STRING: return a.textValue().equals(b.textValue());
      default: return false;
    }
  }

  /**
   * Whether {@code a op b} holds for an ordering operator ({@code < <= > >=}): both numbers
   * (neither NaN) or both strings, compared as {@link #compareNumbers} and
   * {@link #compareStrings} do. Anything else is false.
   */
  static boolean ordered(Operator op, JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    Kind kind = kind(a);
    int c;
    if (kind == Kind.NUMBER && kind(b) == Kind.NUMBER && !isNaN(a) && !isNaN(b)) {
      c = compareNumbers(a, b);
    } else if (kind == Kind.STRING && kind(b) == Kind.STRING) {
      c = compareStrings(a.textValue(), b.textValue());
    } else {
      return false;
    }
    switch (op) {
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      case GE: return c >= 0;
      default: throw new IllegalArgumentException("not an ordering operator: " + op);
    }
  }

  /**
   * The total order for sorting: missing = null &lt; false &lt; true &lt; numbers &lt; strings
   * &lt; arrays and objects (all tied with each other).
   */
  static int compareTotal(JsonNode a, JsonNode b) {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      return ka.compareTo(kb);
    }
    switch (ka) {
      case BOOLEAN: return Boolean.compare(a.booleanValue(), b.booleanValue());
      case NUMBER: return compareNumbers(a, b);
      case STRING: return compareStrings(a.textValue(), b.textValue());
      default: return 0;
    }
  }

  /**
   * Numbers in a total order: NaN &lt; -Infinity &lt; finite numbers &lt; +Infinity. Finite
   * numbers compare by the exact decimal value of their JSON text, a double as
   * {@link Double#toString(double)} writes it and a float as {@link Float#toString(float)}
   * does; so {@code 1 = 1.0}, {@code -0.0 = 0} and the double 0.1 equals the decimal 0.1.
   */
  static int compareNumbers(JsonNode a, JsonNode b) {
    if (isExactLong(a) && isExactLong(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    int ca = numberClass(a);
    int cb = numberClass(b);
    if (ca != cb || ca != 2) {
      return Integer.compare(ca, cb);
    }
    return decimal(a).compareTo(decimal(b));
  }

  private static boolean isExactLong(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  /** 0 NaN, 1 -Infinity, 2 finite, 3 +Infinity. */
  private static int numberClass(JsonNode n) {
    if (!(n.isDouble() || n.isFloat())) {
      return 2;
    }
    double d = n.doubleValue();
    return Double.isNaN(d) ? 0 : d == Double.NEGATIVE_INFINITY ? 1 : d == Double.POSITIVE_INFINITY ? 3 : 2;
  }

  private static BigDecimal decimal(JsonNode n) {
    if (n.isDouble()) {
      return BigDecimal.valueOf(n.doubleValue());
    }
    if (n.isFloat()) {
      return new BigDecimal(Float.toString(n.floatValue()));
    }
    if (n.isBigDecimal()) {
      return n.decimalValue();
    }
    if (n.isBigInteger()) {
      return new BigDecimal(n.bigIntegerValue());
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /**
   * Strings by Unicode code point, not by locale or UTF-16 unit (the order of UTF-8 bytes, of
   * SQL's {@code COLLATE "C"} on UTF-8 and of MongoDB's default comparison).
   */
  static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return Integer.compare(codePointRank(ca), codePointRank(cb));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Moves surrogates (U+D800..U+DFFF) above U+E000..U+FFFF: UTF-16 order becomes code point order. */
  private static int codePointRank(char c) {
    return c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
  }
}
