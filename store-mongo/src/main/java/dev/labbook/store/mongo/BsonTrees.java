package dev.labbook.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Converts Labbook's encoded documents (Jackson trees) to BSON and back, exactly.
 *
 * <p>Numbers keep their kind: an int is an int32, a long an int64, a double a BSON double (bit
 * for bit, {@code -0.0} and NaN included). Kinds BSON lacks are kept as one-key documents whose
 * key begins with {@code %}: {@code {"%i": "123…"}} a big integer, {@code {"%d": "1.50"}} a
 * big decimal (scale kept), {@code {"%f": "1.5"}} a float, {@code {"%s": 7}} a short. No user
 * key can produce such a document, because user keys are escaped ({@link #encodeKey}).
 *
 * <p>Refused, with {@link InvalidInputException} naming what: keys holding NUL (BSON keys are
 * C strings) and documents nested more than {@value #MAX_DEPTH} levels (MongoDB stores at most
 * 100, and the store's own fields take some). Both are on the list of what a backend may refuse.
 */
final class BsonTrees {
  /** The deepest nesting a document may have; the primitives' contract allows refusing more. */
  static final int MAX_DEPTH = 64;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String BIG_INTEGER = "%i";
  private static final String BIG_DECIMAL = "%d";
  private static final String FLOAT = "%f";
  private static final String SHORT = "%s";
  private static final String EMPTY_KEY = "%";

  private BsonTrees() {}

  /**
   * A user document as BSON.
   *
   * @param what names the document in messages, e.g. "params of run 0190…"
   * @throws InvalidInputException for a NUL in a key or nesting deeper than {@value #MAX_DEPTH}
   */
  static BsonDocument toBson(ObjectNode node, String what) {
    return object(node, what, 1);
  }

  /** The user document a {@link #toBson} document stands for. */
  static ObjectNode toJson(BsonDocument document) {
    ObjectNode node = JSON.objectNode();
    for (Map.Entry<String, BsonValue> e : document.entrySet()) {
      node.set(decodeKey(e.getKey()), value(e.getValue()));
    }
    return node;
  }

  /**
   * A user key as a MongoDB field name: {@code %} becomes {@code %25}, {@code .} becomes
   * {@code %2E}, a leading {@code $} becomes {@code %24}, and the empty key becomes {@code %}.
   * Reversible, and the result never holds {@code .} nor starts with {@code $}.
   */
  static String encodeKey(String key) {
    if (key.isEmpty()) {
      return EMPTY_KEY;
    }
    StringBuilder out = null;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      String replacement = c == '%' ? "%25" : c == '.' ? "%2E" : c == '$' && i == 0 ? "%24" : null;
      if (replacement != null && out == null) {
        out = new StringBuilder(key.length() + 8).append(key, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? key : out.toString();
  }

  /** The inverse of {@link #encodeKey}. */
  static String decodeKey(String field) {
    if (field.equals(EMPTY_KEY)) {
      return "";
    }
    if (field.indexOf('%') < 0) {
      return field;
    }
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '%' && i + 2 < field.length()) {
        String code = field.substring(i + 1, i + 3);
        out.append(switch (code) {
          case "25" -> '%';
          case "2E" -> '.';
          case "24" -> '$';
          default -> throw new IllegalStateException("stored field name " + field + " is not escaped by Labbook");
        });
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static BsonDocument object(JsonNode node, String what, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(what + " is nested deeper than " + MAX_DEPTH
          + " levels; the MongoDB store keeps documents at most " + MAX_DEPTH + " levels deep");
    }
    BsonDocument document = new BsonDocument();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().indexOf('\u0000') >= 0) {
        throw new InvalidInputException(what + " has the key \"" + e.getKey().replace("\u0000", "\\u0000")
            + "\", which holds the NUL character U+0000; MongoDB field names cannot hold it");
      }
      document.put(encodeKey(e.getKey()), value(e.getValue(), what, depth));
    }
    return document;
  }

  private static BsonValue value(JsonNode node, String what, int depth) {
    switch (node.getNodeType()) {
      case OBJECT:
        return object(node, what, depth + 1);
      case ARRAY: {
        if (depth + 1 > MAX_DEPTH) {
          throw new InvalidInputException(what + " is nested deeper than " + MAX_DEPTH
              + " levels; the MongoDB store keeps documents at most " + MAX_DEPTH + " levels deep");
        }
        BsonArray array = new BsonArray();
        for (JsonNode element : node) {
          array.add(value(element, what, depth + 1));
        }
        return array;
      }
      case STRING:
        return new BsonString(node.textValue());
      case BOOLEAN:
        return BsonBoolean.valueOf(node.booleanValue());
      case NULL:
      case MISSING:
        return BsonNull.VALUE;
      case BINARY:
        try {
          return new BsonBinary(node.binaryValue());
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      case NUMBER:
        return number(node);
      default:
        throw new InvalidInputException(what + " holds a " + node.getNodeType()
            + " value, which the MongoDB store cannot keep");
    }
  }

  private static BsonValue number(JsonNode node) {
    switch (node.numberType()) {
      case INT:
        return node.isShort() ? new BsonDocument(SHORT, new BsonInt32(node.intValue()))
            : new BsonInt32(node.intValue());
      case LONG:
        return new BsonInt64(node.longValue());
      case DOUBLE:
        return new BsonDouble(node.doubleValue());
      case FLOAT:
        return new BsonDocument(FLOAT, new BsonString(Float.toString(node.floatValue())));
      case BIG_INTEGER:
        return new BsonDocument(BIG_INTEGER, new BsonString(node.bigIntegerValue().toString()));
      case BIG_DECIMAL:
        return new BsonDocument(BIG_DECIMAL, new BsonString(node.decimalValue().toString()));
      default:
        throw new IllegalStateException("unknown number type " + node.numberType());
    }
  }

  private static JsonNode value(BsonValue value) {
    switch (value.getBsonType()) {
      case DOCUMENT: {
        BsonDocument document = value.asDocument();
        if (document.size() == 1) {
          String key = document.getFirstKey();
          BsonValue inner = document.get(key);
          switch (key) {
            case BIG_INTEGER: return JSON.numberNode(new BigInteger(inner.asString().getValue()));
            case BIG_DECIMAL: return JSON.numberNode(new BigDecimal(inner.asString().getValue()));
            case FLOAT: return JSON.numberNode(Float.parseFloat(inner.asString().getValue()));
            case SHORT: return JSON.numberNode((short) inner.asInt32().getValue());
            default: break;
          }
        }
        return toJson(document);
      }
      case ARRAY: {
        ArrayNode array = JSON.arrayNode();
        for (BsonValue element : value.asArray()) {
          array.add(value(element));
        }
        return array;
      }
      case STRING: return JSON.textNode(value.asString().getValue());
      case BOOLEAN: return JSON.booleanNode(value.asBoolean().getValue());
      case NULL: return JSON.nullNode();
      case INT32: return JSON.numberNode(value.asInt32().getValue());
      case INT64: return JSON.numberNode(value.asInt64().getValue());
      case DOUBLE: return JSON.numberNode(value.asDouble().getValue());
      case BINARY: return JSON.binaryNode(value.asBinary().getData());
      default:
        throw new IllegalStateException("a stored document holds a " + value.getBsonType()
            + " value, which Labbook never writes");
    }
  }
}
