package dev.labbook.query;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of results in query order, and the cursor to pass to {@link Query#after(Cursor)} for
 * the next page; {@code next} is empty on the last page.
 */
public record Page<T>(List<T> items, Optional<Cursor> next) {
  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
    return new Page<>(items.stream().<R>map(mapper).toList(), next);
  }
}
