package dev.labbook.store.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labbook.query.Cursor;
import dev.labbook.query.FieldPath;
import dev.labbook.query.Filter;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.query.Sort;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Answers a page of a query as {@link QueryEvaluator#page} does, while holding at most one page
 * of records: records are read one at a time from their files, and only the best
 * {@code limit + 1} so far are kept. Without sort keys the order is by id, which is the order of
 * the ids given, so reading stops as soon as the page is full, and ids at or before the cursor
 * are skipped without reading their files: a listing that streams every page reads each record
 * once.
 */
final class Pages {
  private static final ObjectNode NO_VIEW = JsonNodeFactory.instance.objectNode();

  private Pages() {}

  /**
   * @param ids every candidate's id, in code-point order
   * @param load reads a candidate; empty if it vanished or is not a whole record
   * @param view the view of a record, as {@link dev.labbook.spi.Views} builds it
   * @param query a validated query with a limit
   */
  static <T> Page<T> page(List<String> ids, Function<String, Optional<T>> load,
      Function<? super T, ? extends JsonNode> view, Query query) {
    List<Sort> sort = query.sort();
    int limit = query.limit().orElseThrow(() -> new IllegalArgumentException("no limit"));
    Predicate<JsonNode> filter = QueryEvaluator.predicate(query.filter());
    Optional<Cursor> after = query.after();
    // Rejects a cursor that does not fit the sort, as the evaluator does even with no records.
    after.ifPresent(cursor -> QueryEvaluator.isAfter(NO_VIEW, cursor, sort));
    Comparator<JsonNode> order = QueryEvaluator.ordering(sort);
    List<Row<T>> rows = new ArrayList<>();
    if (sort.isEmpty()) {
      for (String id : ids) {
        if (after.isPresent() && !QueryEvaluator.isAfter(idView(id), after.get(), sort)) {
          continue;
        }
        Optional<Row<T>> row = load.apply(id).map(item -> new Row<T>(item, view.apply(item)));
        if (row.isPresent() && filter.test(row.get().view)) {
          rows.add(row.get());
          if (rows.size() > limit) {
            break;
          }
        }
      }
    } else {
      PriorityQueue<Row<T>> best = new PriorityQueue<>((a, b) -> order.compare(b.view, a.view));
      for (String id : ids) {
        Optional<T> item = load.apply(id);
        if (item.isEmpty()) {
          continue;
        }
        JsonNode v = view.apply(item.get());
        if (filter.test(v) && (after.isEmpty() || QueryEvaluator.isAfter(v, after.get(), sort))) {
          best.add(new Row<>(item.get(), v));
          if (best.size() > limit + 1) {
            best.poll();
          }
        }
      }
      rows.addAll(best);
      rows.sort((a, b) -> order.compare(a.view, b.view));
    }
    if (rows.size() <= limit) {
      return new Page<>(rows.stream().map(Row::item).toList(), Optional.empty());
    }
    List<Row<T>> kept = rows.subList(0, limit);
    Cursor next = QueryEvaluator.cursorAfter(kept.get(limit - 1).view, sort);
    return new Page<>(kept.stream().map(Row::item).toList(), Optional.of(next));
  }

  /** Whether a filter or a sort key reads a field under {@code root} (such as metrics). */
  static boolean reads(Query query, String root) {
    for (Sort s : query.sort()) {
      if (rootOf(s.field()).equals(root)) {
        return true;
      }
    }
    Deque<Filter> pending = new ArrayDeque<>();
    pending.push(query.filter());
    while (!pending.isEmpty()) {
      Filter f = pending.pop();
      String field = null;
      if (f instanceof Filter.Comparison c) {
        field = c.field();
      } else if (f instanceof Filter.In in) {
        field = in.field();
      } else if (f instanceof Filter.Exists e) {
        field = e.field();
      } else if (f instanceof Filter.Contains c) {
        field = c.field();
      } else if (f instanceof Filter.And and) {
        and.operands().forEach(pending::push);
      } else if (f instanceof Filter.Or or) {
        or.operands().forEach(pending::push);
      } else if (f instanceof Filter.Not not) {
        pending.push(not.operand());
      }
      if (field != null && rootOf(field).equals(root)) {
        return true;
      }
    }
    return false;
  }

  private static String rootOf(String field) {
    return FieldPath.parse(field).root();
  }

  private static JsonNode idView(String id) {
    ObjectNode view = JsonNodeFactory.instance.objectNode();
    view.put("id", id);
    return view;
  }

  private record Row<T>(T item, JsonNode view) {}
}
