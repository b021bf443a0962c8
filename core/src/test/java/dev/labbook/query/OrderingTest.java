package dev.labbook.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderingTest {

  /** Views {'id': id, 'params': {'x': value}}, value given as JSON text, or absent when null. */
  static ObjectNode view(String id, String valueJson) {
    ObjectNode view = Json.view("{'id':'" + id + "','params':{}}");
    if (valueJson != null) {
      ((ObjectNode) view.get("params")).set("x", Json.node(valueJson));
    }
    return view;
  }

  private static List<String> sortedIds(List<ObjectNode> views, List<Sort> sort) {
    List<ObjectNode> copy = new ArrayList<>(views);
    Collections.shuffle(copy, new Random(7));
    copy.sort(QueryEvaluator.ordering(sort));
    return copy.stream().map(v -> v.get("id").textValue()).toList();
  }

  @Test
  void withoutSortKeysViewsAreInIdOrder() {
    List<ObjectNode> views = List.of(view("c", "1"), view("a", "3"), view("b", "2"));
    assertThat(sortedIds(views, List.of())).containsExactly("a", "b", "c");
  }

  @Test
  void idsCompareByCodePoint() {
    List<ObjectNode> views = List.of(view("b", null), view("B", null), view("\uD83D\uDE00", null),
        view("\uFFFD", null));
    assertThat(sortedIds(views, List.of())).containsExactly("B", "b", "\uFFFD", "\uD83D\uDE00");
  }

  @Test
  void tiesAreBrokenByIdAscendingEvenWhenTheKeyIsDescending() {
    List<ObjectNode> views = List.of(view("b", "1"), view("c", "2"), view("a", "1"), view("d", "2"));
    assertThat(sortedIds(views, List.of(Sort.asc("params.x")))).containsExactly("a", "b", "c", "d");
    assertThat(sortedIds(views, List.of(Sort.desc("params.x")))).containsExactly("c", "d", "a", "b");
  }

  @Test
  void allValueKindsFollowOneTotalOrder() {
    // ids run against the expected order, so only the value order can produce it
    List<ObjectNode> views = List.of(
        view("p", null), view("q", "null"), view("o", "false"), view("n", "true"),
        view("m", "{'@type':'double','value':'NaN'}"), view("l", "{'@type':'double','value':'-Infinity'}"),
        view("k", "-5"), view("j", "0.5"), view("i", "2"),
        view("h", "{'@type':'double','value':'Infinity'}"),
        view("g", "''"), view("f", "'A'"), view("e", "'a'"),
        view("b", "[1]"), view("c", "{'k':1}"), view("d", "[]"));
    assertThat(sortedIds(views, List.of(Sort.asc("params.x")))).containsExactly(
        "p", "q", "o", "n", "m", "l", "k", "j", "i", "h", "g", "f", "e", "b", "c", "d");
  }

  @Test
  void missingAndNullTieAndSoDoArraysAndObjects() {
    List<ObjectNode> views = List.of(view("d", "null"), view("c", null), view("b", "[2]"), view("a", "{}"));
    assertThat(sortedIds(views, List.of(Sort.asc("params.x")))).containsExactly("c", "d", "a", "b");
  }

  @Test
  void descendingReversesTheValueOrderSoMissingComesLast() {
    List<ObjectNode> views = List.of(view("a", null), view("b", "'s'"), view("c", "3"),
        view("d", "true"), view("e", "{'@type':'double','value':'NaN'}"));
    assertThat(sortedIds(views, List.of(Sort.desc("params.x")))).containsExactly("b", "c", "e", "d", "a");
  }

  @Test
  void equalNumbersTieWhateverTheirRepresentation() {
    List<ObjectNode> views = List.of(view("c", "1"), view("a", "1.0"), view("b", "1e0"),
        view("d", "{'@type':'double','value':'-0.0'}"), view("e", "0"));
    assertThat(sortedIds(views, List.of(Sort.desc("params.x")))).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void laterKeysOrderRecordsThatTieOnEarlierKeys() {
    List<ObjectNode> views = new ArrayList<>();
    views.add(Json.view("{'id':'1','status':'A','number':2}"));
    views.add(Json.view("{'id':'2','status':'B','number':1}"));
    views.add(Json.view("{'id':'3','status':'A','number':3}"));
    views.add(Json.view("{'id':'4','status':'A','number':2}"));
    assertThat(sortedIds(views, List.of(Sort.asc("status"), Sort.desc("number"))))
        .containsExactly("3", "1", "4", "2");
  }

  @Test
  void theOrderIsAConsistentTotalOrderOverRandomValues() {
    List<String> pool = List.of("null", "true", "false", "0", "1", "1.0", "-2.5", "1e3", "'a'", "'b'",
        "''", "[]", "{}", "{'@type':'double','value':'NaN'}", "{'@type':'double','value':'Infinity'}",
        "{'@type':'double','value':'-0.0'}", "{'@type':'instant','value':'2026-01-01T00:00:00Z'}");
    Random random = new Random(42);
    List<ObjectNode> views = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      views.add(view(String.format("%03d", i), random.nextInt(18) == 17 ? null : pool.get(random.nextInt(17))));
    }
    Comparator<JsonNode> order = QueryEvaluator.ordering(List.of(Sort.asc("params.x")));
    for (JsonNode a : views) {
      assertThat(order.compare(a, a)).isZero();
      for (JsonNode b : views) {
        assertThat(Integer.signum(order.compare(a, b))).isEqualTo(-Integer.signum(order.compare(b, a)));
        if (a != b) {
          assertThat(order.compare(a, b)).as("distinct ids never tie").isNotZero();
        }
        for (JsonNode c : views) {
          if (order.compare(a, b) < 0 && order.compare(b, c) < 0) {
            assertThat(order.compare(a, c)).isNegative();
          }
        }
      }
    }
  }

  @Test
  void cursorAfterHoldsTheSortValuesAsViewsHoldThemAndTheId() {
    ObjectNode v = Json.view("{'id':'r7','number':3,'params':{'x':{'@type':'double','value':'NaN'}}}");
    Cursor c = QueryEvaluator.cursorAfter(v, List.of(Sort.desc("number"), Sort.asc("params.x"),
        Sort.asc("params.absent")));
    assertThat(c.id()).isEqualTo("r7");
    assertThat(c.sortValues()).containsExactly(Json.node("3"), Json.tagged("NaN"), Json.node("null"));
  }

  @Test
  void isAfterHoldsOnlyForViewsStrictlyAfterTheCursor() {
    List<Sort> sort = List.of(Sort.asc("params.x"));
    Cursor c = QueryEvaluator.cursorAfter(view("m", "5"), sort);
    assertThat(QueryEvaluator.isAfter(view("m", "5"), c, sort)).isFalse();
    assertThat(QueryEvaluator.isAfter(view("n", "5"), c, sort)).isTrue();
    assertThat(QueryEvaluator.isAfter(view("a", "5.0"), c, sort)).isFalse();
    assertThat(QueryEvaluator.isAfter(view("a", "6"), c, sort)).isTrue();
    assertThat(QueryEvaluator.isAfter(view("z", "4"), c, sort)).isFalse();
    assertThat(QueryEvaluator.isAfter(view("z", null), c, sort)).isFalse();
    assertThat(QueryEvaluator.isAfter(view("a", "'s'"), c, sort)).isTrue();
  }

  @Test
  void isAfterRejectsACursorWithAnotherNumberOfSortValues() {
    Cursor c = new Cursor(List.of(), "a");
    assertThatThrownBy(() -> QueryEvaluator.isAfter(view("b", "1"), c, List.of(Sort.asc("params.x"))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds 0 sort values");
  }

  @Test
  void cursorAfterNeedsAStringId() {
    assertThatThrownBy(() -> QueryEvaluator.cursorAfter(Json.view("{'id':5}"), List.of()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("string id");
  }
}
