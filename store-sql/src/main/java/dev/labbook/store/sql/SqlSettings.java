package dev.labbook.store.sql;

import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The store's settings read from a Labbook URI and options: the JDBC URL, credentials, schema,
 * pool size, connect timeout and how migrations run. Every bad value fails here, before any
 * connection is made, naming the value and what is allowed.
 *
 * @param password null when none is given (a secret: never printed)
 */
record SqlSettings(
    Dialect dialect,
    String jdbcUrl,
    String user,
    String password,
    String schema,
    int poolSize,
    int connectTimeoutSeconds,
    MigrateMode migrate) {

  /** Options the store reads; any other is refused. */
  static final Set<String> OPTIONS =
      Set.of("user", "password", "schema", "pool.size", "connect.timeout", "migrate");

  /** How opening treats a schema older than this code knows. */
  enum MigrateMode {
    /** Create a new schema and upgrade an older one on open (the default). */
    AUTO,
    /** Refuse to open an older (or missing) schema; upgrade with {@link SqlStore#migrate}. */
    VALIDATE
  }

  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  static SqlSettings of(StoreSettings settings) {
    Set<String> unknown = new TreeSet<>(settings.optionNames());
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException("unknown option(s) " + unknown + " for the SQL store "
          + settings.redactedUri() + "; allowed: " + new TreeSet<>(OPTIONS));
    }
    String scheme = settings.scheme();
    Dialect dialect = scheme.endsWith("postgresql") ? Dialect.POSTGRESQL : Dialect.H2;
    String user = settings.option("user").orElse(null);
    String password = settings.option("password").orElse(null);
    String jdbcUrl;
    switch (scheme) {
      case "postgresql" -> {
        // postgresql://user:password@host:port/db?params, as libpq and docktuna write it.
        URI uri = parse(settings);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
          throw new ConfigurationException("the URI " + settings.redactedUri()
              + " names no host or database; write postgresql://user@host:5432/database");
        }
        String info = uri.getRawUserInfo();
        if (info != null) {
          int colon = info.indexOf(':');
          String uriUser = decode(colon < 0 ? info : info.substring(0, colon));
          if (user == null) {
            user = uriUser;
          }
          if (colon >= 0 && password == null) {
            password = decode(info.substring(colon + 1));
          }
        }
        jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      }
      case "jdbc:postgresql" -> jdbcUrl = settings.uri();
      case "h2" -> {
        String path = settings.schemeSpecificPart();
        if (path.isBlank()) {
          throw new ConfigurationException("the URI " + settings.redactedUri()
              + " names no database file; write h2:<path>, such as h2:./labbook or h2:/data/labbook");
        }
        if (path.startsWith("~/")) {
          path = System.getProperty("user.home") + path.substring(1);
        }
        // AUTO_SERVER: the first process to open the file serves it over TCP to the others, so
        // several processes can share an H2 store (MULTI_PROCESS), not only several instances.
        jdbcUrl = "jdbc:h2:file:" + Path.of(path).toAbsolutePath() + ";AUTO_SERVER=TRUE";
      }
      case "jdbc:h2" -> jdbcUrl = settings.uri();
      default -> throw new ConfigurationException("the SQL store opens postgresql://…, "
          + "jdbc:postgresql:…, h2:<path> and jdbc:h2:…, not " + settings.redactedUri());
    }
    if (dialect == Dialect.POSTGRESQL && !jdbcUrl.contains("reWriteBatchedInserts")) {
      // One round trip per metric batch: the driver sends a batch as multi-row inserts.
      jdbcUrl += (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }
    int timeout = settings.intOption("connect.timeout", 10);
    if (timeout < 1 || timeout > 3600) {
      throw new ConfigurationException("option connect.timeout " + timeout
          + " is out of range; allowed 1 to 3600 seconds");
    }
    if (dialect == Dialect.POSTGRESQL && !jdbcUrl.contains("connectTimeout")) {
      // Fail fast on an unreachable server: bounded TCP connect and login.
      jdbcUrl += "&connectTimeout=" + timeout + "&loginTimeout=" + timeout;
    }
    if (dialect == Dialect.H2 && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("LOCK_TIMEOUT")) {
      // H2 gives up on a row lock after one second by default; writers queue longer than that
      // on a busy counter row, and a lock timeout is only retried a few times.
      jdbcUrl += ";LOCK_TIMEOUT=10000";
    }
    String schema = settings.option("schema").orElse(null);
    if (schema != null && !SCHEMA.matcher(schema).matches()) {
      throw new ConfigurationException("option schema '" + schema + "' is not allowed; a schema "
          + "is 1 to 63 letters, digits and underscores, not starting with a digit");
    }
    int pool = settings.intOption("pool.size", 10);
    if (pool < 1 || pool > 1000) {
      throw new ConfigurationException("option pool.size " + pool + " is out of range; allowed 1 to 1000");
    }
    String mode = settings.option("migrate", "auto");
    MigrateMode migrate = switch (mode) {
      case "auto" -> MigrateMode.AUTO;
      case "validate" -> MigrateMode.VALIDATE;
      default -> throw new ConfigurationException("option migrate '" + mode
          + "' is not allowed; allowed: auto (upgrade on open), validate (refuse an old schema)");
    };
    return new SqlSettings(dialect, jdbcUrl, user, password, schema, pool, timeout, migrate);
  }

  private static URI parse(StoreSettings settings) {
    try {
      return new URI(settings.uri());
    } catch (URISyntaxException e) {
      throw new ConfigurationException("the URI " + settings.redactedUri()
          + " is malformed; write postgresql://user@host:5432/database");
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Redacted: the password never shows. */
  @Override
  public String toString() {
    return "SqlSettings[" + dialect + ", schema=" + schema + ", pool=" + poolSize + "]";
  }
}
