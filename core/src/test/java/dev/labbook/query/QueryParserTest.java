package dev.labbook.query;

import static dev.labbook.query.Filter.and;
import static dev.labbook.query.Filter.contains;
import static dev.labbook.query.Filter.eq;
import static dev.labbook.query.Filter.exists;
import static dev.labbook.query.Filter.gt;
import static dev.labbook.query.Filter.not;
import static dev.labbook.query.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.InvalidInputException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParserTest {

  private static Filter parse(String text) {
    return QueryParser.parse(text);
  }

  @ParameterizedTest
  @CsvSource({"=,EQ", "!=,NE", "<,LT", "<=,LE", ">,GT", ">=,GE"})
  void eachComparisonOperatorParsesToItsOperator(String symbol, Operator operator) {
    assertThat(parse("params.lr " + symbol + " 0.5"))
        .isEqualTo(new Filter.Comparison("params.lr", operator, DoubleNode.valueOf(0.5)));
    assertThat(parse("params.lr" + symbol + "0.5"))
        .isEqualTo(new Filter.Comparison("params.lr", operator, DoubleNode.valueOf(0.5)));
  }

  @Test
  void theExampleFromTheIssueParses() {
    assertThat(Query.parse("params.lr > 0.01 and tags contains 'baseline'").filter())
        .isEqualTo(and(gt("params.lr", 0.01), contains("tags", "baseline")));
  }

  @Test
  void inTakesAParenthesizedListOfLiterals() {
    assertThat(parse("status in ('RUNNING', 2, null, true)")).isEqualTo(new Filter.In("status",
        java.util.List.of(TextNode.valueOf("RUNNING"), IntNode.valueOf(2), NullNode.getInstance(),
            BooleanNode.TRUE)));
  }

  @Test
  void existsTakesAField() {
    assertThat(parse("exists params.seed")).isEqualTo(exists("params.seed"));
  }

  @Test
  void containsTakesALiteral() {
    assertThat(parse("tags contains 'a'")).isEqualTo(contains("tags", "a"));
  }

  @Test
  void notBindsTighterThanAndWhichBindsTighterThanOr() {
    assertThat(parse("not a = 1 and b = 2 or c = 3"))
        .isEqualTo(or(and(not(eq("a", 1)), eq("b", 2)), eq("c", 3)));
    assertThat(parse("a = 1 or b = 2 and not c = 3"))
        .isEqualTo(or(eq("a", 1), and(eq("b", 2), not(eq("c", 3)))));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertThat(parse("not (a = 1 or b = 2) and c = 3"))
        .isEqualTo(and(not(or(eq("a", 1), eq("b", 2))), eq("c", 3)));
  }

  @Test
  void aChainOfAndBecomesOneNodeButParenthesesNest() {
    assertThat(parse("a = 1 and b = 2 and c = 3")).isEqualTo(and(eq("a", 1), eq("b", 2), eq("c", 3)));
    assertThat(parse("a = 1 and (b = 2 and c = 3)")).isEqualTo(and(eq("a", 1), and(eq("b", 2), eq("c", 3))));
  }

  @Test
  void notMayRepeat() {
    assertThat(parse("not not exists x")).isEqualTo(not(not(exists("x"))));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    assertThat(parse("NOT a In (1) AND b CONTAINS TRUE Or EXISTS c and d = NULL and e = False"))
        .isEqualTo(or(and(not(Filter.in("a", 1)), contains("b", true)),
            and(exists("c"), eq("d", null), eq("e", false))));
  }

  @Test
  void keywordsBelowTheRootAreKeys() {
    assertThat(parse("params.in = 1 and params.and.or = 2"))
        .isEqualTo(and(eq("params.in", 1), eq("params.and.or", 2)));
  }

  @Test
  void quotedFieldSegmentsAreStoredInCanonicalForm() {
    assertThat(parse("params.\"a.b\" = 1 and params.`c d` = 2 and params.`lr` = 3"))
        .isEqualTo(and(eq("params.\"a.b\"", 1), eq("params.\"c d\"", 2), eq("params.lr", 3)));
  }

  @Test
  void aQuotedKeywordIsAField() {
    assertThat(parse("\"and\" = 1")).isEqualTo(eq("\"and\"", 1));
  }

  @Test
  void stringsTakeSingleQuotesWithDoubledOrBackslashEscapes() {
    assertThat(parse("name = 'it''s \\'x\\' a\\\\b \"q\"'"))
        .isEqualTo(eq("name", "it's 'x' a\\b \"q\""));
    assertThat(parse("name = ''")).isEqualTo(eq("name", ""));
  }

  @Test
  void integersBecomeIntLongOrBigIntegerNodes() {
    assertThat(((Filter.Comparison) parse("n = -7")).value()).isEqualTo(IntNode.valueOf(-7));
    assertThat(((Filter.Comparison) parse("n = 3000000000")).value()).isEqualTo(LongNode.valueOf(3000000000L));
    assertThat(((Filter.Comparison) parse("n = 99999999999999999999")).value())
        .isEqualTo(BigIntegerNode.valueOf(new BigInteger("99999999999999999999")));
  }

  @Test
  void numbersWithFractionOrExponentBecomeDoubles() {
    assertThat(((Filter.Comparison) parse("n = 0.01")).value()).isEqualTo(DoubleNode.valueOf(0.01));
    assertThat(((Filter.Comparison) parse("n = -1.5E-3")).value()).isEqualTo(DoubleNode.valueOf(-0.0015));
    assertThat(((Filter.Comparison) parse("n = 2e+2")).value()).isEqualTo(DoubleNode.valueOf(200.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void blankInputMatchesEverything(String text) {
    assertThat(parse(text)).isEqualTo(Filter.all());
  }

  @Test
  void nullInputIsRejected() {
    assertThatThrownBy(() -> parse(null)).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "params.lr > 0.01 and tags contains 'baseline'",
      "not (a = 1 or b != 'x''y') and exists params.\"a.b\"",
      "number in (1, 2.5, 'x', null, true) or metrics.loss <= -1.0E-5",
      "not not c >= 3 and (d < 4 or (e = false))"})
  void formattingAParsedFilterReadsBackAsTheSameFilter(String text) {
    Filter filter = parse(text);
    assertThat(parse(FilterFormatter.format(filter))).isEqualTo(filter);
  }

  // --- errors ---

  private static QuerySyntaxException error(String text) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> parse(text));
    assertThat(t).isInstanceOf(QuerySyntaxException.class);
    QuerySyntaxException e = (QuerySyntaxException) t;
    assertThat(e.input()).isEqualTo(text);
    return e;
  }

  @Test
  void errorMessageQuotesTheInputAndPutsACaretUnderThePosition() {
    QuerySyntaxException e = error("params.lr >");
    assertThat(e.position()).isEqualTo(11);
    String[] lines = e.getMessage().split("\n");
    assertThat(lines[0]).contains("expected a value").contains("found the end of the query")
        .contains("at position 11");
    assertThat(lines[1]).isEqualTo("  params.lr >");
    assertThat(lines[2]).isEqualTo("  " + " ".repeat(11) + "^");
  }

  @Test
  void caretStaysAlignedWhenTheInputHasTabsAndNewlines() {
    QuerySyntaxException e = error("a = 1\n\tand ?");
    assertThat(e.position()).isEqualTo(11);
    String[] lines = e.getMessage().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).isEqualTo("  a = 1  and ?");
    assertThat(lines[2].indexOf('^')).isEqualTo(lines[1].indexOf('?'));
  }

  @Test
  void aMissingOperatorIsReportedAtTheTokenAfterTheField() {
    QuerySyntaxException e = error("params.lr 0.1");
    assertThat(e.position()).isEqualTo(10);
    assertThat(e.getMessage()).contains("expected an operator").contains("found the number 0.1");
  }

  @Test
  void twoConditionsWithoutAndOrAreReportedAtTheSecond() {
    QuerySyntaxException e = error("a = 1 b = 2");
    assertThat(e.position()).isEqualTo(6);
    assertThat(e.getMessage()).contains("expected 'and', 'or' or the end of the query");
  }

  @Test
  void anUnclosedParenthesisIsReportedAtTheEnd() {
    QuerySyntaxException e = error("(a = 1");
    assertThat(e.position()).isEqualTo(6);
    assertThat(e.getMessage()).contains("to close the '(' at position 0");
  }

  @Test
  void anUnmatchedClosingParenthesisIsReported() {
    assertThat(error("a = 1)").getMessage()).contains("unmatched ')'");
    assertThat(error("a = 1)").position()).isEqualTo(5);
  }

  @Test
  void doubleQuotedValuesAreFieldsSoTheErrorSaysStringsTakeSingleQuotes() {
    QuerySyntaxException e = error("name = \"x\"");
    assertThat(e.position()).isEqualTo(7);
    assertThat(e.getMessage()).contains("single quotes");
  }

  @Test
  void anUnterminatedStringIsReportedAtItsOpeningQuote() {
    QuerySyntaxException e = error("a = 1 and name = 'abc");
    assertThat(e.position()).isEqualTo(17);
    assertThat(e.getMessage()).contains("unterminated string");
  }

  @Test
  void anUnknownStringEscapeIsReportedAtTheBackslash() {
    assertThat(error("name = 'C:\\data'").position()).isEqualTo(10);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"a == 1;2;use '='", "a <> 1;2;use '!='", "a = 1 && b = 2;6;use 'and'",
      "a = 1 || b = 2;6;use 'or'", "!a = 1;0;use 'not'", "a = 1 # x;6;unexpected character '#'"})
  void operatorsFromOtherLanguagesAreRejectedWithTheRightOne(String text, int position, String hint) {
    QuerySyntaxException e = error(text);
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.getMessage()).contains(hint);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a in 1|5|expected '(' after 'in'",
      "a in (1 2)|8|expected ',' or ')'",
      "a in ()|6|expected a value",
      "exists 5|7|expected a field after 'exists'",
      "= 1|0|expected a condition",
      "a = 1 and|9|expected a condition",
      "a = 1e|6|exponent",
      "a = 1e999|4|out of the range",
      "a = 1.|5|in a number",
      "a = 12abc|6|in a number",
      "params..x = 1|7|expected a field key",
      "a not in (1)|2|put 'not' before the condition",
      "a = b|4|expected a value",
      "tags contains|13|expected a value"})
  void syntaxErrorsNameWhatWasExpectedAtThePosition(String text, int position, String expected) {
    QuerySyntaxException e = error(text);
    assertThat(e.position()).isEqualTo(position);
    assertThat(e.getMessage()).contains(expected);
  }

  @Test
  void nestingIsLimited() {
    String deep = "(".repeat(QueryParser.MAX_DEPTH + 1) + "a = 1" + ")".repeat(QueryParser.MAX_DEPTH + 1);
    assertThat(error(deep).getMessage()).contains("nested more than");
    String ok = "(".repeat(QueryParser.MAX_DEPTH - 1) + "a = 1" + ")".repeat(QueryParser.MAX_DEPTH - 1);
    assertThat(parse(ok)).isEqualTo(eq("a", 1));
  }
}
