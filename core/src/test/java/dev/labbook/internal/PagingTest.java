package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.query.Cursor;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PagingTest {
  /** A fake primitive over 0..size-1 that records every page it was asked for. */
  private static final class Source implements Function<Query, Page<Integer>> {
    final List<Query> asked = new ArrayList<>();
    final int size;

    Source(int size) {
      this.size = size;
    }

    @Override
    public Page<Integer> apply(Query query) {
      asked.add(query);
      int from = query.after().map(c -> Integer.parseInt(c.id()) + 1).orElse(0);
      int to = Math.min(size, from + query.limit().getAsInt());
      List<Integer> items = IntStream.range(from, to).boxed().toList();
      Optional<Cursor> next = to < size ? Optional.of(new Cursor(List.of(TextNode.valueOf("x")), String.valueOf(to - 1)))
          : Optional.empty();
      return new Page<>(items, next);
    }
  }

  @Test
  void nothingIsFetchedUntilTheStreamIsConsumed() {
    Source source = new Source(1000);
    var stream = Paging.stream(Query.all(), source);
    assertThat(source.asked).isEmpty();
    assertThat(stream.limit(3).toList()).containsExactly(0, 1, 2);
    assertThat(source.asked).hasSize(1);
  }

  @Test
  void consumingEverythingFetchesOnePageAtATimeWithTheCursor() {
    Source source = new Source(600);
    assertThat(Paging.stream(Query.all(), source).toList()).containsExactlyElementsOf(IntStream.range(0, 600).boxed().toList());
    assertThat(source.asked).hasSize(3);
    assertThat(source.asked).allSatisfy(q -> assertThat(q.limit().getAsInt()).isLessThanOrEqualTo(Paging.PAGE_SIZE));
    assertThat(source.asked.get(1).after()).isPresent();
  }

  @Test
  void theQueryLimitCapsTheTotalAndShrinksTheLastPage() {
    Source source = new Source(1000);
    assertThat(Paging.stream(Query.all().limit(300), source).count()).isEqualTo(300);
    assertThat(source.asked).extracting(q -> q.limit().getAsInt()).containsExactly(256, 44);
  }
}
