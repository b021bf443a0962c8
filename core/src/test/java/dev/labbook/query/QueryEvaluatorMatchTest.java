package dev.labbook.query;

import static dev.labbook.query.Filter.and;
import static dev.labbook.query.Filter.contains;
import static dev.labbook.query.Filter.eq;
import static dev.labbook.query.Filter.exists;
import static dev.labbook.query.Filter.ge;
import static dev.labbook.query.Filter.gt;
import static dev.labbook.query.Filter.le;
import static dev.labbook.query.Filter.lt;
import static dev.labbook.query.Filter.ne;
import static dev.labbook.query.Filter.not;
import static dev.labbook.query.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryEvaluatorMatchTest {
  private static final JsonNode RUN = Json.view("{'id':'r1','status':'COMPLETED','tags':['a','b'],"
      + "'comment':null,'created':1767225600000,'number':3,"
      + "'params':{'lr':0.01,'epochs':10,'opt':{'name':'adam','betas':[0.9,0.999]},'flag':true,"
      + "'nan':{'@type':'double','value':'NaN'},'inf':{'@type':'double','value':'Infinity'},"
      + "'negzero':{'@type':'double','value':'-0.0'},'nothing':null,'one':1.0,'text':'10',"
      + "'when':{'@type':'instant','value':'2026-01-01T00:00:00Z'},'@@at':'escaped',"
      + "'mixed':[1.0,'x',{'@type':'double','value':'NaN'},null]},"
      + "'metrics':{'loss':0.25}}");

  private static boolean matches(Filter filter) {
    return QueryEvaluator.matches(filter, RUN);
  }

  private static boolean matches(String query) {
    return QueryEvaluator.matches(Query.parse(query).filter(), RUN);
  }

  @Test
  void allMatchesEveryView() {
    assertThat(QueryEvaluator.matches(Filter.all(), Json.view("{}"))).isTrue();
  }

  @Test
  void equalityComparesStringsExactly() {
    assertThat(matches(eq("status", "COMPLETED"))).isTrue();
    assertThat(matches(eq("status", "completed"))).isFalse();
  }

  @Test
  void numbersAreEqualAcrossIntAndDecimalRepresentations() {
    assertThat(matches(eq("params.epochs", 10.0))).isTrue();
    assertThat(matches(eq("params.one", 1))).isTrue();
    assertThat(matches(eq("params.one", 1L))).isTrue();
    assertThat(matches(eq("params.one", new BigDecimal("1.000")))).isTrue();
    assertThat(matches(eq("params.epochs", 11))).isFalse();
  }

  @Test
  void numbersCompareByTheDecimalValueTheirJsonTextShows() {
    assertThat(matches(eq("params.lr", new BigDecimal("0.01")))).isTrue();
    assertThat(matches(eq("params.lr", 0.01f))).isTrue();
    assertThat(matches(eq("params.lr", new BigDecimal("0.0100000000000000001")))).isFalse();
    assertThat(QueryEvaluator.matches(eq("x", 0.1),
        Json.view("{'x':0}").put("x", new BigDecimal("0.10")))).isTrue();
  }

  @Test
  void negativeZeroEqualsZero() {
    assertThat(matches(eq("params.negzero", 0))).isTrue();
    assertThat(matches(eq("params.negzero", 0.0))).isTrue();
    assertThat(matches(lt("params.negzero", 0))).isFalse();
  }

  @Test
  void orderingOperatorsCompareNumbersNumerically() {
    assertThat(matches(gt("params.lr", 0.001))).isTrue();
    assertThat(matches(gt("params.lr", 0.01))).isFalse();
    assertThat(matches(ge("params.lr", 0.01))).isTrue();
    assertThat(matches(lt("params.epochs", 9.5))).isFalse();
    assertThat(matches(le("params.epochs", 10))).isTrue();
    assertThat(matches(lt("params.epochs", new BigDecimal("10.0000000000000000001")))).isTrue();
  }

  @Test
  void orderingOperatorsCompareStringsByCodePointNotLocale() {
    JsonNode view = Json.view("{'s':'a'}");
    assertThat(QueryEvaluator.matches(gt("s", "Z"), view)).isTrue();
    assertThat(QueryEvaluator.matches(lt("s", "B"), view)).isFalse();
    JsonNode accent = Json.view("{'s':'é'}");
    assertThat(QueryEvaluator.matches(gt("s", "z"), accent)).isTrue();
    JsonNode emoji = Json.view("{'s':'\uD83D\uDE00'}");
    assertThat(QueryEvaluator.matches(gt("s", "\uFFFD"), emoji))
        .as("U+1F600 comes after U+FFFD by code point, though its UTF-16 unit is lower").isTrue();
  }

  @Test
  void valuesOfDifferentKindsAreNeverEqualNorOrdered() {
    assertThat(matches(eq("params.text", 10))).isFalse();
    assertThat(matches(gt("params.text", 1))).isFalse();
    assertThat(matches(eq("params.epochs", "10"))).isFalse();
    assertThat(matches(eq("params.flag", 1))).isFalse();
    assertThat(matches(eq("params.flag", "true"))).isFalse();
  }

  @Test
  void booleansSupportOnlyEqualityAndInequality() {
    assertThat(matches(eq("params.flag", true))).isTrue();
    assertThat(matches(ne("params.flag", false))).isTrue();
    assertThat(matches(gt("params.flag", false))).isFalse();
    assertThat(matches(le("params.flag", true))).isFalse();
  }

  @Test
  void everyComparisonWithAMissingFieldIsFalseExceptNotEqual() {
    for (Filter f : List.of(eq("params.absent", 1), lt("params.absent", 1), le("params.absent", 1),
        gt("params.absent", 1), ge("params.absent", 1), eq("params.absent", null),
        Filter.in("params.absent", 1, null), contains("params.absent", 1))) {
      assertThat(matches(f)).as(f.toString()).isFalse();
    }
    assertThat(matches(ne("params.absent", 1))).isTrue();
    assertThat(matches(ne("params.absent", null))).isTrue();
  }

  @Test
  void jsonNullEqualsNullAndIsNotOrdered() {
    assertThat(matches(eq("params.nothing", null))).isTrue();
    assertThat(matches(eq("comment", null))).isTrue();
    assertThat(matches(ne("comment", null))).isFalse();
    assertThat(matches(le("params.nothing", null))).isFalse();
    assertThat(matches(eq("params.nothing", 0))).isFalse();
    assertThat(matches(ne("params.nothing", 0))).isTrue();
    assertThat(matches(eq("params.epochs", null))).isFalse();
  }

  @Test
  void notEqualIsExactlyTheNegationOfEqual() {
    for (String field : List.of("params.lr", "params.absent", "params.nothing", "params.nan",
        "params.text", "tags", "params.opt")) {
      for (Object value : new Object[] {0.01, "10", null, Double.NaN, true}) {
        assertThat(matches(ne(field, value))).as(field + " != " + value)
            .isEqualTo(!matches(eq(field, value)));
      }
    }
  }

  @Test
  void nanEqualsNothingAndIsNotOrdered() {
    assertThat(matches(eq("params.nan", Double.NaN))).isFalse();
    assertThat(matches(ne("params.nan", Double.NaN))).isTrue();
    for (Filter f : List.of(lt("params.nan", 0), gt("params.nan", 0), le("params.nan", Double.NaN),
        ge("params.nan", Double.NaN), lt("params.lr", Double.NaN))) {
      assertThat(matches(f)).as(f.toString()).isFalse();
    }
  }

  @Test
  void taggedInfinityIsGreaterThanEveryFiniteNumber() {
    assertThat(matches(gt("params.inf", Double.MAX_VALUE))).isTrue();
    assertThat(matches(eq("params.inf", Double.POSITIVE_INFINITY))).isTrue();
    assertThat(matches(lt("params.lr", Double.POSITIVE_INFINITY))).isTrue();
  }

  @Test
  void otherTaggedValuesAreObjectsThatMatchNoComparison() {
    assertThat(matches(eq("params.when", "2026-01-01T00:00:00Z"))).isFalse();
    assertThat(matches(gt("params.when", ""))).isFalse();
    assertThat(matches(exists("params.when"))).isTrue();
  }

  @Test
  void pathsFollowNestedObjects() {
    assertThat(matches(eq("params.opt.name", "adam"))).isTrue();
    assertThat(matches("params.opt.name = 'adam' and metrics.loss < 0.3")).isTrue();
  }

  @Test
  void pathsDoNotIndexIntoArrays() {
    assertThat(matches(exists("params.opt.betas.0"))).isFalse();
    assertThat(matches(eq("params.opt.betas.0", 0.9))).isFalse();
  }

  @Test
  void aKeyStartingWithAtIsLookedUpEscaped() {
    assertThat(matches(eq("params.@at", "escaped"))).isTrue();
    assertThat(matches("params.@at = 'escaped'")).isTrue();
  }

  @Test
  void inIsAnOrOfEqualities() {
    assertThat(matches(Filter.in("status", "RUNNING", "COMPLETED"))).isTrue();
    assertThat(matches(Filter.in("params.epochs", 1, 10.0))).isTrue();
    assertThat(matches(Filter.in("params.epochs", "10", 11))).isFalse();
    assertThat(matches(Filter.in("comment", "x", null))).isTrue();
    assertThat(matches(Filter.in("params.nan", Double.NaN))).isFalse();
  }

  @Test
  void inWithNoValuesMatchesNothing() {
    assertThat(matches(new Filter.In("status", List.of()))).isFalse();
  }

  @Test
  void containsFindsAnArrayElementEqualToTheValue() {
    assertThat(matches(contains("tags", "a"))).isTrue();
    assertThat(matches(contains("tags", "c"))).isFalse();
    assertThat(matches(contains("params.opt.betas", new BigDecimal("0.9")))).isTrue();
    assertThat(matches(contains("params.mixed", 1))).isTrue();
    assertThat(matches(contains("params.mixed", null))).isTrue();
  }

  @Test
  void containsReadsTaggedDoubleElementsAsNumbersAndNanStillMatchesNothing() {
    assertThat(matches(contains("params.mixed", Double.NaN))).isFalse();
    JsonNode view = Json.view("{'xs':[{'@type':'double','value':'-Infinity'}]}");
    assertThat(QueryEvaluator.matches(contains("xs", Double.NEGATIVE_INFINITY), view)).isTrue();
  }

  @Test
  void containsIsFalseWhenTheFieldIsNotAnArray() {
    assertThat(matches(contains("status", "COMPLETED"))).isFalse();
    assertThat(matches(contains("params.text", "1"))).isFalse();
    assertThat(matches(contains("params.opt", "adam"))).isFalse();
  }

  @Test
  void existsHoldsForPresentFieldsIncludingJsonNull() {
    assertThat(matches(exists("params.nothing"))).isTrue();
    assertThat(matches(exists("comment"))).isTrue();
    assertThat(matches(exists("params.absent"))).isFalse();
    assertThat(matches(exists("params.opt"))).isTrue();
    assertThat(matches(exists("params.nothing.below"))).isFalse();
  }

  @Test
  void nothingIsFoundBelowATaggedDouble() {
    assertThat(matches(exists("params.nan.value"))).isFalse();
    assertThat(matches(exists("params.nan.@type"))).isFalse();
  }

  @Test
  void andOrNotCombineTwoValuedResults() {
    assertThat(matches(and(eq("number", 3), eq("status", "COMPLETED")))).isTrue();
    assertThat(matches(and(eq("number", 3), eq("status", "FAILED")))).isFalse();
    assertThat(matches(or(eq("number", 4), eq("status", "COMPLETED")))).isTrue();
    assertThat(matches(or(eq("number", 4), eq("status", "FAILED")))).isFalse();
    assertThat(matches(not(gt("params.absent", 1)))).isTrue();
  }

  @Test
  void emptyAndHoldsAndEmptyOrDoesNot() {
    assertThat(matches(new Filter.And(List.of()))).isTrue();
    assertThat(matches(new Filter.Or(List.of()))).isFalse();
  }

  @Test
  void timeFieldsHoldEpochMillisecondsAndCompareAsNumbers() {
    assertThat(matches(ge("created", 1767225600000L))).isTrue();
    assertThat(matches(gt("created", java.time.Instant.parse("2026-01-01T00:00:00Z")))).isFalse();
  }

  @Test
  void aLiteralWrittenAsATaggedDoubleIsTheDouble() {
    assertThat(matches(new Filter.Comparison("params.inf", Operator.EQ, Json.tagged("Infinity")))).isTrue();
  }

  @Test
  void javaNullAsALiteralIsJsonNull() {
    assertThat(matches(new Filter.Comparison("comment", Operator.EQ, null))).isTrue();
  }

  @Test
  void predicateAnswersLikeMatches() {
    var predicate = QueryEvaluator.predicate(Query.parse("tags contains 'b' and params.lr < 1").filter());
    assertThat(predicate.test(RUN)).isTrue();
    assertThat(predicate.test(Json.view("{'tags':['b'],'params':{'lr':2}}"))).isFalse();
  }

  @Test
  void floatAndLongNodesInViewsCompareByValue() {
    JsonNode view = Json.view("{}").set("x", FloatNode.valueOf(0.5f));
    assertThat(QueryEvaluator.matches(eq("x", 0.5), view)).isTrue();
    JsonNode big = Json.view("{}").set("x", LongNode.valueOf(Long.MAX_VALUE));
    assertThat(QueryEvaluator.matches(lt("x", new BigDecimal("9223372036854775807.5")), big)).isTrue();
    assertThat(QueryEvaluator.matches(eq("x", DecimalNode.valueOf(new BigDecimal("9223372036854775807"))), big))
        .isTrue();
  }
}
