package dev.labbook.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records everything a logger (and its children) logs during each test, at every level.
 * Labbook logs through {@link System.Logger}, whose default backend is java.util.logging.
 * Register with {@code @RegisterExtension final LogCapture logs = new LogCapture("dev.labbook");}.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  /** Held strongly: java.util.logging keeps loggers only weakly, and would forget the level. */
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private Level previousLevel;

  public LogCapture(String loggerName) {
    this.logger = Logger.getLogger(loggerName);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    records.clear();
    previousLevel = logger.getLevel();
    logger.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.removeHandler(handler);
    logger.setLevel(previousLevel);
  }

  /** The records logged so far in this test. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Everything logged so far, formatted as a console handler would, stack traces included. */
  public String text() {
    SimpleFormatter formatter = new SimpleFormatter();
    StringBuilder out = new StringBuilder();
    for (LogRecord record : records) {
      out.append(formatter.format(record)).append('\n');
    }
    return out.toString();
  }
}
