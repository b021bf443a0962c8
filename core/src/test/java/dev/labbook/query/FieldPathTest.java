package dev.labbook.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.labbook.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {

  @Test
  void dotsSeparateBareSegments() {
    assertThat(FieldPath.parse("params.opt.lr").segments()).containsExactly("params", "opt", "lr");
  }

  @Test
  void bareSegmentsAllowUnicodeLettersDigitsAndUnderscoreDashSlashAtDollar() {
    assertThat(FieldPath.parse("metrics.val-loss/é_2@$").segments())
        .containsExactly("metrics", "val-loss/é_2@$");
  }

  @Test
  void doubleQuotedSegmentMayHoldDotsSpacesAndEscapedQuotes() {
    assertThat(FieldPath.parse("params.\"a.b c\".\"say \"\"hi\"\"\".\"x\\\"y\\\\z\"").segments())
        .containsExactly("params", "a.b c", "say \"hi\"", "x\"y\\z");
  }

  @Test
  void backtickSegmentDoublesBacktickAndTakesBackslashLiterally() {
    assertThat(FieldPath.parse("params.`a.b``c\\`").segments()).containsExactly("params", "a.b`c\\");
  }

  @Test
  void quotedSegmentMayBeEmpty() {
    assertThat(FieldPath.parse("params.\"\"").segments()).containsExactly("params", "");
  }

  @Test
  void emptySegmentIsRejectedAtItsPosition() {
    assertThatThrownBy(() -> FieldPath.parse("params..x"))
        .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
          assertThat(e.position()).isEqualTo(7);
          assertThat(e.input()).isEqualTo("params..x");
          assertThat(e.getMessage()).contains("expected a field key").contains("found '.'");
        });
  }

  @Test
  void trailingDotIsRejectedAtTheEnd() {
    assertThatThrownBy(() -> FieldPath.parse("params."))
        .isInstanceOfSatisfying(QuerySyntaxException.class, e -> assertThat(e.position()).isEqualTo(7));
  }

  @Test
  void charactersOutsideBareSegmentsMustBeQuoted() {
    assertThatThrownBy(() -> FieldPath.parse("params.a b"))
        .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
          assertThat(e.position()).isEqualTo(8);
          assertThat(e.getMessage()).contains("expected '.' or the end of the path");
        });
  }

  @Test
  void unterminatedQuotePointsAtTheOpeningQuote() {
    assertThatThrownBy(() -> FieldPath.parse("params.\"abc"))
        .isInstanceOfSatisfying(QuerySyntaxException.class, e -> {
          assertThat(e.position()).isEqualTo(7);
          assertThat(e.getMessage()).contains("unterminated");
        });
  }

  @Test
  void unknownBackslashEscapeInDoubleQuotesIsRejected() {
    assertThatThrownBy(() -> FieldPath.parse("params.\"a\\nb\""))
        .isInstanceOfSatisfying(QuerySyntaxException.class, e -> assertThat(e.position()).isEqualTo(9));
  }

  @Test
  void emptyAndNullPathsAreRejected() {
    assertThatThrownBy(() -> FieldPath.parse("")).isInstanceOf(QuerySyntaxException.class);
    assertThatThrownBy(() -> FieldPath.parse(null)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> FieldPath.of(List.of())).isInstanceOf(InvalidInputException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"params.lr", "params.\"a.b\"", "params.\"\"", "params.\"q\\\"\\\\\"",
      "\"and\"", "params.and", "\"1st\"", "params.1st", "metrics.\"a b\""})
  void toStringIsCanonicalAndReadsBackAsTheSamePath(String text) {
    FieldPath path = FieldPath.parse(text);
    assertThat(path.toString()).isEqualTo(text);
    assertThat(FieldPath.parse(path.toString())).isEqualTo(path);
  }

  @Test
  void toStringPrefersBareSegments() {
    assertThat(FieldPath.parse("params.`lr`").toString()).isEqualTo("params.lr");
  }

  @Test
  void toStringQuotesAOneSegmentKeywordInAnyCase() {
    assertThat(FieldPath.of(List.of("NOT")).toString()).isEqualTo("\"NOT\"");
  }

  @Test
  void viewKeysDoubleALeadingAtBelowTheRootOnly() {
    assertThat(FieldPath.of(List.of("@r", "@x", "y@")).viewKeys()).containsExactly("@r", "@@x", "y@");
  }

  @Test
  void findReadsTheEscapedViewKeyForAUserKeyStartingWithAt() {
    FieldPath path = FieldPath.parse("params.@x");
    assertThat(path.find(Json.view("{'params':{'@@x':1,'@x':2}}"))).isEqualTo(Json.node("1"));
  }

  @Test
  void findFollowsObjectKeysAndNeverIndexesArrays() {
    assertThat(FieldPath.parse("params.a.b").find(Json.view("{'params':{'a':{'b':'v'}}}")))
        .isEqualTo(Json.node("'v'"));
    assertThat(FieldPath.parse("params.a.0").find(Json.view("{'params':{'a':['x']}}"))).isNull();
    assertThat(FieldPath.parse("params.a.0").find(Json.view("{'params':{'a':{'0':'k'}}}")))
        .isEqualTo(Json.node("'k'"));
  }

  @Test
  void findReturnsJavaNullForMissingAndJsonNullForNull() {
    assertThat(FieldPath.parse("params.a").find(Json.view("{'params':{}}"))).isNull();
    assertThat(FieldPath.parse("params.a").find(Json.view("{'params':{'a':null}}")).isNull()).isTrue();
    assertThat(FieldPath.parse("params.a.b").find(Json.view("{'params':{'a':null}}"))).isNull();
  }

  @Test
  void findTurnsTaggedDoublesIntoNumbersAndFindsNothingBelowThem() {
    var view = Json.view("{'params':{'x':{'@type':'double','value':'-0.0'}}}");
    assertThat(FieldPath.parse("params.x").find(view)).isEqualTo(DoubleNode.valueOf(-0.0));
    assertThat(FieldPath.parse("params.x.value").find(view)).isNull();
  }
}
