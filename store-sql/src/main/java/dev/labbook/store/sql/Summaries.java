package dev.labbook.store.sql;

import dev.labbook.Objective;
import dev.labbook.RunStatus;
import dev.labbook.query.Query;
import dev.labbook.spi.RunDocument;
import dev.labbook.spi.RunTally;
import dev.labbook.spi.Views;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The aggregates behind experiment summaries, answered by the database: run counts and
 * activity times in one {@code GROUP BY}, and the best run of every experiment sharing an
 * objective in one window query, so that their cost does not grow with the number of
 * experiments' statements.
 */
final class Summaries {
  /** Experiment ids per window query, well below every driver's parameter limit. */
  private static final int IDS_PER_STATEMENT = 1000;

  private Summaries() {}

  /** Every experiment's run counts by status, first created and last updated time. */
  static Map<String, RunTally> tally(Connection connection) throws SQLException {
    record Group(Map<RunStatus, Long> counts, long[] times) {}
    Map<String, Group> groups = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT experiment_id, status, COUNT(*),"
        + " MIN(created_ms), MAX(updated_ms) FROM lb_run GROUP BY experiment_id, status");
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        Group group = groups.computeIfAbsent(row.getString(1), id ->
            new Group(new EnumMap<>(RunStatus.class), new long[] {Long.MAX_VALUE, Long.MIN_VALUE}));
        group.counts().put(RunStatus.valueOf(row.getString(2)), row.getLong(3));
        group.times()[0] = Math.min(group.times()[0], row.getLong(4));
        group.times()[1] = Math.max(group.times()[1], row.getLong(5));
      }
    }
    Map<String, RunTally> tallies = new HashMap<>();
    groups.forEach((id, group) -> tallies.put(id, new RunTally(group.counts(),
        Instant.ofEpochMilli(group.times()[0]), Instant.ofEpochMilli(group.times()[1]))));
    return tallies;
  }

  /**
   * The best value of each experiment's objective: per distinct objective, one query that
   * ranks the completed runs of all its experiments ({@code ROW_NUMBER() OVER (PARTITION BY
   * experiment_id ORDER BY …)}, the order the query translation gives {@link
   * Objective#bestRunQuery()}) and keeps each experiment's first; then the latest metrics of
   * those runs in one more query. Experiments whose objective SQL cannot rank exactly are put
   * in {@code left}, for the caller to rank another way.
   */
  static Map<String, Double> best(Connection connection, Dialect dialect, SqlQuery queries,
      Function<Object[], RunDocument> runs, Map<String, Objective> objectives, Map<String, Objective> left)
      throws SQLException {
    Map<Objective, List<String>> byObjective = new LinkedHashMap<>();
    objectives.forEach((id, objective) -> byObjective.computeIfAbsent(objective, o -> new ArrayList<>()).add(id));
    Map<String, Double> best = new HashMap<>();
    for (Map.Entry<Objective, List<String>> entry : byObjective.entrySet()) {
      Objective objective = entry.getKey();
      List<String> ids = entry.getValue();
      Query query = objective.bestRunQuery();
      SqlQuery.Joins joins = new SqlQuery.Joins();
      SqlQuery.Sql where = queries.where(query.filter(), joins);
      List<SqlQuery.Sql> order = where.exact() ? queries.rankedOrder(query.sort(), joins) : null;
      if (order == null) {
        ids.forEach(id -> left.put(id, objective));
        continue;
      }
      List<RunDocument> winners = new ArrayList<>();
      for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
        winners.addAll(winners(connection, runs, ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)),
            where, order, joins));
      }
      Map<String, Map<String, dev.labbook.MetricPoint>> latest = objective.field().startsWith("metrics.")
          ? Metrics.latest(connection, dialect, winners.stream().map(RunDocument::id).toList()) : Map.of();
      for (RunDocument run : winners) {
        objective.valueIn(Views.run(run, Metrics.values(latest.getOrDefault(run.id(), Map.of()))))
            .ifPresent(value -> best.put(run.experimentId(), value));
      }
    }
    return best;
  }

  private static List<RunDocument> winners(Connection connection, Function<Object[], RunDocument> runs,
      List<String> ids, SqlQuery.Sql where, List<SqlQuery.Sql> order, SqlQuery.Joins joins) throws SQLException {
    StringBuilder ranking = new StringBuilder();
    List<Object> params = new ArrayList<>(joins.sql("lb_run").params());
    List<Object> orderParams = new ArrayList<>();
    for (SqlQuery.Sql part : order) {
      ranking.append(part.text()).append(", ");
      orderParams.addAll(part.params());
    }
    // Parameters in text order: the window's ORDER BY, then the joins, then the WHERE clause.
    List<Object> all = new ArrayList<>(orderParams);
    all.addAll(params);
    all.addAll(where.params());
    all.addAll(ids);
    String sql = "SELECT " + columns("best") + " FROM (SELECT lb_run.*, ROW_NUMBER() OVER (PARTITION BY"
        + " lb_run.experiment_id ORDER BY " + ranking + "lb_run.id ASC) AS lb_best FROM lb_run"
        + joins.sql("lb_run").text() + " WHERE " + where.text() + " AND lb_run.experiment_id IN ("
        + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")) best WHERE best.lb_best = 1";
    List<RunDocument> found = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < all.size(); i++) {
        select.setObject(i + 1, all.get(i));
      }
      try (ResultSet row = select.executeQuery()) {
        int width = row.getMetaData().getColumnCount();
        while (row.next()) {
          found.add(runs.apply(Rows.values(row, width)));
        }
      }
    }
    return found;
  }

  private static String columns(String table) {
    StringBuilder text = new StringBuilder();
    for (String column : Rows.RUN.split(",")) {
      text.append(text.length() == 0 ? "" : ", ").append(table).append('.').append(column.trim());
    }
    return text.toString();
  }
}
