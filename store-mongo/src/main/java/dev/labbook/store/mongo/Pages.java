package dev.labbook.store.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.FindIterable;
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
import java.util.List;
import java.util.Map;
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
 * <p>When the order is one the server sorts exactly as the reference does, the page is read
 * as a sorted, keyset-paged stream and reading stops once the page is full: the default id
 * order, and {@code number}, {@code created} or {@code updated} (always int64 in every record)
 * in either direction, each followed by id. Other orders (mixed-kind fields such as
 * {@code params.x}, several keys, nullable times) sort in Java all records the narrowing
 * filter returns: correct, and as costly as that set is large.
 */
final class Pages {
  /** Fields every record holds as an int64, so the server's order is the reference order. */
  private static final Set<String> SERVER_SORTED = Set.of("number", "created", "updated");
  /** Records read per round trip while filling a page. */
  private static final int CHUNK = 200;

  private final MongoStore.Collections collections;
  private final MetricSeries metrics;

  Pages(MongoStore.Collections collections, MetricSeries metrics) {
    this.collections = collections;
    this.metrics = metrics;
  }

  Page<ExperimentDocument> experiments(Query query) {
    BsonDocument filter = Records.live(MongoFilters.narrowing(query.filter()));
    return page(collections.experiments, filter, query, rows -> {
      List<Row<ExperimentDocument>> out = new ArrayList<>(rows.size());
      for (BsonDocument row : rows) {
        ExperimentDocument e = Records.experiment(row);
        out.add(new Row<>(e, Views.experiment(e)));
      }
      return out;
    });
  }

  Page<RunDocument> runs(Optional<String> experimentId, Query query) {
    BsonDocument filter = Records.live(MongoFilters.narrowing(query.filter()));
    experimentId.ifPresent(id -> filter.put("experimentId", new BsonString(id)));
    return page(collections.runs, filter, query, rows -> {
      List<RunDocument> runs = rows.stream().map(Records::run).toList();
      Map<String, Map<String, Double>> latest = metrics.latestValues(runs.stream().map(RunDocument::id).toList());
      List<Row<RunDocument>> out = new ArrayList<>(runs.size());
      for (RunDocument run : runs) {
        out.add(new Row<>(run, Views.run(run, latest.getOrDefault(run.id(), Map.of()))));
      }
      return out;
    });
  }

  private <T> Page<T> page(MongoCollection<BsonDocument> collection, BsonDocument filter, Query query,
      Function<List<BsonDocument>, List<Row<T>>> views) {
    Optional<BsonDocument> serverOrder = serverOrder(query.sort());
    Optional<BsonDocument> after = query.after().flatMap(cursor -> after(cursor, query.sort()));
    if (serverOrder.isEmpty() || (query.after().isPresent() && after.isEmpty())) {
      return inJava(collection.find(filter).batchSize(CHUNK), query, views);
    }
    BsonDocument paged = after.map(a -> new BsonDocument("$and", new BsonArray(List.of(filter, a))))
        .orElse(filter);
    Predicate<JsonNode> exact = QueryEvaluator.predicate(query.filter());
    int limit = query.limit().orElseThrow();
    List<Row<T>> kept = new ArrayList<>();
    try (MongoCursor<BsonDocument> cursor = collection.find(paged).sort(serverOrder.get())
        .batchSize(CHUNK).cursor()) {
      List<BsonDocument> chunk = new ArrayList<>(CHUNK);
      while (kept.size() <= limit && cursor.hasNext()) {
        chunk.add(cursor.next());
        if (chunk.size() == CHUNK || !cursor.hasNext()) {
          for (Row<T> row : views.apply(chunk)) {
            if (kept.size() <= limit && exact.test(row.view())) {
              kept.add(row);
            }
          }
          chunk.clear();
        }
      }
    }
    if (kept.size() <= limit) {
      return new Page<>(kept.stream().map(Row::item).toList(), Optional.empty());
    }
    List<Row<T>> page = kept.subList(0, limit);
    Cursor next = QueryEvaluator.cursorAfter(page.get(limit - 1).view(), query.sort());
    return new Page<>(page.stream().map(Row::item).toList(), Optional.of(next));
  }

  /** Sorts, pages and filters exactly in Java, over every record the narrowing filter finds. */
  private static <T> Page<T> inJava(FindIterable<BsonDocument> found, Query query,
      Function<List<BsonDocument>, List<Row<T>>> views) {
    List<BsonDocument> rows = new ArrayList<>();
    found.forEach(rows::add);
    List<Row<T>> all = views.apply(rows);
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

  private record Row<T>(T item, JsonNode view) {}
}
