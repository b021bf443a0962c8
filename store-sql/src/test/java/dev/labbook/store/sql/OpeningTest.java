package dev.labbook.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labbook.ConfigurationException;
import dev.labbook.Labbook;
import dev.labbook.StoreUnavailableException;
import dev.labbook.spi.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The URIs and options that open the store, and how opening fails. */
class OpeningTest {
  /** A password with every character a URI or a connection string treats specially. */
  private static final String PASSWORD = "pa:ss@w/rd?&=%'\"; --";
  private static final String ENCODED = "pa%3Ass%40w%2Frd%3F%26%3D%25'%22%3B%20--";
  private static final String ROLE = "labbook_pw";

  @TempDir Path folder;

  @BeforeAll
  static void role() throws Exception {
    if (TestPostgres.isEmbedded()) {
      TestPostgres.createPasswordRole(ROLE, PASSWORD);
    }
  }

  @Test
  void thePasswordMayComeAsAnOptionInTheUriOrFromAFile() throws Exception {
    assumeTrue(TestPostgres.isEmbedded(), "needs the embedded server, whose logins it configures");
    String base = "localhost:" + TestPostgres.port() + "/postgres";

    assertOpens(Labbook.builder().store("postgresql://" + ROLE + "@" + base)
        .option("password", PASSWORD).option("schema", "pw_option").open());
    assertOpens(Labbook.builder().store("postgresql://" + ROLE + ":" + ENCODED + "@" + base)
        .option("schema", "pw_uri").open());
    Path secret = Files.writeString(folder.resolve("db-password"), PASSWORD + "\n");
    assertOpens(Labbook.builder().store("jdbc:postgresql://" + base).option("user", ROLE)
        .option("password.file", secret.toString()).option("schema", "pw_file").open());
  }

  @Test
  void aWrongPasswordFailsWithoutShowingAnyPassword() {
    assumeTrue(TestPostgres.isEmbedded(), "needs the embedded server, whose logins it configures");
    String uri = "postgresql://" + ROLE + ":wrong-" + ENCODED + "@localhost:" + TestPostgres.port() + "/postgres";
    assertThatThrownBy(() -> Labbook.open(uri))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("postgresql://" + ROLE + ":***@localhost")
        .hasMessageContaining("password authentication failed")
        .satisfies(e -> assertThat(everyMessage(e)).doesNotContain("wrong-").doesNotContain(ENCODED));
  }

  @Test
  void anUnreachableServerFailsFastNamingTheRedactedUriAndTheCause() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Labbook.open("postgresql://someone:s3cret@localhost:1/lab"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("postgresql://someone:***@localhost:1/lab")
        .hasMessageContaining("Connection to localhost:1 refused")
        .satisfies(e -> assertThat(everyMessage(e)).doesNotContain("s3cret"));
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void theSchemaOptionPutsTheTablesInThatSchema() throws Exception {
    StoreSettings settings = TestPostgres.freshSchema("schema_option", Map.of());
    try (Labbook labbook = TestDatabase.open(settings)) {
      labbook.experiments().create("in-its-schema");
    }
    try (Connection connection = TestPostgres.connect(); ResultSet rows = connection.createStatement()
        .executeQuery("SELECT count(*) FROM \"" + settings.option("schema").orElseThrow() + "\".lb_experiment")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void jdbcPostgresqlUrisOpenToo() {
    String uri = TestPostgres.uri();
    assumeTrue(uri.startsWith("postgresql://localhost"), "needs a URI without credentials");
    StoreSettings settings = StoreSettings.of("jdbc:" + uri, TestDatabase.with(TestPostgres.options(),
        "schema", "jdbc_form_" + ProcessHandle.current().pid()));
    assertOpens(TestDatabase.open(settings));
  }

  @Test
  void h2PathsAndJdbcH2UrisOpenTheSameFile() {
    Path file = folder.resolve("lab");
    try (Labbook labbook = Labbook.open("h2:" + file)) {
      labbook.experiments().create("on-h2");
    }
    try (Labbook labbook = Labbook.open("jdbc:h2:file:" + file)) {
      assertThat(labbook.experiments().getByName("on-h2").name()).isEqualTo("on-h2");
    }
  }

  @Test
  void badOptionsAreRefusedNamingTheValueAndWhatIsAllowed() {
    String h2 = "h2:" + folder.resolve("bad");
    assertThatThrownBy(() -> Labbook.builder().store(h2).option("pool", "3").open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown option(s) [pool]")
        .hasMessageContaining("pool.size");
    assertThatThrownBy(() -> Labbook.builder().store(h2).option("pool.size", "0").open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("pool.size 0").hasMessageContaining("1 to 1000");
    assertThatThrownBy(() -> Labbook.builder().store(h2).option("schema", "x; DROP TABLE y").open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema 'x; DROP TABLE y'").hasMessageContaining("letters, digits and underscores");
    assertThatThrownBy(() -> Labbook.builder().store(h2).option("migrate", "later").open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("migrate 'later'").hasMessageContaining("auto").hasMessageContaining("validate");
    assertThatThrownBy(() -> Labbook.open("postgresql:///nohost"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("names no host or database");
    assertThat(Files.exists(folder.resolve("bad.mv.db"))).as("nothing created").isFalse();
  }

  private static void assertOpens(Labbook labbook) {
    try (labbook) {
      String id = labbook.experiments().create("opened").id();
      assertThat(labbook.experiments().get(id).name()).isEqualTo("opened");
    }
  }

  private static String everyMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        all.append(s).append('\n');
      }
    }
    return all.toString();
  }
}
