package dev.labbook.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Statements H2 executed, from its own statistics ({@code SET QUERY_STATISTICS TRUE}, then
 * {@code INFORMATION_SCHEMA.QUERY_STATISTICS}), read on a side connection to the same
 * database. H2 runs in the store's process: there are no round trips, so statements are what
 * an operation costs. H2 counts a commit as a statement, and each row of a JDBC batch as one.
 */
final class H2StatementCounter implements WireCounter {
  private final Connection side;
  private long before;
  private long readings;

  H2StatementCounter(Connection side) throws SQLException {
    this.side = side;
    try (Statement s = side.createStatement()) {
      s.execute("SET QUERY_STATISTICS_MAX_ENTRIES 100000");
      s.execute("SET QUERY_STATISTICS TRUE");
    }
  }

  @Override
  public String[] kinds() {
    return new String[] {"statements"};
  }

  @Override
  public void start() throws SQLException {
    before = executed();
  }

  @Override
  public long[] stop() throws SQLException {
    return new long[] {executed() - before};
  }

  private long executed() throws SQLException {
    // A new text each time: H2 hands a session the cached result of a query it ran before when
    // the tables it read have not changed, and its statistics tables never do. The readings
    // themselves are left out.
    try (Statement s = side.createStatement();
        ResultSet r = s.executeQuery("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) + 0 * " + (++readings)
            + " FROM INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT NOT LIKE '%QUERY_STATISTICS%'")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    try (Statement s = side.createStatement()) {
      s.execute("SET QUERY_STATISTICS FALSE");
    }
    side.close();
  }
}
