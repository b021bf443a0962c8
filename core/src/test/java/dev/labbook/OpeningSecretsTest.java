package dev.labbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.labbook.spi.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.labbook.testing.LogCapture;

/** A password given in any form never shows in toString, log output or exception messages. */
class OpeningSecretsTest {
  private static final String URI_PASSWORD = "Tr0ub4dor&3-uri-secret";
  private static final String OPTION_PASSWORD = "correct-horse-option-secret";

  @RegisterExtension final LogCapture logs = new LogCapture("dev.labbook");

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
    assertThat(logs.text()).doesNotContain(URI_PASSWORD).doesNotContain(OPTION_PASSWORD);
  }

  @Test
  void settingsAndTheOpenStoreNeverPrintThePassword() {
    try (Labbook lab = Labbook.builder()
        .settings(StoreSettings.of("mem:", Map.of("password", OPTION_PASSWORD, "user", "bob"))).open()) {
      assertThat(lab.toString()).doesNotContain(OPTION_PASSWORD);
      assertThat(lab.settings().toString()).doesNotContain(OPTION_PASSWORD).contains("password=***").contains("bob");
      assertThat(lab.settings().option("password")).contains(OPTION_PASSWORD);
    }
    assertThat(logs.text()).doesNotContain(OPTION_PASSWORD);
  }
}
