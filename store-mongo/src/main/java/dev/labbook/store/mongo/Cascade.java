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
 * then the record. A mark ({@code deleting}) hides a record from every read.
 *
 * <p>Deleting an experiment:
 * <ol>
 *   <li>its runs are marked ({@code deleting: "experiment"}), so that no run is readable once
 *       its experiment is not;
 *   <li>the experiment is marked by a conditional update on a live experiment: of two racing
 *       deletes only one matches, and the other reports not found;
 *   <li>runs created meanwhile are marked too; metric points and artifacts of
 *       the experiment and its runs are deleted;
 *   <li>the runs, the experiment's owned documents (states, links), then the experiment
 *       document are deleted, which frees its name.
 * </ol>
 * Deleting a run marks it ({@code deleting: "run"}), deletes its points, artifacts and owned
 * documents, then it.
 *
 * <p>A crash part-way leaves marked records that no read returns. The next open of the store
 * finishes every such deletion ({@link #finishInterrupted}): marked experiments, experiments
 * whose runs were marked for them (a crash between steps 1 and 2: the delete was asked for),
 * and marked runs. A create or rename that finds its name held by a marked experiment finishes
 * that deletion first ({@link #freeName}). While a delete runs, another reader may see the
 * experiment without some of its runs (there is no snapshot to read from), never a run
 * without its experiment.
 */
final class Cascade {
  private static final BsonDocument MARK =
      new BsonDocument("$set", new BsonDocument(Records.DELETING, BsonBoolean.TRUE));
  private static final BsonDocument MARK_FOR_EXPERIMENT =
      new BsonDocument("$set", new BsonDocument(Records.DELETING, new BsonString("experiment")));
  private static final BsonDocument MARK_FOR_RUN =
      new BsonDocument("$set", new BsonDocument(Records.DELETING, new BsonString("run")));

  /** Runs deleted per round of deletes: keeps each $in list small. */
  private static final int BATCH = 1_000;

  private final MongoStore.Collections collections;
  private final GridFsArtifacts artifacts;

  Cascade(MongoStore.Collections collections, GridFsArtifacts artifacts) {
    this.collections = collections;
    this.artifacts = artifacts;
  }

  /** Deletes a live experiment with everything under it; false if there was none. */
  boolean deleteExperiment(String id) {
    if (collections.experiments.countDocuments(Records.live(Records.byId(id))) == 0) {
      return false;
    }
    collections.runs.updateMany(new BsonDocument("experimentId", new BsonString(id)), MARK_FOR_EXPERIMENT);
    if (collections.experiments.updateOne(Records.live(Records.byId(id)), MARK).getMatchedCount() == 0) {
      return false; // a racing delete marked it first and finishes the work
    }
    finishExperiment(id);
    return true;
  }

  /** Deletes a live run with its points and artifacts; false if there was none. */
  boolean deleteRun(String id) {
    if (collections.runs.updateOne(Records.live(Records.byId(id)), MARK_FOR_RUN).getMatchedCount() == 0) {
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
    for (String id : ids(collections.experiments.find(marked).projection(Projections.include(Records.ID)).batchSize(1_000))) {
      finishExperiment(id);
    }
    BsonDocument forExperiment = new BsonDocument(Records.DELETING, new BsonString("experiment"));
    java.util.Set<String> asked = new java.util.LinkedHashSet<>();
    collections.runs.find(forExperiment).projection(Projections.include("experimentId"))
        .forEach(run -> asked.add(run.getString("experimentId").getValue()));
    for (String experimentId : asked) {
      collections.experiments.updateOne(Records.byId(experimentId), MARK);
      finishExperiment(experimentId);
    }
    BsonDocument anyMark = new BsonDocument(Records.DELETING, new BsonDocument("$exists", BsonBoolean.TRUE));
    finishRunsInBatches(ids(collections.runs.find(anyMark).projection(Projections.include(Records.ID)).batchSize(1_000)));
  }

  private void finishExperiment(String id) {
    BsonDocument ofExperiment = new BsonDocument("experimentId", new BsonString(id));
    collections.runs.updateMany(ofExperiment, MARK_FOR_EXPERIMENT); // runs created meanwhile
    finishRunsInBatches(ids(collections.runs.find(ofExperiment).projection(Projections.include(Records.ID)).batchSize(1_000)));
    artifacts.removeAll(List.of(id));
    collections.owned.deleteMany(new BsonDocument("owner", new BsonString(id)));
    collections.experiments.deleteOne(Records.byId(id));
  }

  private void finishRunsInBatches(List<String> runs) {
    for (int from = 0; from < runs.size(); from += BATCH) {
      finishRuns(runs.subList(from, Math.min(runs.size(), from + BATCH)));
    }
  }

  /** Deletes the children of marked runs, then the runs. */
  private void finishRuns(List<String> runIds) {
    collections.metrics.deleteMany(Filters.in("run", runIds));
    collections.owned.deleteMany(Filters.in("owner", runIds));
    artifacts.removeAll(runIds);
    collections.runs.deleteMany(Filters.in(Records.ID, runIds));
  }

  private static List<String> ids(Iterable<BsonDocument> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(row -> ids.add(row.getString(Records.ID).getValue()));
    return ids;
  }
}
