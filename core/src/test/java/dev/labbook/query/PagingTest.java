package dev.labbook.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.InvalidInputException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagingTest {
  private static final List<ObjectNode> VIEWS = dataset();

  /** 40 runs with duplicate, missing, null, NaN and mixed-kind values. */
  private static List<ObjectNode> dataset() {
    List<String> xs = List.of("1", "1.0", "2", "null", "'a'", "true", "{'@type':'double','value':'NaN'}", "-3");
    List<String> statuses = List.of("RUNNING", "COMPLETED", "FAILED");
    Random random = new Random(1);
    List<ObjectNode> views = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ObjectNode v = Json.view("{'id':'" + String.format("0190-%02d", (i * 17) % 40) + "','params':{}}");
      v.put("status", statuses.get(random.nextInt(3)));
      v.put("number", random.nextInt(5));
      int pick = random.nextInt(xs.size() + 1);
      if (pick < xs.size()) {
        ((ObjectNode) v.get("params")).set("x", Json.node(xs.get(pick)));
      }
      views.add(v);
    }
    return views;
  }

  private static Page<ObjectNode> page(Query query) {
    return QueryEvaluator.page(VIEWS.stream(), v -> v, query);
  }

  private static List<Query> queries() {
    return List.of(
        Query.all(),
        Query.parse("status != 'FAILED'").orderBy(Sort.asc("params.x")),
        Query.all().orderBy(Sort.desc("params.x"), Sort.asc("number")),
        Query.parse("number >= 1").orderBy(Sort.desc("number"), Sort.desc("status")),
        Query.parse("params.x = 1").orderBy("params.x", Direction.ASC),
        Query.parse("status = 'NONE'"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 13, 39, 40, 41, 100})
  void walkingEveryPageGivesTheFullSortedResultExactlyOnce(int pageSize) {
    for (Query query : queries()) {
      List<ObjectNode> expected = VIEWS.stream().filter(v -> QueryEvaluator.matches(query.filter(), v))
          .sorted(QueryEvaluator.ordering(query.sort())).toList();
      List<ObjectNode> walked = new ArrayList<>();
      Query q = query.limit(pageSize);
      int pages = 0;
      while (true) {
        Page<ObjectNode> page = page(q);
        pages++;
        assertThat(pages).as("pages never repeat records, so they end").isLessThanOrEqualTo(VIEWS.size() + 1);
        assertThat(page.items().size()).isLessThanOrEqualTo(pageSize);
        walked.addAll(page.items());
        if (page.next().isEmpty()) {
          break;
        }
        assertThat(page.items()).hasSize(pageSize);
        q = q.after(page.next().get().token());
      }
      assertThat(walked).as(query + " by " + pageSize).containsExactlyElementsOf(expected);
      assertThat(pages).isEqualTo(Math.max(1, (expected.size() + pageSize - 1) / pageSize));
    }
  }

  @Test
  void withoutALimitThePageHoldsEveryMatchAndNoNextCursor() {
    Page<ObjectNode> page = page(Query.parse("status = 'RUNNING'"));
    assertThat(page.items()).isNotEmpty().allMatch(v -> v.get("status").textValue().equals("RUNNING"));
    assertThat(page.items()).hasSize((int) VIEWS.stream()
        .filter(v -> v.get("status").textValue().equals("RUNNING")).count());
    assertThat(page.next()).isEmpty();
  }

  @Test
  void aPageThatEndsExactlyAtTheLastMatchHasNoNextCursor() {
    List<ObjectNode> views = List.of(Json.view("{'id':'a'}"), Json.view("{'id':'b'}"));
    Page<ObjectNode> page = QueryEvaluator.page(views.stream(), v -> v, Query.all().limit(2));
    assertThat(page.items()).hasSize(2);
    assertThat(page.next()).isEmpty();
    Page<ObjectNode> first = QueryEvaluator.page(views.stream(), v -> v, Query.all().limit(1));
    assertThat(first.next()).contains(new Cursor(List.of(), "a"));
  }

  @Test
  void theNextPageStartsAfterTheCursorEvenWhenItsRecordWasRemoved() {
    List<ObjectNode> views = new ArrayList<>();
    for (String id : List.of("a", "b", "c", "d")) {
      views.add(Json.view("{'id':'" + id + "'}"));
    }
    Query query = Query.all().limit(2);
    Cursor next = QueryEvaluator.page(views.stream(), v -> v, query).next().orElseThrow();
    views.remove(1);
    views.add(Json.view("{'id':'a0'}"));
    Page<ObjectNode> second = QueryEvaluator.page(views.stream(), v -> v, query.after(next));
    assertThat(second.items()).extracting(v -> v.get("id").textValue()).containsExactly("c", "d");
  }

  @Test
  void theViewFunctionIsCalledOncePerRecord() {
    AtomicInteger calls = new AtomicInteger();
    QueryEvaluator.page(VIEWS.stream(), v -> {
      calls.incrementAndGet();
      return v;
    }, Query.all().orderBy(Sort.asc("params.x")).limit(5));
    assertThat(calls).hasValue(VIEWS.size());
  }

  @Test
  void pageMapsItemsNotViews() {
    Page<String> page = QueryEvaluator.page(List.of("b", "a").stream(),
        s -> Json.view("{'id':'" + s + "'}"), Query.all());
    assertThat(page.items()).containsExactly("a", "b");
  }

  @Test
  void aCursorForAnotherNumberOfSortKeysIsRejected() {
    Query query = Query.all().orderBy(Sort.asc("number")).after(new Cursor(List.of(), "x"));
    assertThatThrownBy(() -> page(query)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("sorts by 1 keys");
  }

  @Test
  void tokensRoundTripToTheSameCursor() {
    List<Cursor> cursors = List.of(
        new Cursor(List.of(), "0190-aa"),
        new Cursor(List.of(Json.node("3"), Json.node("'x y/z+'"), Json.node("null"), Json.node("true"),
            Json.node("2.5"), Json.node("-7"), Json.tagged("NaN"), Json.tagged("-0.0"),
            Json.node("[1,'a']"), Json.node("{'k':'v'}"), Json.node("1.0E-300")), "id\u00e9\uD83D\uDE00"));
    for (Cursor c : cursors) {
      assertThat(Cursor.parse(c.token())).isEqualTo(c);
      assertThat(c.token()).matches("[A-Za-z0-9_-]+");
    }
  }

  @Test
  void tokensWriteNonFiniteDoublesInTaggedForm() {
    Cursor c = new Cursor(List.of(DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(-0.0)), "a");
    assertThat(Cursor.parse(c.token()).sortValues()).containsExactly(Json.tagged("NaN"), Json.tagged("-0.0"));
  }

  @Test
  void tokensKeepDecimalsThatDoublesCannotHold() {
    JsonNode precise = DecimalNode.valueOf(new BigDecimal("0.10000000000000000001"));
    Cursor c = new Cursor(List.of(precise), "a");
    assertThat(Values.compareNumbers(Cursor.parse(c.token()).sortValues().get(0), precise)).isZero();
  }

  @Test
  void theTokenIsBase64OfACompactJsonArray() {
    String json = new String(Base64.getUrlDecoder().decode(new Cursor(List.of(Json.node("1")), "a").token()),
        StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("[[1],\"a\"]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not a token!", "%%%", "e30", "W10", "WyJhIl0", "W1tdLDFd", "W1tdLCJhIl0gWw",
      "W1tdLCJhIiwiYiJd", "eyJhIjoxfQ"})
  void garbageTokensAreRejectedAsInvalidInput(String token) {
    assertThatThrownBy(() -> Cursor.parse(token)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a cursor token");
  }

  @Test
  void aNullTokenIsRejected() {
    assertThatThrownBy(() -> Cursor.parse(null)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aCursorNeedsAnIdAndNonNullValues() {
    assertThatThrownBy(() -> new Cursor(List.of(), null)).isInstanceOf(InvalidInputException.class);
    List<JsonNode> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> new Cursor(withNull, "a")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void queryAfterTokenParsesTheToken() {
    Cursor c = new Cursor(List.of(Json.node("2")), "b");
    assertThat(Query.all().after(c.token()).after()).isEqualTo(Optional.of(c));
  }
}
