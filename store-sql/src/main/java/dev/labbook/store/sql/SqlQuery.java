package dev.labbook.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.internal.Json;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.FieldPath;
import dev.labbook.query.Filter;
import dev.labbook.query.Operator;
import dev.labbook.query.Query;
import dev.labbook.query.Sort;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Translates core's query model to SQL for one table.
 *
 * <p>Each condition becomes either an <em>exact</em> SQL predicate (true for exactly the rows
 * {@link dev.labbook.query.QueryEvaluator} accepts) or a <em>narrowing</em> one (true for at
 * least those rows). Exact: conditions on top-level columns (names, status, numbers, times,
 * comments, descriptions; string order only where SQL compares by code point, i.e. PostgreSQL)
 * and {@code tags contains} on PostgreSQL. Narrowing: conditions on document paths on
 * PostgreSQL ({@code jsonb} containment and typed comparisons, which the GIN indexes serve),
 * since tagged doubles ({@code NaN}, {@code -0.0}…) and the evaluator's kind rules are finer
 * than jsonb's. Anything else narrows nothing.
 *
 * <p>When the filter is exact and every sort key is a column SQL orders exactly, the order,
 * the cursor and the limit run in SQL too. Otherwise the store reads the narrowed rows and the
 * evaluator finishes the page; the store's README lists which queries do that.
 */
final class SqlQuery {
  /** How a top-level field is stored. */
  enum Kind { STRING, NUMBER, TAGS }

  /** A top-level field's column. */
  record Column(String name, Kind kind) {}

  /** A piece of WHERE clause with its parameters, in order. */
  record Sql(String text, List<Object> params, boolean exact) {
    static final Sql TRUE_EXACT = new Sql("1=1", List.of(), true);
    static final Sql FALSE_EXACT = new Sql("1=0", List.of(), true);
    static final Sql NARROWS_NOTHING = new Sql("1=1", List.of(), false);
  }

  private final Dialect dialect;
  private final Map<String, Column> columns;
  /** The jsonb column of each document field (PostgreSQL only). */
  private final Map<String, String> documents;
  /** The exact-text column of each document field (used where there is no jsonb: H2). */
  private final Map<String, String> texts;

  SqlQuery(Dialect dialect, Map<String, Column> columns, Map<String, String> documents) {
    this.dialect = dialect;
    this.columns = columns;
    this.documents = dialect.hasJsonb() ? documents : Map.of();
    Map<String, String> text = new java.util.HashMap<>();
    documents.keySet().forEach(field -> text.put(field, field + "_text"));
    this.texts = dialect.hasJsonb() ? Map.of() : Map.copyOf(text);
  }

  Sql where(Filter filter) {
    if (filter instanceof Filter.All) {
      return Sql.TRUE_EXACT;
    } else if (filter instanceof Filter.And and) {
      return combine(and.operands().stream().map(this::where).toList(), " AND ", Sql.TRUE_EXACT);
    } else if (filter instanceof Filter.Or or) {
      List<Sql> parts = or.operands().stream().map(this::where).toList();
      return combine(parts, " OR ", Sql.FALSE_EXACT);
    } else if (filter instanceof Filter.Not not) {
      Sql inner = where(not.operand());
      // Only an exact predicate can be negated: the complement of a superset is not one.
      return inner.exact() ? new Sql("NOT (" + inner.text() + ")", inner.params(), true)
          : Sql.NARROWS_NOTHING;
    } else if (filter instanceof Filter.In in) {
      List<Sql> parts = in.values().stream()
          .map(v -> where(new Filter.Comparison(in.field(), Operator.EQ, v))).toList();
      return combine(parts, " OR ", Sql.FALSE_EXACT);
    } else if (filter instanceof Filter.Comparison c) {
      return comparison(FieldPath.parse(c.field()), c.operator(), c.value());
    } else if (filter instanceof Filter.Exists e) {
      return exists(FieldPath.parse(e.field()));
    } else if (filter instanceof Filter.Contains c) {
      return contains(FieldPath.parse(c.field()), c.value());
    }
    return Sql.NARROWS_NOTHING;
  }

  private static Sql combine(List<Sql> parts, String operator, Sql empty) {
    if (parts.isEmpty()) {
      return empty;
    }
    boolean exact = parts.stream().allMatch(Sql::exact);
    if (operator.equals(" OR ") && parts.stream().anyMatch(p -> p == Sql.NARROWS_NOTHING)) {
      return Sql.NARROWS_NOTHING; // one operand may hold anywhere: so may the whole
    }
    StringBuilder text = new StringBuilder("(");
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      text.append(i == 0 ? "" : operator).append(parts.get(i).text());
      params.addAll(parts.get(i).params());
    }
    return new Sql(text.append(')').toString(), params, exact);
  }

  // ---- top-level columns ---------------------------------------------------------------------

  private Sql comparison(FieldPath path, Operator operator, JsonNode literal) {
    if (!path.below().isEmpty()) {
      return documentComparison(path, operator, literal);
    }
    Column column = columns.get(path.root());
    if (column == null || column.kind() == Kind.TAGS) {
      return Sql.NARROWS_NOTHING;
    }
    if (operator == Operator.NE) {
      Sql eq = comparison(path, Operator.EQ, literal);
      return eq.exact() ? new Sql("NOT (" + eq.text() + ")", eq.params(), true) : Sql.NARROWS_NOTHING;
    }
    String col = column.name();
    if (literal.isNull()) {
      return operator == Operator.EQ ? new Sql(col + " IS NULL", List.of(), true) : Sql.FALSE_EXACT;
    }
    String op = sqlOperator(operator);
    if (column.kind() == Kind.STRING) {
      if (!literal.isTextual()) {
        return Sql.FALSE_EXACT; // values of different kinds are neither equal nor ordered
      }
      if (operator != Operator.EQ && !dialect.codePointStrings()) {
        return Sql.NARROWS_NOTHING; // H2 orders strings by UTF-16 unit, not code point
      }
      return new Sql("COALESCE(" + col + " " + op + " ?, FALSE)", List.of(literal.textValue()), true);
    }
    if (!literal.isNumber()) {
      return Sql.FALSE_EXACT;
    }
    double d = literal.doubleValue();
    if (Double.isNaN(d)) {
      return Sql.FALSE_EXACT;
    }
    if (Double.isInfinite(d) && !literal.isBigDecimal() && !literal.isBigInteger()) {
      // Every stored number is finite: below +Infinity, above -Infinity, equal to neither.
      boolean holds = d > 0 ? (operator == Operator.LT || operator == Operator.LE)
          : (operator == Operator.GT || operator == Operator.GE);
      return holds ? new Sql(col + " IS NOT NULL", List.of(), true) : Sql.FALSE_EXACT;
    }
    return new Sql("COALESCE(" + col + " " + op + " ?, FALSE)", List.of(literal.decimalValue()), true);
  }

  private Sql exists(FieldPath path) {
    if (path.below().isEmpty()) {
      return Sql.TRUE_EXACT; // views hold every top-level field, null ones included
    }
    String text = texts.get(path.root());
    if (text != null) {
      List<String> keys = path.viewKeys();
      return like(text, Json.canonical(JsonNodeFactory.instance.textNode(keys.get(keys.size() - 1))) + ":");
    }
    String value = documentValue(path);
    return value == null ? Sql.NARROWS_NOTHING
        : new Sql("(" + value + ") IS NOT NULL", keys(path), false);
  }

  private Sql contains(FieldPath path, JsonNode literal) {
    Column column = columns.get(path.root());
    if (path.below().isEmpty() && column != null && column.kind() == Kind.TAGS) {
      if (!literal.isTextual()) {
        return Sql.FALSE_EXACT; // tags are strings
      }
      if (!dialect.hasJsonb()) {
        // The tag's JSON text appears in the array's text: "x" in ["a","x"] (a superset:
        // a longer tag may hold it too).
        return like(column.name(), Json.canonical(literal));
      }
      return new Sql(column.name() + " @> jsonb_build_array(CAST(? AS text))",
          List.of(literal.textValue()), true);
    }
    String text = texts.get(path.root());
    if (text != null && (literal.isTextual() || literal.isBoolean() || literal.isNull())) {
      return like(text, Json.canonical(literal));
    }
    String value = documentValue(path);
    if (value == null || !plainlyComparable(literal)) {
      return Sql.NARROWS_NOTHING;
    }
    List<Object> params = new ArrayList<>(keys(path));
    params.add("[" + Json.canonical(literal) + "]");
    return new Sql("COALESCE((" + value + ") @> CAST(? AS jsonb), FALSE)", params, false);
  }

  // ---- document paths (PostgreSQL jsonb) ----------------------------------------------------

  private Sql documentComparison(FieldPath path, Operator operator, JsonNode literal) {
    String text = texts.get(path.root());
    if (text != null) {
      if (operator != Operator.EQ || !(literal.isTextual() || literal.isBoolean() || literal.isNull())) {
        return Sql.NARROWS_NOTHING; // numbers equal by value, not by text
      }
      // Canonical JSON writes "key":value with nothing between: a matching document's text
      // holds that piece (a superset: the pair may sit at another depth).
      List<String> keys = path.viewKeys();
      String key = Json.canonical(JsonNodeFactory.instance.textNode(keys.get(keys.size() - 1)));
      return like(text, key + ":" + Json.canonical(literal));
    }
    String column = documents.get(path.root());
    if (column == null) {
      return Sql.NARROWS_NOTHING;
    }
    if (operator == Operator.EQ) {
      if (!plainlyComparable(literal)) {
        return Sql.NARROWS_NOTHING;
      }
      // Containment of {"a":{"b":literal}}: served by the GIN index; jsonb compares numbers by
      // value, so 1 finds 1.0 too, as the evaluator wants.
      JsonNode pattern = literal;
      List<String> keys = path.viewKeys();
      for (int i = keys.size() - 1; i >= 1; i--) {
        ObjectNode wrap = JsonNodeFactory.instance.objectNode();
        wrap.set(keys.get(i), pattern);
        pattern = wrap;
      }
      return new Sql(column + " @> CAST(? AS jsonb)", List.of(Json.canonical(pattern)), false);
    }
    if (operator == Operator.NE || literal.isNull() || literal.isBoolean()) {
      return Sql.NARROWS_NOTHING;
    }
    String value = documentValue(path);
    String op = sqlOperator(operator);
    List<Object> params = new ArrayList<>();
    if (literal.isTextual()) {
      params.addAll(keys(path));
      params.addAll(keys(path));
      params.add(literal.textValue());
      return new Sql("COALESCE(jsonb_typeof(" + value + ") = 'string' AND ((" + value
          + ") #>> '{}') COLLATE \"C\" " + op + " ?, FALSE)", params, false);
    }
    if (!literal.isNumber() || !Double.isFinite(literal.doubleValue()) && !literal.isBigDecimal()
        && !literal.isBigInteger()) {
      return Sql.NARROWS_NOTHING;
    }
    // Tagged doubles (NaN, infinities, -0.0) are objects in jsonb: let them through.
    for (int i = 0; i < 3; i++) {
      params.addAll(keys(path));
    }
    params.add(literal.decimalValue());
    return new Sql("COALESCE(jsonb_typeof(" + value + ") = 'object' OR (jsonb_typeof(" + value
        + ") = 'number' AND CAST(" + value + " AS numeric) " + op + " ?), FALSE)", params, false);
  }

  /** Rows whose column text holds {@code piece}, LIKE metacharacters escaped: narrowing. */
  private static Sql like(String column, String piece) {
    String escaped = piece.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return new Sql(column + " LIKE ? ESCAPE '!'", List.of("%" + escaped + "%"), false);
  }

  /**
   * The jsonb value at a path below a document, as {@code params -> ? -> ?}: {@code ->} with
   * text keys follows object keys only and never indexes arrays, as the evaluator's paths.
   */
  private String documentValue(FieldPath path) {
    String column = documents.get(path.root());
    if (column == null) {
      return null;
    }
    return column + " -> ?".repeat(path.below().size());
  }

  private static List<Object> keys(FieldPath path) {
    List<String> keys = path.viewKeys();
    return new ArrayList<>(keys.subList(1, keys.size()));
  }

  /**
   * Whether jsonb equality finds every value the evaluator calls equal to this literal: not for
   * zero or non-finite numbers, which stored documents may hold as tagged objects.
   */
  private static boolean plainlyComparable(JsonNode literal) {
    if (literal.isTextual() || literal.isBoolean() || literal.isNull()) {
      return true;
    }
    if (!literal.isNumber()) {
      return false;
    }
    double d = literal.doubleValue();
    return Double.isFinite(d) && d != 0 && literal.decimalValue().signum() != 0;
  }

  private static String sqlOperator(Operator operator) {
    return switch (operator) {
      case EQ -> "=";
      case NE -> "<>";
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }

  // ---- order, cursor, limit ------------------------------------------------------------------

  /** Whether SQL orders by these keys exactly as the evaluator does. */
  boolean ordersExactly(List<Sort> sort) {
    for (Sort key : sort) {
      FieldPath path = FieldPath.parse(key.field());
      Column column = path.below().isEmpty() ? columns.get(path.root()) : null;
      if (column == null || column.kind() == Kind.TAGS
          || column.kind() == Kind.STRING && !dialect.codePointStrings() && !asciiOnly(column)) {
        return false;
      }
    }
    return true;
  }

  /** Columns whose values are ASCII whatever users do: ids and statuses. */
  private static boolean asciiOnly(Column column) {
    return column.name().equals("id") || column.name().equals("experiment_id")
        || column.name().equals("status");
  }

  /** ORDER BY for keys {@link #ordersExactly} accepts: missing and null first ascending. */
  String orderBy(List<Sort> sort) {
    StringBuilder text = new StringBuilder(" ORDER BY ");
    for (Sort key : sort) {
      String col = columns.get(FieldPath.parse(key.field()).root()).name();
      text.append(col).append(key.direction() == Direction.DESC ? " DESC NULLS LAST, " : " ASC NULLS FIRST, ");
    }
    return text.append("id ASC").toString();
  }

  /**
   * The rows strictly after a cursor in the order of {@code sort}, or null when a cursor value
   * is not of its column's kind (the evaluator then skips to it).
   */
  Sql after(Cursor cursor, List<Sort> sort) {
    return after(cursor, sort, 0);
  }

  private Sql after(Cursor cursor, List<Sort> sort, int i) {
    if (i == sort.size()) {
      return new Sql("id > ?", List.of(cursor.id()), true);
    }
    Sql rest = after(cursor, sort, i + 1);
    if (rest == null) {
      return null;
    }
    Column column = columns.get(FieldPath.parse(sort.get(i).field()).root());
    String col = column.name();
    JsonNode c = cursor.sortValues().get(i);
    boolean desc = sort.get(i).direction() == Direction.DESC;
    List<Object> params = new ArrayList<>();
    if (c == null || c.isNull() || c.isMissingNode()) {
      params.addAll(rest.params());
      return desc ? new Sql("(" + col + " IS NULL AND " + rest.text() + ")", params, true)
          : new Sql("(" + col + " IS NOT NULL OR " + rest.text() + ")", params, true);
    }
    Object value;
    if (column.kind() == Kind.STRING && c.isTextual()) {
      value = c.textValue();
    } else if (column.kind() == Kind.NUMBER && c.isNumber() && Double.isFinite(c.doubleValue())) {
      value = c.decimalValue();
    } else {
      return null;
    }
    params.add(value);
    if (desc) {
      params.add(value);
      params.addAll(rest.params());
      return new Sql("(" + col + " < ? OR " + col + " IS NULL OR (" + col + " = ? AND " + rest.text()
          + "))", params, true);
    }
    params.add(value);
    params.addAll(rest.params());
    return new Sql("(" + col + " > ? OR (" + col + " = ? AND " + rest.text() + "))", params, true);
  }

  /** The fields a query reads, to know whether it needs the latest metrics. */
  static boolean readsMetrics(Query query) {
    if (query.sort().stream().anyMatch(s -> FieldPath.parse(s.field()).root().equals("metrics"))) {
      return true;
    }
    return mentions(query.filter(), "metrics");
  }

  private static boolean mentions(Filter filter, String root) {
    if (filter instanceof Filter.And and) {
      return and.operands().stream().anyMatch(f -> mentions(f, root));
    } else if (filter instanceof Filter.Or or) {
      return or.operands().stream().anyMatch(f -> mentions(f, root));
    } else if (filter instanceof Filter.Not not) {
      return mentions(not.operand(), root);
    } else if (filter instanceof Filter.Comparison c) {
      return FieldPath.parse(c.field()).root().equals(root);
    } else if (filter instanceof Filter.In in) {
      return FieldPath.parse(in.field()).root().equals(root);
    } else if (filter instanceof Filter.Exists e) {
      return FieldPath.parse(e.field()).root().equals(root);
    } else if (filter instanceof Filter.Contains c) {
      return FieldPath.parse(c.field()).root().equals(root);
    }
    return false;
  }
}
