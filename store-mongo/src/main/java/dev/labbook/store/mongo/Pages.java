package dev.labbook.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.labbook.query.Cursor;
import dev.labbook.query.Direction;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.query.QueryEvaluator;
import dev.labbook.query.Sort;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.Views;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Answers query pages. The server gets the narrowing filter ({@link MongoFilters}); the exact
 * filter runs on what it returns, over the same views core's reference evaluator uses.
 *
 * <p>Orders the server sorts: the default id order and {@code number}, {@code created} or
 * {@code updated} (always int64 in every record) are one sorted, keyset-paged stream. Any
 * other single key whose path maps to a stored field ({@code params.x}, {@code results.acc},
 * {@code metrics.loss}, nullable times…) is read by {@link SortedByKey}: one server-sorted
 * stream per kind of value in core's order, concatenated, merged with the few records whose
 * stored value the server cannot order as core does. Reading stops once the page is full.
 * Several sort keys (and {@code metrics} alone) sort in Java every record the narrowing filter
 * returns: correct, and as costly as that set is large.
 */
final class Pages {
  /** Fields every record holds as an int64, so the server's order is the reference order. */
  private static final Set<String> SERVER_SORTED = Set.of("number", "created", "updated");
  /** Records read per round trip while filling a page. */
  static final int CHUNK = 200;

  private final MongoStore.Collections collections;

  Pages(MongoStore.Collections collections) {
    this.collections = collections;
  }

  Page<ExperimentDocument> experiments(Query query) {
    Set<String> fields = MongoFilters.EXPERIMENT_FIELDS;
    BsonDocument filter = Records.live(MongoFilters.narrowing(query.filter(), fields));
    return page(collections.experiments, filter, query, fields, row -> {
      ExperimentDocument e = Records.experiment(row);
      return new Row<>(e, Views.experiment(e));
    });
  }

  Page<RunDocument> runs(Optional<String> experimentId, Query query) {
    Set<String> fields = MongoFilters.RUN_FIELDS;
    BsonDocument filter = Records.live(MongoFilters.narrowing(query.filter(), fields));
    experimentId.ifPresent(id -> filter.put("experimentId", new BsonString(id)));
    return page(collections.runs, filter, query, fields, row -> {
      RunDocument run = Records.run(row);
      // The latest metric values are in the run document: no second read for the view.
      return new Row<>(run, Views.run(run, MetricSeries.latestValues(row)));
    });
  }

  private <T> Page<T> page(MongoCollection<BsonDocument> collection, BsonDocument filter, Query query,
      Set<String> viewFields, Function<BsonDocument, Row<T>> view) {
    Optional<BsonDocument> serverOrder = serverOrder(query.sort());
    Optional<BsonDocument> after = query.after().flatMap(cursor -> after(cursor, query.sort()));
    if (serverOrder.isPresent() && (query.after().isEmpty() || after.isPresent())) {
      BsonDocument paged = after.map(a -> new BsonDocument("$and", new BsonArray(List.of(filter, a))))
          .orElse(filter);
      int limit = query.limit().orElse(Integer.MAX_VALUE);
      Predicate<JsonNode> exact = QueryEvaluator.predicate(query.filter());
      List<Row<T>> kept = new ArrayList<>();
      try (MongoCursor<BsonDocument> cursor = collection.find(paged).sort(serverOrder.get())
          .batchSize(batchSize(limit)).cursor()) {
        while (kept.size() <= limit && cursor.hasNext()) {
          Row<T> row = view.apply(cursor.next());
          if (exact.test(row.view())) {
            kept.add(row);
          }
        }
      }
      return cut(kept, query);
    }
    if (query.sort().size() == 1) {
      String field = MongoFilters.field(query.sort().get(0).field(), viewFields);
      if (field != null) {
        return cut(new SortedByKey<>(collection, filter, query, field, view).read(), query);
      }
    }
    return inJava(collection, filter, query, view);
  }

  /** The first {@code limit} rows (read: at most one more) and the cursor after them if more. */
  private static <T> Page<T> cut(List<Row<T>> kept, Query query) {
    int limit = query.limit().orElse(Integer.MAX_VALUE);
    if (kept.size() <= limit) {
      return new Page<>(kept.stream().map(Row::item).toList(), Optional.empty());
    }
    List<Row<T>> page = kept.subList(0, limit);
    Cursor next = QueryEvaluator.cursorAfter(page.get(limit - 1).view(), query.sort());
    return new Page<>(page.stream().map(Row::item).toList(), Optional.of(next));
  }

  /** A server batch big enough for a page and the one record that tells whether more follow. */
  static int batchSize(int limit) {
    return limit >= CHUNK ? CHUNK : limit + 1;
  }

  /** Sorts, pages and filters exactly in Java, over every record the narrowing filter finds. */
  private static <T> Page<T> inJava(MongoCollection<BsonDocument> collection, BsonDocument filter,
      Query query, Function<BsonDocument, Row<T>> view) {
    List<Row<T>> all = new ArrayList<>();
    collection.find(filter).batchSize(CHUNK).forEach(row -> all.add(view.apply(row)));
    return QueryEvaluator.page(all.stream(), Row::view, query).map(Row::item);
  }

  /** The server's sort for an order it sorts exactly as the reference does. */
  private static Optional<BsonDocument> serverOrder(List<Sort> sort) {
    if (sort.isEmpty()) {
      return Optional.of(new BsonDocument(Records.ID, new BsonInt32(1)));
    }
    if (sort.size() == 1 && SERVER_SORTED.contains(sort.get(0).field())) {
      Sort key = sort.get(0);
      return Optional.of(new BsonDocument(key.field(), new BsonInt32(key.direction() == Direction.ASC ? 1 : -1))
          .append(Records.ID, new BsonInt32(1)));
    }
    return Optional.empty();
  }

  /** The records strictly after a cursor under a server order; empty if it cannot be said. */
  private static Optional<BsonDocument> after(Cursor cursor, List<Sort> sort) {
    BsonString id = new BsonString(cursor.id());
    if (sort.isEmpty()) {
      return Optional.of(new BsonDocument(Records.ID, new BsonDocument("$gt", id)));
    }
    JsonNode value = cursor.sortValues().get(0);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      return Optional.empty();
    }
    BsonValue v = new BsonInt64(value.longValue());
    String field = sort.get(0).field();
    String beyond = sort.get(0).direction() == Direction.ASC ? "$gt" : "$lt";
    BsonArray either = new BsonArray();
    either.add(new BsonDocument(field, new BsonDocument(beyond, v)));
    either.add(new BsonDocument(field, v).append(Records.ID, new BsonDocument("$gt", id)));
    return Optional.of(new BsonDocument("$or", either));
  }

  /** A record and its query view. */
  record Row<T>(T item, JsonNode view) {}

  /** Core's order of views under a query's sort, for merging streams. */
  static <T> Comparator<Row<T>> order(Query query) {
    Comparator<JsonNode> views = QueryEvaluator.ordering(query.sort());
    return (a, b) -> views.compare(a.view(), b.view());
  }
}
