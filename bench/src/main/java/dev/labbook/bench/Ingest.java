package dev.labbook.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import dev.labbook.Labbook;
import dev.labbook.MetricPoint;
import dev.labbook.spi.StoreSettings;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * W2: points logged into one run in batches, through Labbook and, in the same run, through the
 * raw driver doing the same work on the same data: a JDBC batch insert (and PostgreSQL's COPY)
 * into a table of {@code lb_metric}'s columns and indexes, an {@code insertMany} of the
 * documents the MongoDB store writes, appends of the JSON lines the JSON store writes. Each
 * baseline commits (or forces to disk) every batch, as the store does. The Labbook run is then
 * read back by {@link StreamingRead}.
 */
final class Ingest {
  static final String KEY = Trials.METRIC;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Servers servers;
  private final Sizes sizes;
  private final Results results;

  Ingest(Servers servers, Sizes sizes, Results results) {
    this.servers = servers;
    this.sizes = sizes;
    this.results = results;
  }

  /** The store and run that hold the ingested series. */
  record Ingested(StoreSettings settings, String runId, long points) {}

  Ingested run(Backend backend) throws Exception {
    StoreSettings settings = servers.fresh(backend);
    String runId;
    String rawRunId; // a second run, for raw inserts into the store's own table
    double labbook;
    long written;
    double lastRate;
    int lastCount;
    try (Labbook lab = Labbook.builder().settings(settings).open()) {
      String experiment = lab.experiments().create("ingest").id();
      runId = lab.experiments().createRun(experiment).id();
      rawRunId = lab.experiments().createRun(experiment).id();
      // A store whose batches get slower as the series grows would not finish: the ingest stops
      // at its time budget, and the rate over the last batches shows the slowing.
      long start = System.nanoTime();
      long deadline = start + sizes.ingestSeconds() * 1_000_000_000L;
      int lastBatches = Math.max(1, sizes.ingestPoints() / sizes.ingestBatch() / 10);
      long[] batchEnds = new long[sizes.ingestPoints() / sizes.ingestBatch() + 1];
      batchEnds[0] = start;
      int batches = 0;
      while (batches * sizes.ingestBatch() < sizes.ingestPoints() && System.nanoTime() < deadline) {
        lab.experiments().log(runId, batch(batches * sizes.ingestBatch()));
        batchEnds[++batches] = System.nanoTime();
      }
      written = (long) batches * sizes.ingestBatch();
      labbook = written / ((batchEnds[batches] - start) / 1e9);
      int from = Math.max(0, batches - lastBatches);
      lastRate = (double) (batches - from) * sizes.ingestBatch() / ((batchEnds[batches] - batchEnds[from]) / 1e9);
      lastCount = batches - from;
    }
    results.add("W2", Measures.POINTS_PER_S, backend, labbook, "points/s", written == sizes.ingestPoints()
        ? sizes.ingestPoints() + " points, " + sizes.ingestBatch() + " per log call"
        : "STOPPED at its budget of " + sizes.ingestSeconds() + " s after " + written + " of "
            + sizes.ingestPoints() + " points; the batches slow down as the series grows");
    results.add("W2", Measures.LAST_BATCHES_POINTS_PER_S, backend, lastRate, "points/s",
        "the last " + lastCount + " batches");
    switch (backend) {
      case POSTGRESQL -> {
        double own = postgresOwnTable(settings.option("schema").orElseThrow(), rawRunId);
        results.add("W2", Measures.OWN_TABLE_POINTS_PER_S, backend, own, "points/s",
            "the same JDBC batches into the store's own lb_metric (foreign key, latest-value trigger),"
                + " after Labbook's points");
        double jdbc = postgresJdbc();
        double copy = postgresCopy();
        results.add("W2", Measures.JDBC_POINTS_PER_S, backend, jdbc, "points/s",
            "reWriteBatchedInserts=true, a commit per batch");
        results.add("W2", Measures.COPY_POINTS_PER_S, backend, copy, "points/s",
            "CopyManager.copyIn per batch, a commit per batch");
        results.add("W2", Measures.VS_JDBC, backend, labbook / jdbc, "ratio", "");
        results.add("W2", Measures.VS_COPY, backend, labbook / copy, "ratio", "");
      }
      case H2 -> {
        double jdbc = h2Jdbc();
        results.add("W2", Measures.JDBC_POINTS_PER_S, backend, jdbc, "points/s", "a commit per batch");
        results.add("W2", Measures.VS_JDBC, backend, labbook / jdbc, "ratio", "");
      }
      case MONGODB -> {
        double raw = mongoInsertMany();
        results.add("W2", Measures.INSERT_MANY_POINTS_PER_S, backend, raw, "points/s",
            "insertMany(ordered=false) per batch into a collection with the store's index");
        results.add("W2", Measures.VS_RAW, backend, labbook / raw, "ratio", "");
      }
      case JSON -> {
        double raw = jsonAppend();
        results.add("W2", Measures.APPEND_POINTS_PER_S, backend, raw, "points/s",
            "buffered appends of one JSON line per batch, forced to disk per batch (the store's fsync=true)");
        results.add("W2", Measures.VS_RAW, backend, labbook / raw, "ratio", "");
      }
    }
    return new Ingested(settings, runId, written);
  }

  private List<MetricPoint> batch(int from) {
    Instant now = Instant.ofEpochMilli(System.currentTimeMillis());
    List<MetricPoint> points = new ArrayList<>(sizes.ingestBatch());
    for (int step = from; step < from + sizes.ingestBatch(); step++) {
      points.add(new MetricPoint(KEY, step, null, 1.0 / (step + 1), now));
    }
    return points;
  }

  private double postgresJdbc() throws Exception {
    String schema = "raw_jdbc_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    try (Connection c = servers.postgres(null)) {
      createPostgresTable(c, schema);
      c.setSchema(schema);
      return jdbcBatches(c, false, "run-1");
    }
  }

  /** Raw JDBC batches into the store's own table: what the schema costs, without Labbook's code. */
  private double postgresOwnTable(String schema, String runId) throws Exception {
    try (Connection c = servers.postgres(schema)) {
      return jdbcBatches(c, false, runId);
    }
  }

  private double postgresCopy() throws Exception {
    String schema = "raw_copy_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    try (Connection c = servers.postgres(null)) {
      createPostgresTable(c, schema);
      c.setAutoCommit(false);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      String sql = "COPY " + schema + ".lb_metric (run_id, metric_key, step, progress, metric_value, "
          + "logged_ms) FROM STDIN";
      long start = System.nanoTime();
      for (int from = 0; from < sizes.ingestPoints(); from += sizes.ingestBatch()) {
        StringBuilder text = new StringBuilder(sizes.ingestBatch() * 48);
        for (MetricPoint p : batch(from)) {
          text.append("run-1\t").append(p.key()).append('\t').append(p.step()).append("\t\\N\t")
              .append(p.value()).append('\t').append(p.timestamp().toEpochMilli()).append('\n');
        }
        copy.copyIn(sql, new StringReader(text.toString()));
        c.commit();
      }
      return sizes.ingestPoints() / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** A table of lb_metric's columns, key and series index, without the store's foreign key and trigger. */
  private static void createPostgresTable(Connection c, String schema) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("CREATE TABLE " + schema + ".lb_metric (seq bigint GENERATED BY DEFAULT AS IDENTITY, "
          + "run_id varchar(255) COLLATE \"C\" NOT NULL, metric_key text COLLATE \"C\" NOT NULL, "
          + "step bigint NOT NULL, progress double precision, metric_value double precision NOT NULL, "
          + "logged_ms bigint NOT NULL, CONSTRAINT lb_metric_pk PRIMARY KEY (seq))");
      s.execute("CREATE INDEX lb_metric_series ON " + schema + ".lb_metric (run_id, metric_key, step, seq)");
    }
  }

  private double h2Jdbc() throws Exception {
    try (Connection c = servers.h2("raw_h2_" + System.nanoTime())) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE lb_metric (seq BIGINT GENERATED BY DEFAULT AS IDENTITY, "
            + "run_id VARCHAR(255) NOT NULL, metric_key VARCHAR(255) NOT NULL, step BIGINT NOT NULL, "
            + "progress DOUBLE PRECISION, metric_value DOUBLE PRECISION NOT NULL, value_bits BIGINT NOT NULL, "
            + "progress_bits BIGINT, logged_ms BIGINT NOT NULL, CONSTRAINT lb_metric_pk PRIMARY KEY (seq))");
        s.execute("CREATE INDEX lb_metric_series ON lb_metric (run_id, metric_key, step, seq)");
      }
      return jdbcBatches(c, true, "run-1");
    }
  }

  private double jdbcBatches(Connection c, boolean bits, String runId) throws Exception {
    c.setAutoCommit(false);
    String sql = bits
        ? "INSERT INTO lb_metric (run_id, metric_key, step, progress, metric_value, logged_ms, "
            + "value_bits, progress_bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO lb_metric (run_id, metric_key, step, progress, metric_value, logged_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?)";
    long start = System.nanoTime();
    try (PreparedStatement insert = c.prepareStatement(sql)) {
      for (int from = 0; from < sizes.ingestPoints(); from += sizes.ingestBatch()) {
        for (MetricPoint p : batch(from)) {
          insert.setString(1, runId);
          insert.setString(2, p.key());
          insert.setLong(3, p.step());
          insert.setNull(4, Types.DOUBLE);
          insert.setDouble(5, p.value());
          insert.setLong(6, p.timestamp().toEpochMilli());
          if (bits) {
            insert.setLong(7, Double.doubleToRawLongBits(p.value()));
            insert.setNull(8, Types.BIGINT);
          }
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
      }
    }
    return sizes.ingestPoints() / ((System.nanoTime() - start) / 1e9);
  }

  private double mongoInsertMany() {
    String database = "raw_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    try (MongoClient client = MongoClients.create(servers.mongoUri())) {
      MongoCollection<BsonDocument> metrics = client.getDatabase(database).getCollection("metrics", BsonDocument.class);
      metrics.createIndex(Indexes.ascending("run", "key", "step", "seq"));
      long seq = 0;
      long start = System.nanoTime();
      for (int from = 0; from < sizes.ingestPoints(); from += sizes.ingestBatch()) {
        List<BsonDocument> rows = new ArrayList<>(sizes.ingestBatch());
        for (MetricPoint p : batch(from)) {
          BsonDocument row = new BsonDocument("run", new BsonString("run-1"));
          row.put("key", new BsonString(p.key()));
          row.put("step", new BsonInt64(p.step()));
          row.put("seq", new BsonInt64(seq++));
          row.put("progress", org.bson.BsonNull.VALUE);
          row.put("value", new BsonDouble(p.value()));
          row.put("time", new BsonInt64(p.timestamp().toEpochMilli()));
          rows.add(row);
        }
        metrics.insertMany(rows, new InsertManyOptions().ordered(false));
      }
      double rate = sizes.ingestPoints() / ((System.nanoTime() - start) / 1e9);
      client.getDatabase(database).drop();
      return rate;
    }
  }

  private double jsonAppend() throws Exception {
    Path file = servers.scratch().resolve("raw-" + System.nanoTime() + ".jsonl");
    long start = System.nanoTime();
    try (FileOutputStream channel = new FileOutputStream(file.toFile(), true);
        BufferedOutputStream out = new BufferedOutputStream(channel, 1 << 16)) {
      for (int from = 0; from < sizes.ingestPoints(); from += sizes.ingestBatch()) {
        ArrayNode line = JSON.createArrayNode();
        for (MetricPoint p : batch(from)) {
          ObjectNode o = line.addObject();
          o.put("step", p.step());
          o.put("value", p.value());
          o.put("time", p.timestamp().toString());
        }
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
        out.flush();
        channel.getChannel().force(false);
      }
    }
    double rate = sizes.ingestPoints() / ((System.nanoTime() - start) / 1e9);
    Files.delete(file);
    return rate;
  }
}
