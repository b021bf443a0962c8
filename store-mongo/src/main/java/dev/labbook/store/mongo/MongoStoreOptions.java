package dev.labbook.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import dev.labbook.ConfigurationException;
import dev.labbook.spi.StoreSettings;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a MongoDB store, read from {@code mongodb://…} or {@code mongodb+srv://…}
 * and its options.
 *
 * @param connection the parsed URI (it may hold credentials: never show it)
 * @param database the database the store lives in: the URI's path, or option
 *     {@code database}; {@value #DEFAULT_DATABASE} when neither names one
 * @param credential from options {@code user} and {@code password} (or {@code password.file},
 *     which core reads into {@code password}); null when the URI's own credentials, or none,
 *     are used
 * @param timeout how long opening and each call wait for a reachable server (option
 *     {@code timeout} in milliseconds, default 5,000): server selection and connecting
 */
record MongoStoreOptions(ConnectionString connection, String database, MongoCredential credential,
    Duration timeout) {
  /** Every option a MongoDB store accepts. */
  static final Set<String> NAMES = Set.of("database", "user", "password", "timeout");
  static final String DEFAULT_DATABASE = "labbook";
  /** Characters MongoDB does not allow in database names (on any platform). */
  private static final java.util.regex.Pattern AUTH_SOURCE =
      java.util.regex.Pattern.compile("[?&]authSource=([^&]+)", java.util.regex.Pattern.CASE_INSENSITIVE);
  private static final String FORBIDDEN = "/\\. \"$*<>:|?\u0000";

  /**
   * Reads the settings.
   *
   * @throws ConfigurationException for an unknown option, a URI the driver cannot parse, a bad
   *     database name, conflicting database names or credentials, or a bad timeout; naming the
   *     value (never a secret) and what is allowed
   */
  static MongoStoreOptions of(StoreSettings settings) {
    Set<String> unknown = new TreeSet<>(settings.optionNames());
    unknown.removeAll(NAMES);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException("The MongoDB store " + settings.redactedUri()
          + " does not know the option" + (unknown.size() == 1 ? " " : "s ") + unknown
          + "; it accepts " + new TreeSet<>(NAMES) + " (password also as password.file)");
    }
    ConnectionString connection;
    try {
      connection = new ConnectionString(settings.uri());
    } catch (IllegalArgumentException e) {
      // The driver's message may quote the URI, password included: show only the redacted one.
      throw new ConfigurationException("The MongoDB URI " + settings.redactedUri()
          + " cannot be parsed; use mongodb://[user:password@]host[:port][,host…]/[database][?options]"
          + " or mongodb+srv://[user:password@]host/[database][?options]");
    }
    String database = database(settings, connection);
    MongoCredential credential = credential(settings, connection, database);
    int millis = settings.intOption("timeout", 5_000);
    if (millis < 1 || millis > 600_000) {
      throw new ConfigurationException("Option timeout is the milliseconds the MongoDB store waits"
          + " for a reachable server, 1 to 600000, not " + millis);
    }
    return new MongoStoreOptions(connection, database, credential, Duration.ofMillis(millis));
  }

  private static String database(StoreSettings settings, ConnectionString connection) {
    String fromUri = connection.getDatabase();
    String fromOption = settings.option("database").orElse(null);
    if (fromUri != null && fromOption != null && !fromUri.equals(fromOption)) {
      throw new ConfigurationException("The MongoDB store " + settings.redactedUri()
          + " names database '" + fromUri + "' in its URI and '" + fromOption
          + "' in option database; name it once");
    }
    String database = fromUri != null ? fromUri : fromOption != null ? fromOption : DEFAULT_DATABASE;
    if (database.isEmpty() || database.length() > 63
        || database.chars().anyMatch(c -> FORBIDDEN.indexOf(c) >= 0)) {
      throw new ConfigurationException("'" + database.replace("\u0000", "\\u0000")
          + "' is not a MongoDB database name; use 1 to 63 characters without any of"
          + " / \\ . space \" $ * < > : | ? and NUL");
    }
    return database;
  }

  private static MongoCredential credential(StoreSettings settings, ConnectionString connection,
      String database) {
    String user = settings.option("user").orElse(null);
    String password = settings.option("password").orElse(null);
    if (user == null && password == null) {
      return null;
    }
    if (connection.getCredential() != null) {
      throw new ConfigurationException("The MongoDB store " + settings.redactedUri()
          + " has credentials in its URI and in options user/password; give them once");
    }
    if (user == null || password == null) {
      throw new ConfigurationException("The MongoDB store " + settings.redactedUri() + " has option "
          + (user == null ? "password but no user" : "user but no password")
          + "; give both (the password also as password.file), or put both in the URI");
    }
    java.util.regex.Matcher named = AUTH_SOURCE.matcher(settings.uri());
    String source = named.find() ? named.group(1) : "admin";
    return MongoCredential.createCredential(user, source, password.toCharArray());
  }
}
