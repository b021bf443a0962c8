package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The reference semantics of the query model, in memory, over views (see {@link QueryTarget}).
 * Every backend must return what this evaluator returns; backends without a native translation
 * use it directly.
 */
public final class QueryEvaluator {
  private QueryEvaluator() {}

  /** Whether a view matches the filter. */
  public static boolean matches(Filter filter, JsonNode view) {
    throw new UnsupportedOperationException("stub");
  }

  /** The total order of views under the given sort keys, ending with {@code id} ascending. */
  public static Comparator<JsonNode> ordering(List<Sort> sort) {
    throw new UnsupportedOperationException("stub");
  }

  /** The cursor that points just after {@code view} under {@code sort}. */
  public static Cursor cursorAfter(JsonNode view, List<Sort> sort) {
    throw new UnsupportedOperationException("stub");
  }

  /** Whether {@code view} comes strictly after {@code cursor} under {@code sort}. */
  public static boolean isAfter(JsonNode view, Cursor cursor, List<Sort> sort) {
    throw new UnsupportedOperationException("stub");
  }

  /**
   * Answers a (validated) query over candidate records in memory: filter, sort, skip to the
   * cursor, cut at the limit, and give the cursor of the next page when more records match.
   *
   * @param view the view of a record; called once per record
   */
  public static <T> Page<T> page(Stream<T> candidates, Function<? super T, ? extends JsonNode> view, Query query) {
    throw new UnsupportedOperationException("stub");
  }
}
