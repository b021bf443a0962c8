package dev.labbook.store.mongo;

import dev.labbook.RunStatus;
import dev.labbook.spi.ConfigDocument;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import dev.labbook.InvalidInputException;

/**
 * How records are laid out in MongoDB documents, both ways. Field names are those of the query
 * views ({@link dev.labbook.spi.Views}) so that filters translate path for path; the id is
 * {@code _id}; times are int64 epoch milliseconds, as in views; user documents go through
 * {@link BsonTrees}.
 */
final class Records {
  static final String ID = "_id";
  /** Set on an experiment or run whose deletion has begun: every read ignores it. */
  static final String DELETING = "deleting";
  /** The experiment's run counter: the number of runs ever created (the next number). */
  static final String RUN_COUNTER = "runCounter";
  /** The run's metric counter: insertion sequence numbers handed out to its points. */
  static final String METRIC_COUNTER = "metricCounter";
  static final String VERSION = "version";
  /** The largest document the store writes: MongoDB's 16 MiB limit, less room for counters. */
  static final int MAX_SIZE = 16 * 1024 * 1024 - 1024;

  private Records() {}

  /** The experiment's fields, without counters (so a $set leaves the counter alone). */
  static BsonDocument experiment(ExperimentDocument e) {
    BsonDocument d = new BsonDocument(ID, new BsonString(e.id()));
    d.put("name", new BsonString(e.name()));
    d.put("description", text(e.description()));
    d.put("tags", strings(e.tags()));
    d.put("created", time(e.created()));
    d.put("updated", time(e.updated()));
    d.put("metadata", BsonTrees.toBson(e.metadata(), "metadata of experiment " + e.name()));
    d.put(VERSION, new BsonInt64(e.version()));
    return checkSize(d, "experiment " + e.name());
  }

  static ExperimentDocument experiment(BsonDocument d) {
    return new ExperimentDocument(d.getString(ID).getValue(), d.getString("name").getValue(),
        text(d.get("description")), strings(d.getArray("tags")),
        BsonTrees.toJson(d.getDocument("metadata")), instant(d.get("created")),
        instant(d.get("updated")), d.getInt64(VERSION).getValue());
  }

  /** An owned document (a state, a link); its key is owner, space and name. */
  static BsonDocument owned(OwnedDocument o) {
    BsonDocument d = ownedKey(o.ownerId(), o.space(), o.name());
    d.put("body", BsonTrees.toBson(o.body(), o.space() + " " + o.name() + " of " + o.ownerId()));
    d.put("created", time(o.created()));
    d.put("updated", time(o.updated()));
    d.put(VERSION, new BsonInt64(o.version()));
    return checkSize(d, o.space() + " " + o.name() + " of " + o.ownerId());
  }

  static OwnedDocument owned(BsonDocument d) {
    return new OwnedDocument(d.getString("owner").getValue(), d.getString("space").getValue(),
        d.getString("name").getValue(), BsonTrees.toJson(d.getDocument("body")),
        instant(d.get("created")), instant(d.get("updated")), d.getInt64(VERSION).getValue());
  }

  /** The filter (and the first fields) of one owned document. */
  static BsonDocument ownedKey(String ownerId, String space, String name) {
    return new BsonDocument("owner", new BsonString(ownerId)).append("space", new BsonString(space))
        .append("name", new BsonString(name));
  }

  /** The run's fields, without counters. */
  static BsonDocument run(RunDocument r) {
    String what = "run " + r.id();
    BsonDocument d = new BsonDocument(ID, new BsonString(r.id()));
    d.put("experimentId", new BsonString(r.experimentId()));
    d.put("number", new BsonInt64(r.number()));
    d.put("status", new BsonString(r.status().name()));
    d.put("tags", strings(r.tags()));
    d.put("comment", text(r.comment()));
    d.put("created", time(r.created()));
    d.put("started", time(r.started()));
    d.put("updated", time(r.updated()));
    d.put("ended", time(r.ended()));
    d.put("heartbeat", time(r.heartbeat()));
    d.put("params", BsonTrees.toBson(r.params(), "params of " + what));
    d.put("args", BsonTrees.toBson(r.args(), "args of " + what));
    d.put("env", BsonTrees.toBson(r.env(), "env of " + what));
    d.put("extras", BsonTrees.toBson(r.extras(), "extras of " + what));
    d.put("results", BsonTrees.toBson(r.results(), "results of " + what));
    d.put(VERSION, new BsonInt64(r.version()));
    return checkSize(d, what);
  }

  static RunDocument run(BsonDocument d) {
    return new RunDocument(d.getString(ID).getValue(), d.getString("experimentId").getValue(),
        d.getInt64("number").getValue(), RunStatus.valueOf(d.getString("status").getValue()),
        strings(d.getArray("tags")), text(d.get("comment")),
        BsonTrees.toJson(d.getDocument("params")), BsonTrees.toJson(d.getDocument("args")),
        BsonTrees.toJson(d.getDocument("env")), BsonTrees.toJson(d.getDocument("extras")),
        BsonTrees.toJson(d.getDocument("results")), instant(d.get("created")),
        instant(d.get("started")), instant(d.get("updated")), instant(d.get("ended")),
        instant(d.get("heartbeat")), d.getInt64(VERSION).getValue());
  }

  static BsonDocument config(ConfigDocument c) {
    BsonDocument d = new BsonDocument("kind", new BsonString(c.kind()));
    d.put("name", new BsonString(c.name()));
    d.put("hash", new BsonString(c.hash()));
    d.put("created", time(c.created()));
    String what = "config " + c.kind() + " '" + c.name() + "'";
    d.put("body", BsonTrees.toBson(c.body(), what));
    return checkSize(d, what);
  }

  static ConfigDocument config(BsonDocument d) {
    return new ConfigDocument(d.getString("kind").getValue(), d.getString("name").getValue(),
        BsonTrees.toJson(d.getDocument("body")), d.getString("hash").getValue(),
        instant(d.get("created")));
  }

  /**
   * Refuses a document MongoDB would refuse for its size, before anything is written (so that,
   * for a run, no number is used up). The limit is MongoDB's 16 MiB less room for the fields
   * the store adds later (counters, marks).
   *
   * @throws InvalidInputException naming the record and its size
   */
  static BsonDocument checkSize(BsonDocument row, String what) {
    int size = new RawBsonDocument(row, new BsonDocumentCodec()).getByteBuffer().remaining();
    if (size > MAX_SIZE) {
      throw new InvalidInputException(what + " takes " + size + " bytes as a MongoDB document;"
          + " the MongoDB store keeps records of at most " + MAX_SIZE + " bytes (16 MiB less 1 KiB)");
    }
    return row;
  }

  /** A filter that ignores records whose deletion has begun. */
  static BsonDocument live(BsonDocument filter) {
    filter.put(DELETING, new BsonDocument("$exists", org.bson.BsonBoolean.FALSE));
    return filter;
  }

  static BsonDocument byId(String id) {
    return new BsonDocument(ID, new BsonString(id));
  }

  private static BsonValue text(String text) {
    return text == null ? BsonNull.VALUE : new BsonString(text);
  }

  private static String text(BsonValue value) {
    return value == null || value.isNull() ? null : value.asString().getValue();
  }

  private static BsonValue time(Instant time) {
    return time == null ? BsonNull.VALUE : new BsonInt64(time.toEpochMilli());
  }

  private static Instant instant(BsonValue value) {
    return value == null || value.isNull() ? null : Instant.ofEpochMilli(value.asInt64().getValue());
  }

  private static BsonArray strings(List<String> values) {
    BsonArray array = new BsonArray(new ArrayList<>(values.size()));
    values.forEach(v -> array.add(new BsonString(v)));
    return array;
  }

  private static List<String> strings(BsonArray array) {
    List<String> values = new ArrayList<>(array.size());
    array.forEach(v -> values.add(v.asString().getValue()));
    return values;
  }
}
