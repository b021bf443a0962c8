package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import dev.labbook.CodecException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers: finite values as JSON numbers, NaN, the infinities and -0.0 as
 * {@code {"@type":"double","value":"NaN"}}; decoding converts exactly or fails.
 */
final class Numbers {
  static final String DOUBLE = "double";

  private Numbers() {}

  /** The encoding of a number of a built-in number type, or null for other Number classes. */
  static JsonNode encode(Number n) {
    if (n instanceof Integer i) {
      return IntNode.valueOf(i);
    } else if (n instanceof Long l) {
      return LongNode.valueOf(l);
    } else if (n instanceof Double d) {
      return encodeDouble(d);
    } else if (n instanceof Float f) {
      if (!Float.isFinite(f) || isNegativeZero(f)) {
        return encodeDouble(f.doubleValue());
      }
      // the float's shortest decimal form, so 0.1f is stored as 0.1 and decodes back to 0.1f
      return DoubleNode.valueOf(Double.parseDouble(Float.toString(f)));
    } else if (n instanceof Short s) {
      return ShortNode.valueOf(s);
    } else if (n instanceof Byte b) {
      return IntNode.valueOf(b);
    } else if (n instanceof BigInteger b) {
      return BigIntegerNode.valueOf(b);
    } else if (n instanceof BigDecimal b) {
      return DecimalNode.valueOf(b);
    }
    return null;
  }

  static JsonNode encodeDouble(double d) {
    if (Double.isFinite(d) && !isNegativeZero(d)) {
      return DoubleNode.valueOf(d);
    }
    ObjectNode tagged = JsonNodeFactory.instance.objectNode();
    tagged.put(CodecRegistry.TYPE_KEY, DOUBLE);
    tagged.put("value", Double.isNaN(d) ? "NaN" : d == Double.POSITIVE_INFINITY ? "Infinity"
        : d == Double.NEGATIVE_INFINITY ? "-Infinity" : "-0.0");
    return tagged;
  }

  /** The payload of a {@code "double"} tag. */
  static double decodeTagged(JsonNode value) {
    if (value != null && value.isTextual()) {
      switch (value.textValue()) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        case "-0.0": return -0.0;
        default: break;
      }
    }
    throw new CodecException("malformed \"double\" value " + value
        + ": allowed are \"NaN\", \"Infinity\", \"-Infinity\" and \"-0.0\"");
  }

  /** A JSON number in its natural form: Long if integral and fits, BigInteger, else Double. */
  static Number natural(JsonNode node) {
    if (node.isFloat()) {
      return floatAsDouble(node);
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Number) node.longValue() : node.bigIntegerValue();
    }
    if (node.isBigDecimal()) {
      double d = node.doubleValue();
      return Double.isInfinite(d) ? node.decimalValue() : (Number) d;
    }
    return node.doubleValue();
  }

  /** A float node (which some trees hold) as the double of the float's shortest decimal form. */
  static double floatAsDouble(JsonNode node) {
    return Double.parseDouble(Float.toString(node.floatValue()));
  }

  /** True for the classes {@link #convert} produces. */
  static boolean isTarget(Class<?> raw) {
    Class<?> c = Types.boxed(raw);
    return c == Integer.class || c == Long.class || c == Double.class || c == Float.class
        || c == Short.class || c == Byte.class || c == BigInteger.class
        || c == BigDecimal.class || c == Number.class;
  }

  /**
   * Converts {@code value} (Long, BigInteger, Double or BigDecimal) to {@code raw} exactly: no
   * fraction is dropped and no integral value is wrapped around.
   */
  static Object convert(Number value, Class<?> raw, Path path) {
    Class<?> target = Types.boxed(raw);
    if (target == Number.class) {
      return value;
    }
    if (target == Double.class || target == Float.class) {
      double d = value instanceof Double x ? x : value.doubleValue();
      boolean finite = !(value instanceof Double x) || Double.isFinite(x);
      if (target == Double.class) {
        if (finite && Double.isInfinite(d)) {
          throw notFit(value, raw, path, "it is beyond the range of a double");
        }
        return d;
      }
      float f = (float) d;
      if (finite && Float.isInfinite(f)) {
        throw notFit(value, raw, path, "it is beyond the range of a float");
      }
      return f;
    }
    if (target == BigDecimal.class) {
      if (value instanceof Double d) {
        if (!Double.isFinite(d)) {
          throw notFit(value, raw, path, "a BigDecimal is finite");
        }
        return BigDecimal.valueOf(d);
      }
      return value instanceof BigDecimal b ? b : value instanceof BigInteger b
          ? new BigDecimal(b) : BigDecimal.valueOf(value.longValue());
    }
    BigInteger integral = integral(value, raw, path);
    if (target == BigInteger.class) {
      return integral;
    }
    int bits = target == Long.class ? 63 : target == Integer.class ? 31
        : target == Short.class ? 15 : 7;
    if (integral.bitLength() > bits) {
      throw notFit(value, raw, path, "it is out of range");
    }
    long l = integral.longValue();
    return target == Long.class ? (Object) l : target == Integer.class ? (Object) (int) l
        : target == Short.class ? (Object) (short) l : (Object) (byte) l;
  }

  private static BigInteger integral(Number value, Class<?> raw, Path path) {
    if (value instanceof Long l) {
      return BigInteger.valueOf(l);
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    BigDecimal decimal;
    if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        throw notFit(value, raw, path, "it is not a finite number");
      }
      decimal = new BigDecimal(d);
    } else {
      decimal = (BigDecimal) value;
    }
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw notFit(value, raw, path, "a fractional value never truncates into an integral type");
    }
  }

  private static CodecException notFit(Number value, Class<?> raw, Path path, String why) {
    return new CodecException("cannot decode the number " + value + " at " + path + " into "
        + raw.getName() + ": " + why);
  }

  private static boolean isNegativeZero(double d) {
    return d == 0 && Double.doubleToRawLongBits(d) != 0;
  }

  private static boolean isNegativeZero(float f) {
    return f == 0 && Float.floatToRawIntBits(f) != 0;
  }
}
