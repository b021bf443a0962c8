package dev.labbook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsResolverTest {

  /** The sources of a setting, highest precedence first. */
  enum Source {
    BUILDER, SYSTEM_PROPERTY, ENVIRONMENT, PROPERTIES_FILE, DEFAULT
  }

  @TempDir Path dir;

  private final Map<String, String> explicit = new HashMap<>();
  private final Properties systemProperties = new Properties();
  private final Map<String, String> environment = new HashMap<>();
  private final Properties fileProperties = new Properties();

  private StoreSettings resolve() {
    writePropertiesFile();
    return new SettingsResolver(systemProperties, environment, dir).resolve(explicit);
  }

  private void writePropertiesFile() {
    if (fileProperties.isEmpty()) {
      return;
    }
    try (Writer out = Files.newBufferedWriter(dir.resolve("labbook.properties"))) {
      fileProperties.store(out, null);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Gives {@code option} in a source, spelled as that source spells it. */
  private void set(Source source, String option, String value) {
    switch (source) {
      case BUILDER -> explicit.put(option, value);
      case SYSTEM_PROPERTY -> systemProperties.setProperty("labbook." + option, value);
      case ENVIRONMENT -> environment.put(
          "LABBOOK_" + option.toUpperCase(Locale.ROOT).replace('.', '_'), value);
      case PROPERTIES_FILE -> fileProperties.setProperty(option, value);
      case DEFAULT -> { } // only the URI has a default
    }
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  static Stream<Arguments> pairsOfSources() {
    List<Arguments> pairs = new ArrayList<>();
    Source[] all = Source.values();
    for (int high = 0; high < all.length; high++) {
      for (int low = high + 1; low < all.length; low++) {
        pairs.add(Arguments.of(all[high], all[low]));
      }
    }
    return pairs.stream();
  }

  static Stream<Arguments> pairsOfSourcesWithoutDefault() {
    return pairsOfSources().filter(a -> a.get()[1] != Source.DEFAULT);
  }

  @ParameterizedTest(name = "{0} beats {1}")
  @MethodSource("pairsOfSources")
  void uriFromTheHigherSourceWins(Source high, Source low) {
    set(high, "store", "json:/from/" + high);
    set(low, "store", "json:/from/" + low);

    assertThat(resolve().uri()).isEqualTo("json:/from/" + high);
  }

  @ParameterizedTest(name = "{0} beats {1}")
  @MethodSource("pairsOfSourcesWithoutDefault")
  void optionFromTheHigherSourceWins(Source high, Source low) {
    set(high, "pool.size", "1");
    set(low, "pool.size", "2");

    assertThat(resolve().option("pool.size")).contains("1");
  }

  @ParameterizedTest(name = "{0} alone is used")
  @EnumSource(value = Source.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
  void eachSourceAloneGivesUriAndOptions(Source source) {
    set(source, "store", "json:/data/lab");
    set(source, "pool.size", "3");

    StoreSettings settings = resolve();

    assertThat(settings.uri()).isEqualTo("json:/data/lab");
    assertThat(settings.optionNames()).containsExactly("pool.size");
    assertThat(settings.option("pool.size")).contains("3");
  }

  @Test
  void withNothingConfiguredTheDefaultUriIsUsedWithoutOptions() {
    StoreSettings settings = resolve();

    assertThat(settings.uri()).isEqualTo(SettingsResolver.DEFAULT_URI).isEqualTo("json:~/.labbook");
    assertThat(settings.optionNames()).isEmpty();
  }

  @Test
  void nullExplicitMapAndNullExplicitValuesCountAsNotGiven() {
    environment.put("LABBOOK_SCHEMA", "lab");
    explicit.put("schema", null);

    assertThat(resolve().option("schema")).contains("lab");
    assertThat(new SettingsResolver(systemProperties, environment, dir).resolve(null)
        .option("schema")).contains("lab");
  }

  @Test
  void environmentVariableNamesBecomeLowerCaseDottedOptionNames() {
    environment.put("LABBOOK_POOL_SIZE", "5");
    environment.put("LABBOOK_SSL_ROOT_CERT", "/ca.pem");
    environment.put("LABBOOK_STORE", "json:/x");

    StoreSettings settings = resolve();

    assertThat(settings.optionNames()).containsExactly("pool.size", "ssl.root.cert");
    assertThat(settings.uri()).isEqualTo("json:/x");
  }

  @Test
  void onlyLabbookSystemPropertiesAndEnvironmentVariablesAreRead() {
    systemProperties.setProperty("user.home", "/home/x");
    systemProperties.setProperty("labbookpool.size", "1");
    environment.put("PATH", "/bin");
    environment.put("labbook_schema", "lab");
    environment.put("LABBOOKSCHEMA", "lab");

    assertThat(resolve().optionNames()).isEmpty();
  }

  @Test
  void optionNamesAreLowerCasedInEverySource() {
    explicit.put("Schema", "lab");
    systemProperties.setProperty("labbook.Pool.Size", "2");
    fileProperties.setProperty("SSL.Mode", "require");

    assertThat(resolve().optionNames()).containsExactly("pool.size", "schema", "ssl.mode");
  }

  @Test
  void reservedRunSelectionVariablesAreNotOptions() throws IOException {
    write("run.txt", "r1");
    for (String name : SettingsResolver.RESERVED_ENVIRONMENT_VARIABLES) {
      environment.put(name, "x");
    }
    environment.put("LABBOOK_RUN_ID_FILE", "run.txt");
    systemProperties.setProperty("labbook.run.id", "r2");
    systemProperties.setProperty("labbook.experiment.name", "e");

    assertThat(SettingsResolver.RESERVED_ENVIRONMENT_VARIABLES).containsExactlyInAnyOrder(
        "LABBOOK_EXPERIMENT_NAME", "LABBOOK_EXPERIMENT_ID", "LABBOOK_RUN_ID");
    assertThat(resolve().optionNames()).isEmpty();
  }

  @Test
  void labbookConfigNamesThePropertiesFileAndIsNotAnOption() throws IOException {
    write("conf/lab.properties", "store=json:/from/config\nschema=lab\n");
    environment.put("LABBOOK_CONFIG", "conf/lab.properties");

    StoreSettings settings = resolve();

    assertThat(settings.uri()).isEqualTo("json:/from/config");
    assertThat(settings.optionNames()).containsExactly("schema");
  }

  @Test
  void labbookConfigReplacesTheDefaultPropertiesFile() throws IOException {
    write("labbook.properties", "schema=default\n");
    write("other.properties", "pool.size=2\n");
    environment.put("LABBOOK_CONFIG", dir.resolve("other.properties").toString());

    assertThat(resolve().optionNames()).containsExactly("pool.size");
  }

  @Test
  void labbookConfigSystemPropertyBeatsTheEnvironmentVariable() throws IOException {
    write("a.properties", "schema=a\n");
    write("b.properties", "schema=b\n");
    environment.put("LABBOOK_CONFIG", "a.properties");
    systemProperties.setProperty("labbook.config", "b.properties");

    StoreSettings settings = resolve();

    assertThat(settings.option("schema")).contains("b");
    assertThat(settings.optionNames()).containsExactly("schema");
  }

  @Test
  void missingDefaultPropertiesFileIsSkipped() {
    assertThat(Files.exists(dir.resolve("labbook.properties"))).isFalse();

    assertThat(resolve().uri()).isEqualTo(SettingsResolver.DEFAULT_URI);
  }

  @Test
  void missingPropertiesFileNamedByLabbookConfigIsAnErrorNamingThePath() {
    environment.put("LABBOOK_CONFIG", "nowhere/lab.properties");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.resolve("nowhere/lab.properties").toString())
        .hasMessageContaining("LABBOOK_CONFIG")
        .hasMessageContaining("no such file");
  }

  @Test
  void propertiesFileThatIsAFolderIsAnError() throws IOException {
    Files.createDirectory(dir.resolve("labbook.properties"));

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.resolve("labbook.properties").toString())
        .hasMessageContaining("folder");
  }

  @Test
  void malformedPropertiesFileIsAnErrorNamingThePath() throws IOException {
    write("labbook.properties", "schema=\\u12G4\n");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.resolve("labbook.properties").toString());
  }

  @Test
  void propertiesFileIsReadAsUtf8() throws IOException {
    write("labbook.properties", "schema=läb\n");

    assertThat(resolve().option("schema")).contains("läb");
  }

  // ---- .file

  @ParameterizedTest(name = "from {0}")
  @EnumSource(value = Source.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
  void optionDotFileReadsTheOptionFromTheFile(Source source) throws IOException {
    Path secret = write("secrets/pw", "s3cret\n");
    set(source, "password.file", secret.toString());

    StoreSettings settings = resolve();

    assertThat(settings.option("password")).contains("s3cret");
    assertThat(settings.optionNames()).containsExactly("password");
  }

  @ParameterizedTest(name = "from {0}")
  @EnumSource(value = Source.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
  void storeDotFileReadsTheUriFromTheFile(Source source) throws IOException {
    Path uri = write("secrets/uri", "postgresql://bob:pw@h/db\n");
    set(source, "store.file", uri.toString());

    assertThat(resolve().uri()).isEqualTo("postgresql://bob:pw@h/db");
  }

  @ParameterizedTest(name = "from {0}")
  @EnumSource(value = Source.class, names = {"BUILDER", "SYSTEM_PROPERTY", "ENVIRONMENT"})
  void relativeDotFilePathsResolveAgainstTheWorkingDirectory(Source source) throws IOException {
    write("pw.txt", "from-working-directory");
    write("conf/pw.txt", "from-config-folder");
    write("conf/lab.properties", "schema=lab\n");
    environment.put("LABBOOK_CONFIG", "conf/lab.properties");
    set(source, "password.file", "pw.txt");

    assertThat(resolve().option("password")).contains("from-working-directory");
  }

  @Test
  void relativeDotFilePathsInThePropertiesFileResolveAgainstItsFolder() throws IOException {
    write("pw.txt", "from-working-directory");
    write("conf/pw.txt", "from-config-folder");
    write("conf/lab.properties", "password.file=pw.txt\n");
    environment.put("LABBOOK_CONFIG", "conf/lab.properties");

    assertThat(resolve().option("password")).contains("from-config-folder");
  }

  @ParameterizedTest(name = "{0} gives {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "s3cret\\n       | s3cret",
      "s3cret\\r\\n    | s3cret",
      "s3cret          | s3cret",
      "s3cret\\n\\n    | s3cret\\n",
      "s3cret\\r       | s3cret\\r",
      "\" s3 cret \\n\" | \" s3 cret \"",
      "\\n             | \"\"",
      "\"\"           | \"\"",
  })
  void dotFileContentLosesExactlyOneTrailingLineBreak(String content, String value)
      throws IOException {
    write("pw", unescape(content));
    environment.put("LABBOOK_PASSWORD_FILE", "pw");

    assertThat(resolve().option("password")).contains(unescape(value));
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n").replace("\\r", "\r");
  }

  @Test
  void dotFileIsReadAsUtf8() throws IOException {
    Files.write(dir.resolve("pw"), "pässwörd".getBytes(StandardCharsets.UTF_8));
    environment.put("LABBOOK_PASSWORD_FILE", "pw");

    assertThat(resolve().option("password")).contains("pässwörd");
  }

  @ParameterizedTest(name = "in {0}")
  @EnumSource(value = Source.class, names = "DEFAULT", mode = EnumSource.Mode.EXCLUDE)
  void optionGivenPlainlyAndAsDotFileInOneSourceIsAnErrorNamingBothKeys(Source source)
      throws IOException {
    write("pw", "from-file-value");
    set(source, "password", "plain-value");
    set(source, "password.file", "pw");
    String plainKey = switch (source) {
      case SYSTEM_PROPERTY -> "labbook.password";
      case ENVIRONMENT -> "LABBOOK_PASSWORD";
      default -> "password";
    };

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(plainKey + " and as " + plainKey + (source == Source.ENVIRONMENT
            ? "_FILE" : ".file"))
        .message().doesNotContain("plain-value").doesNotContain("from-file-value");
  }

  @Test
  void plainOptionInAHigherSourceBeatsDotFileInALowerOne() {
    explicit.put("password", "from-builder");
    environment.put("LABBOOK_PASSWORD_FILE", "does-not-exist");

    assertThat(resolve().option("password")).contains("from-builder");
  }

  @Test
  void dotFileInAHigherSourceBeatsPlainOptionInALowerOne() throws IOException {
    write("pw", "from-file");
    systemProperties.setProperty("labbook.password.file", "pw");
    environment.put("LABBOOK_PASSWORD", "from-environment");
    fileProperties.setProperty("password", "from-properties");

    assertThat(resolve().option("password")).contains("from-file");
  }

  @Test
  void missingDotFileIsAnErrorNamingTheOptionThePathAndTheSource() {
    environment.put("LABBOOK_PASSWORD_FILE", "secrets/missing");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option password")
        .hasMessageContaining(dir.resolve("secrets/missing").toString())
        .hasMessageContaining("LABBOOK_PASSWORD_FILE")
        .hasMessageContaining("no such file");
  }

  @Test
  void dotFileThatIsAFolderIsAnError() throws IOException {
    Files.createDirectory(dir.resolve("secrets"));
    explicit.put("password.file", "secrets");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option password")
        .hasMessageContaining("folder");
  }

  @Test
  void dotFileThatIsNotUtf8IsAnErrorThatDoesNotShowTheContent() throws IOException {
    byte[] text = "visible-secret-text".getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[text.length + 1];
    System.arraycopy(text, 0, content, 0, text.length);
    content[text.length] = (byte) 0xFF;
    Path file = Files.write(dir.resolve("pw"), content);
    environment.put("LABBOOK_PASSWORD_FILE", "pw");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("option password")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("UTF-8")
        .satisfies(e -> assertThat(SecretsNeverLeakTest.messages(e))
            .doesNotContain("visible-secret-text"));
  }

  @Test
  void hugeDotFileIsAnError() throws IOException {
    Files.write(dir.resolve("big"), new byte[SettingsResolver.MAX_FILE_BYTES + 1]);
    environment.put("LABBOOK_PASSWORD_FILE", "big");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("larger than");
  }

  @Test
  void overriddenUnreadableDotFileIsNotRead() {
    explicit.put("password.file", dir.resolve("missing").toString());
    fileProperties.setProperty("password", "lower");
    systemProperties.setProperty("labbook.password", "higher");

    // builder's file is the winner: it must be the one read, and it fails
    assertThatThrownBy(this::resolve).isInstanceOf(ConfigurationException.class);

    explicit.clear();
    environment.put("LABBOOK_PASSWORD_FILE", "missing");

    assertThat(resolve().option("password")).contains("higher");
  }

  @Test
  void invalidUriIsAnErrorNamingWhereTheUriCameFrom() {
    environment.put("LABBOOK_STORE", "data/lab");

    assertThatThrownBy(this::resolve)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"data/lab\"")
        .hasMessageContaining("LABBOOK_STORE");
  }
}
