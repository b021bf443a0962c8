package dev.labbook.bench;

import java.text.MessageFormat;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * PostgreSQL's protocol messages, counted where the JDBC driver logs each one it sends (at
 * FINEST, as store-sql's MetricBatchRoundTripTest reads them): a round trip ends with each
 * {@code Sync} (the driver waits for the server only there), a statement is an {@code Execute}.
 * The logger is switched on only while counting: it slows the driver.
 */
final class PostgresWireCounter implements WireCounter {
  private static final Logger WIRE = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

  private long syncs;
  private long executes;
  private Level before;
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String text = record.getMessage();
      if (text == null || !text.contains("FE=>")) {
        return;
      }
      if (record.getParameters() != null) {
        text = MessageFormat.format(text, record.getParameters());
      }
      synchronized (PostgresWireCounter.this) {
        if (text.contains("FE=> Sync")) {
          syncs++;
        } else if (text.contains("FE=> Execute")) {
          executes++;
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @Override
  public String[] kinds() {
    return new String[] {"round trips", "statements"};
  }

  @Override
  public synchronized void start() {
    syncs = 0;
    executes = 0;
    handler.setLevel(Level.ALL);
    before = WIRE.getLevel();
    WIRE.setLevel(Level.FINEST);
    WIRE.addHandler(handler);
  }

  @Override
  public synchronized long[] stop() {
    WIRE.removeHandler(handler);
    WIRE.setLevel(before);
    return new long[] {syncs, executes};
  }
}
