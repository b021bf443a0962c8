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
  private final SqlQuery postgres = new SqlQuery(Dialect.POSTGRESQL, Rows.RUN_COLUMNS, RUN_DOCUMENTS);
  private final SqlQuery h2 = new SqlQuery(Dialect.H2, Rows.RUN_COLUMNS, RUN_DOCUMENTS);

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
  void documentEqualityNarrowsThroughTheGinIndexOnPostgresqlAndTextOnH2() {
    Filter filter = Query.parse("params.opt.name = 'adam'").filter();
    SqlQuery.Sql pg = postgres.where(filter);
    assertThat(pg.exact()).isFalse();
    assertThat(pg.text()).isEqualTo("params @> CAST(? AS jsonb)");
    assertThat(pg.params()).containsExactly("{\"opt\":{\"name\":\"adam\"}}");
    SqlQuery.Sql text = h2.where(filter);
    assertThat(text.exact()).isFalse();
    assertThat(text.text()).isEqualTo("params_text LIKE ? ESCAPE '!'");
    assertThat(text.params()).containsExactly("%\"name\":\"adam\"%");
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
    assertThat(postgres.where(Query.parse("not params.lr = 0.5").filter()).text()).isEqualTo("1=1");
    assertThat(postgres.where(Query.parse("number = 1 or metrics.loss < 2").filter()).text()).isEqualTo("1=1");
    assertThat(postgres.where(Query.parse("number = 1 and metrics.loss < 2").filter()).text())
        .contains("number = ?");
  }

  @Test
  void orderCursorAndLimitGoToSqlOnlyForColumnsItOrdersByCodePoint() {
    List<Sort> byComment = List.of(new Sort("comment", Direction.DESC));
    assertThat(postgres.ordersExactly(byComment)).isTrue();
    assertThat(h2.ordersExactly(byComment)).as("H2 orders by UTF-16 unit").isFalse();
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
