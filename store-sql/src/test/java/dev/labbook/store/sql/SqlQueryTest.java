package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Filter;
import dev.labbook.query.Query;
import dev.labbook.query.Sort;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the translation makes of queries: which conditions SQL decides (exact), which it only
 * narrows, and that values always travel as parameters. The TCK checks the answers; this
 * checks that the work happens in SQL.
 */
class SqlQueryTest {
  private static final Map<String, String> RUN_DOCUMENTS = Map.of("params", "params", "args", "args",
      "env", "env", "extras", "extras", "results", "results");
  private final SqlQuery postgres = new SqlQuery(Dialect.POSTGRESQL, Rows.RUN_COLUMNS, RUN_DOCUMENTS, true);
  private final SqlQuery h2 = new SqlQuery(Dialect.H2, Rows.RUN_COLUMNS, RUN_DOCUMENTS, true);

  @Test
  void topLevelConditionsAreExactOnBothDatabasesWithTheirValuesBound() {
    Filter filter = Query.parse("status = 'COMPLETED' and number >= 3 and not comment = 'x''; --'").filter();
    for (SqlQuery query : List.of(postgres, h2)) {
      SqlQuery.Sql sql = query.where(filter);
      assertThat(sql.exact()).isTrue();
      assertThat(sql.text()).contains("status = ?").contains("number >= ?").contains("NOT (")
          .doesNotContain("COMPLETED").doesNotContain("--");
      assertThat(sql.params()).containsExactly("COMPLETED", new BigDecimal("3"), "x'; --");
    }
  }

  @Test
  void documentEqualityIsExactOnPostgresqlBehindTheGinIndexAndOnH2ThroughItsFunctions() {
    Filter filter = Query.parse("params.opt.name = 'adam'").filter();
    SqlQuery.Sql pg = postgres.where(filter);
    assertThat(pg.exact()).isTrue();
    // Containment (the GIN index) finds a superset; the kind-checked test decides.
    assertThat(pg.text()).isEqualTo("(params @> CAST(? AS jsonb) AND COALESCE(jsonb_typeof((params -> ? -> ?)) "
        + "= 'string' AND ((params -> ? -> ?) #>> '{}') = ?, FALSE))");
    assertThat(pg.params()).containsExactly("{\"opt\":{\"name\":\"adam\"}}", "opt", "name", "opt", "name", "adam");
    // H2: the functions of schema 5 read the path from the exact text (rank 3: a string).
    SqlQuery.Sql text = h2.where(filter);
    assertThat(text.exact()).isTrue();
    assertThat(text.text()).isEqualTo("(LB_RANK(params_text, ?) = 3 AND LB_STR(params_text, ?) = ?)");
    assertThat(text.params()).containsExactly("[\"opt\",\"name\"]", "[\"opt\",\"name\"]", "adam");
    SqlQuery.Sql number = h2.where(Query.parse("params.lr > 0.01").filter());
    assertThat(number.exact()).isTrue();
    assertThat(number.text()).isEqualTo("(LB_RANK(params_text, ?) = 2 AND LB_SUB(params_text, ?) <> 0 AND "
        + "(LB_SUB(params_text, ?) > ? OR LB_SUB(params_text, ?) = ? AND LB_NUM(params_text, ?) > ?))");
    assertThat(number.params()).filteredOn(p -> !"[\"lr\"]".equals(p)).containsExactly(2, 2, new BigDecimal("0.01"));
    assertThat(h2.where(Query.parse("exists params.opt").filter()).text()).isEqualTo("LB_PRESENT(params_text, ?)");
    assertThat(h2.where(Query.parse("params.list contains 1.0").filter())).satisfies(sql -> {
      assertThat(sql.text()).isEqualTo("LB_ARRAY_CONTAINS(params_text, ?, ?, ?, ?, ?)");
      assertThat(sql.params()).containsExactly("[\"list\"]", 2, 2, new BigDecimal("1.0"), "");
    });
  }

  @Test
  void documentNumbersCompareByKindClassAndExactValueOnPostgresql() {
    SqlQuery.Sql sql = postgres.where(Query.parse("params.lr > 0.01").filter());
    assertThat(sql.exact()).isTrue();
    // rank 2 (numbers, tagged doubles too), not NaN, then (class, value) after (2, 0.01).
    assertThat(sql.text()).startsWith("COALESCE((CASE jsonb_typeof((params -> ?)) WHEN 'null' THEN 0")
        .contains(" = 2 AND (CASE jsonb_typeof").contains("CAST((params -> ?) AS numeric)")
        .endsWith(" > ?), FALSE)");
    assertThat(sql.params()).filteredOn(p -> !"lr".equals(p)).containsExactly(2, 2, new BigDecimal("0.01"));
    assertThat(postgres.where(Query.parse("params.lr > 'a'").filter()).text()).contains("COLLATE \"C\" > ?");
    assertThat(postgres.where(Query.parse("params.lr > true").filter())).isEqualTo(SqlQuery.Sql.FALSE_EXACT);
  }

  @Test
  void aPathEndingInValueFindsNothingBelowATaggedDouble() {
    SqlQuery.Sql sql = postgres.where(Query.parse("exists params.y.value").filter());
    assertThat(sql.text()).startsWith("(CASE WHEN (jsonb_typeof((params -> ?)) = 'object' AND ((params -> ?) ->> '@type') "
        + "= 'double' AND ((params -> ?) ->> 'value') IN ('NaN', 'Infinity', '-Infinity', '-0.0')) THEN NULL "
        + "ELSE (params -> ? -> ?) END) IS NOT NULL");
  }

  @Test
  void documentSortsAreRankedByKindOnBothDatabases() {
    List<Sort> sort = List.of(new Sort("results.accuracy", Direction.DESC));
    List<SqlQuery.Sql> order = postgres.rankedOrder(sort, new SqlQuery.Joins());
    assertThat(order).extracting(SqlQuery.Sql::text).satisfiesExactly(
        rank -> assertThat(rank).startsWith("(CASE jsonb_typeof((results -> ?)) WHEN 'null' THEN 0").endsWith(" DESC"),
        sub -> assertThat(sub).contains("WHEN 'Infinity' THEN 3").endsWith(" DESC"),
        num -> assertThat(num).isEqualTo("(CASE WHEN jsonb_typeof((results -> ?)) = 'number' THEN "
            + "CAST((results -> ?) AS numeric) ELSE 0 END) DESC"),
        str -> assertThat(str).endsWith("ELSE '' END) COLLATE \"C\" DESC"));
    assertThat(h2.rankedOrder(sort, new SqlQuery.Joins())).extracting(SqlQuery.Sql::text).containsExactly(
        "LB_RANK(results_text, ?) DESC", "LB_SUB(results_text, ?) DESC", "LB_NUM(results_text, ?) DESC",
        "LB_STR(results_text, ?) DESC");

    Cursor cursor = new Cursor(List.of(JsonNodeFactory.instance.numberNode(0.5)), "id-3");
    SqlQuery.Sql after = postgres.rankedAfter(cursor, sort, new SqlQuery.Joins());
    assertThat(after.text()).endsWith(" = ? AND id > ?))))");
    assertThat(after.params()).contains(2, new BigDecimal("0.5"), "", "id-3");
    Cursor string = new Cursor(List.of(JsonNodeFactory.instance.textNode("\uD83D\uDE00")), "id-4");
    assertThat(h2.rankedAfter(string, sort, new SqlQuery.Joins()).params())
        .contains(3, H2Functions.codePointOrder("\uD83D\uDE00"), "id-4");
  }

  @Test
  void h2StringsAreComparedInAFormWhoseUtf16OrderIsCodePointOrder() {
    // UTF-16 puts U+1F600 (a surrogate pair) below U+FFFD; code points put it above.
    List<String> byCodePoint = List.of("", "a", "a\u0000", "\uD7FF", "\uE000", "\uFFFD", "\uFFFF",
        "\uD800", "\uD83D\uDE00", "\uD83D\uDE00a", "\uDBFF\uDFFF", "\uDFFF");
    for (int i = 0; i < byCodePoint.size(); i++) {
      for (int j = 0; j < byCodePoint.size(); j++) {
        String a = H2Functions.codePointOrder(byCodePoint.get(i));
        String b = H2Functions.codePointOrder(byCodePoint.get(j));
        assertThat(Integer.signum(a.compareTo(b))).as("%d vs %d", i, j).isEqualTo(Integer.signum(Integer.compare(i, j)));
        assertThat(a.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
      }
    }
    assertThat(H2Functions.codePointOrder(null)).isNull();
    SqlQuery.Sql sql = h2.where(Query.parse("comment < '\uD83D\uDE00'").filter());
    assertThat(sql.exact()).isTrue();
    assertThat(sql.text()).isEqualTo("COALESCE(LB_CODE_POINTS(comment) < ?, FALSE)");
    assertThat(sql.params()).containsExactly(H2Functions.codePointOrder("\uD83D\uDE00"));
  }

  @Test
  void metricsJoinTheirLatestValueAndDecimalLiteralsBecomeTheNearestDoubles() {
    for (SqlQuery query : List.of(postgres, h2)) {
      SqlQuery.Joins joins = new SqlQuery.Joins();
      SqlQuery.Sql sql = query.where(Query.parse("metrics.loss < 0.5 and metrics.loss != 1").filter(), joins);
      assertThat(sql.exact()).isTrue();
      assertThat(sql.text()).isEqualTo("(COALESCE(m0.value_class = 1 OR m0.value_class = 2 AND m0.finite_value < ?, "
          + "FALSE) AND NOT (COALESCE(m0.value_class = 2 AND m0.finite_value = ?, FALSE)))");
      assertThat(sql.params()).containsExactly(0.5, 1.0);
      assertThat(joins.sql("lb_run").text())
          .isEqualTo(" LEFT JOIN lb_latest m0 ON m0.run_id = lb_run.id AND m0.metric_key = ?");
      assertThat(joins.sql("lb_run").params()).containsExactly("loss");
    }
    BigDecimal between = new BigDecimal("0.1000000000000000000001");
    assertThat(SqlQuery.floor(between)).isEqualTo(0.1);
    assertThat(SqlQuery.ceiling(between)).isEqualTo(Math.nextUp(0.1));
    assertThat(postgres.where(Filter.eq("metrics.loss", between))).isEqualTo(SqlQuery.Sql.FALSE_EXACT);
    assertThat(SqlQuery.ceiling(new BigDecimal("1e400"))).isNull();
    assertThat(SqlQuery.floor(new BigDecimal("-1e400"))).isNull();
  }

  @Test
  void tagsContainIsExactOnPostgresqlAndNarrowsOnH2WithLikeMetacharactersEscaped() {
    Filter filter = Filter.contains("tags", "100%_!");
    assertThat(postgres.where(filter)).satisfies(sql -> {
      assertThat(sql.exact()).isTrue();
      assertThat(sql.params()).containsExactly("100%_!");
    });
    assertThat(h2.where(filter)).satisfies(sql -> {
      assertThat(sql.exact()).isFalse();
      assertThat(sql.params()).containsExactly("%\"100!%!_!!\"%");
    });
  }

  @Test
  void aNegatedNarrowingConditionNarrowsNothingAndOrWithOneSuchOperandNeither() {
    // tags contains narrows on H2 (LIKE on the array's text).
    assertThat(h2.where(Query.parse("not tags contains 'a'").filter()).text()).isEqualTo("1=1");
    assertThat(h2.where(Query.parse("number = 1 or tags = 'a'").filter()).text()).isEqualTo("1=1");
    assertThat(h2.where(Query.parse("number = 1 and tags contains 'a'").filter())).satisfies(sql -> {
      assertThat(sql.text()).contains("number = ?");
      assertThat(sql.exact()).isFalse();
    });
    assertThat(h2.where(Query.parse("not params.lr = 'a'").filter()).exact()).isTrue();
    assertThat(postgres.where(Query.parse("not params.lr = 0.5").filter()).exact()).isTrue();
  }

  @Test
  void orderCursorAndLimitGoToSqlOnlyForColumnsItOrdersByCodePoint() {
    List<Sort> byComment = List.of(new Sort("comment", Direction.DESC));
    assertThat(postgres.ordersExactly(byComment)).isTrue();
    assertThat(h2.ordersExactly(byComment)).as("H2 orders by UTF-16 unit").isFalse();
    assertThat(h2.rankedOrder(byComment, new SqlQuery.Joins())).extracting(SqlQuery.Sql::text)
        .containsExactly("(CASE WHEN comment IS NULL THEN 0 ELSE 3 END) DESC", "COALESCE(LB_CODE_POINTS(comment), '') DESC");
    assertThat(h2.ordersExactly(List.of(new Sort("number", Direction.ASC), new Sort("status", Direction.DESC))))
        .isTrue();
    assertThat(postgres.ordersExactly(List.of(new Sort("params.lr", Direction.ASC)))).isFalse();
    assertThat(postgres.orderBy(byComment)).isEqualTo(" ORDER BY comment DESC NULLS LAST, id ASC");

    Cursor cursor = new Cursor(List.of(JsonNodeFactory.instance.textNode("b")), "id-7");
    SqlQuery.Sql after = postgres.after(cursor, byComment);
    assertThat(after.text()).isEqualTo("(comment < ? OR comment IS NULL OR (comment = ? AND id > ?))");
    assertThat(after.params()).containsExactly("b", "b", "id-7");
    Cursor afterNull = new Cursor(List.of(JsonNodeFactory.instance.nullNode()), "id-9");
    assertThat(postgres.after(afterNull, List.of(new Sort("comment", Direction.ASC))).text())
        .isEqualTo("(comment IS NOT NULL OR id > ?)");
  }
}
