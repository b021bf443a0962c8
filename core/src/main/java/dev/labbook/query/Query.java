package dev.labbook.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A filter, a sort order, a limit and a paging cursor: what a listing asks a store for.
 * Immutable; each {@code with}-style method returns a new query.
 *
 * <p>Every order ends with the record id as tie-breaker, so results and pages are
 * deterministic; with no sort keys the order is by id, which for Labbook's time-ordered ids is
 * creation order.
 */
public final class Query {
  private static final Query ALL = new Query(Filter.all(), List.of(), OptionalInt.empty(), Optional.empty());

  private final Filter filter;
  private final List<Sort> sort;
  private final OptionalInt limit;
  private final Optional<Cursor> after;

  private Query(Filter filter, List<Sort> sort, OptionalInt limit, Optional<Cursor> after) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.sort = List.copyOf(sort);
    this.limit = limit;
    this.after = after;
  }

  /** Every record, in id order. */
  public static Query all() {
    return ALL;
  }

  /** The records matching {@code filter}, in id order. */
  public static Query where(Filter filter) {
    return new Query(filter, List.of(), OptionalInt.empty(), Optional.empty());
  }

  /**
   * Parses the string form of a filter, such as
   * {@code params.lr > 0.01 and tags contains 'baseline'}.
   *
   * <p>Conditions: {@code field op literal} with op one of {@code = != < <= > >=};
   * {@code field in (literal, …)}; {@code field contains literal}; {@code exists field}.
   * Combine them with {@code and}, {@code or}, {@code not} and parentheses; {@code not} binds
   * tighter than {@code and}, {@code and} tighter than {@code or}. Keywords are case-insensitive.
   * Fields are {@link FieldPath}s ({@code params."a.b"} quotes a key with special characters).
   * Literals: strings in single quotes ({@code 'it''s'} or {@code 'it\'s'}; {@code \\} is a
   * backslash), numbers ({@code 3}, {@code -0.5}, {@code 1e-3}; with a fraction or exponent
   * they are doubles), {@code true}, {@code false}, {@code null}. A blank string matches
   * everything. {@link QueryEvaluator} defines what a filter means.
   *
   * @throws QuerySyntaxException naming the offending position and what was expected there
   */
  public static Query parse(String filter) {
    return where(QueryParser.parse(filter));
  }

  /** This query ordered by the given keys (replacing any earlier order). */
  public Query orderBy(Sort... keys) {
    return new Query(filter, List.of(keys), limit, after);
  }

  /** This query ordered by one field. */
  public Query orderBy(String field, Direction direction) {
    return orderBy(new Sort(field, direction));
  }

  /**
   * At most {@code n} results (for a page: the page size).
   *
   * @throws dev.labbook.InvalidInputException if {@code n < 1}
   */
  public Query limit(int n) {
    if (n < 1) {
      throw new dev.labbook.InvalidInputException("limit must be at least 1, was " + n);
    }
    return new Query(filter, sort, OptionalInt.of(n), after);
  }

  /** This query without a limit. */
  public Query unlimited() {
    return new Query(filter, sort, OptionalInt.empty(), after);
  }

  /** Results strictly after {@code cursor} in this query's order. */
  public Query after(Cursor cursor) {
    return new Query(filter, sort, limit, Optional.of(cursor));
  }

  /** Results strictly after the position a {@link Cursor#token()} names. */
  public Query after(String cursorToken) {
    return after(Cursor.parse(cursorToken));
  }

  /** This query starting from the first result. */
  public Query fromStart() {
    return new Query(filter, sort, limit, Optional.empty());
  }

  /** This query with another filter. */
  public Query withFilter(Filter newFilter) {
    return new Query(newFilter, sort, limit, after);
  }

  public Filter filter() {
    return filter;
  }

  public List<Sort> sort() {
    return sort;
  }

  public OptionalInt limit() {
    return limit;
  }

  public Optional<Cursor> after() {
    return after;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Query q && filter.equals(q.filter) && sort.equals(q.sort)
        && limit.equals(q.limit) && after.equals(q.after);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filter, sort, limit, after);
  }

  @Override
  public String toString() {
    return "Query[filter=" + filter + ", sort=" + sort + ", limit=" + limit + ", after=" + after + "]";
  }
}
