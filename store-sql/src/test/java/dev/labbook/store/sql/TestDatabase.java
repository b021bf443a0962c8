package dev.labbook.store.sql;

import dev.labbook.Labbook;
import dev.labbook.spi.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The two databases the store's own tests run on, each handing out fresh, empty stores. */
enum TestDatabase {
  POSTGRESQL {
    @Override
    StoreSettings fresh(Map<String, String> options) {
      return TestPostgres.freshSchema("test", options);
    }
  },
  H2 {
    @Override
    StoreSettings fresh(Map<String, String> options) {
      try {
        Path folder = Files.createTempDirectory("labbook-h2-");
        folder.toFile().deleteOnExit();
        return StoreSettings.of("h2:" + folder.resolve("store-" + COUNT.incrementAndGet()), options);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final AtomicInteger COUNT = new AtomicInteger();

  /** Settings naming new, empty persistence, with these options added. */
  abstract StoreSettings fresh(Map<String, String> options);

  StoreSettings fresh() {
    return fresh(Map.of());
  }

  static Labbook open(StoreSettings settings) {
    return Labbook.builder().settings(settings).open();
  }

  /** A plain JDBC connection to the store's database, in its schema. */
  static Connection connect(StoreSettings settings) throws SQLException {
    SqlSettings sql = SqlSettings.of(settings);
    Connection connection = DriverManager.getConnection(sql.jdbcUrl(), sql.user(), sql.password());
    if (sql.schema() != null) {
      connection.setSchema(sql.schema());
    }
    return connection;
  }

  /** Runs the statements of a script on the test class path, split at semicolons ending a line. */
  static void runScript(StoreSettings settings, String resource) throws Exception {
    String text;
    try (var in = TestDatabase.class.getResourceAsStream(resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
      for (String sql : text.split(";\\s*\\n")) {
        String body = sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b).trim();
        if (!body.isEmpty()) {
          statement.execute(body);
        }
      }
    }
  }

  static Map<String, String> with(Map<String, String> options, String name, String value) {
    Map<String, String> all = new HashMap<>(options);
    all.put(name, value);
    return all;
  }
}
