package dev.labbook.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.query.FieldPath;
import dev.labbook.query.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonNull;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Translates core's query filters into MongoDB filter documents that <em>narrow</em> the
 * records: every record the filter matches (as {@link dev.labbook.query.QueryEvaluator} defines
 * it) matches the translation, and most records it does not match are left out by the server,
 * using the indexes. The exact filter then runs in Java on what the server returned.
 *
 * <p>Why not an exact translation: MongoDB's query language differs from the reference
 * semantics in corners that matter to the TCK. Dot paths look through arrays ({@code a.b}
 * finds {@code b} in the elements of an array {@code a}) and {@code {a: v}} matches an array
 * holding {@code v}; {@code {a: null}} matches a missing field; numbers of different types
 * compare by exact binary value while the reference compares a double by its shortest decimal
 * ({@code Double.toString}); {@code $ne} and {@code $not} do not treat those corners as the
 * reference does. Each of these only makes the translation match more, so it narrows
 * correctly, and the Java check removes the rest.
 *
 * <p>What is translated: comparisons, {@code in}, {@code contains} and {@code exists} on
 * strings, booleans, null and numbers (numbers as a range widened by two units in the last place
 * on each side, plus documents, which may be tagged doubles or wide numbers), and {@code and} and
 * {@code or} of those. Not translated (they match every record): {@code !=}, {@code not},
 * conditions on {@code metrics.<key>} (the latest values live in another collection), NaN and
 * infinite literals, and string order comparisons whose literal holds characters from U+D800
 * up (there UTF-16 order, used by some servers, differs from code point order).
 */
final class MongoFilters {
  /** Matches nothing, in a form every server understands. */
  private static final BsonDocument NOTHING =
      new BsonDocument(Records.ID, new BsonDocument("$in", new BsonArray()));

  /** Integers up to this magnitude are doubles exactly: there the server compares as core. */
  private static final long EXACT = 1L << 53;

  private MongoFilters() {}

  /** The narrowing filter; an empty document when nothing narrows. */
  static BsonDocument narrowing(Filter filter, Set<String> viewFields) {
    BsonDocument result = translate(filter, viewFields);
    return result == null ? new BsonDocument() : result;
  }

  /** A filter document, or null for "matches everything". */
  private static BsonDocument translate(Filter filter, Set<String> viewFields) {
    if (filter instanceof Filter.All) {
      return null;
    }
    if (filter instanceof Filter.And and) {
      BsonArray parts = new BsonArray();
      for (Filter operand : and.operands()) {
        BsonDocument part = translate(operand, viewFields);
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0).asDocument()
          : new BsonDocument("$and", parts);
    }
    if (filter instanceof Filter.Or or) {
      if (or.operands().isEmpty()) {
        return NOTHING.clone(); // an empty or matches nothing
      }
      List<BsonDocument> parts = new ArrayList<>();
      for (Filter operand : or.operands()) {
        BsonDocument part = translate(operand, viewFields);
        if (part == null) {
          return null; // one operand matches everything, so the or does
        }
        parts.add(part);
      }
      return any(parts);
    }
    if (filter instanceof Filter.Comparison c) {
      String field = field(c.field(), viewFields);
      if (field == null) {
        return null;
      }
      switch (c.operator()) {
        case EQ: return equal(field, c.value());
        case LT: case LE: return ordered(field, c.value(), false);
        case GT: case GE: return ordered(field, c.value(), true);
        // != is "not =": every record but those surely equal (missing fields, other kinds, NaN
        // and values the server cannot compare as core does all stay).
        default: return none(within(field, exactEqual(field, c.value())));
      }
    }
    if (filter instanceof Filter.In in) {
      String field = field(in.field(), viewFields);
      if (field == null) {
        return null;
      }
      if (in.values().isEmpty()) {
        return NOTHING.clone();
      }
      List<BsonDocument> parts = new ArrayList<>();
      for (JsonNode value : in.values()) {
        BsonDocument part = equal(field, value);
        if (part == null) {
          return null;
        }
        parts.add(part);
      }
      return any(parts);
    }
    if (filter instanceof Filter.Contains contains) {
      String field = field(contains.field(), viewFields);
      // {a: v} matches an array a holding v (and also a == v, which the Java check drops).
      return field == null ? null : equal(field, contains.value());
    }
    if (filter instanceof Filter.Exists exists) {
      String field = field(exists.field(), viewFields);
      return field == null ? null
          : new BsonDocument(field, new BsonDocument("$exists", BsonBoolean.TRUE));
    }
    if (filter instanceof Filter.Not not) {
      // The records the operand surely matches can be left out: the negation of a subset.
      return none(surely(not.operand(), viewFields));
    }
    return null;
  }

  /**
   * A filter document matching only records the filter matches (a <em>subset</em>, exact where
   * the server compares as core does), or null when none is known. Its negation narrows
   * {@code not} and {@code !=}.
   */
  private static BsonDocument surely(Filter filter, Set<String> viewFields) {
    if (filter instanceof Filter.All) {
      return new BsonDocument();
    }
    if (filter instanceof Filter.And and) {
      BsonArray parts = new BsonArray();
      for (Filter operand : and.operands()) {
        BsonDocument part = surely(operand, viewFields);
        if (part == null) {
          return null;
        }
        parts.add(part);
      }
      return parts.isEmpty() ? new BsonDocument() : new BsonDocument("$and", parts);
    }
    if (filter instanceof Filter.Or or) {
      List<BsonDocument> parts = new ArrayList<>();
      for (Filter operand : or.operands()) {
        BsonDocument part = surely(operand, viewFields);
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : any(parts);
    }
    if (filter instanceof Filter.Not not) {
      return none(translate(not.operand(), viewFields)); // the negation of a superset
    }
    if (filter instanceof Filter.Comparison c) {
      String field = field(c.field(), viewFields);
      if (field == null) {
        return null;
      }
      BsonValue value = exact(c.value());
      switch (c.operator()) {
        case EQ: return within(field, exactEqual(field, c.value()));
        case NE: return none(equal(field, c.value()));
        default:
          if (value == null || value.isBoolean() || value.isNull()
              || (value.isString() && !value.asString().getValue().chars().allMatch(ch -> ch < 0xD800))) {
            return null; // booleans and null are never ordered; see the class comment for strings
          }
          String op = switch (c.operator()) {
            case LT -> "$lt";
            case LE -> "$lte";
            case GT -> "$gt";
            default -> "$gte";
          };
          BsonDocument compared = new BsonDocument(field, new BsonDocument(op, value));
          if (value.isNumber()) {
            // NaN is ordered by no comparison in core; one of these fails for NaN on any server.
            compared = new BsonDocument("$and", new BsonArray(List.of(compared, new BsonDocument(field,
                new BsonDocument("$gte", new BsonDouble(Double.NEGATIVE_INFINITY))
                    .append("$lte", new BsonDouble(Double.POSITIVE_INFINITY))))));
          }
          return within(field, compared);
      }
    }
    if (filter instanceof Filter.In in) {
      String field = field(in.field(), viewFields);
      if (field == null) {
        return null;
      }
      List<BsonDocument> parts = new ArrayList<>();
      for (JsonNode value : in.values()) {
        BsonDocument part = exactEqual(field, value);
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.isEmpty() ? null : within(field, any(parts));
    }
    return null; // contains, exists: no exact form worth its conditions
  }

  /** {@code {$nor: [matched]}}, or null (everything) when {@code matched} is unknown. */
  private static BsonDocument none(BsonDocument matched) {
    return matched == null ? null : new BsonDocument("$nor", new BsonArray(List.of(matched)));
  }

  /**
   * {@code condition}, restricted to records where the server finds at the field what core
   * finds: no array on the way and at the field (MongoDB looks into arrays), and no tagged
   * double on the way (core finds nothing below one).
   */
  private static BsonDocument within(String field, BsonDocument condition) {
    if (condition == null) {
      return null;
    }
    BsonArray all = new BsonArray();
    all.add(condition);
    String[] parts = field.split("\\.");
    StringBuilder prefix = new StringBuilder(parts[0]);
    for (int i = 1; i <= parts.length; i++) {
      all.add(new BsonDocument(prefix.toString(),
          new BsonDocument("$not", new BsonDocument("$type", new BsonString("array")))));
      if (i < parts.length) {
        all.add(new BsonDocument(prefix + ".@type", new BsonDocument("$ne", new BsonString("double"))));
        prefix.append('.').append(parts[i]);
      }
    }
    return new BsonDocument("$and", all);
  }

  /**
   * {@code field = value} where the server's equality is core's (the caller excludes arrays):
   * strings, booleans, JSON null (present), and numbers the server compares exactly, that is
   * integers and doubles of magnitude up to 2^53 (beyond, MongoDB compares a long and a double
   * by binary value, core by the double's shortest decimal). Null otherwise.
   */
  private static BsonDocument exactEqual(String field, JsonNode value) {
    if (value.isNull()) {
      return new BsonDocument(field, new BsonDocument("$type", new BsonString("null")));
    }
    BsonValue exact = exact(value);
    return exact == null ? null : new BsonDocument(field, exact);
  }

  /** A literal as a BSON value the server compares as core does (see exactEqual), or null. */
  private static BsonValue exact(JsonNode value) {
    if (value.isTextual()) {
      return new BsonString(value.textValue());
    }
    if (value.isBoolean()) {
      return BsonBoolean.valueOf(value.booleanValue());
    }
    if (value.isNull()) {
      return BsonNull.VALUE;
    }
    if (value.isIntegralNumber() && value.canConvertToLong() && Math.abs(value.longValue()) <= EXACT) {
      return new BsonInt64(value.longValue());
    }
    if (value.isDouble() || value.isBigDecimal()) {
      double d = value.doubleValue();
      // Core reads a stored double as its shortest decimal: a decimal literal stands for the
      // double whose shortest decimal it is, if there is one.
      boolean same = value.isDouble()
          || (Double.isFinite(d) && java.math.BigDecimal.valueOf(d).compareTo(value.decimalValue()) == 0);
      if (same && Double.isFinite(d) && Math.abs(d) <= EXACT) {
        return new BsonDouble(d);
      }
    }
    return null; // floats, wide and non-finite numbers: core's comparison only
  }

  /** The top-level fields of experiment views ({@link dev.labbook.spi.Views#experiment}). */
  static final Set<String> EXPERIMENT_FIELDS =
      Set.of("id", "name", "description", "tags", "created", "updated", "metadata");
  /** The top-level fields of run views ({@link dev.labbook.spi.Views#run}). */
  static final Set<String> RUN_FIELDS = Set.of("id", "experimentId", "number", "status", "tags",
      "comment", "created", "started", "updated", "ended", "heartbeat", "params", "args", "env",
      "extras", "results", "metrics");

  /**
   * The stored field whose value is the value the path finds in the view, or null when there is
   * none. Views fields are stored under their own names ({@code id} as {@code _id}), keys below
   * escaped as documents' keys are; {@code metrics.<key>} is {@code latest.<key>.value} in a
   * run document (see {@link MetricSeries}). Null for a root the view lacks (the document may
   * hold a field of that name, such as {@code version}, that the view never shows) and for
   * {@code metrics} alone (an object in every run view, stored nowhere).
   */
  static String field(String path, Set<String> viewFields) {
    FieldPath parsed = FieldPath.parse(path);
    List<String> keys = parsed.viewKeys();
    if (!viewFields.contains(keys.get(0))) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    List<String> below = keys.subList(1, keys.size());
    if (keys.get(0).equals("metrics")) {
      if (below.isEmpty()) {
        return null;
      }
      // A metric's latest value is a double: a longer path finds nothing, in the view and here.
      out.append(MetricSeries.LATEST).append('.').append(BsonTrees.encodeKey(below.get(0))).append(".value");
      below = below.subList(1, below.size());
    } else {
      out.append(keys.get(0).equals("id") ? Records.ID : keys.get(0));
    }
    for (String key : below) {
      out.append('.').append(BsonTrees.encodeKey(key));
    }
    return out.toString();
  }

  private static BsonDocument equal(String field, JsonNode value) {
    if (value.isTextual()) {
      return new BsonDocument(field, new BsonString(value.textValue()));
    }
    if (value.isBoolean()) {
      return new BsonDocument(field, BsonBoolean.valueOf(value.booleanValue()));
    }
    if (value.isNull()) {
      return new BsonDocument(field, BsonNull.VALUE); // also matches missing: the check drops it
    }
    if (value.isNumber()) {
      return number(field, value, true, true);
    }
    return null;
  }

  private static BsonDocument ordered(String field, JsonNode value, boolean above) {
    if (value.isNumber()) {
      return number(field, value, above, !above);
    }
    if (value.isTextual()) {
      String text = value.textValue();
      if (text.chars().allMatch(c -> c < 0xD800)) {
        // Against such a literal, UTF-16 order and code point order agree (see class comment).
        return new BsonDocument(field, new BsonDocument(above ? "$gte" : "$lte", new BsonString(text)));
      }
      return new BsonDocument(field, new BsonDocument("$type", new BsonString("string")));
    }
    // Booleans and null are never ordered: nothing matches, but narrowing to nothing is not
    // worth a special case here; the Java check answers.
    return null;
  }

  /**
   * Numbers near {@code value}: from just below it (when {@code from}) and up to just above it
   * (when {@code to}), widened by two ulps so that any number the reference finds equal or
   * beyond is inside, or a document (a tagged double, a big integer or decimal).
   */
  private static BsonDocument number(String field, JsonNode value, boolean from, boolean to) {
    // The double nearest the literal's decimal value, as the reference reads it: a float by its
    // Float.toString text (0.1f is the decimal 0.1, not 0.100000001…), a big number exactly.
    double d = value.isFloat() ? Double.parseDouble(Float.toString(value.floatValue()))
        : value.isDouble() ? value.doubleValue() : value.decimalValue().doubleValue();
    if (!Double.isFinite(d)) {
      return null;
    }
    BsonDocument range = new BsonDocument();
    if (from) {
      range.put("$gte", new BsonDouble(Math.nextDown(Math.nextDown(d))));
    }
    if (to) {
      range.put("$lte", new BsonDouble(Math.nextUp(Math.nextUp(d))));
    }
    return any(List.of(new BsonDocument(field, range),
        new BsonDocument(field, new BsonDocument("$type", new BsonString("object")))));
  }

  private static BsonDocument any(List<BsonDocument> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    BsonArray array = new BsonArray();
    parts.forEach(array::add);
    return new BsonDocument("$or", array);
  }
}
