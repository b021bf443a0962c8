package dev.labbook.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.labbook.MetricPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Metric points, one document each in {@code metrics}: {@code {run, key, step, seq, progress,
 * value, time}}, so a series of any length never makes a document grow. {@code seq} is the
 * point's place in its run's append order, handed out by a counter on the run document, so
 * that points at equal steps read back in the order they were logged, across writers too.
 *
 * <p>A batch costs three round trips: the counter (which also proves the run exists), one
 * {@code insertMany} for all its points, and one bulk write of conditional updates to
 * {@code latest}, which holds the latest point per run and key (highest step, then highest
 * seq). Those updates match only when the new point is later, so concurrent writers end on
 * the same latest point whatever their order; a key's first point inserts its latest document
 * (the unique index on run and key turns a racing second insert into an update).
 */
final class MetricSeries {
  private final MongoStore.Collections collections;

  MetricSeries(MongoStore.Collections collections) {
    this.collections = collections;
  }

  /** Appends a batch; false if the run does not exist (then nothing is written). */
  boolean append(String runId, List<MetricPoint> points) {
    BsonDocument counter = collections.runs.findOneAndUpdate(Records.live(Records.byId(runId)),
        new BsonDocument("$inc", new BsonDocument(Records.METRIC_COUNTER, new BsonInt64(points.size()))),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
            .projection(Projections.include(Records.METRIC_COUNTER)));
    if (counter == null) {
      return false;
    }
    long seq = counter.getInt64(Records.METRIC_COUNTER).getValue() - points.size();
    List<BsonDocument> rows = new ArrayList<>(points.size());
    Map<String, BsonDocument> latest = new LinkedHashMap<>();
    for (MetricPoint point : points) {
      BsonDocument row = row(runId, point, seq++);
      rows.add(row);
      latest.put(point.key(), later(latest.get(point.key()), row));
    }
    collections.metrics.insertMany(rows, new InsertManyOptions().ordered(false));
    updateLatest(latest.values());
    return true;
  }

  /** The points of one key of a run by step, then append order. */
  Stream<MetricPoint> series(String runId, String key) {
    MongoCursor<BsonDocument> cursor = collections.metrics
        .find(new BsonDocument("run", new BsonString(runId)).append("key", new BsonString(key)))
        .sort(Sorts.ascending("step", "seq")).batchSize(10_000).cursor();
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, 0), false)
        .map(MetricSeries::point).onClose(cursor::close);
  }

  /** The latest point per key of one run. */
  Map<String, MetricPoint> latest(String runId) {
    Map<String, MetricPoint> latest = new HashMap<>();
    collections.latest.find(new BsonDocument("run", new BsonString(runId))).batchSize(1_000)
        .forEach(row -> latest.put(row.getString("key").getValue(), point(row)));
    return latest;
  }

  /** The latest value per key of each of these runs, for query views. */
  Map<String, Map<String, Double>> latestValues(Collection<String> runIds) {
    Map<String, Map<String, Double>> values = new HashMap<>();
    if (runIds.isEmpty()) {
      return values;
    }
    collections.latest.find(Filters.in("run", runIds)).batchSize(1_000).forEach(row -> values
        .computeIfAbsent(row.getString("run").getValue(), k -> new HashMap<>())
        .put(row.getString("key").getValue(), row.getDouble("value").getValue()));
    return values;
  }

  private void updateLatest(Collection<BsonDocument> rows) {
    List<WriteModel<BsonDocument>> updates = new ArrayList<>(rows.size());
    for (BsonDocument row : rows) {
      updates.add(new UpdateOneModel<>(ifLater(row), set(row)));
    }
    if (collections.latest.bulkWrite(updates).getMatchedCount() == rows.size()) {
      return;
    }
    // Some key has no latest document yet (its first batch), or holds a later point already.
    for (BsonDocument row : rows) {
      if (collections.latest.countDocuments(key(row)) > 0) {
        continue; // the bulk update applied, or the stored point is later
      }
      try {
        BsonDocument first = row.clone();
        first.remove(Records.ID); // insertMany gave the row the id of its metric document
        collections.latest.insertOne(first);
      } catch (MongoException e) {
        if (!MongoCalls.isDuplicateKey(e)) {
          throw e;
        }
        collections.latest.updateOne(ifLater(row), set(row)); // another writer inserted first
      }
    }
  }

  private static BsonDocument key(BsonDocument row) {
    return new BsonDocument("run", row.get("run")).append("key", row.get("key"));
  }

  /** Matches the latest document of the row's run and key if the row is later. */
  private static BsonDocument ifLater(BsonDocument row) {
    BsonArray earlier = new BsonArray();
    earlier.add(new BsonDocument("step", new BsonDocument("$lt", row.get("step"))));
    earlier.add(new BsonDocument("step", row.get("step"))
        .append("seq", new BsonDocument("$lt", row.get("seq"))));
    return key(row).append("$or", earlier);
  }

  private static BsonDocument set(BsonDocument row) {
    BsonDocument fields = new BsonDocument();
    for (String field : List.of("step", "seq", "progress", "value", "time")) {
      fields.put(field, row.get(field));
    }
    return new BsonDocument("$set", fields);
  }

  private static BsonDocument later(BsonDocument a, BsonDocument b) {
    if (a == null) {
      return b;
    }
    long sa = a.getInt64("step").getValue();
    long sb = b.getInt64("step").getValue();
    return sb > sa || (sb == sa && b.getInt64("seq").getValue() > a.getInt64("seq").getValue()) ? b : a;
  }

  private static BsonDocument row(String runId, MetricPoint point, long seq) {
    BsonDocument row = new BsonDocument("run", new BsonString(runId));
    row.put("key", new BsonString(point.key()));
    row.put("step", new BsonInt64(point.step()));
    row.put("seq", new BsonInt64(seq));
    row.put("progress", point.progress() == null ? BsonNull.VALUE : new BsonDouble(point.progress()));
    row.put("value", new BsonDouble(point.value()));
    row.put("time", new BsonInt64(point.timestamp().toEpochMilli()));
    return row;
  }

  private static MetricPoint point(BsonDocument row) {
    BsonValue progress = row.get("progress");
    return new MetricPoint(row.getString("key").getValue(), row.getInt64("step").getValue(),
        progress == null || progress.isNull() ? null : progress.asDouble().getValue(),
        row.getDouble("value").getValue(), Instant.ofEpochMilli(row.getInt64("time").getValue()));
  }
}
