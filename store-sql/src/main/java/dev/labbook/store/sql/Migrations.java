package dev.labbook.store.sql;

import dev.labbook.ConfigurationException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The schema's versions, managed by Flyway from the SQL scripts under
 * {@code dev/labbook/store/sql/migration/<database>/}. Flyway records applied versions in
 * {@code flyway_schema_history} and takes a database lock while it migrates (an advisory lock
 * on PostgreSQL, a table lock on H2), so two processes opening a fresh database at once do not
 * both create it: the second waits, then finds it current.
 *
 * <p>Opening a database that is already current reads the history table with one query and
 * does not start Flyway: Flyway's own check costs a tenth of a second or more per open.
 */
final class Migrations {
  /** The newest version of each database's scripts; the class path does not change. */
  private static final Map<Dialect, MigrationVersion> KNOWN = new ConcurrentHashMap<>();

  private final SqlSettings settings;
  private final Flyway flyway;

  Migrations(SqlSettings settings) {
    this.settings = settings;
    var config = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations(settings.dialect().migrationLocation())
        .connectRetries(0)
        .validateMigrationNaming(true);
    if (settings.schema() != null) {
      config.schemas(settings.schema()).defaultSchema(settings.schema());
    }
    this.flyway = config.load();
  }

  /** The newest schema version this code knows. */
  MigrationVersion known() {
    return KNOWN.computeIfAbsent(settings.dialect(), dialect -> newestScript(flyway.info().all()));
  }

  /**
   * The newest version among migrations with a script. Flyway also lists the history's rows
   * that have no version, such as the row recording that it created the schema: skipped.
   */
  static MigrationVersion newestScript(MigrationInfo[] all) {
    MigrationVersion newest = MigrationVersion.EMPTY;
    for (MigrationInfo info : all) {
      if (info.getScript() != null && info.getVersion() != null && info.getVersion().compareTo(newest) > 0) {
        newest = info.getVersion();
      }
    }
    return newest;
  }

  /** What Flyway knows of the database and the scripts: for tests. */
  MigrationInfo[] info() {
    return flyway.info().all();
  }

  /**
   * The version the database is at, from Flyway's history table; {@link MigrationVersion#EMPTY}
   * for a database without one.
   */
  MigrationVersion current() {
    String table = settings.schema() == null ? "\"flyway_schema_history\""
        : "\"" + settings.schema() + "\".\"flyway_schema_history\"";
    try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(),
        settings.password()); Statement select = connection.createStatement()) {
      if (!historyExists(connection)) {
        return MigrationVersion.EMPTY;
      }
      MigrationVersion newest = MigrationVersion.EMPTY;
      try (ResultSet rows = select.executeQuery("SELECT \"version\" FROM " + table
          + " WHERE \"success\" AND \"version\" IS NOT NULL")) {
        while (rows.next()) {
          MigrationVersion version = MigrationVersion.fromVersion(rows.getString(1));
          if (version.compareTo(newest) > 0) {
            newest = version;
          }
        }
      }
      return newest;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the schema version: " + e.getMessage(), e);
    }
  }

  private boolean historyExists(Connection connection) throws SQLException {
    String schema = settings.schema() != null ? settings.schema()
        : settings.dialect() == Dialect.H2 ? "PUBLIC" : null;
    try (ResultSet tables = connection.getMetaData().getTables(null, schema, "flyway_schema_history",
        null)) {
      while (tables.next()) {
        if (schema != null || isOnSearchPath(connection, tables.getString("TABLE_SCHEM"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Without a schema option, PostgreSQL tables live in the current schema (public). */
  private static boolean isOnSearchPath(Connection connection, String schema) throws SQLException {
    return schema != null && schema.equals(connection.getSchema());
  }

  /**
   * Makes the schema current as the settings say: in mode {@code auto} creates or upgrades
   * it; in mode {@code validate} only checks it. Either way a schema newer than this code
   * knows is refused.
   *
   * @throws ConfigurationException for a newer schema, or an older one in mode validate
   */
  void onOpen(String redactedUri) {
    MigrationVersion known = known();
    MigrationVersion current = current();
    refuseNewer(redactedUri, known, current);
    if (current.equals(known)) {
      return;
    }
    if (settings.migrate() == SqlSettings.MigrateMode.VALIDATE) {
      throw new ConfigurationException("the database at " + redactedUri + " has schema version "
          + describe(current) + " but this Labbook needs " + known + "; upgrade it with "
          + "SqlStore.migrate(settings) or open it with option migrate=auto");
    }
    migrate(redactedUri);
  }

  /** Creates or upgrades the schema to the newest known version; refuses a newer one. */
  void migrate(String redactedUri) {
    refuseNewer(redactedUri, known(), current());
    flyway.migrate();
    // Another process may have migrated past us meanwhile with newer code.
    refuseNewer(redactedUri, known(), current());
  }

  private static void refuseNewer(String uri, MigrationVersion known, MigrationVersion current) {
    if (current.compareTo(known) > 0) {
      throw new ConfigurationException("the database at " + uri + " has schema version "
          + current + ", newer than this Labbook knows (" + known + "); use a Labbook version "
          + "that knows schema " + current + " or newer");
    }
  }

  private static String describe(MigrationVersion version) {
    return version.equals(MigrationVersion.EMPTY) ? "none (a new database)" : version.toString();
  }
}
