package dev.labbook.internal;

import dev.labbook.query.Cursor;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Turns a page-at-a-time primitive into a lazy stream over all results. */
public final class Paging {
  /** How many records one round trip fetches while streaming. */
  public static final int PAGE_SIZE = 256;

  private Paging() {}

  /**
   * A lazy stream over all results of {@code query} (at most its limit), fetching one page of at
   * most {@value #PAGE_SIZE} per call of {@code fetch} as the stream is consumed.
   */
  public static <T> Stream<T> stream(Query query, Function<Query, Page<T>> fetch) {
    Iterator<T> iterator = new Iterator<>() {
      private long remaining = query.limit().isPresent() ? query.limit().getAsInt() : Long.MAX_VALUE;
      private Optional<Cursor> next = query.after();
      private Iterator<T> current = java.util.Collections.emptyIterator();
      private boolean exhausted;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && !exhausted && remaining > 0) {
          Query pageQuery = query.limit((int) Math.min(PAGE_SIZE, remaining));
          pageQuery = next.map(pageQuery::after).orElse(pageQuery.fromStart());
          Page<T> page = fetch.apply(pageQuery);
          current = page.items().iterator();
          next = page.next();
          exhausted = next.isEmpty();
        }
        return current.hasNext() && remaining > 0;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        remaining--;
        return current.next();
      }
    };
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
