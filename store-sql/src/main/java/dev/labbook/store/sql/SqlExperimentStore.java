package dev.labbook.store.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.labbook.Artifact;
import dev.labbook.DuplicateNameException;
import dev.labbook.ExperimentStore;
import dev.labbook.LabbookException;
import dev.labbook.MetricPoint;
import dev.labbook.Objective;
import dev.labbook.NotFoundException;
import dev.labbook.internal.Json;
import dev.labbook.query.Page;
import dev.labbook.query.Query;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.OwnedDocument;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.RunTally;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.TransientStoreException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Experiments, runs, metric points and artifacts in their tables. Every primitive is one
 * transaction; the guarantees between writers are the database's: unique keys for names,
 * {@code UPDATE … WHERE version = ?} for compare-and-set, and a per-experiment counter row,
 * locked by the update that increments it, for run numbers.
 */
final class SqlExperimentStore extends ExperimentStore {
  private final Database database;
  private final Dialect dialect;
  private final Rows rows;
  private final SqlQuery experimentQueries;
  private final SqlQuery runQueries;

  SqlExperimentStore(StoreContext context, Capabilities capabilities, Database database) {
    super(context, capabilities);
    this.database = database;
    this.dialect = database.dialect();
    this.rows = new Rows(dialect);
    this.experimentQueries = new SqlQuery(dialect, Rows.EXPERIMENT_COLUMNS, Map.of("metadata", "metadata"));
    this.runQueries = new SqlQuery(dialect, Rows.RUN_COLUMNS, Map.of("params", "params", "args", "args",
        "env", "env", "extras", "extras", "results", "results"), true);
  }

  // ---- experiments ---------------------------------------------------------------------------

  @Override
  protected void insertExperiment(ExperimentDocument document) {
    database.inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(rows.insertExperiment())) {
        rows.bindExperiment(insert, document);
        insert.executeUpdate();
      } catch (SQLException e) {
        throw duplicateOr(e, document.name());
      }
      return null;
    });
  }

  @Override
  protected Optional<ExperimentDocument> loadExperiment(String id) {
    return database.inTransaction(connection -> one(connection,
        "SELECT " + Rows.EXPERIMENT + " FROM lb_experiment WHERE id = ?", id).map(this::experiment));
  }

  @Override
  protected Optional<ExperimentDocument> loadExperimentByName(String name) {
    return database.inTransaction(connection -> one(connection,
        "SELECT " + Rows.EXPERIMENT + " FROM lb_experiment WHERE name = ?", name).map(this::experiment));
  }

  @Override
  protected boolean replaceExperiment(ExperimentDocument document, long expectedVersion) {
    return database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(rows.updateExperiment())) {
        int next = rows.bindExperimentUpdate(update, document);
        update.setString(next++, document.id());
        update.setLong(next, expectedVersion);
        return update.executeUpdate() == 1;
      } catch (SQLException e) {
        throw duplicateOr(e, document.name());
      }
    });
  }

  @Override
  protected boolean removeExperiment(String id) {
    // Runs, their metric points and every artifact go with it: ON DELETE CASCADE.
    return database.inTransaction(connection -> update(connection,
        "DELETE FROM lb_experiment WHERE id = ?", id) == 1);
  }

  @Override
  protected Page<ExperimentDocument> findExperiments(Query query) {
    List<ExperimentDocument> found = database.inTransaction(connection ->
        select(connection, "lb_experiment", Rows.EXPERIMENT, experimentQueries, null, query))
        .stream().map(this::experiment).toList();
    return dev.labbook.query.QueryEvaluator.page(found.stream(),
        dev.labbook.spi.Views::experiment, query);
  }

  // ---- runs ----------------------------------------------------------------------------------

  @Override
  protected RunDocument insertRun(RunDocument draft) {
    return database.inTransaction(connection -> {
      // The counter row stays locked until commit, so numbers are unique and gap-free across
      // every connection and process; a failed insert rolls the increment back.
      if (update(connection, "UPDATE lb_experiment SET next_run_number = next_run_number + 1 WHERE id = ?",
          draft.experimentId()) == 0) {
        throw new NotFoundException("no experiment with id '" + draft.experimentId() + "'");
      }
      long number;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT next_run_number FROM lb_experiment WHERE id = ?")) {
        select.setString(1, draft.experimentId());
        try (ResultSet row = select.executeQuery()) {
          row.next();
          number = row.getLong(1) - 1;
        }
      }
      RunDocument run = draft.withNumber(number);
      try (PreparedStatement insert = connection.prepareStatement(rows.insertRun())) {
        rows.bindRun(insert, run);
        insert.executeUpdate();
      }
      return run;
    });
  }

  @Override
  protected boolean restoreRun(RunDocument document) {
    try {
      return database.inTransaction(connection -> {
        // New runs are numbered above every restored one; the counter row is locked until
        // commit, as when a run is created.
        try (PreparedStatement counter = connection.prepareStatement("UPDATE lb_experiment SET"
            + " next_run_number = CASE WHEN next_run_number > ? THEN next_run_number ELSE ? END"
            + " WHERE id = ?")) {
          counter.setLong(1, document.number());
          counter.setLong(2, document.number() + 1);
          counter.setString(3, document.experimentId());
          if (counter.executeUpdate() == 0) {
            throw new NotFoundException("no experiment with id '" + document.experimentId() + "'");
          }
        }
        try (PreparedStatement insert = connection.prepareStatement(rows.insertRun())) {
          rows.bindRun(insert, document);
          insert.executeUpdate();
        }
        return true;
      });
    } catch (LabbookException e) {
      if (SqlErrors.UNIQUE_VIOLATION.equals(SqlErrors.state(e))) {
        return false; // that id, or that number in the experiment, is taken; all rolled back
      }
      throw e;
    }
  }

  @Override
  protected Optional<RunDocument> loadRun(String id) {
    return database.inTransaction(connection -> one(connection,
        "SELECT " + Rows.RUN + " FROM lb_run WHERE id = ?", id).map(this::run));
  }

  @Override
  protected boolean replaceRun(RunDocument document, long expectedVersion) {
    return database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(rows.updateRun())) {
        int next = rows.bindRunUpdate(update, document);
        update.setString(next++, document.id());
        update.setLong(next, expectedVersion);
        return update.executeUpdate() == 1;
      }
    });
  }

  @Override
  protected boolean removeRun(String id) {
    return database.inTransaction(connection -> update(connection,
        "DELETE FROM lb_run WHERE id = ?", id) == 1);
  }

  @Override
  protected Page<RunDocument> findRuns(Optional<String> experimentId, Query query) {
    boolean metrics = SqlQuery.readsMetrics(query);
    record Found(List<RunDocument> runs, Map<String, Map<String, MetricPoint>> latest) {}
    Found found = database.inTransaction(connection -> {
      List<RunDocument> runs = select(connection, "lb_run", Rows.RUN, runQueries,
          experimentId.orElse(null), query).stream().map(this::run).toList();
      Map<String, Map<String, MetricPoint>> latest = metrics
          ? Metrics.latest(connection, dialect, runs.stream().map(RunDocument::id).toList())
          : Map.of();
      return new Found(runs, latest);
    });
    return dev.labbook.query.QueryEvaluator.page(found.runs().stream(), run -> dev.labbook.spi.Views.run(
        run, Metrics.values(found.latest().getOrDefault(run.id(), Map.of()))), query);
  }

  // ---- summaries -----------------------------------------------------------------------------

  @Override
  protected Map<String, RunTally> tallyRuns() {
    return database.inTransaction(Summaries::tally);
  }

  @Override
  protected Map<String, Double> bestValues(Map<String, Objective> objectives) {
    Map<String, Objective> left = new HashMap<>();
    Map<String, Double> best = new HashMap<>(database.inTransaction(connection ->
        Summaries.best(connection, dialect, runQueries, this::run, objectives, left)));
    if (!left.isEmpty()) {
      best.putAll(super.bestValues(left)); // outside the transaction: it opens its own
    }
    return best;
  }

  // ---- metrics -------------------------------------------------------------------------------

  @Override
  protected boolean appendMetrics(String runId, List<MetricPoint> points) {
    return database.inTransaction(connection -> Metrics.append(connection, dialect, runId, points));
  }

  @Override
  protected Optional<Stream<MetricPoint>> readMetrics(String runId, String key) {
    // Streamed: the rows are read from a cursor as the caller consumes them, and the connection
    // goes back to the pool when the stream is closed (core's series() and Archives close it;
    // streamSeries() hands it to the user, whose part that is), so a long series is never held.
    return database.streamInTransaction(connection -> {
      if (!exists(connection, "SELECT 1 FROM lb_run WHERE id = ?", runId)) {
        return Optional.empty();
      }
      return Optional.of(Metrics.series(connection, dialect, runId, key));
    });
  }

  @Override
  protected Optional<Map<String, MetricPoint>> loadLatestMetrics(String runId) {
    return database.inTransaction(connection -> {
      if (!exists(connection, "SELECT 1 FROM lb_run WHERE id = ?", runId)) {
        return Optional.empty();
      }
      return Optional.of(Metrics.latest(connection, dialect, List.of(runId)).getOrDefault(runId, Map.of()));
    });
  }

  // ---- artifacts -----------------------------------------------------------------------------

  @Override
  protected boolean writeArtifact(Artifact artifact, byte[] content) {
    return database.inTransaction(connection -> {
      String experimentId = null;
      String runId = null;
      try (PreparedStatement owner = connection.prepareStatement(
          "SELECT experiment_id FROM lb_run WHERE id = ?")) {
        owner.setString(1, artifact.ownerId());
        try (ResultSet row = owner.executeQuery()) {
          if (row.next()) {
            experimentId = row.getString(1);
            runId = artifact.ownerId();
          }
        }
      }
      if (experimentId == null) {
        if (!exists(connection, "SELECT 1 FROM lb_experiment WHERE id = ?", artifact.ownerId())) {
          return false;
        }
        experimentId = artifact.ownerId();
      }
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM lb_artifact WHERE owner_id = ? AND path = ?");
          PreparedStatement insert = connection.prepareStatement("INSERT INTO lb_artifact "
              + "(owner_id, path, experiment_id, run_id, size, sha256, created_ms, content) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        delete.setString(1, artifact.ownerId());
        delete.setString(2, artifact.path());
        delete.executeUpdate();
        insert.setString(1, artifact.ownerId());
        insert.setString(2, artifact.path());
        insert.setString(3, experimentId);
        insert.setString(4, runId);
        insert.setLong(5, artifact.size());
        insert.setString(6, artifact.sha256());
        insert.setLong(7, artifact.created().toEpochMilli());
        insert.setBytes(8, content);
        insert.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (SqlErrors.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())
            || SqlErrors.H2_FOREIGN_KEY_PARENT_MISSING.equals(e.getSQLState())) {
          throw new NotFoundException("the owner " + artifact.ownerId() + " was deleted meanwhile");
        }
        if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          // Another writer put the same path at the same moment: try the whole put again.
          throw new TransientStoreException("another writer stored " + artifact.path() + " at once", e);
        }
        throw e;
      }
    });
  }

  @Override
  protected Optional<InputStream> readArtifactContent(String ownerId, String path) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT content FROM lb_artifact WHERE owner_id = ? AND path = ?")) {
        select.setString(1, ownerId);
        select.setString(2, path);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(new ByteArrayInputStream(row.getBytes(1))) : Optional.empty();
        }
      }
    });
  }

  @Override
  protected List<Artifact> listArtifacts(String ownerId) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT path, size, sha256, created_ms FROM lb_artifact WHERE owner_id = ?")) {
        select.setString(1, ownerId);
        List<Artifact> found = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            found.add(new Artifact(ownerId, row.getString(1), row.getLong(2), row.getString(3),
                Instant.ofEpochMilli(row.getLong(4))));
          }
        }
        return found;
      }
    });
  }

  @Override
  protected boolean removeArtifact(String ownerId, String path) {
    return database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM lb_artifact WHERE owner_id = ? AND path = ?")) {
        delete.setString(1, ownerId);
        delete.setString(2, path);
        return delete.executeUpdate() == 1;
      }
    });
  }

  // ---- owned documents (states, links) -------------------------------------------------------

  @Override
  protected boolean insertOwned(OwnedDocument document) {
    try {
      return database.inTransaction(connection -> OwnedDocuments.insert(connection, document));
    } catch (LabbookException e) {
      String state = SqlErrors.state(e);
      if (SqlErrors.UNIQUE_VIOLATION.equals(state)) {
        return false; // a racing insert of the same key won
      }
      if (SqlErrors.FOREIGN_KEY_VIOLATION.equals(state) || SqlErrors.H2_FOREIGN_KEY_PARENT_MISSING.equals(state)) {
        return true; // the owner was deleted since core looked: nothing to keep, no one to read it
      }
      throw e;
    }
  }

  @Override
  protected Optional<OwnedDocument> loadOwned(String ownerId, String space, String name) {
    return database.inTransaction(connection -> OwnedDocuments.load(connection, ownerId, space, name));
  }

  @Override
  protected boolean replaceOwned(OwnedDocument document, long expectedVersion) {
    return database.inTransaction(connection -> OwnedDocuments.replace(connection, document, expectedVersion));
  }

  @Override
  protected boolean removeOwned(String ownerId, String space, String name) {
    return database.inTransaction(connection -> OwnedDocuments.remove(connection, ownerId, space, name));
  }

  @Override
  protected List<OwnedDocument> listOwned(String ownerId, String space) {
    return database.inTransaction(connection -> OwnedDocuments.list(connection, ownerId, space));
  }

  // ---- shared --------------------------------------------------------------------------------

  /**
   * The rows of a query: exactly its page (limit + 1 rows, in order, after the cursor) when SQL
   * can answer it whole, else the rows its filter narrows to, for the evaluator to finish.
   */
  private List<Object[]> select(Connection connection, String table, String columns, SqlQuery queries,
      String experimentId, Query query) throws SQLException {
    SqlQuery.Joins joins = new SqlQuery.Joins();
    SqlQuery.Sql where = queries.where(query.filter(), joins);
    StringBuilder tail = new StringBuilder(" WHERE ").append(where.text());
    List<Object> params = new ArrayList<>(where.params());
    if (experimentId != null) {
      tail.append(" AND ").append(table).append(".experiment_id = ?");
      params.add(experimentId);
    }
    if (where.exact()) {
      // The page in SQL: columns order as before; document paths and metrics as
      // ranked expressions (see SqlQuery.Key). A cursor SQL cannot place leaves it to Java.
      SqlQuery.Sql after = null;
      String orderBy = null;
      List<Object> orderParams = List.of();
      if (queries.ordersExactly(query.sort())) {
        after = query.after().map(c -> queries.after(c, query.sort())).orElse(SqlQuery.Sql.TRUE_EXACT);
        orderBy = queries.orderBy(query.sort());
      } else {
        List<SqlQuery.Sql> order = queries.rankedOrder(query.sort(), joins);
        if (order != null) {
          after = query.after().map(c -> queries.rankedAfter(c, query.sort(), joins))
              .orElse(SqlQuery.Sql.TRUE_EXACT);
          StringBuilder text = new StringBuilder(" ORDER BY ");
          List<Object> op = new ArrayList<>();
          for (SqlQuery.Sql part : order) {
            text.append(part.text()).append(", ");
            op.addAll(part.params());
          }
          orderBy = text.append(table).append(".id ASC").toString();
          orderParams = op;
        }
      }
      if (after != null && orderBy != null) {
        tail.append(" AND ").append(after.text());
        params.addAll(after.params());
        tail.append(orderBy);
        params.addAll(orderParams);
        if (query.limit().isPresent()) {
          tail.append(" LIMIT ").append((long) query.limit().getAsInt() + 1);
        }
      }
    }
    SqlQuery.Sql join = joins.sql(table);
    List<Object> all = new ArrayList<>(join.params());
    all.addAll(params);
    String sql = "SELECT " + qualified(table, columns) + " FROM " + table + join.text() + tail;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < all.size(); i++) {
        select.setObject(i + 1, all.get(i));
      }
      select.setFetchSize(500);
      List<Object[]> found = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        int width = row.getMetaData().getColumnCount();
        while (row.next()) {
          found.add(Rows.values(row, width));
        }
      }
      rowsRead.addAndGet(found.size());
      return found;
    }
  }

  /** The rows queries have read from the database so far: what tests measure the SQL by. */
  static final java.util.concurrent.atomic.AtomicLong rowsRead = new java.util.concurrent.atomic.AtomicLong();

  /** Columns as {@code table.column}: joined tables must not make a name ambiguous. */
  private static String qualified(String table, String columns) {
    StringBuilder text = new StringBuilder();
    for (String column : columns.split(",")) {
      text.append(text.length() == 0 ? "" : ", ").append(table).append('.').append(column.trim());
    }
    return text.toString();
  }

  private static Optional<Object[]> one(Connection connection, String sql, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(Rows.values(row, row.getMetaData().getColumnCount()))
            : Optional.empty();
      }
    }
  }

  private static int update(Connection connection, String sql, String id) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, id);
      return update.executeUpdate();
    }
  }

  private static boolean exists(Connection connection, String sql, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private ExperimentDocument experiment(Object[] row) {
    return rows.experiment(row);
  }

  private RunDocument run(Object[] row) {
    return rows.run(row);
  }

  private static RuntimeException duplicateOr(SQLException e, String name) {
    if (SqlErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
      return new DuplicateNameException("experiment", name);
    }
    return new SqlFailure(e);
  }

  /** Carries an SQLException out of a unit of work to {@link SqlErrors}. */
  static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.textValue()));
    return values;
  }

  static String tagsText(List<String> tags) {
    return Json.canonical(strings(tags));
  }
}
