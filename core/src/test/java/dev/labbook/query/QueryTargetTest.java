package dev.labbook.query;

import static dev.labbook.query.Filter.and;
import static dev.labbook.query.Filter.eq;
import static dev.labbook.query.Filter.gt;
import static dev.labbook.query.Filter.not;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.labbook.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTargetTest {
  private static final long JAN_2_2026 = 1767312000000L;

  private static Query runs(String filter) {
    return QueryTarget.RUNS.validate(Query.parse(filter));
  }

  @Test
  void anUnknownFieldIsNamedWithTheAllowedFieldsAndDocuments() {
    assertThatThrownBy(() -> runs("stauts = 'RUNNING'"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown field 'stauts'")
        .hasMessageContaining("runs")
        .hasMessageContaining("comment, created, ended, experimentId, heartbeat, id, number, started,"
            + " status, tags, updated")
        .hasMessageContaining("args.<key>, env.<key>, extras.<key>, metrics.<key>, params.<key>, results.<key>");
  }

  @Test
  void aStatusThatNoRunCanHaveIsRejectedListingTheStatuses() {
    assertThat(runs("status = 'COMPLETED' or status in ('FAILED', 'PRUNED') or status != 'QUEUED'"))
        .isNotNull();
    for (String filter : List.of("status = 'DONE'", "status in ('FAILED', 'completed')", "status = 3",
        "status != null")) {
      assertThatThrownBy(() -> runs(filter)).as(filter)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not a run status")
          .hasMessageContaining("QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, PRUNED");
    }
  }

  @Test
  void experimentsOfferMetadataButNotRunDocuments() {
    Query ok = Query.parse("metadata.host = 'x' and name = 'e' and description = 'd'");
    assertThat(QueryTarget.EXPERIMENTS.validate(ok)).isEqualTo(ok);
    assertThatThrownBy(() -> QueryTarget.EXPERIMENTS.validate(Query.parse("params.lr = 1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown field 'params.lr'")
        .hasMessageContaining("metadata.<key>");
  }

  @Test
  void aTopLevelFieldHasNothingBelowIt() {
    assertThatThrownBy(() -> runs("status.x = 1")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("status has no fields below it");
  }

  @Test
  void aDocumentNeedsAKeyBelowIt() {
    assertThatThrownBy(() -> runs("exists params")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("params.<key>");
  }

  @Test
  void metricsTakeExactlyOneKeyAndDottedKeysAreQuoted() {
    assertThatThrownBy(() -> runs("metrics.train.loss < 1")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("metrics.\"train.loss\"");
    assertThat(runs("metrics.\"train.loss\" < 1").filter()).isEqualTo(Filter.lt("metrics.\"train.loss\"", 1));
  }

  @Test
  void deepDocumentPathsAreAllowed() {
    Query q = runs("params.opt.betas.b1 > 0.5 and results.best.acc >= 0.9 and env.HOME = '/h'");
    assertThat(q.filter()).isInstanceOf(Filter.And.class);
  }

  @Test
  void fieldsAreCheckedInsideAndOrNot() {
    assertThatThrownBy(() -> runs("number = 1 or not (status = 'RUNNING' and bogus = 1)"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'bogus'");
  }

  @Test
  void sortFieldsAreChecked() {
    assertThatThrownBy(() -> QueryTarget.RUNS.validate(Query.all().orderBy(Sort.asc("nmae"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown field 'nmae'");
  }

  @Test
  void malformedFieldPathsAreSyntaxErrors() {
    assertThatThrownBy(() -> QueryTarget.RUNS.validate(Query.where(eq("params..x", 1))))
        .isInstanceOf(QuerySyntaxException.class);
  }

  @ParameterizedTest
  @CsvSource({"2026-01-02,1767312000000", "2026-01-02T00:00:00Z,1767312000000",
      "2026-01-02T02:00:00+02:00,1767312000000", "2026-01-02T00:00:00.123Z,1767312000123",
      "2026-01-02T00:00:00.1239Z,1767312000123", "1970-01-01,0"})
  void stringsComparedWithTimeFieldsBecomeEpochMilliseconds(String text, long millis) {
    assertThat(runs("created >= '" + text + "'").filter())
        .isEqualTo(new Filter.Comparison("created", Operator.GE, LongNode.valueOf(millis)));
  }

  @Test
  void timeCoercionAppliesInsideInAndNestedFiltersAndToEveryTimeField() {
    Query q = runs("not (ended in ('2026-01-02', 5, null)) and heartbeat < '2026-01-02'");
    assertThat(q.filter()).isEqualTo(and(
        not(new Filter.In("ended", List.of(LongNode.valueOf(JAN_2_2026), Json.node("5"), Json.node("null")))),
        new Filter.Comparison("heartbeat", Operator.LT, LongNode.valueOf(JAN_2_2026))));
  }

  @Test
  void stringsInDocumentsAreNotCoerced() {
    assertThat(runs("params.created = '2026-01-02'").filter()).isEqualTo(eq("params.created", "2026-01-02"));
  }

  @Test
  void aCoercedTimeFilterMatchesTheView() {
    Query q = runs("created > '2025-12-31' and created < '2026-01-01T00:00:00.001Z'");
    assertThat(QueryEvaluator.matches(q.filter(), Json.view("{'created':1767225600000}"))).isTrue();
  }

  @Test
  void anUnparsableTimeIsNamed() {
    assertThatThrownBy(() -> runs("created > 'yesterday'")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'yesterday' is not a time").hasMessageContaining("created")
        .hasMessageContaining("2026-01-02T03:04:05Z");
    assertThatThrownBy(() -> runs("started > '2026-01-02T03:04:05'"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'2026-01-02T03:04:05'");
  }

  @Test
  void aBooleanCannotBeComparedWithATimeField() {
    assertThatThrownBy(() -> runs("updated = true")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("updated");
  }

  @Test
  void tagsIsTestedWithContainsNotWithComparisons() {
    assertThatThrownBy(() -> runs("tags = 'a'")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("tags contains");
    assertThatThrownBy(() -> runs("tags in ('a')")).isInstanceOf(InvalidInputException.class);
    assertThat(runs("tags contains 'a'").filter()).isEqualTo(Filter.contains("tags", "a"));
  }

  @Test
  void containsOnATopLevelScalarFieldIsRejectedButAllowedInDocuments() {
    assertThatThrownBy(() -> runs("comment contains 'x'")).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not one");
    assertThat(runs("params.layers contains 3").filter()).isEqualTo(Filter.contains("params.layers", 3));
  }

  @Test
  void nonScalarLiteralsAreRejected() {
    Filter f = new Filter.Comparison("params.x", Operator.EQ, Json.node("[1]"));
    assertThatThrownBy(() -> QueryTarget.RUNS.validate(Query.where(f)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a scalar");
  }

  @Test
  void javaNullLiteralsBecomeJsonNullAndTaggedDoublesBecomeDoubles() {
    Query q = QueryTarget.RUNS.validate(Query.where(and(
        new Filter.Comparison("comment", Operator.EQ, null),
        new Filter.Comparison("params.x", Operator.EQ, Json.tagged("Infinity")))));
    assertThat(q.filter()).isEqualTo(and(eq("comment", null), eq("params.x", Double.POSITIVE_INFINITY)));
  }

  @Test
  void aCursorMustHoldOneValuePerSortKey() {
    Query q = Query.all().orderBy(Sort.asc("number"), Sort.asc("status")).after(new Cursor(List.of(Json.node("1")), "a"));
    assertThatThrownBy(() -> QueryTarget.RUNS.validate(q)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds 1 sort values");
  }

  @Test
  void validationKeepsSortLimitCursorAndFieldStrings() {
    Cursor c = new Cursor(List.of(Json.node("1")), "a");
    Query q = Query.where(gt("params.`lr`", 1)).orderBy(Sort.desc("number")).limit(5).after(c);
    assertThat(QueryTarget.RUNS.validate(q)).isEqualTo(q);
  }
}
