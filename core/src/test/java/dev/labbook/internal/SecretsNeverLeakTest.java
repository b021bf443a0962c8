package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.labbook.testing.LogCapture;
import org.junit.jupiter.api.io.TempDir;

/** The rule from the issue: a password never appears in toString, log output or messages. */
class SecretsNeverLeakTest {
  static final String PASSWORD = "Tr0ub4dor&3-secret-xyz";

  @TempDir Path dir;

  @RegisterExtension final LogCapture logs = new LogCapture("dev.labbook");

  private final Map<String, String> explicit = new HashMap<>();
  private final Properties systemProperties = new Properties();
  private final Map<String, String> environment = new HashMap<>();

  private StoreSettings resolve() {
    return new SettingsResolver(systemProperties, environment, dir).resolve(explicit);
  }

  /** Every message in an exception's chain, and its printed stack trace. */
  static String messages(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    for (Throwable t = e; t != null; t = t.getCause()) {
      out.append('\n').append(String.valueOf(t.getMessage()));
    }
    return out.toString();
  }

  private void givePasswordEverywhere() throws IOException {
    explicit.put("store",
        "postgresql://bob:" + PASSWORD + "@db.example.net:5432/lab?password=" + PASSWORD
            + "&sslmode=require");
    systemProperties.setProperty("labbook.password", PASSWORD);
    Files.writeString(dir.resolve("token"), PASSWORD + "\n");
    environment.put("LABBOOK_API_TOKEN_FILE", "token");
    Files.writeString(dir.resolve("labbook.properties"), "client.secret=" + PASSWORD
        + "\nschema=lab\n");
  }

  @Test
  void passwordFromEverySourceIsResolvedButNeverShownInToStringOrLogs() throws IOException {
    givePasswordEverywhere();

    StoreSettings settings = resolve();

    // The password did reach the settings by every route...
    assertThat(settings.uri()).contains(PASSWORD);
    assertThat(settings.option("password")).contains(PASSWORD);
    assertThat(settings.option("api.token")).contains(PASSWORD);
    assertThat(settings.option("client.secret")).contains(PASSWORD);
    // ...and the log did report on them...
    String log = logs.text();
    assertThat(log)
        .contains("postgresql://bob:***@db.example.net:5432/lab")
        .contains("option password")
        .contains("option api.token")
        .contains("LABBOOK_API_TOKEN_FILE")
        .contains("option client.secret");
    // ...without showing it.
    assertThat(log).doesNotContain(PASSWORD);
    assertThat(settings.toString()).doesNotContain(PASSWORD);
    assertThat(settings.redactedUri()).doesNotContain(PASSWORD);
    assertThat(settings.withOption("schema", "x").toString()).doesNotContain(PASSWORD);
  }

  @Test
  void unreadableDotFileNextToThePasswordDoesNotShowThePassword() throws IOException {
    givePasswordEverywhere();
    environment.put("LABBOOK_USER_FILE", "missing-user");

    Throwable thrown = catchThrowable(this::resolve);

    assertThat(thrown).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option user");
    assertThat(messages(thrown)).doesNotContain(PASSWORD);
    assertThat(logs.text()).doesNotContain(PASSWORD);
  }

  @Test
  void dotFileHoldingThePasswordThatCannotBeDecodedDoesNotShowIt() throws IOException {
    byte[] text = PASSWORD.getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[text.length + 2];
    System.arraycopy(text, 0, content, 0, text.length);
    content[text.length] = (byte) 0xC3; // a truncated two-byte sequence
    content[text.length + 1] = (byte) 0x28;
    Files.write(dir.resolve("pw"), content);
    environment.put("LABBOOK_PASSWORD_FILE", "pw");

    Throwable thrown = catchThrowable(this::resolve);

    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertThat(messages(thrown)).doesNotContain(PASSWORD);
    assertThat(logs.text()).doesNotContain(PASSWORD);
  }

  @Test
  void passwordGivenPlainlyAndAsDotFileInOneSourceIsNotShown() throws IOException {
    Files.writeString(dir.resolve("pw"), PASSWORD);
    environment.put("LABBOOK_PASSWORD", PASSWORD);
    environment.put("LABBOOK_PASSWORD_FILE", "pw");

    Throwable thrown = catchThrowable(this::resolve);

    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertThat(messages(thrown)).doesNotContain(PASSWORD);
  }

  @Test
  void malformedPropertiesFileHoldingThePasswordDoesNotShowIt() throws IOException {
    Files.writeString(dir.resolve("labbook.properties"),
        "password=" + PASSWORD + "\nschema=\\uZZZZ\n");

    Throwable thrown = catchThrowable(this::resolve);

    assertThat(thrown).isInstanceOf(ConfigurationException.class);
    assertThat(messages(thrown)).doesNotContain(PASSWORD);
  }

  @Test
  void invalidUrisHoldingThePasswordDoNotShowIt() {
    List<String> uris = List.of(
        "//bob:" + PASSWORD + "@host/db",
        "://bob:" + PASSWORD + "@host/db",
        "1bob:" + PASSWORD + "@host/db",
        "jdbc:" + PASSWORD.replace("&", "") + "@host",
        "jdbc://bob:" + PASSWORD + "@host/db",
        "data/lab?password=" + PASSWORD,
        PASSWORD);
    for (String uri : uris) {
      explicit.put("store", uri);
      explicit.put("password", PASSWORD);

      Throwable thrown = catchThrowable(this::resolve);

      assertThat(thrown).as(uri).isInstanceOf(ConfigurationException.class);
      assertThat(messages(thrown)).as(uri).doesNotContain(PASSWORD);
    }
    assertThat(logs.text()).doesNotContain(PASSWORD);
  }

  @Test
  void secretOptionThatIsNotAnIntIsNotShown() {
    explicit.put("password", PASSWORD);
    StoreSettings settings = resolve();

    Throwable thrown = catchThrowable(() -> settings.intOption("password", 0));

    assertThat(thrown).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("password");
    assertThat(messages(thrown)).doesNotContain(PASSWORD);
  }
}
