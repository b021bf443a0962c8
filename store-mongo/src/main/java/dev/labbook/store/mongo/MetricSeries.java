package dev.labbook.store.mongo;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import dev.labbook.MetricPoint;
import dev.labbook.codec.CodecRegistry;
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
import org.bson.BsonBoolean;
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
 * {@code insertMany} for all its points, and one bulk write of conditional updates to the run
 * document's {@code latest} field, which holds the latest point per key (highest step, then
 * highest seq) as {@code latest.<key>: {key, step, seq, progress, value, time}}. Those updates
 * match only when the new point is later, so concurrent writers end on the same latest point
 * whatever their order. The latest points live in the run document so that queries filter and
 * sort on {@code metrics.<key>} on the server ({@code latest.<key>.value}, see
 * {@link MongoFilters#field}).
 */
final class MetricSeries {
  /** The run document's field holding the latest point of each key. */
  static final String LATEST = "latest";

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
    updateLatest(runId, latest.values());
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

  /** The latest point per key of one run, from the run document (empty if it has none). */
  Map<String, MetricPoint> latest(String runId) {
    Map<String, MetricPoint> latest = new HashMap<>();
    BsonDocument run = collections.runs.find(Records.byId(runId))
        .projection(Projections.include(LATEST)).first();
    if (run != null && run.isDocument(LATEST)) {
      run.getDocument(LATEST).values().forEach(v -> {
        MetricPoint point = point(v.asDocument());
        latest.put(point.key(), point);
      });
    }
    return latest;
  }

  /** The latest value per key held in a run document, for its query view. */
  static Map<String, Double> latestValues(BsonDocument run) {
    Map<String, Double> values = new HashMap<>();
    if (run.isDocument(LATEST)) {
      run.getDocument(LATEST).values().forEach(v -> values.put(
          v.asDocument().getString("key").getValue(), v.asDocument().getDouble("value").getValue()));
    }
    return values;
  }

  /**
   * The field of a run document under {@link #LATEST} that holds a metric key's latest point:
   * the key as its view names it (see {@link dev.labbook.spi.Views#run}), escaped as document
   * keys are, so that the query path {@code metrics.<key>} maps to
   * {@code latest.<field>.value}.
   */
  static String latestField(String key) {
    return BsonTrees.encodeKey(CodecRegistry.escapeKey(key));
  }

  /**
   * One conditional update per key of the batch, in one bulk write on the run document: each
   * matches only if the run holds no point of that key yet or holds an earlier one (lower step,
   * or equal step and lower seq), so concurrent writers converge on the true latest point
   * whatever their order, and the run document grows by at most one entry per key.
   */
  private void updateLatest(String runId, Collection<BsonDocument> rows) {
    List<WriteModel<BsonDocument>> updates = new ArrayList<>(rows.size());
    for (BsonDocument row : rows) {
      String field = LATEST + "." + latestField(row.getString("key").getValue());
      BsonArray earlier = new BsonArray();
      earlier.add(new BsonDocument(field, new BsonDocument("$exists", BsonBoolean.FALSE)));
      earlier.add(new BsonDocument(field + ".step", new BsonDocument("$lt", row.get("step"))));
      earlier.add(new BsonDocument(field + ".step", row.get("step"))
          .append(field + ".seq", new BsonDocument("$lt", row.get("seq"))));
      BsonDocument point = new BsonDocument("key", row.get("key"));
      for (String name : List.of("step", "seq", "progress", "value", "time")) {
        point.put(name, row.get(name));
      }
      updates.add(new UpdateOneModel<>(Records.byId(runId).append("$or", earlier),
          new BsonDocument("$set", new BsonDocument(field, point))));
    }
    collections.runs.bulkWrite(updates, new BulkWriteOptions().ordered(false));
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
