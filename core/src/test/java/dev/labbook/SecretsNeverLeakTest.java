package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.labbook.spi.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A password given in any form never shows in toString, log output or exception messages. */
class SecretsNeverLeakTest {
  private static final String URI_PASSWORD = "Tr0ub4dor&3-uri-secret";
  private static final String OPTION_PASSWORD = "correct-horse-option-secret";

  private final List<String> logged = new ArrayList<>();
  private final Logger root = Logger.getLogger("dev.labbook");
  private Level previousLevel;
  private final Handler capture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      logged.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLogs() {
    previousLevel = root.getLevel();
    root.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
  }

  @AfterEach
  void restoreLogs() {
    root.removeHandler(capture);
    root.setLevel(previousLevel);
  }

  @Test
  void anUnreachableStoreFailsNamingTheRedactedUriAndTheCauseWithoutThePassword() {
    String uri = "unreachable://bob:" + URI_PASSWORD + "@db.example:5432/lab?sslmode=require";
    StoreUnavailableException failure = catchThrowableOfType(StoreUnavailableException.class,
        () -> Labbook.builder().store(uri).option("password", OPTION_PASSWORD).open());

    assertThat(failure.getMessage()).contains("unreachable://bob:***@db.example:5432/lab")
        .contains("driver gave up");
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).contains("Connection refused").contains("ConnectException")
        .doesNotContain(URI_PASSWORD).doesNotContain(OPTION_PASSWORD);
    assertThat(String.join("\n", logged)).doesNotContain(URI_PASSWORD).doesNotContain(OPTION_PASSWORD);
  }

  @Test
  void settingsAndTheOpenStoreNeverPrintThePassword() {
    try (Labbook lab = Labbook.builder()
        .settings(StoreSettings.of("mem:", Map.of("password", OPTION_PASSWORD, "user", "bob"))).open()) {
      assertThat(lab.toString()).doesNotContain(OPTION_PASSWORD);
      assertThat(lab.settings().toString()).doesNotContain(OPTION_PASSWORD).contains("password=***").contains("bob");
      assertThat(lab.settings().option("password")).contains(OPTION_PASSWORD);
    }
    assertThat(String.join("\n", logged)).doesNotContain(OPTION_PASSWORD);
  }
}
