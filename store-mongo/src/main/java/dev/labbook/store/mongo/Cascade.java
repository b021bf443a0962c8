package dev.labbook.store.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Deletes that touch several documents, without transactions: mark, then delete children,
 * then the record.
 *
 * <ol>
 *   <li>The experiment (or run) is marked {@code deleting} by a conditional update: from then
 *       on every read ignores it, and a second delete finds nothing to mark (not found).
 *   <li>An experiment's runs are marked too, so that none is readable without its experiment.
 *   <li>Metric points, latest points and artifacts of the marked records are deleted.
 *   <li>The runs, then the experiment document are deleted; the experiment's name is free.
 * </ol>
 * A crash after step 1 leaves marked records that no read returns; the next open of the store
 * finishes their deletion ({@link #finishInterrupted}), and so does a create or rename that
 * finds the name held by a marked experiment ({@link #freeName}).
 */
final class Cascade {
  private static final BsonDocument MARK =
      new BsonDocument("$set", new BsonDocument(Records.DELETING, BsonBoolean.TRUE));

  private final MongoStore.Collections collections;
  private final GridFsArtifacts artifacts;

  Cascade(MongoStore.Collections collections, GridFsArtifacts artifacts) {
    this.collections = collections;
    this.artifacts = artifacts;
  }

  /** Deletes a live experiment with everything under it; false if there was none. */
  boolean deleteExperiment(String id) {
    if (collections.experiments.updateOne(Records.live(Records.byId(id)), MARK).getMatchedCount() == 0) {
      return false;
    }
    finishExperiment(id);
    return true;
  }

  /** Deletes a live run with its points and artifacts; false if there was none. */
  boolean deleteRun(String id) {
    if (collections.runs.updateOne(Records.live(Records.byId(id)), MARK).getMatchedCount() == 0) {
      return false;
    }
    finishRuns(List.of(id));
    return true;
  }

  /**
   * Frees a name held by an experiment whose deletion was interrupted.
   *
   * @return whether it was such a name (so that the caller may try again)
   */
  boolean freeName(String name) {
    BsonDocument holder = collections.experiments.find(new BsonDocument("name", new BsonString(name))
        .append(Records.DELETING, BsonBoolean.TRUE)).projection(Projections.include(Records.ID)).first();
    if (holder == null) {
      return false;
    }
    finishExperiment(holder.getString(Records.ID).getValue());
    return true;
  }

  /** Finishes every deletion that was begun and not completed. */
  void finishInterrupted() {
    BsonDocument marked = new BsonDocument(Records.DELETING, BsonBoolean.TRUE);
    for (String id : ids(collections.experiments.find(marked).projection(Projections.include(Records.ID)))) {
      finishExperiment(id);
    }
    List<String> runs = ids(collections.runs.find(marked).projection(Projections.include(Records.ID)));
    if (!runs.isEmpty()) {
      finishRuns(runs);
    }
  }

  private void finishExperiment(String id) {
    BsonDocument ofExperiment = new BsonDocument("experimentId", new BsonString(id));
    collections.runs.updateMany(ofExperiment, MARK);
    List<String> runs = ids(collections.runs.find(ofExperiment).projection(Projections.include(Records.ID)));
    if (!runs.isEmpty()) {
      finishRuns(runs);
    }
    artifacts.removeAll(List.of(id));
    collections.experiments.deleteOne(Records.byId(id));
  }

  /** Deletes the children of marked runs, then the runs. */
  private void finishRuns(List<String> runIds) {
    collections.metrics.deleteMany(Filters.in("run", runIds));
    collections.latest.deleteMany(Filters.in("run", runIds));
    artifacts.removeAll(runIds);
    collections.runs.deleteMany(Filters.in(Records.ID, runIds));
  }

  private static List<String> ids(Iterable<BsonDocument> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getString(Records.ID).getValue()));
    return ids;
  }
}
