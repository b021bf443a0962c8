package dev.labbook.store.sql;

import dev.labbook.LabbookException;
import dev.labbook.MetricPoint;
import dev.labbook.spi.TransientStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Metric points in the narrow {@code lb_metric} table: batched appends, series, latest values. */
final class Metrics {
  /** Run ids per latest-values statement: well under every database's parameter limit. */
  private static final int IDS_PER_STATEMENT = 500;

  private Metrics() {}

  /**
   * Appends points as one JDBC batch: with PostgreSQL's {@code reWriteBatchedInserts} the
   * driver sends it as multi-row INSERTs in one round trip. The run's existence is the foreign
   * key's to check, so nothing else is sent.
   *
   * @return false (and nothing stored) if the run does not exist
   */
  static boolean append(Connection connection, Dialect dialect, String runId, List<MetricPoint> points)
      throws SQLException {
    boolean bits = dialect == Dialect.H2;
    if (points.isEmpty()) {
      try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM lb_run WHERE id = ?")) {
        select.setString(1, runId);
        try (ResultSet row = select.executeQuery()) {
          return row.next();
        }
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(bits
        ? "INSERT INTO lb_metric (run_id, metric_key, step, progress, metric_value, logged_ms, "
            + "value_bits, progress_bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO lb_metric (run_id, metric_key, step, progress, metric_value, logged_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?)")) {
      for (MetricPoint point : points) {
        insert.setString(1, runId);
        insert.setString(2, point.key());
        insert.setLong(3, point.step());
        if (point.progress() == null) {
          insert.setNull(4, Types.DOUBLE);
        } else {
          insert.setDouble(4, point.progress());
        }
        insert.setDouble(5, point.value());
        insert.setLong(6, point.timestamp().toEpochMilli());
        if (bits) {
          insert.setLong(7, Double.doubleToRawLongBits(point.value()));
          if (point.progress() == null) {
            insert.setNull(8, Types.BIGINT);
          } else {
            insert.setLong(8, Double.doubleToRawLongBits(point.progress()));
          }
        }
        insert.addBatch();
      }
      insert.executeBatch();
      if (bits) {
        trackLatest(connection, runId, points);
      }
      return true;
    } catch (SQLException e) {
      if (isForeignKeyViolation(e)) {
        return false; // the run is missing; the transaction rolls back
      }
      throw e;
    }
  }

  /**
   * H2: brings {@code lb_latest} up to date for the batch's keys in the batch's transaction
   * (PostgreSQL does it in a trigger). Each key's latest point is read back from the series
   * index, and replaces the stored one only if it is further in (step, seq), so batches
   * committing in any order leave the highest step, the last appended among equals.
   */
  private static void trackLatest(Connection connection, String runId, List<MetricPoint> points)
      throws SQLException {
    try (PreparedStatement merge = connection.prepareStatement("MERGE INTO lb_latest l USING ("
        + "SELECT run_id, metric_key, step, seq, "
        + "CASE WHEN BITAND(value_bits, 9223372036854775807) > 9218868437227405312 THEN 0 "
        + "WHEN value_bits = -4503599627370496 THEN 1 WHEN value_bits = 9218868437227405312 THEN 3 "
        + "ELSE 2 END AS value_class, "
        + "CASE WHEN BITAND(value_bits, 9218868437227405312) = 9218868437227405312 THEN 0 "
        + "ELSE metric_value END AS finite_value "
        + "FROM lb_metric WHERE run_id = ? AND metric_key = ? ORDER BY step DESC, seq DESC LIMIT 1) s "
        + "ON l.run_id = s.run_id AND l.metric_key = s.metric_key "
        + "WHEN MATCHED AND (s.step > l.step OR s.step = l.step AND s.seq > l.seq) THEN UPDATE SET "
        + "step = s.step, seq = s.seq, value_class = s.value_class, finite_value = s.finite_value "
        + "WHEN NOT MATCHED THEN INSERT (run_id, metric_key, step, seq, value_class, finite_value) "
        + "VALUES (s.run_id, s.metric_key, s.step, s.seq, s.value_class, s.finite_value)")) {
      for (String key : new java.util.TreeSet<>(points.stream().map(MetricPoint::key).toList())) {
        merge.setString(1, runId);
        merge.setString(2, key);
        merge.addBatch();
      }
      merge.executeBatch();
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        // Two batches gave a key its first latest row at once: the one that committed second
        // could not see the other's row. The whole batch rolls back and core runs it again,
        // which then sees that row and updates it if its point is further.
        throw new TransientStoreException("two batches recorded the first latest point of a"
            + " metric of run " + runId + " at once; nothing was stored", e);
      }
      throw e;
    }
  }

  /** Whether the failure, or one of a batch's chained failures, is a unique violation. */
  private static boolean isUniqueViolation(SQLException e) {
    for (Throwable t : e) {
      if (t instanceof SQLException sql && SqlErrors.UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Rows a series read fetches per round trip: about 100 KB of points at a time. */
  private static final int SERIES_FETCH_SIZE = 1000;

  /**
   * The series of one key by step, then append order, read lazily: PostgreSQL's driver fetches
   * {@value #SERIES_FETCH_SIZE} rows at a time through a cursor (it does so only outside
   * autocommit, which the caller's open transaction provides), and H2 pages a large result to
   * disk. Closing the stream closes the statement; the connection stays the caller's.
   */
  static Stream<MetricPoint> series(Connection connection, Dialect dialect, String runId, String key)
      throws SQLException {
    PreparedStatement select = connection.prepareStatement("SELECT metric_key, step, "
        + progress(dialect) + ", " + value(dialect) + ", logged_ms FROM lb_metric "
        + "WHERE run_id = ? AND metric_key = ? ORDER BY step, seq");
    try {
      select.setString(1, runId);
      select.setString(2, key);
      select.setFetchSize(SERIES_FETCH_SIZE);
      ResultSet rows = select.executeQuery();
      Iterator<MetricPoint> points = new Iterator<>() {
        private Boolean ahead;

        @Override
        public boolean hasNext() {
          if (ahead == null) {
            try {
              ahead = rows.next();
            } catch (SQLException e) {
              throw new LabbookException("the SQL store failed reading series " + key + " of run "
                  + runId + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
            }
          }
          return ahead;
        }

        @Override
        public MetricPoint next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ahead = null;
          try {
            return point(rows, 1, dialect);
          } catch (SQLException e) {
            throw new LabbookException("the SQL store failed reading series " + key + " of run "
                + runId + " (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
          }
        }
      };
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(points,
          Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(() -> {
            try {
              select.close(); // closes its result set too
            } catch (SQLException e) {
              throw new LabbookException("the SQL store failed closing a series read: " + e.getMessage(), e);
            }
          });
    } catch (SQLException | RuntimeException e) {
      select.close();
      throw e;
    }
  }

  /** The latest point per key of each run: the highest step, the last appended among equals. */
  static Map<String, Map<String, MetricPoint>> latest(Connection connection, Dialect dialect,
      List<String> runIds) throws SQLException {
    Map<String, Map<String, MetricPoint>> latest = new HashMap<>();
    for (int from = 0; from < runIds.size(); from += IDS_PER_STATEMENT) {
      List<String> ids = runIds.subList(from, Math.min(runIds.size(), from + IDS_PER_STATEMENT));
      String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
      try (PreparedStatement select = connection.prepareStatement("SELECT run_id, metric_key, step, "
          + progress(dialect) + ", " + value(dialect) + ", logged_ms FROM (SELECT m.*, ROW_NUMBER() OVER (PARTITION BY "
          + "run_id, metric_key ORDER BY step DESC, seq DESC) AS place FROM lb_metric m "
          + "WHERE run_id IN (" + marks + ")) ranked WHERE place = 1")) {
        for (int i = 0; i < ids.size(); i++) {
          select.setString(i + 1, ids.get(i));
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            String runId = row.getString(1);
            MetricPoint point = point(row, 2, dialect);
            latest.computeIfAbsent(runId, k -> new LinkedHashMap<>()).put(point.key(), point);
          }
        }
      }
    }
    return latest;
  }

  /** The values of latest points, as query views want them. */
  static Map<String, Double> values(Map<String, MetricPoint> latest) {
    Map<String, Double> values = new LinkedHashMap<>();
    latest.forEach((key, point) -> values.put(key, point.value()));
    return values;
  }

  private static String progress(Dialect dialect) {
    return dialect == Dialect.H2 ? "progress_bits" : "progress";
  }

  private static String value(Dialect dialect) {
    return dialect == Dialect.H2 ? "value_bits" : "metric_value";
  }

  /** A point from key, step, progress, value, time at {@code first}, as {@link #value} reads. */
  private static MetricPoint point(ResultSet row, int first, Dialect dialect) throws SQLException {
    boolean bits = dialect == Dialect.H2;
    Double progress;
    double value;
    if (bits) {
      long p = row.getLong(first + 2);
      progress = row.wasNull() ? null : Double.longBitsToDouble(p);
      value = Double.longBitsToDouble(row.getLong(first + 3));
    } else {
      double p = row.getDouble(first + 2);
      progress = row.wasNull() ? null : p;
      value = row.getDouble(first + 3);
    }
    return new MetricPoint(row.getString(first), row.getLong(first + 1), progress, value,
        Instant.ofEpochMilli(row.getLong(first + 4)));
  }

  private static boolean isForeignKeyViolation(SQLException e) {
    for (SQLException next = e; next != null; next = next.getNextException()) {
      if (SqlErrors.FOREIGN_KEY_VIOLATION.equals(next.getSQLState())
          || SqlErrors.H2_FOREIGN_KEY_PARENT_MISSING.equals(next.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
