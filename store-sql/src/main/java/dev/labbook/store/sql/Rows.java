package dev.labbook.store.sql;

import dev.labbook.RunStatus;
import dev.labbook.spi.ExperimentDocument;
import dev.labbook.spi.RunDocument;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;

/**
 * The columns of experiment and run rows and how documents map to them: every document twice
 * on PostgreSQL ({@code x_text} exact, {@code x} jsonb), once as exact text on H2.
 */
final class Rows {
  static final String EXPERIMENT =
      "id, name, description, tags, metadata_text, created_ms, updated_ms, version";
  static final String RUN = "id, experiment_id, number, status, tags, comment, params_text, "
      + "args_text, env_text, extras_text, results_text, created_ms, started_ms, updated_ms, "
      + "ended_ms, heartbeat_ms, version";

  /** The top-level query fields of experiments and their columns. */
  static final Map<String, SqlQuery.Column> EXPERIMENT_COLUMNS = Map.of(
      "id", new SqlQuery.Column("id", SqlQuery.Kind.STRING),
      "name", new SqlQuery.Column("name", SqlQuery.Kind.STRING),
      "description", new SqlQuery.Column("description", SqlQuery.Kind.STRING),
      "tags", new SqlQuery.Column("tags", SqlQuery.Kind.TAGS),
      "created", new SqlQuery.Column("created_ms", SqlQuery.Kind.NUMBER),
      "updated", new SqlQuery.Column("updated_ms", SqlQuery.Kind.NUMBER));

  /** The top-level query fields of runs and their columns. */
  static final Map<String, SqlQuery.Column> RUN_COLUMNS = Map.ofEntries(
      Map.entry("id", new SqlQuery.Column("id", SqlQuery.Kind.STRING)),
      Map.entry("experimentId", new SqlQuery.Column("experiment_id", SqlQuery.Kind.STRING)),
      Map.entry("number", new SqlQuery.Column("number", SqlQuery.Kind.NUMBER)),
      Map.entry("status", new SqlQuery.Column("status", SqlQuery.Kind.STRING)),
      Map.entry("tags", new SqlQuery.Column("tags", SqlQuery.Kind.TAGS)),
      Map.entry("comment", new SqlQuery.Column("comment", SqlQuery.Kind.STRING)),
      Map.entry("created", new SqlQuery.Column("created_ms", SqlQuery.Kind.NUMBER)),
      Map.entry("started", new SqlQuery.Column("started_ms", SqlQuery.Kind.NUMBER)),
      Map.entry("updated", new SqlQuery.Column("updated_ms", SqlQuery.Kind.NUMBER)),
      Map.entry("ended", new SqlQuery.Column("ended_ms", SqlQuery.Kind.NUMBER)),
      Map.entry("heartbeat", new SqlQuery.Column("heartbeat_ms", SqlQuery.Kind.NUMBER)));

  private static final String[] RUN_DOCUMENTS = {"params", "args", "env", "extras", "results"};

  private final Dialect dialect;
  private final String json;

  Rows(Dialect dialect) {
    this.dialect = dialect;
    this.json = dialect.jsonParam();
  }

  // ---- experiments ---------------------------------------------------------------------------

  String insertExperiment() {
    return dialect.hasJsonb()
        ? "INSERT INTO lb_experiment (name, description, tags, metadata_text, metadata, updated_ms, "
            + "version, id, created_ms) VALUES (?, ?, " + json + ", ?, " + json + ", ?, ?, ?, ?)"
        : "INSERT INTO lb_experiment (name, description, tags, metadata_text, updated_ms, version, "
            + "id, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  }

  String updateExperiment() {
    return "UPDATE lb_experiment SET name = ?, description = ?, tags = " + json + ", metadata_text = ?, "
        + (dialect.hasJsonb() ? "metadata = " + json + ", " : "")
        + "updated_ms = ?, version = ? WHERE id = ? AND version = ?";
  }

  void bindExperiment(PreparedStatement insert, ExperimentDocument e) throws SQLException {
    int next = bindExperimentUpdate(insert, e);
    insert.setString(next++, e.id());
    insert.setLong(next, e.created().toEpochMilli());
  }

  /** Binds the changeable columns in the order both statements list them; the next index. */
  int bindExperimentUpdate(PreparedStatement statement, ExperimentDocument e) throws SQLException {
    int i = 1;
    statement.setString(i++, e.name());
    statement.setString(i++, e.description());
    statement.setString(i++, SqlExperimentStore.tagsText(e.tags()));
    String metadata = ExactJson.write(e.metadata());
    statement.setString(i++, metadata);
    if (dialect.hasJsonb()) {
      statement.setString(i++, metadata);
    }
    statement.setLong(i++, e.updated().toEpochMilli());
    statement.setLong(i++, e.version());
    return i;
  }

  ExperimentDocument experiment(Object[] row) {
    return new ExperimentDocument((String) row[0], (String) row[1], (String) row[2],
        SqlExperimentStore.strings(ExactJson.read((String) row[3])),
        ExactJson.readObject((String) row[4]), instant(row[5]), instant(row[6]), ((Number) row[7]).longValue());
  }

  // ---- runs ----------------------------------------------------------------------------------

  String insertRun() {
    StringBuilder columns = new StringBuilder("status, tags, comment");
    StringBuilder values = new StringBuilder("?, " + json + ", ?");
    for (String document : RUN_DOCUMENTS) {
      columns.append(", ").append(document).append("_text");
      values.append(", ?");
      if (dialect.hasJsonb()) {
        columns.append(", ").append(document);
        values.append(", ").append(json);
      }
    }
    columns.append(", started_ms, updated_ms, ended_ms, heartbeat_ms, version, id, experiment_id, "
        + "number, created_ms");
    values.append(", ?, ?, ?, ?, ?, ?, ?, ?, ?");
    return "INSERT INTO lb_run (" + columns + ") VALUES (" + values + ")";
  }

  String updateRun() {
    StringBuilder set = new StringBuilder("status = ?, tags = " + json + ", comment = ?");
    for (String document : RUN_DOCUMENTS) {
      set.append(", ").append(document).append("_text = ?");
      if (dialect.hasJsonb()) {
        set.append(", ").append(document).append(" = ").append(json);
      }
    }
    set.append(", started_ms = ?, updated_ms = ?, ended_ms = ?, heartbeat_ms = ?, version = ?");
    return "UPDATE lb_run SET " + set + " WHERE id = ? AND version = ?";
  }

  void bindRun(PreparedStatement insert, RunDocument r) throws SQLException {
    int i = bindRunUpdate(insert, r);
    insert.setString(i++, r.id());
    insert.setString(i++, r.experimentId());
    insert.setLong(i++, r.number());
    insert.setLong(i, r.created().toEpochMilli());
  }

  int bindRunUpdate(PreparedStatement statement, RunDocument r) throws SQLException {
    int i = 1;
    statement.setString(i++, r.status().name());
    statement.setString(i++, SqlExperimentStore.tagsText(r.tags()));
    statement.setString(i++, r.comment());
    for (var document : new com.fasterxml.jackson.databind.JsonNode[] {
        r.params(), r.args(), r.env(), r.extras(), r.results()}) {
      String text = ExactJson.write(document);
      statement.setString(i++, text);
      if (dialect.hasJsonb()) {
        statement.setString(i++, text);
      }
    }
    setTime(statement, i++, r.started());
    setTime(statement, i++, r.updated());
    setTime(statement, i++, r.ended());
    setTime(statement, i++, r.heartbeat());
    statement.setLong(i++, r.version());
    return i;
  }

  RunDocument run(Object[] row) {
    return new RunDocument((String) row[0], (String) row[1], ((Number) row[2]).longValue(),
        RunStatus.valueOf((String) row[3]), SqlExperimentStore.strings(ExactJson.read((String) row[4])),
        (String) row[5], ExactJson.readObject((String) row[6]), ExactJson.readObject((String) row[7]),
        ExactJson.readObject((String) row[8]), ExactJson.readObject((String) row[9]),
        ExactJson.readObject((String) row[10]), instant(row[11]), instant(row[12]), instant(row[13]),
        instant(row[14]), instant(row[15]), ((Number) row[16]).longValue());
  }

  // ---- plumbing ------------------------------------------------------------------------------

  /** A row's values: numbers as numbers, everything else (text, CLOB, jsonb) as a String. */
  static Object[] values(ResultSet row, int width) throws SQLException {
    Object[] values = new Object[width];
    for (int i = 0; i < width; i++) {
      Object value = row.getObject(i + 1);
      values[i] = value == null || value instanceof Number ? value : row.getString(i + 1);
    }
    return values;
  }

  private static Instant instant(Object millis) {
    return millis == null ? null : Instant.ofEpochMilli(((Number) millis).longValue());
  }

  private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
    if (time == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, time.toEpochMilli());
    }
  }
}
