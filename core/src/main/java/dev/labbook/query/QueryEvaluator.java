package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.labbook.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The reference semantics of the query model, in memory, over views (see {@link QueryTarget}).
 * Every backend must return what this evaluator returns; backends without a native translation
 * use it directly.
 *
 * <h2>Finding values</h2>
 * A field path ({@link FieldPath}) finds a value in a view by following object keys from the
 * top: {@code params.opt.name} reads {@code view.params.opt.name}. It finds <em>nothing</em>
 * (the value is <em>missing</em>) when a key is absent or a segment meets anything but an
 * object (paths never index into arrays). A value that is JSON {@code null} is present.
 * Below the first segment, a key written {@code @x} is looked up as {@code @@x}, the way views
 * escape user keys beginning with {@code @}.
 *
 * <p><b>Tagged doubles.</b> An object {@code {"@type":"double","value":s}} with {@code s} one
 * of {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, {@code "-0.0"} is the number it
 * names, wherever a value is read (including array elements for {@code contains}); a path
 * finds nothing below it. Every other object, tagged or not (instants, registered types), is
 * an object: never equal to a literal, not ordered, tied with every array and object in sorts.
 *
 * <h2>Value kinds and equality</h2>
 * Values are of five kinds: null, boolean, number, string, and other (arrays and objects).
 * {@code a = v} holds iff the field is present and has the literal's kind and
 * <ul>
 *   <li>null: always ({@code comment = null} finds records whose comment is JSON null);
 *   <li>boolean: the same boolean;
 *   <li>number: the same numeric value, neither being NaN. Numbers compare by the exact
 *       decimal value of their JSON text (a double as {@link Double#toString(double)} writes it),
 *       whatever their node type: {@code 1 = 1.0 = 1e0}, {@code -0.0 = 0};
 *   <li>string: the same sequence of characters;
 *   <li>other: never.
 * </ul>
 * So values of different kinds are never equal ({@code '1' = 1} is false) and NaN equals
 * nothing, itself included.
 *
 * <h2>Operators</h2>
 * <ul>
 *   <li>{@code a != v} is exactly {@code not (a = v)}: it holds for a missing field, for a
 *       value of another kind and for NaN (SQL: {@code IS DISTINCT FROM}; MongoDB: {@code $ne}
 *       on the normalized value).
 *   <li>{@code < <= > >=} hold only between two numbers, neither NaN, by numeric value, or
 *       between two strings, by Unicode code point (not locale, not UTF-16 unit; the order of
 *       UTF-8 bytes, SQL's {@code COLLATE "C"} on UTF-8 text, MongoDB's default). Anything
 *       else, null and booleans included, is false; a missing field is false.
 *   <li>{@code a in (v1, …, vn)} is {@code a = v1 or … or a = vn}; an empty list matches
 *       nothing.
 *   <li>{@code a contains v}: the field is an array with an element {@code e} for which
 *       {@code e = v} holds; false when the field is missing or not an array.
 *   <li>{@code exists a}: the field is present, a JSON null included. Views hold every
 *       top-level field, so {@code exists} is only informative below document fields.
 *   <li>{@code and} holds iff every operand does (an empty {@code and} always holds),
 *       {@code or} iff some operand does (an empty {@code or} never does), {@code not} iff its
 *       operand does not. Evaluation is two-valued: there is no "unknown".
 * </ul>
 *
 * <h2>Order</h2>
 * {@link #ordering} sorts by each key in turn, then by {@code id} ascending (always ascending,
 * the final tie-breaker). Under a key, values follow one total order:
 * <ol>
 *   <li>missing and null (tied: a cursor cannot tell them apart);
 *   <li>booleans, {@code false} before {@code true};
 *   <li>numbers: NaN, then -Infinity, then finite numbers by value (equal values tied, so
 *       {@code 1} and {@code 1.0} tie), then +Infinity;
 *   <li>strings by Unicode code point;
 *   <li>arrays and objects, all tied with each other.
 * </ol>
 * {@link Direction#DESC} reverses that order for its key (so missing and null come last).
 * Records that tie on every key are ordered by id, compared as strings by code point.
 *
 * <h2>Paging</h2>
 * A {@link Cursor} holds the last returned record's sort-key values (as in views: missing as
 * JSON null, non-finite doubles tagged) and id; {@link #isAfter} holds for records strictly
 * after that position in the total order, whether or not that record still exists.
 * {@link #page} filters, keeps records after the query's cursor, sorts, cuts at the limit and
 * returns a next cursor iff more matching records follow the last one returned.
 */
public final class QueryEvaluator {
  /**
   * The order of strings everywhere in Labbook — query comparisons and sorts, config names,
   * artifact paths: by Unicode code point, not by locale or UTF-16 unit (the order of UTF-8
   * bytes, of SQL's {@code COLLATE "C"} on UTF-8 and of MongoDB's default comparison).
   */
  public static final Comparator<String> STRING_ORDER = Values::compareStrings;

  private QueryEvaluator() {}

  /** Whether a view matches the filter. */
  public static boolean matches(Filter filter, JsonNode view) {
    return FilterCompiler.compile(filter).test(view);
  }

  /**
   * The filter as a reusable predicate over views, with its field paths parsed once: the same
   * answers as {@link #matches}, faster for many views.
   *
   * @throws InvalidInputException if a field path is malformed
   */
  public static Predicate<JsonNode> predicate(Filter filter) {
    return FilterCompiler.compile(filter);
  }

  /**
   * The value {@code path} finds in a view, as filters and sorts read it (a codec-tagged NaN,
   * infinity or -0.0 as a double), or Java null when the path finds nothing.
   */
  public static JsonNode valueAt(FieldPath path, JsonNode view) {
    return path.find(view);
  }

  /** The total order of views under the given sort keys, ending with {@code id} ascending. */
  public static Comparator<JsonNode> ordering(List<Sort> sort) {
    SortOrder order = new SortOrder(sort);
    return (a, b) -> order.compare(order.keyOf(a), order.keyOf(b));
  }

  /** The cursor that points just after {@code view} under {@code sort}. */
  public static Cursor cursorAfter(JsonNode view, List<Sort> sort) {
    return new SortOrder(sort).cursorAfter(view);
  }

  /**
   * Whether {@code view} comes strictly after {@code cursor} under {@code sort}.
   *
   * @throws InvalidInputException if the cursor does not hold one value per sort key
   */
  public static boolean isAfter(JsonNode view, Cursor cursor, List<Sort> sort) {
    SortOrder order = new SortOrder(sort);
    return order.compare(order.keyOf(view), order.keyOf(cursor)) > 0;
  }

  /**
   * Answers a (validated) query over candidate records in memory: filter, sort, skip to the
   * cursor, cut at the limit, and give the cursor of the next page when more records match.
   *
   * @param view the view of a record; called once per record
   */
  public static <T> Page<T> page(Stream<T> candidates, Function<? super T, ? extends JsonNode> view, Query query) {
    Predicate<JsonNode> filter = FilterCompiler.compile(query.filter());
    SortOrder order = new SortOrder(query.sort());
    JsonNode[] after = query.after().map(order::keyOf).orElse(null);
    List<Row<T>> rows = new ArrayList<>();
    candidates.forEach(candidate -> {
      JsonNode v = view.apply(candidate);
      if (filter.test(v)) {
        JsonNode[] key = order.keyOf(v);
        if (after == null || order.compare(key, after) > 0) {
          rows.add(new Row<>(candidate, v, key));
        }
      }
    });
    rows.sort((a, b) -> order.compare(a.key, b.key));
    int limit = query.limit().orElse(Integer.MAX_VALUE);
    if (rows.size() <= limit) {
      return new Page<>(rows.stream().map(r -> r.item).toList(), Optional.empty());
    }
    List<Row<T>> kept = rows.subList(0, limit);
    Cursor next = order.cursorAfter(kept.get(limit - 1).view);
    return new Page<>(kept.stream().map(r -> r.item).toList(), Optional.of(next));
  }

  private record Row<T>(T item, JsonNode view, JsonNode[] key) {}
}
