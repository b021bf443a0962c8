package dev.labbook.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.labbook.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreSettingsTest {

  @ParameterizedTest(name = "{0} has scheme {1} and rest {2}")
  @CsvSource(delimiter = '|', value = {
      "mem:                                   | mem             | ''",
      "json:/data/lab                         | json            | /data/lab",
      "JSON:/data/lab                         | json            | /data/lab",
      "h2:/data/lab                           | h2              | /data/lab",
      "postgresql://bob@h:5432/db             | postgresql      | //bob@h:5432/db",
      "jdbc:postgresql://h:5432/db            | jdbc:postgresql | //h:5432/db",
      "JDBC:PostgreSQL://h/db                 | jdbc:postgresql | //h/db",
      "jdbc:h2:mem:test                       | jdbc:h2         | mem:test",
      "jdbc:h2:/data/lab;MODE=PostgreSQL      | jdbc:h2         | /data/lab;MODE=PostgreSQL",
      "mongodb://h1:27017,h2:27017/db         | mongodb         | //h1:27017,h2:27017/db",
      "mongodb+srv://cluster0.example.net/db  | mongodb+srv     | //cluster0.example.net/db",
  })
  void schemeIsTheTextBeforeTheFirstColonLowerCasedOrTwoPartsForJdbc(
      String uri, String scheme, String rest) {
    StoreSettings settings = StoreSettings.of(uri, Map.of());

    assertThat(settings.scheme()).isEqualTo(scheme);
    assertThat(settings.schemeSpecificPart()).isEqualTo(rest);
    assertThat(settings.uri()).isEqualTo(uri);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(strings = {"", "data/lab", "/data/lab", ":x", "1json:/x", "js on:/x", " mem:",
      "_x:y", "jdbc:", "jdbc:/x", "jdbc:postgresql", "jdbc::x", "//host/db"})
  void uriWithoutValidSchemeIsAConfigurationErrorShowingTheAcceptedForms(String uri) {
    assertThatThrownBy(() -> StoreSettings.of(uri, Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("store URI")
        .hasMessageContaining("mem:")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageContaining("mongodb+srv://");
  }

  @Test
  void nullUriIsAConfigurationError() {
    assertThatThrownBy(() -> StoreSettings.of(null, Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void invalidUriMessageNamesTheUriRedacted() {
    assertThatThrownBy(() -> StoreSettings.of("//bob:s3cret-pw@host/db", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"//bob:***@host/db\"")
        .message().doesNotContain("s3cret-pw");
  }

  @Test
  void invalidUriMessageHidesSecretOptionValuesWhereverTheyAppear() {
    assertThatThrownBy(() -> StoreSettings.of("Hunter2-pw", Map.of("password", "Hunter2-pw")))
        .isInstanceOf(ConfigurationException.class)
        .message().doesNotContain("Hunter2-pw");
  }

  @Test
  void redactedUriHidesTheUserInfoPasswordButUriKeepsIt() {
    StoreSettings settings = StoreSettings.of("postgresql://bob:s3cret@h/db", Map.of());

    assertThat(settings.redactedUri()).isEqualTo("postgresql://bob:***@h/db");
    assertThat(settings.uri()).isEqualTo("postgresql://bob:s3cret@h/db");
  }

  @Test
  void toStringShowsTheRedactedUriAndHidesSecretOptionValues() {
    StoreSettings settings = StoreSettings.of("postgresql://bob:s3cret@h/db",
        Map.of("password", "s3cret", "schema", "lab"));

    assertThat(settings).hasToString(
        "StoreSettings[uri=postgresql://bob:***@h/db, options={password=***, schema=lab}]");
  }

  @Test
  void toStringHidesSecretsInsideNonSecretOptionValues() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of(
        "replica", "postgresql://bob:pw-one@h/db",
        "note", "uses Hunter2-pw",
        "api.key", "Hunter2-pw"));

    assertThat(settings.toString())
        .contains("replica=postgresql://bob:***@h/db")
        .contains("note=uses ***")
        .doesNotContain("pw-one")
        .doesNotContain("Hunter2-pw");
  }

  @Test
  void redactedUriHidesSecretOptionValuesThatAppearInTheUri() {
    StoreSettings settings = StoreSettings.of("json:/data/Hunter2-pw/lab",
        Map.of("token", "Hunter2-pw"));

    assertThat(settings.redactedUri()).isEqualTo("json:/data/***/lab");
  }

  @ParameterizedTest(name = "{0} is secret")
  @ValueSource(strings = {"password", "PASSWORD", "ssl.password", "password.file", "secret",
      "client.secret.id", "token", "auth.token.path", "key", "api.key", "apiKey",
      "credentials", "aws.credentials"})
  void optionsNamedLikeSecretsAreSecret(String name) {
    assertThat(StoreSettings.isSecret(name)).isTrue();
  }

  @ParameterizedTest(name = "{0} is not secret")
  @ValueSource(strings = {"schema", "pool.size", "user", "keyspace", "credentials.path", "store",
      "key.id"})
  void otherOptionsAreNotSecret(String name) {
    assertThat(StoreSettings.isSecret(name)).isFalse();
  }

  @Test
  void nullNameIsNotSecret() {
    assertThat(StoreSettings.isSecret(null)).isFalse();
  }

  @Test
  void optionsAreReadByNameWithDefaults() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of("schema", "lab"));

    assertThat(settings.option("schema")).contains("lab");
    assertThat(settings.option("missing")).isEmpty();
    assertThat(settings.option("missing", "fallback")).isEqualTo("fallback");
    assertThat(settings.option("schema", "fallback")).isEqualTo("lab");
  }

  @Test
  void optionNamesAreSortedAndUnmodifiable() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of("b", "1", "a", "2", "c", "3"));

    assertThat(settings.optionNames()).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> settings.optionNames().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settingsDoNotChangeWhenTheGivenMapChanges() {
    Map<String, String> options = new HashMap<>(Map.of("schema", "lab"));
    StoreSettings settings = StoreSettings.of("mem:", options);

    options.put("schema", "other");

    assertThat(settings.option("schema")).contains("lab");
  }

  @Test
  void nullOptionValueIsAConfigurationErrorNamingTheOption() {
    Map<String, String> options = new HashMap<>();
    options.put("schema", null);

    assertThatThrownBy(() -> StoreSettings.of("mem:", options))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema");
  }

  @Test
  void intOptionParsesTheValueOrGivesTheDefault() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of("pool.size", "8", "padded", " 3 "));

    assertThat(settings.intOption("pool.size", 4)).isEqualTo(8);
    assertThat(settings.intOption("padded", 4)).isEqualTo(3);
    assertThat(settings.intOption("missing", 4)).isEqualTo(4);
  }

  @Test
  void intOptionThatIsNotAnIntNamesTheOptionAndValue() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of("pool.size", "eight"));

    assertThatThrownBy(() -> settings.intOption("pool.size", 4))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pool.size")
        .hasMessageContaining("\"eight\"");
  }

  @Test
  void intOptionThatIsSecretDoesNotShowTheValue() {
    StoreSettings settings = StoreSettings.of("mem:", Map.of("token", "Hunter2-pw"));

    assertThatThrownBy(() -> settings.intOption("token", 4))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("token")
        .hasNoCause()
        .message().doesNotContain("Hunter2-pw");
  }

  @Test
  void withOptionAddsOrReplacesAndLeavesTheOriginalAlone() {
    StoreSettings original = StoreSettings.of("mem:", Map.of("schema", "lab"));

    StoreSettings changed = original.withOption("schema", "other").withOption("pool.size", "2");

    assertThat(changed.option("schema")).contains("other");
    assertThat(changed.option("pool.size")).contains("2");
    assertThat(changed.scheme()).isEqualTo("mem");
    assertThat(original.option("schema")).contains("lab");
    assertThat(original.optionNames()).containsExactly("schema");
  }

  @Test
  void settingsAreEqualWhenUriAndOptionsAre() {
    StoreSettings a = StoreSettings.of("mem:", Map.of("schema", "lab"));
    StoreSettings b = StoreSettings.of("mem:", new HashMap<>(Map.of("schema", "lab")));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(StoreSettings.of("MEM:", Map.of("schema", "lab")));
    assertThat(a).isNotEqualTo(StoreSettings.of("mem:", Map.of("schema", "other")));
  }
}
