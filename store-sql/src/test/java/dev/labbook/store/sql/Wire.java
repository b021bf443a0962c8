package dev.labbook.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The protocol messages the PostgreSQL JDBC driver sends, as it logs them at FINEST: what tests
 * count round trips by (a round trip ends with each Sync message; the driver waits for the
 * server's answer only there).
 */
final class Wire {
  private static final Logger WIRE = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

  private Wire() {}

  /** The messages sent while {@code action} runs, in order. */
  static List<String> capture(Runnable action) {
    List<String> messages = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String text = record.getMessage();
        if (record.getParameters() != null) {
          text = java.text.MessageFormat.format(text, record.getParameters());
        }
        if (text.contains("FE=>")) {
          synchronized (messages) {
            messages.add(text);
          }
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    Level before = WIRE.getLevel();
    WIRE.setLevel(Level.FINEST);
    WIRE.addHandler(handler);
    try {
      action.run();
    } finally {
      WIRE.removeHandler(handler);
      WIRE.setLevel(before);
    }
    return messages;
  }

  /** The round trips among {@code messages}: the Sync messages. */
  static long roundTrips(List<String> messages) {
    return messages.stream().filter(m -> m.contains("FE=> Sync")).count();
  }
}
