package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.labbook.spi.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private static final String PASSWORD = "s3cr3t-in-a-driver-message";
  private final Secrets secrets = Secrets.of(StoreSettings.of("postgresql://bob@db/lab", Map.of("password", PASSWORD)));

  private static String printed(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void anExceptionWithoutSecretsIsKeptAsItIs() {
    IllegalStateException clean = new IllegalStateException("connection refused");
    assertThat(secrets.scrub(clean)).isSameAs(clean);
  }

  @Test
  void secretsInCausesAndSuppressedExceptionsAreRedactedKeepingTheRest() {
    IllegalStateException top = new IllegalStateException("pool failed");
    top.addSuppressed(new RuntimeException("login with password " + PASSWORD + " refused"));
    Exception withCause = new Exception("outer", new java.io.IOException("url ?password=" + PASSWORD + "&x=1"));
    top.addSuppressed(withCause);

    Throwable scrubbed = secrets.scrub(top);

    assertThat(printed(scrubbed)).doesNotContain(PASSWORD).contains("pool failed")
        .contains("java.lang.RuntimeException: login with password *** refused")
        .contains("java.io.IOException").contains("Suppressed");
    assertThat(scrubbed.getStackTrace()).isEqualTo(top.getStackTrace());
  }

  @Test
  void aCyclicChainIsCopiedWithoutLoopingForever() {
    RuntimeException a = new RuntimeException("a " + PASSWORD);
    RuntimeException b = new RuntimeException("b", a);
    a.addSuppressed(b);
    assertThat(printed(secrets.scrub(b))).doesNotContain(PASSWORD);
  }
}
