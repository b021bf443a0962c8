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
import java.util.function.Function;

/**
 * Translates core's query model to SQL for one table.
 *
 * <p>Each condition becomes either an <em>exact</em> SQL predicate (true for exactly the rows
 * {@link dev.labbook.query.QueryEvaluator} accepts) or a <em>narrowing</em> one (true for at
 * least those rows). Exact: conditions on top-level columns (names, status, numbers, times,
 * comments, descriptions; on H2 string order compares {@code LB_CODE_POINTS} forms, see
 * {@link H2Functions#codePointOrder}), {@code tags contains} on PostgreSQL, every condition on
 * document paths (read with the evaluator's kind rules, see {@link Key}: on PostgreSQL from the
 * jsonb twin, on H2 by the functions of schema version 5 over the exact text, see
 * {@link H2Functions}), and conditions on {@code metrics.<key>} (joined from {@code lb_latest},
 * see {@link Joins}). Narrowing: {@code tags contains} on H2 ({@code LIKE} on the array's
 * text). Anything else narrows nothing.
 *
 * <p>When the filter is exact and every sort key is a column, a document path or a metric, the
 * order, the cursor and the limit run in SQL too. Otherwise the
 * store reads the narrowed rows and the evaluator finishes the page; the store's README lists
 * which queries do that.
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
  /** The exact-text column of each document field, read by H2's functions (H2 has no jsonb). */
  private final Map<String, String> texts;

  /** Whether {@code metrics.<key>} reads the latest values in {@code lb_latest} (runs). */
  private final boolean metrics;

  SqlQuery(Dialect dialect, Map<String, Column> columns, Map<String, String> documents) {
    this(dialect, columns, documents, false);
  }

  SqlQuery(Dialect dialect, Map<String, Column> columns, Map<String, String> documents, boolean metrics) {
    this.metrics = metrics;
    this.dialect = dialect;
    this.columns = columns;
    this.documents = dialect.hasJsonb() ? documents : Map.of();
    Map<String, String> text = new java.util.HashMap<>();
    documents.keySet().forEach(field -> text.put(field, field + "_text"));
    this.texts = dialect.hasJsonb() ? Map.of() : Map.copyOf(text);
  }

  /**
   * The metric keys a query reads, each LEFT JOINed once to {@code lb_latest} as {@code m0},
   * {@code m1}…: a run without the key has nulls there, i.e. the metric is missing.
   */
  static final class Joins {
    private final List<String> keys = new ArrayList<>();

    String alias(String key) {
      int i = keys.indexOf(key);
      if (i < 0) {
        keys.add(key);
        i = keys.size() - 1;
      }
      return "m" + i;
    }

    /** The JOIN clauses for {@code table}, with the keys as parameters. */
    Sql sql(String table) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < keys.size(); i++) {
        text.append(" LEFT JOIN lb_latest m").append(i).append(" ON m").append(i).append(".run_id = ")
            .append(table).append(".id AND m").append(i).append(".metric_key = ?");
      }
      return new Sql(text.toString(), List.copyOf(keys), true);
    }
  }

  /** The WHERE clause of a filter, for tests and callers that read no metrics in SQL. */
  Sql where(Filter filter) {
    return where(filter, new Joins());
  }

  /** The WHERE clause of a filter; the metric keys it reads are added to {@code joins}. */
  Sql where(Filter filter, Joins joins) {
    return where0(filter, joins);
  }

  private Sql where0(Filter filter, Joins joins) {
    if (filter instanceof Filter.All) {
      return Sql.TRUE_EXACT;
    } else if (filter instanceof Filter.And and) {
      return combine(and.operands().stream().map(f -> where0(f, joins)).toList(), " AND ", Sql.TRUE_EXACT);
    } else if (filter instanceof Filter.Or or) {
      List<Sql> parts = or.operands().stream().map(f -> where0(f, joins)).toList();
      return combine(parts, " OR ", Sql.FALSE_EXACT);
    } else if (filter instanceof Filter.Not not) {
      Sql inner = where0(not.operand(), joins);
      // Only an exact predicate can be negated: the complement of a superset is not one.
      return inner.exact() ? new Sql("NOT (" + inner.text() + ")", inner.params(), true)
          : Sql.NARROWS_NOTHING;
    } else if (filter instanceof Filter.In in) {
      List<Sql> parts = in.values().stream()
          .map(v -> where0(new Filter.Comparison(in.field(), Operator.EQ, v), joins)).toList();
      return combine(parts, " OR ", Sql.FALSE_EXACT);
    } else if (filter instanceof Filter.Comparison c) {
      return comparison(FieldPath.parse(c.field()), c.operator(), c.value(), joins);
    } else if (filter instanceof Filter.Exists e) {
      return exists(FieldPath.parse(e.field()), joins);
    } else if (filter instanceof Filter.Contains c) {
      return contains(FieldPath.parse(c.field()), c.value(), joins);
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

  private Sql comparison(FieldPath path, Operator operator, JsonNode literal, Joins joins) {
    if (isMetric(path)) {
      return metricComparison(path, operator, literal, joins);
    }
    if (!path.below().isEmpty()) {
      return documentComparison(path, operator, literal);
    }
    Column column = columns.get(path.root());
    if (column == null || column.kind() == Kind.TAGS) {
      return Sql.NARROWS_NOTHING;
    }
    if (operator == Operator.NE) {
      Sql eq = comparison(path, Operator.EQ, literal, joins);
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
        // H2 orders strings by UTF-16 unit: compare their code-point-order forms instead.
        return new Sql("COALESCE(LB_CODE_POINTS(" + col + ") " + op + " ?, FALSE)",
            List.of(H2Functions.codePointOrder(literal.textValue())), true);
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

  private Sql exists(FieldPath path, Joins joins) {
    if (path.below().isEmpty()) {
      return Sql.TRUE_EXACT; // views hold every top-level field, null ones included
    }
    if (isMetric(path)) {
      return path.below().size() > 1 ? Sql.FALSE_EXACT
          : new Sql(joins.alias(path.below().get(0)) + ".run_id IS NOT NULL", List.of(), true);
    }
    if (documents.containsKey(path.root())) {
      Sql v = value(path);
      return new Sql(v.text() + " IS NOT NULL", v.params(), true);
    }
    if (texts.containsKey(path.root())) {
      return h2(path, "LB_PRESENT");
    }
    return Sql.NARROWS_NOTHING;
  }

  private Sql contains(FieldPath path, JsonNode literal, Joins joins) {
    if (isMetric(path)) {
      return Sql.FALSE_EXACT; // a metric's value is a number, never an array
    }
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
    if (texts.containsKey(path.root()) && !path.below().isEmpty()) {
      Key key = Key.of(literal);
      if (key.rank() == 4 || key.rank() == 2 && key.sub() == 0) {
        return Sql.FALSE_EXACT; // arrays, objects and NaN equal nothing
      }
      Sql call = h2(path, "LB_ARRAY_CONTAINS");
      List<Object> params = new ArrayList<>(call.params());
      params.addAll(List.of(key.rank(), key.sub(), key.num(), key.str()));
      return new Sql(call.text().substring(0, call.text().length() - 1) + ", ?, ?, ?, ?)", params, true);
    }
    if (!documents.containsKey(path.root()) || path.below().isEmpty()) {
      return Sql.NARROWS_NOTHING;
    }
    // An array with an element the evaluator calls equal (tagged doubles are numbers there too).
    Sql element = equalTo(new Sql("e.x", List.of(), true), literal);
    Sql v = value(path);
    List<Object> params = new ArrayList<>(v.params());
    params.addAll(v.params());
    params.addAll(element.params());
    // jsonb_array_elements fails on a non-array, and SQL need not evaluate AND left to right.
    return new Sql("EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" + v.text()
        + ") = 'array' THEN " + v.text() + " ELSE CAST('[]' AS jsonb) END) AS e(x) WHERE " + element.text() + ")",
        params, true);
  }

  // ---- document paths (PostgreSQL jsonb) ----------------------------------------------------

  private Sql documentComparison(FieldPath path, Operator operator, JsonNode literal) {
    if (texts.containsKey(path.root())) {
      return h2Comparison(path, operator, literal);
    }
    String column = documents.get(path.root());
    if (column == null) {
      return Sql.NARROWS_NOTHING;
    }
    Sql v = value(path);
    if (operator == Operator.NE) {
      Sql eq = documentComparison(path, Operator.EQ, literal);
      return new Sql("NOT " + eq.text(), eq.params(), true);
    }
    if (operator == Operator.EQ) {
      Sql eq = equalTo(v, literal);
      if (!plainlyComparable(literal) || eq == Sql.FALSE_EXACT) {
        return eq;
      }
      // Containment of {"a":{"b":literal}} is a superset the GIN index serves (jsonb compares
      // numbers by value too); the exact test then runs on what it finds.
      JsonNode pattern = literal;
      List<String> keys = path.viewKeys();
      for (int i = keys.size() - 1; i >= 1; i--) {
        ObjectNode wrap = JsonNodeFactory.instance.objectNode();
        wrap.set(keys.get(i), pattern);
        pattern = wrap;
      }
      List<Object> params = new ArrayList<>();
      params.add(Json.canonical(pattern));
      params.addAll(eq.params());
      return new Sql("(" + column + " @> CAST(? AS jsonb) AND " + eq.text() + ")", params, true);
    }
    return ordered(v, operator, literal);
  }

  // ---- document paths (H2: functions over the exact text, see H2Functions) ------------------

  /** {@code function(<field>_text, path)}: one of the functions migration V5 declares on H2. */
  private Sql h2(FieldPath path, String function) {
    return new Sql(function + "(" + texts.get(path.root()) + ", ?)",
        List.of(H2Functions.path(path.viewKeys().subList(1, path.viewKeys().size()))), true);
  }

  /** A condition on a document path on H2: the parts of {@link Key}, compared as on PostgreSQL. */
  private Sql h2Comparison(FieldPath path, Operator operator, JsonNode literal) {
    if (operator == Operator.NE) {
      Sql eq = h2Comparison(path, Operator.EQ, literal);
      return new Sql("NOT (" + eq.text() + ")", eq.params(), true);
    }
    Sql rank = h2(path, "LB_RANK");
    Sql sub = h2(path, "LB_SUB");
    Sql num = h2(path, "LB_NUM");
    Sql str = h2(path, "LB_STR");
    Key key = Key.of(literal);
    if (operator == Operator.EQ) {
      if (literal.isNull()) {
        Sql present = h2(path, "LB_PRESENT");
        return new Sql("(" + present.text() + " AND " + rank.text() + " = 0)", concat(present.params(), rank.params()),
            true);
      }
      if (literal.isBoolean()) {
        return with(new Sql("(" + rank.text() + " = 1 AND " + sub.text() + " = ?)",
            concat(rank.params(), sub.params()), true), key.sub());
      }
      if (literal.isTextual()) {
        return with(new Sql("(" + rank.text() + " = 3 AND " + str.text() + " = ?)",
            concat(rank.params(), str.params()), true), H2Functions.codePointOrder(key.str()));
      }
      if (key.rank() != 2 || key.sub() == 0) {
        return Sql.FALSE_EXACT; // NaN equals nothing; arrays and objects are never equal
      }
      return parenthesized(numberEquals(rank, sub, num, key));
    }
    String op = sqlOperator(operator);
    if (literal.isTextual()) {
      return with(new Sql("(" + rank.text() + " = 3 AND " + str.text() + " " + op + " ?)",
          concat(rank.params(), str.params()), true), H2Functions.codePointOrder(key.str()));
    }
    if (key.rank() != 2 || key.sub() == 0) {
      return Sql.FALSE_EXACT;
    }
    return parenthesized(numberOrdered(rank, sub, num, key, op));
  }

  // ---- document values (PostgreSQL jsonb), exactly as the evaluator sees them ---------------

  /**
   * Whether a jsonb value is a codec-tagged double ({@code NaN}, {@code ±Infinity},
   * {@code -0.0} are stored as {"@type":"double","value":"…"}): the number it names.
   */
  private static final String TAGGED = "(jsonb_typeof($v) = 'object' AND ($v ->> '@type') = 'double' "
      + "AND ($v ->> 'value') IN ('NaN', 'Infinity', '-Infinity', '-0.0'))";
  /** Sort rank: missing/null 0, boolean 1, number (tagged too) 2, string 3, array/object 4. */
  private static final String RANK = "(CASE jsonb_typeof($v) WHEN 'null' THEN 0 WHEN 'boolean' THEN 1 "
      + "WHEN 'number' THEN 2 WHEN 'string' THEN 3 WHEN 'array' THEN 4 WHEN 'object' THEN CASE WHEN "
      + TAGGED + " THEN 2 ELSE 4 END ELSE 0 END)";
  /** Within a rank: false 0 / true 1; numbers NaN 0, -Infinity 1, finite 2, +Infinity 3. */
  private static final String SUB = "(CASE jsonb_typeof($v) WHEN 'boolean' THEN CASE WHEN $v = "
      + "CAST('true' AS jsonb) THEN 1 ELSE 0 END WHEN 'number' THEN 2 WHEN 'object' THEN CASE WHEN "
      + TAGGED + " THEN CASE ($v ->> 'value') WHEN 'NaN' THEN 0 WHEN '-Infinity' THEN 1 "
      + "WHEN 'Infinity' THEN 3 ELSE 2 END ELSE 0 END ELSE 0 END)";
  /** A finite number's value (jsonb keeps numbers' decimal value exactly), else 0. */
  private static final String NUM = "(CASE WHEN jsonb_typeof($v) = 'number' THEN CAST($v AS numeric) ELSE 0 END)";
  /** A string's characters in code point order, else the empty string. */
  private static final String STR = "(CASE WHEN jsonb_typeof($v) = 'string' THEN ($v #>> '{}') ELSE '' END) "
      + "COLLATE \"C\"";

  /** {@code template} with every {@code $v} replaced by {@code v}, whose parameters repeat. */
  private static Sql subst(String template, Sql v) {
    String[] pieces = template.split("\\$v", -1);
    List<Object> params = new ArrayList<>();
    for (int i = 1; i < pieces.length; i++) {
      params.addAll(v.params());
    }
    return new Sql(String.join(v.text(), pieces), params, true);
  }

  /**
   * The value a path finds, as the evaluator finds it: {@code ->} with text keys follows object
   * keys only (never array indexes), and a path finds nothing below a tagged double (only its
   * key {@code value} could be found there).
   */
  private Sql value(FieldPath path) {
    String column = documents.get(path.root());
    List<Object> keys = keys(path);
    Sql full = new Sql("(" + column + " -> ?".repeat(keys.size()) + ")", keys, true);
    if (keys.size() < 2 || !"value".equals(keys.get(keys.size() - 1))) {
      return full;
    }
    Sql parent = new Sql("(" + column + " -> ?".repeat(keys.size() - 1) + ")", keys.subList(0, keys.size() - 1), true);
    Sql tagged = subst(TAGGED, parent);
    List<Object> params = new ArrayList<>(tagged.params());
    params.addAll(full.params());
    return new Sql("(CASE WHEN " + tagged.text() + " THEN NULL ELSE " + full.text() + " END)", params, true);
  }

  /** {@code v = literal} as the evaluator decides it, never null. */
  private static Sql equalTo(Sql v, JsonNode literal) {
    if (literal.isNull()) {
      return subst("COALESCE(jsonb_typeof($v) = 'null', FALSE)", v);
    }
    if (literal.isBoolean()) {
      return with(subst("COALESCE(jsonb_typeof($v) = 'boolean' AND $v = CAST(? AS jsonb), FALSE)", v),
          literal.booleanValue() ? "true" : "false");
    }
    if (literal.isTextual()) {
      return with(subst("COALESCE(jsonb_typeof($v) = 'string' AND ($v #>> '{}') = ?, FALSE)", v),
          literal.textValue());
    }
    Key key = Key.of(literal);
    if (!literal.isNumber() || key.sub() == 0) {
      return Sql.FALSE_EXACT; // NaN equals nothing; arrays and objects are never equal
    }
    Sql rank = subst(RANK, v);
    Sql sub = subst(SUB, v);
    Sql num = subst(NUM, v);
    return orFalse(numberEquals(rank, sub, num, key));
  }

  /** {@code v op literal} for {@code < <= > >=}: numbers (not NaN) with numbers, strings with strings. */
  private static Sql ordered(Sql v, Operator operator, JsonNode literal) {
    String op = sqlOperator(operator);
    if (literal.isTextual()) {
      Sql str = subst(STR, v);
      return with(new Sql("COALESCE(jsonb_typeof(" + v.text() + ") = 'string' AND " + str.text() + " " + op + " ?, FALSE)",
          concat(v.params(), str.params()), true), literal.textValue());
    }
    Key key = Key.of(literal);
    if (!literal.isNumber() || key.sub() == 0) {
      return Sql.FALSE_EXACT;
    }
    // (class, value) in lexicographic order; the value is 0 for non-finite classes on both sides.
    Sql rank = subst(RANK, v);
    Sql sub = subst(SUB, v);
    Sql num = subst(NUM, v);
    return orFalse(numberOrdered(rank, sub, num, key, op));
  }

  /**
   * Numbers equal to the literal's key, over the kind-rank, number-class and value expressions
   * of either engine: kind 2, the same class, the same value (0 for the non-finite classes).
   * Unparenthesized: H2 puts it in parentheses, PostgreSQL in {@code COALESCE(…, FALSE)}.
   */
  private static Sql numberEquals(Sql rank, Sql sub, Sql num, Key key) {
    List<Object> params = new ArrayList<>(rank.params());
    params.addAll(sub.params());
    params.add(key.sub());
    params.addAll(num.params());
    params.add(key.num());
    return new Sql(rank.text() + " = 2 AND " + sub.text() + " = ? AND " + num.text() + " = ?", params, true);
  }

  /**
   * Numbers other than NaN ordered against the literal's key by (class, value) in lexicographic
   * order, {@code op} being one of {@code < <= > >=}.
   */
  private static Sql numberOrdered(Sql rank, Sql sub, Sql num, Key key, String op) {
    List<Object> params = new ArrayList<>(rank.params());
    params.addAll(sub.params());
    params.addAll(sub.params());
    params.add(key.sub());
    params.addAll(sub.params());
    params.add(key.sub());
    params.addAll(num.params());
    params.add(key.num());
    String strict = op.substring(0, 1);
    return new Sql(rank.text() + " = 2 AND " + sub.text() + " <> 0 AND (" + sub.text() + " " + strict
        + " ? OR " + sub.text() + " = ? AND " + num.text() + " " + op + " ?)", params, true);
  }

  /** The condition in parentheses, to stand as one operand. */
  private static Sql parenthesized(Sql condition) {
    return new Sql("(" + condition.text() + ")", condition.params(), condition.exact());
  }

  /** The condition with SQL's unknown (a missing jsonb path) read as false. */
  private static Sql orFalse(Sql condition) {
    return new Sql("COALESCE(" + condition.text() + ", FALSE)", condition.params(), condition.exact());
  }

  private static Sql with(Sql sql, Object param) {
    List<Object> params = new ArrayList<>(sql.params());
    params.add(param);
    return new Sql(sql.text(), params, sql.exact());
  }

  private static List<Object> concat(List<Object> a, List<Object> b) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * A value's place in the evaluator's total order as SQL sees it: rank (missing/null 0,
   * boolean 1, number 2, string 3, array/object 4), then sub (false 0 / true 1; NaN 0,
   * -Infinity 1, finite 2, +Infinity 3), then a finite number's exact value, then a string.
   */
  record Key(int rank, int sub, BigDecimal num, String str) {
    static Key of(JsonNode value) {
      if (value == null || value.isNull() || value.isMissingNode()) {
        return new Key(0, 0, BigDecimal.ZERO, "");
      }
      if (value.isBoolean()) {
        return new Key(1, value.booleanValue() ? 1 : 0, BigDecimal.ZERO, "");
      }
      if (value.isTextual()) {
        return new Key(3, 0, BigDecimal.ZERO, value.textValue());
      }
      Double tagged = taggedDouble(value);
      if (tagged != null) {
        return number(tagged);
      }
      if (!value.isNumber()) {
        return new Key(4, 0, BigDecimal.ZERO, "");
      }
      if (value.isDouble() || value.isFloat()) {
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
          return number(d);
        }
        return new Key(2, 2, value.isFloat() ? new BigDecimal(Float.toString(value.floatValue()))
            : BigDecimal.valueOf(d), "");
      }
      return new Key(2, 2, value.isBigInteger() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue(), "");
    }

    private static Key number(double d) {
      int sub = Double.isNaN(d) ? 0 : d == Double.NEGATIVE_INFINITY ? 1 : d == Double.POSITIVE_INFINITY ? 3 : 2;
      return new Key(2, sub, sub == 2 ? BigDecimal.valueOf(d) : BigDecimal.ZERO, "");
    }

    private static Double taggedDouble(JsonNode node) {
      if (!node.isObject() || !"double".equals(node.path("@type").textValue())) {
        return null;
      }
      String text = node.path("value").textValue();
      return text == null ? null : switch (text) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        case "-0.0" -> -0.0;
        default -> null;
      };
    }
  }

  // ---- metrics.<key>: the latest value, joined from lb_latest --------------------------------

  private boolean isMetric(FieldPath path) {
    return metrics && path.root().equals("metrics") && !path.below().isEmpty();
  }

  /**
   * A condition on a metric's latest value. Views hold it as a double, which the evaluator
   * compares by its decimal value ({@link BigDecimal#valueOf(double)}); that order is the
   * doubles' own, so a decimal literal becomes the nearest doubles on either side of it.
   */
  private Sql metricComparison(FieldPath path, Operator operator, JsonNode literal, Joins joins) {
    if (operator == Operator.NE) {
      Sql eq = metricComparison(path, Operator.EQ, literal, joins);
      return new Sql("NOT (" + eq.text() + ")", eq.params(), true);
    }
    if (path.below().size() > 1 || !literal.isNumber()) {
      return Sql.FALSE_EXACT; // nothing below a number; a number is of no other kind
    }
    Key key = Key.of(literal);
    if (key.sub() == 0) {
      return Sql.FALSE_EXACT; // NaN
    }
    String m = joins.alias(path.below().get(0));
    String cls = m + ".value_class";
    String val = m + ".finite_value";
    if (key.sub() != 2) {
      // Against an infinity only the classes matter (the evaluator's -Infinity < finite < +Infinity).
      return new Sql("COALESCE(" + cls + " <> 0 AND " + cls + " " + sqlOperator(operator) + " ?, FALSE)",
          List.of(key.sub()), true);
    }
    Double floor = floor(key.num());
    Double ceiling = ceiling(key.num());
    return switch (operator) {
      case EQ -> floor != null && floor.equals(ceiling)
          ? new Sql("COALESCE(" + cls + " = 2 AND " + val + " = ?, FALSE)", List.of(floor), true)
          : Sql.FALSE_EXACT;
      case GT -> floor == null ? new Sql("COALESCE(" + cls + " IN (2, 3), FALSE)", List.of(), true)
          : new Sql("COALESCE(" + cls + " = 3 OR " + cls + " = 2 AND " + val + " > ?, FALSE)", List.of(floor), true);
      case GE -> ceiling == null ? new Sql("COALESCE(" + cls + " = 3, FALSE)", List.of(), true)
          : new Sql("COALESCE(" + cls + " = 3 OR " + cls + " = 2 AND " + val + " >= ?, FALSE)", List.of(ceiling), true);
      case LT -> ceiling == null ? new Sql("COALESCE(" + cls + " IN (1, 2), FALSE)", List.of(), true)
          : new Sql("COALESCE(" + cls + " = 1 OR " + cls + " = 2 AND " + val + " < ?, FALSE)", List.of(ceiling), true);
      case LE -> floor == null ? new Sql("COALESCE(" + cls + " = 1, FALSE)", List.of(), true)
          : new Sql("COALESCE(" + cls + " = 1 OR " + cls + " = 2 AND " + val + " <= ?, FALSE)", List.of(floor), true);
      case NE -> throw new IllegalStateException("handled above");
    };
  }

  /** The greatest finite double whose decimal value is at most {@code x}, or null if none. */
  static Double floor(BigDecimal x) {
    double d = clamp(x.doubleValue());
    while (BigDecimal.valueOf(d).compareTo(x) > 0) {
      if (d == -Double.MAX_VALUE) {
        return null;
      }
      d = Math.nextDown(d);
    }
    while (d < Double.MAX_VALUE && BigDecimal.valueOf(Math.nextUp(d)).compareTo(x) <= 0) {
      d = Math.nextUp(d);
    }
    return d == 0 ? 0.0 : d;
  }

  /** The least finite double whose decimal value is at least {@code x}, or null if none. */
  static Double ceiling(BigDecimal x) {
    Double d = floor(x);
    if (d != null && BigDecimal.valueOf(d).compareTo(x) == 0) {
      return d;
    }
    if (d == null) {
      return -Double.MAX_VALUE;
    }
    return d == Double.MAX_VALUE ? null : Math.nextUp(d) == 0 ? 0.0 : Math.nextUp(d);
  }

  private static double clamp(double d) {
    return d == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : d == Double.NEGATIVE_INFINITY ? -Double.MAX_VALUE : d;
  }

  /** Rows whose column text holds {@code piece}, LIKE metacharacters escaped: narrowing. */
  private static Sql like(String column, String piece) {
    String escaped = piece.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return new Sql(column + " LIKE ? ESCAPE '!'", List.of("%" + escaped + "%"), false);
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

  // ---- order and cursor by any key SQL can rank: documents, metrics, columns -----------------

  /** One sort key as SQL expressions that order exactly as the evaluator: see {@link Key}. */
  private record Ranked(List<Sql> parts, boolean desc, Function<JsonNode, List<Object>> cursor) {}

  /**
   * The keys as ranked expressions, or null when one cannot be (tags, an unknown field):
   * then the evaluator orders. Used when {@link #ordersExactly} declines (not only columns).
   */
  List<Sql> rankedOrder(List<Sort> sort, Joins joins) {
    List<Ranked> keys = ranked(sort, joins);
    if (keys == null) {
      return null;
    }
    List<Sql> order = new ArrayList<>();
    for (Ranked key : keys) {
      for (Sql part : key.parts()) {
        order.add(new Sql(part.text() + (key.desc() ? " DESC" : " ASC"), part.params(), true));
      }
    }
    return order;
  }

  /**
   * The rows strictly after a cursor in the order of {@link #rankedOrder}, or null when a cursor
   * value cannot be placed in SQL (the evaluator then skips to it).
   */
  Sql rankedAfter(Cursor cursor, List<Sort> sort, Joins joins) {
    List<Ranked> keys = ranked(sort, joins);
    if (keys == null || cursor.sortValues().size() != sort.size()) {
      return null;
    }
    List<Sql> parts = new ArrayList<>();
    List<Boolean> desc = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      List<Object> at = keys.get(i).cursor().apply(cursor.sortValues().get(i));
      if (at == null) {
        return null;
      }
      Ranked key = keys.get(i);
      parts.addAll(key.parts());
      key.parts().forEach(p -> desc.add(key.desc()));
      values.addAll(at);
    }
    // Lexicographic: (p0 > c0) OR (p0 = c0 AND ((p1 > c1) OR … (id > cid))), each part non-null.
    Sql rest = new Sql("id > ?", List.of(cursor.id()), true);
    for (int i = parts.size() - 1; i >= 0; i--) {
      Sql p = parts.get(i);
      List<Object> params = new ArrayList<>(p.params());
      params.add(values.get(i));
      params.addAll(p.params());
      params.add(values.get(i));
      params.addAll(rest.params());
      rest = new Sql("(" + p.text() + (desc.get(i) ? " < ?" : " > ?") + " OR " + p.text() + " = ? AND "
          + rest.text() + ")", params, true);
    }
    return rest;
  }

  private List<Ranked> ranked(List<Sort> sort, Joins joins) {
    List<Ranked> keys = new ArrayList<>();
    for (Sort s : sort) {
      FieldPath path = FieldPath.parse(s.field());
      boolean desc = s.direction() == Direction.DESC;
      Column column = path.below().isEmpty() ? columns.get(path.root()) : null;
      if (isMetric(path)) {
        if (path.below().size() > 1) {
          keys.add(new Ranked(List.of(new Sql("0", List.of(), true)), desc, c -> List.of(Key.of(c).rank())));
          continue;
        }
        String m = joins.alias(path.below().get(0));
        keys.add(new Ranked(List.of(new Sql("(CASE WHEN " + m + ".run_id IS NULL THEN 0 ELSE 2 END)", List.of(), true),
            new Sql("COALESCE(" + m + ".value_class, 0)", List.of(), true),
            new Sql("COALESCE(" + m + ".finite_value, 0)", List.of(), true)), desc, c -> {
              Key k = Key.of(c);
              double d = k.num().doubleValue();
              // The column holds doubles: a cursor number that is no double's value stays in Java.
              return BigDecimal.valueOf(d).compareTo(k.num()) != 0 ? null : List.of(k.rank(), k.sub(), d);
            }));
      } else if (column != null && column.kind() == Kind.NUMBER) {
        String col = column.name();
        keys.add(new Ranked(List.of(new Sql("(CASE WHEN " + col + " IS NULL THEN 0 ELSE 2 END)", List.of(), true),
            new Sql("COALESCE(" + col + ", 0)", List.of(), true)), desc, c -> {
              Key k = Key.of(c);
              return k.rank() == 0 ? List.of(0, BigDecimal.ZERO)
                  : k.rank() == 2 && k.sub() == 2 ? List.of(2, k.num()) : null;
            }));
      } else if (column != null && column.kind() == Kind.STRING
          && (dialect.codePointStrings() || asciiOnly(column))) {
        String col = column.name();
        keys.add(new Ranked(List.of(new Sql("(CASE WHEN " + col + " IS NULL THEN 0 ELSE 3 END)", List.of(), true),
            new Sql("COALESCE(" + col + ", '')", List.of(), true)), desc, c -> {
              Key k = Key.of(c);
              return k.rank() == 0 ? List.of(0, "") : k.rank() == 3 ? List.of(3, k.str()) : null;
            }));
      } else if (column != null && column.kind() == Kind.STRING) {
        // H2 orders strings by UTF-16 unit: order their code-point-order forms instead.
        String col = column.name();
        keys.add(new Ranked(List.of(new Sql("(CASE WHEN " + col + " IS NULL THEN 0 ELSE 3 END)", List.of(), true),
            new Sql("COALESCE(LB_CODE_POINTS(" + col + "), '')", List.of(), true)), desc, c -> {
              Key k = Key.of(c);
              return k.rank() == 0 ? List.of(0, "")
                  : k.rank() == 3 ? List.of(3, H2Functions.codePointOrder(k.str())) : null;
            }));
      } else if (column == null && documents.containsKey(path.root()) && !path.below().isEmpty()) {
        Sql v = value(path);
        keys.add(new Ranked(List.of(subst(RANK, v), subst(SUB, v), subst(NUM, v), subst(STR, v)), desc, c -> {
          Key k = Key.of(c);
          return List.of(k.rank(), k.sub(), k.num(), k.str());
        }));
      } else if (column == null && texts.containsKey(path.root()) && !path.below().isEmpty()) {
        keys.add(new Ranked(List.of(h2(path, "LB_RANK"), h2(path, "LB_SUB"), h2(path, "LB_NUM"), h2(path, "LB_STR")),
            desc, c -> {
              Key k = Key.of(c);
              return List.of(k.rank(), k.sub(), k.num(), H2Functions.codePointOrder(k.str()));
            }));
      } else {
        return null;
      }
    }
    return keys;
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
