package dev.labbook.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * One page of records sorted by one key, in core's total order ({@link QueryEvaluator}:
 * missing = null &lt; false &lt; true &lt; numbers &lt; strings &lt; arrays and objects, all
 * tied; DESC reverses; id ascending breaks ties), sorted by the server and read only as far as
 * the page needs.
 *
 * <p>The server's own cross-kind order differs from core's (BSON puts booleans after objects,
 * orders arrays by an element and objects by content), so the records are read as one query per
 * kind, in core's order of kinds, each sorted by the server on the field (then {@code _id}) or,
 * for the tied kinds, on {@code _id} alone. Within one kind the server's order is core's,
 * except for a few <em>rare</em> stored values, which every per-kind query leaves out:
 * <ul>
 *   <li>records where the path crosses an array (core finds nothing there, MongoDB looks
 *       inside the array) or a tagged double (core finds nothing below one);
 *   <li>numbers stored as one-key documents (big integers, decimals, floats, shorts) and tagged
 *       doubles, which the server sees as objects but core as numbers;
 *   <li>NaN, which servers order differently among numbers;
 *   <li>int64 values beyond ±2<sup>53</sup>, where MongoDB compares a long and a double by
 *       binary value and core by the double's shortest decimal;
 *   <li>strings holding a character from U+D800 up, where a server comparing UTF-16 units (the
 *       in-process test server) differs from code point order. Between two strings below
 *       U+D800, and between such a string and any string, both orders agree.
 * </ul>
 * The rare records are read by one more query, sorted in Java, and merged into the stream by
 * core's comparator, which is exact because every part is already in core's order. Every
 * record read is also checked against the exact filter and, when paging, the cursor; the
 * server conditions for the cursor only narrow.
 */
final class SortedByKey<T> {
  /** Kinds of values in core's ascending order. */
  private enum Kind { NULL, BOOLEAN, NUMBER, STRING, OTHER }

  /** int64 values of larger magnitude are rare (see the class comment). */
  private static final long EXACT_LONGS = 1L << 53;

  private final MongoCollection<BsonDocument> collection;
  private final BsonDocument base;
  private final Query query;
  private final String field;
  private final Function<BsonDocument, Pages.Row<T>> view;
  private final boolean descending;
  private final int limit;
  private final Predicate<JsonNode> exact;
  private final Comparator<Pages.Row<T>> order;
  private final BsonDocument rare;

  SortedByKey(MongoCollection<BsonDocument> collection, BsonDocument base, Query query, String field,
      Function<BsonDocument, Pages.Row<T>> view) {
    this.collection = collection;
    this.base = base;
    this.query = query;
    this.field = field;
    this.view = view;
    this.descending = query.sort().get(0).direction() == Direction.DESC;
    this.limit = query.limit().orElse(Integer.MAX_VALUE);
    this.exact = QueryEvaluator.predicate(query.filter());
    this.order = Pages.order(query);
    this.rare = rare(field);
  }

  /** Up to {@code limit + 1} matching rows after the query's cursor, in core's order. */
  List<Pages.Row<T>> read() {
    List<Pages.Row<T>> rareRows = new ArrayList<>();
    collection.find(and(base, rare)).batchSize(Pages.CHUNK).forEach(doc -> {
      Pages.Row<T> row = view.apply(doc);
      if (wanted(row)) {
        rareRows.add(row);
      }
    });
    rareRows.sort(order);
    int nextRare = 0;
    List<Pages.Row<T>> kept = new ArrayList<>();
    Optional<Kind> cursorKind = query.after().map(c -> kind(c.sortValues().get(0)));
    List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
    if (descending) {
      java.util.Collections.reverse(kinds);
    }
    for (Kind kind : kinds) {
      if (kept.size() > limit) {
        break;
      }
      if (cursorKind.isPresent() && kinds.indexOf(kind) < kinds.indexOf(cursorKind.get())) {
        continue; // wholly before the cursor
      }
      BsonDocument filter = and(base, new BsonDocument("$nor", new BsonArray(List.of(rare))), ofKind(kind));
      if (cursorKind.isPresent() && kind == cursorKind.get()) {
        filter = and(filter, after(kind, query.after().get()));
      }
      try (MongoCursor<BsonDocument> cursor = collection.find(filter).sort(sort(kind))
          .batchSize(Pages.batchSize(limit)).cursor()) {
        while (kept.size() <= limit && cursor.hasNext()) {
          Pages.Row<T> row = view.apply(cursor.next());
          if (!wanted(row)) {
            continue;
          }
          // Rare rows that come first in core's order go in before this one.
          while (nextRare < rareRows.size() && kept.size() <= limit
              && order.compare(rareRows.get(nextRare), row) < 0) {
            kept.add(rareRows.get(nextRare++));
          }
          if (kept.size() <= limit) {
            kept.add(row);
          }
        }
      }
    }
    while (nextRare < rareRows.size() && kept.size() <= limit) {
      kept.add(rareRows.get(nextRare++));
    }
    return kept;
  }

  /** The exact check every row read passes: the filter, and after the cursor when paging. */
  private boolean wanted(Pages.Row<T> row) {
    return exact.test(row.view())
        && query.after().map(c -> QueryEvaluator.isAfter(row.view(), c, query.sort())).orElse(true);
  }

  /**
   * Records whose stored value the server may order unlike core (see the class comment); a
   * superset is fine, since they are ordered in Java.
   */
  private static BsonDocument rare(String field) {
    BsonArray any = new BsonArray();
    String[] parts = field.split("\\."); // stored keys are escaped: a dot only separates
    StringBuilder prefix = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      any.add(new BsonDocument(prefix.toString(), new BsonDocument("$type", new BsonString("array"))));
      // Core finds nothing below a tagged double; MongoDB finds its "value".
      any.add(new BsonDocument(prefix + ".@type", new BsonString("double")));
      prefix.append('.').append(parts[i]);
    }
    for (String tag : List.of("%i", "%d", "%f", "%s")) {
      any.add(new BsonDocument(field + "." + tag, new BsonDocument("$exists", BsonBoolean.TRUE)));
    }
    any.add(new BsonDocument(field + ".@type", new BsonString("double")));
    any.add(new BsonDocument(field, new BsonDocument("$type", new BsonString("long"))
        .append("$gt", new BsonInt64(EXACT_LONGS))));
    any.add(new BsonDocument(field, new BsonDocument("$type", new BsonString("long"))
        .append("$lt", new BsonInt64(-EXACT_LONGS))));
    // NaN, which core puts first among numbers and servers place differently (MongoDB sorts it
    // below -Infinity, mongo-java-server above +Infinity): whichever way a server compares it,
    // one of these two holds for NaN and neither for any other double.
    for (String[] bound : new String[][] {{"$gte", "-Infinity"}, {"$lte", "Infinity"}}) {
      any.add(new BsonDocument(field, new BsonDocument("$type", new BsonString("double"))
          .append("$not", new BsonDocument(bound[0], new BsonDouble(Double.parseDouble(bound[1]))))));
    }
    // A character from U+D800 up: a surrogate (a character beyond U+FFFF) or U+E000..U+FFFF.
    any.add(new BsonDocument(field, new BsonRegularExpression("[^\\x{0}-\\x{D7FF}]")));
    return new BsonDocument("$or", any);
  }

  /** Records whose value (not an array: arrays are others) is of one kind. */
  private BsonDocument ofKind(Kind kind) {
    BsonDocument notArray = new BsonDocument(field,
        new BsonDocument("$not", new BsonDocument("$type", new BsonString("array"))));
    switch (kind) {
      case NULL:
        return and(new BsonDocument(field, org.bson.BsonNull.VALUE), notArray);
      case BOOLEAN:
        return and(types("bool"), notArray);
      case NUMBER:
        return and(types("double", "int", "long", "decimal"), notArray);
      case STRING:
        return and(types("string"), notArray);
      default:
        return types("object", "array", "binData");
    }
  }

  private BsonDocument types(String... types) {
    List<BsonDocument> any = new ArrayList<>();
    for (String type : types) {
      any.add(new BsonDocument(field, new BsonDocument("$type", new BsonString(type))));
    }
    return any.size() == 1 ? any.get(0) : new BsonDocument("$or", new BsonArray(any));
  }

  /** The server's order within a kind: by value, then id; by id alone where core ties. */
  private BsonDocument sort(Kind kind) {
    BsonDocument byId = new BsonDocument(Records.ID, new BsonInt32(1));
    if (kind == Kind.NULL || kind == Kind.OTHER) {
      return byId;
    }
    BsonDocument byValue = new BsonDocument(field, new BsonInt32(descending ? -1 : 1));
    return field.equals(Records.ID) ? byValue : byValue.append(Records.ID, new BsonInt32(1));
  }

  /**
   * Narrows the cursor's own kind to the records at or after it: not before its value, and not
   * tied with it at an id up to the cursor's. {@code $not} of the strict comparison keeps
   * anything the server will not call "before" (NaN included, however a server compares it);
   * the exact check drops what is still before.
   */
  private BsonDocument after(Kind kind, Cursor cursor) {
    BsonString id = new BsonString(cursor.id());
    BsonValue value = kind == Kind.NULL || kind == Kind.OTHER ? null : bson(cursor.sortValues().get(0));
    if (value == null) {
      return kind == Kind.NULL || kind == Kind.OTHER
          ? new BsonDocument(Records.ID, new BsonDocument("$gt", id)) : new BsonDocument();
    }
    BsonDocument notBefore = new BsonDocument(field,
        new BsonDocument("$not", new BsonDocument(descending ? "$gt" : "$lt", value)));
    if (field.equals(Records.ID)) {
      return notBefore.append("$nor", new BsonArray(List.of(new BsonDocument(field, value))));
    }
    BsonDocument tiedUpToCursor = new BsonDocument(field, value)
        .append(Records.ID, new BsonDocument("$lte", id));
    return and(notBefore, new BsonDocument("$nor", new BsonArray(List.of(tiedUpToCursor))));
  }

  /** The cursor value as a BSON value the server compares as core does, or null. */
  private static BsonValue bson(JsonNode value) {
    if (value.isBoolean()) {
      return BsonBoolean.valueOf(value.booleanValue());
    }
    if (value.isTextual()) {
      return new BsonString(value.textValue());
    }
    if (value.isIntegralNumber() && value.canConvertToLong() && Math.abs(value.longValue()) <= EXACT_LONGS) {
      return new BsonInt64(value.longValue());
    }
    if (value.isDouble() && Double.isFinite(value.doubleValue())) {
      return new BsonDouble(value.doubleValue());
    }
    return null; // a wide, tagged or non-finite number: the exact check alone decides
  }

  /** The kind of a cursor value, as core ranks it. */
  private static Kind kind(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return Kind.NULL;
    }
    if (value.isBoolean()) {
      return Kind.BOOLEAN;
    }
    if (value.isNumber() || isTaggedDouble(value)) {
      return Kind.NUMBER;
    }
    return value.isTextual() ? Kind.STRING : Kind.OTHER;
  }

  /** Core's tagged double ({@code {"@type":"double","value":"NaN"}}…), a number. */
  private static boolean isTaggedDouble(JsonNode node) {
    if (!node.isObject() || !"double".equals(node.path("@type").textValue())) {
      return false;
    }
    String text = node.path("value").textValue();
    return "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text) || "-0.0".equals(text);
  }

  private static BsonDocument and(BsonDocument... parts) {
    BsonArray all = new BsonArray();
    for (BsonDocument part : parts) {
      if (!part.isEmpty()) {
        all.add(part);
      }
    }
    return all.isEmpty() ? new BsonDocument() : all.size() == 1 ? all.get(0).asDocument()
        : new BsonDocument("$and", all);
  }
}
