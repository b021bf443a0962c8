package dev.labbook.store.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import dev.labbook.Artifact;
import dev.labbook.DuplicateNameException;
import dev.labbook.ExperimentStore;
import dev.labbook.MetricPoint;
import dev.labbook.NotFoundException;
import dev.labbook.RunStatus;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.RunTally;
import dev.labbook.spi.StoreContext;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;

/**
 * Experiments and runs in the {@code experiments} and {@code runs} collections; metrics,
 * artifacts, queries and cascading deletes in their own classes.
 *
 * <p>Single-document atomicity carries every rule, with no multi-document transaction:
 * <ul>
 *   <li>compare-and-set: an update's filter holds {@code {_id, version}}; no match means a
 *       stale version (or a deleted record) and changes nothing;
 *   <li>run numbers: the experiment document holds a counter; {@code findOneAndUpdate} with
 *       {@code $inc} returns the new value atomically, and fails to match a missing experiment;
 *   <li>uniqueness: unique indexes on experiment names and (experiment, run number).
 * </ul>
 * Updates {@code $set} the record's fields rather than replacing the document, so that the
 * counters held beside them survive.
 */
final class MongoExperimentStore extends ExperimentStore {
  private final MongoStore.Collections collections;
  private final Cascade cascade;
  private final MetricSeries metrics;
  private final GridFsArtifacts artifacts;
  private final Pages pages;

  MongoExperimentStore(StoreContext context, Capabilities capabilities, MongoStore.Collections collections) {
    super(context, capabilities);
    this.collections = collections;
    this.artifacts = new GridFsArtifacts(collections);
    this.cascade = new Cascade(collections, artifacts);
    this.metrics = new MetricSeries(collections);
    this.pages = new Pages(collections);
  }

  /** Finishes deletions that a crash (or a killed process) left half done. */
  void finishInterruptedDeletions() {
    MongoCalls.call("finishing interrupted deletions", () -> {
      cascade.finishInterrupted();
      return null;
    });
  }

  // ---- experiments ---------------------------------------------------------------------------

  @Override
  protected void insertExperiment(ExperimentDocument document) {
    BsonDocument row = Records.experiment(document);
    row.put(Records.RUN_COUNTER, new BsonInt64(0));
    MongoCalls.call("creating an experiment", () -> {
      for (int attempt = 0; ; attempt++) {
        try {
          collections.experiments.insertOne(row);
          return null;
        } catch (MongoException e) {
          if (!MongoCalls.isDuplicateKey(e) || attempt > 0 || !cascade.freeName(document.name())) {
            throw MongoCalls.isDuplicateKey(e) ? new DuplicateNameException("experiment", document.name()) : e;
          }
          // The name belonged to an experiment whose deletion was interrupted: now it is free.
        }
      }
    });
  }

  @Override
  protected Optional<ExperimentDocument> loadExperiment(String id) {
    return MongoCalls.call("reading an experiment", () -> Optional.ofNullable(
        collections.experiments.find(Records.live(Records.byId(id))).first()).map(Records::experiment));
  }

  @Override
  protected Optional<ExperimentDocument> loadExperimentByName(String name) {
    BsonDocument filter = Records.live(new BsonDocument("name", new BsonString(name)));
    return MongoCalls.call("reading an experiment", () -> Optional.ofNullable(
        collections.experiments.find(filter).first()).map(Records::experiment));
  }

  @Override
  protected boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
    BsonDocument fields = Records.experiment(document);
    fields.remove(Records.ID);
    BsonDocument filter = Records.live(Records.byId(document.id()))
        .append(Records.VERSION, new BsonInt64(expectedVersion));
    return MongoCalls.call("updating an experiment", () -> {
      for (int attempt = 0; ; attempt++) {
        try {
          return collections.experiments.updateOne(filter, new BsonDocument("$set", fields))
              .getMatchedCount() > 0;
        } catch (MongoException e) {
          if (!MongoCalls.isDuplicateKey(e) || attempt > 0 || !cascade.freeName(document.name())) {
            throw MongoCalls.isDuplicateKey(e) ? new DuplicateNameException("experiment", document.name()) : e;
          }
        }
      }
    });
  }

  @Override
  protected boolean removeExperiment(String id) {
    return MongoCalls.call("deleting an experiment", () -> cascade.deleteExperiment(id));
  }

  @Override
  protected Page<ExperimentDocument> findExperiments(Query query) {
    return MongoCalls.call("finding experiments", () -> pages.experiments(query));
  }

  // ---- runs ----------------------------------------------------------------------------------

  @Override
  protected RunDocument insertRun(RunDocument draft) {
    // Encoding first: a document the store refuses must not use up a number.
    BsonDocument row = Records.run(draft.withNumber(0));
    return MongoCalls.call("creating a run", () -> {
      BsonDocument counter = collections.experiments.findOneAndUpdate(
          Records.live(Records.byId(draft.experimentId())),
          new BsonDocument("$inc", new BsonDocument(Records.RUN_COUNTER, new BsonInt64(1))),
          new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)
              .projection(Projections.include(Records.RUN_COUNTER)));
      if (counter == null) {
        throw new NotFoundException("no experiment with id " + draft.experimentId());
      }
      long number = counter.getInt64(Records.RUN_COUNTER).getValue() - 1;
      row.put("number", new BsonInt64(number));
      row.put(Records.METRIC_COUNTER, new BsonInt64(0));
      try {
        collections.runs.insertOne(row);
      } catch (MongoException e) {
        BsonDocument earlier = MongoCalls.isDuplicateKey(e)
            ? collections.runs.find(Records.live(Records.byId(draft.id()))).first() : null;
        if (earlier == null) {
          throw e;
        }
        // Core retried after a lost reply, and the first attempt had stored the run: keep it
        // (the number this attempt took stays unused, a gap).
        return Records.run(earlier);
      }
      // A delete of the experiment may have run between the counter and the insert: then this
      // run would be an orphan. The delete marks the experiment first, so looking again tells.
      if (collections.experiments.countDocuments(Records.live(Records.byId(draft.experimentId()))) == 0) {
        collections.runs.deleteOne(Records.byId(draft.id()));
        throw new NotFoundException("no experiment with id " + draft.experimentId());
      }
      return draft.withNumber(number);
    });
  }

  @Override
  protected boolean restoreRun(RunDocument document) {
    BsonDocument row = Records.run(document);
    row.put(Records.METRIC_COUNTER, new BsonInt64(0));
    return MongoCalls.call("importing a run", () -> {
      // The counter first, with $max: it never goes down, and a crash before the insert
      // leaves at most an unused number, never a number given twice.
      if (collections.experiments.updateOne(Records.live(Records.byId(document.experimentId())),
          new BsonDocument("$max", new BsonDocument(Records.RUN_COUNTER,
              new BsonInt64(document.number() + 1)))).getMatchedCount() == 0) {
        throw new NotFoundException("no experiment with id " + document.experimentId());
      }
      try {
        collections.runs.insertOne(row);
        return true;
      } catch (MongoException e) {
        if (MongoCalls.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  protected Optional<RunDocument> loadRun(String id) {
    return MongoCalls.call("reading a run", () -> Optional.ofNullable(
        collections.runs.find(Records.live(Records.byId(id))).first()).map(Records::run));
  }

  @Override
  protected boolean replaceRun(RunDocument document, long expectedVersion) {
    BsonDocument fields = Records.run(document);
    fields.remove(Records.ID);
    BsonDocument filter = Records.live(Records.byId(document.id()))
        .append(Records.VERSION, new BsonInt64(expectedVersion));
    return MongoCalls.call("updating a run", () -> collections.runs
        .updateOne(filter, new BsonDocument("$set", fields)).getMatchedCount() > 0);
  }

  @Override
  protected boolean removeRun(String id) {
    return MongoCalls.call("deleting a run", () -> cascade.deleteRun(id));
  }

  @Override
  protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    return MongoCalls.call("finding runs", () -> pages.runs(experimentId, query));
  }

  // ---- summaries -----------------------------------------------------------------------------

  /** One aggregation: runs grouped by experiment and status on the server. */
  @Override
  protected Map<String, RunTally> tallyRuns() {
    return MongoCalls.call("counting runs", () -> {
      List<BsonDocument> pipeline = List.of(
          new BsonDocument("$match", Records.live(new BsonDocument())),
          new BsonDocument("$group", new BsonDocument("_id", new BsonDocument("e", new BsonString("$experimentId"))
                  .append("s", new BsonString("$status")))
              .append("n", new BsonDocument("$sum", new BsonInt64(1)))
              .append("first", new BsonDocument("$min", new BsonString("$created")))
              .append("last", new BsonDocument("$max", new BsonString("$updated")))));
      Map<String, RunTally> tallies = new HashMap<>();
      for (BsonDocument group : collections.runs.aggregate(pipeline, BsonDocument.class)) {
        BsonDocument key = group.getDocument("_id");
        RunTally tally = new RunTally(Map.of(RunStatus.valueOf(key.getString("s").getValue()),
            group.getNumber("n").longValue()), Instant.ofEpochMilli(group.getNumber("first").longValue()),
            Instant.ofEpochMilli(group.getNumber("last").longValue()));
        tallies.merge(key.getString("e").getValue(), tally, RunTally::plus);
      }
      return tallies;
    });
  }

  // ---- metrics -------------------------------------------------------------------------------

  @Override
  protected boolean appendMetrics(String runId, List<MetricPoint> points) {
    return MongoCalls.call("logging metrics", () -> metrics.append(runId, points));
  }

  @Override
  protected Optional<Stream<MetricPoint>> readMetrics(String runId, String key) {
    return MongoCalls.call("reading a metric series", () -> runExists(runId)
        ? Optional.of(metrics.series(runId, key)) : Optional.empty());
  }

  @Override
  protected Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
    return MongoCalls.call("reading latest metrics", () -> runExists(runId)
        ? Optional.of(metrics.latest(runId)) : Optional.empty());
  }

  private boolean runExists(String runId) {
    return collections.runs.countDocuments(Records.live(Records.byId(runId))) > 0;
  }

  // ---- artifacts -----------------------------------------------------------------------------

  @Override
  protected boolean writeArtifact(Artifact artifact, byte[] content) {
    return MongoCalls.call("storing an artifact", () -> {
      if (!ownerExists(artifact.ownerId())) {
        return false;
      }
      artifacts.write(artifact, content);
      if (!ownerExists(artifact.ownerId())) {
        // Its owner was deleted meanwhile; the cascade may have run before this write.
        artifacts.removeAll(List.of(artifact.ownerId()));
        return false;
      }
      return true;
    });
  }

  @Override
  protected Optional<InputStream> readArtifactContent(String ownerId, String path) {
    return MongoCalls.call("reading an artifact", () -> ownerExists(ownerId)
        ? artifacts.read(ownerId, path) : Optional.empty());
  }

  @Override
  protected List<Artifact> listArtifacts(String ownerId) {
    return MongoCalls.call("listing artifacts", () -> artifacts.list(ownerId));
  }

  @Override
  protected boolean removeArtifact(String ownerId, String path) {
    return MongoCalls.call("deleting an artifact", () -> artifacts.remove(ownerId, path));
  }

  private boolean ownerExists(String ownerId) {
    return collections.experiments.countDocuments(Records.live(Records.byId(ownerId))) > 0
        || runExists(ownerId);
  }

  // ---- owned documents -----------------------------------------------------------------------

  // One document each in "owned", unique by (owner, space, name); deleted with their owner by
  // the cascade. One written for an owner deleted meanwhile stays an orphan no read reaches.

  @Override
  protected boolean insertOwned(OwnedDocument document) {
    BsonDocument row = Records.owned(document);
    return MongoCalls.call("saving " + document.space(), () -> {
      try {
        collections.owned.insertOne(row);
        return true;
      } catch (MongoException e) {
        if (MongoCalls.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  protected Optional<OwnedDocument> loadOwned(String ownerId, String space, String name) {
    return MongoCalls.call("reading " + space, () -> Optional.ofNullable(
        collections.owned.find(Records.ownedKey(ownerId, space, name)).first()).map(Records::owned));
  }

  @Override
  protected boolean replaceOwned(OwnedDocument document, long expectedVersion) {
    BsonDocument fields = Records.owned(document);
    BsonDocument filter = Records.ownedKey(document.ownerId(), document.space(), document.name())
        .append(Records.VERSION, new BsonInt64(expectedVersion));
    return MongoCalls.call("updating " + document.space(), () -> collections.owned
        .updateOne(filter, new BsonDocument("$set", fields)).getMatchedCount() > 0);
  }

  @Override
  protected boolean removeOwned(String ownerId, String space, String name) {
    return MongoCalls.call("deleting " + space, () -> collections.owned
        .deleteOne(Records.ownedKey(ownerId, space, name)).getDeletedCount() > 0);
  }

  @Override
  protected List<OwnedDocument> listOwned(String ownerId, String space) {
    BsonDocument filter = new BsonDocument("owner", new BsonString(ownerId))
        .append("space", new BsonString(space));
    return MongoCalls.call("listing " + space, () -> {
      List<OwnedDocument> found = new ArrayList<>();
      collections.owned.find(filter).batchSize(1_000).forEach(d -> found.add(Records.owned(d)));
      return found;
    });
  }
}
