package dev.labbook.store.sql;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreSettings;
import java.util.function.Supplier;

/**
 * An open SQL store: one Hibernate bootstrap (its own pool) over a PostgreSQL or H2 database.
 * Every guarantee between instances — unique names, compare-and-set versions, gap-free run
 * numbers — is the database's, so any number of instances in any number of processes may share
 * one database.
 */
public final class SqlStore implements Store {
  private final Database database;
  private final SqlConfigStore configs;
  private final SqlExperimentStore experiments;
  private final Capabilities capabilities;

  private SqlStore(StoreContext context, Database database) {
    this.database = database;
    this.capabilities = Capabilities.of(Capability.PERSISTENT, Capability.MULTI_PROCESS,
        Capability.ARTIFACTS, Capability.TRANSACTIONS);
    this.configs = new SqlConfigStore(context, database);
    this.experiments = new SqlExperimentStore(context, capabilities, database);
  }

  static SqlStore open(StoreContext context) {
    SqlSettings settings = SqlSettings.of(context.settings());
    new Migrations(settings).onOpen(context.settings().redactedUri());
    return new SqlStore(context, Database.open(settings));
  }

  /**
   * Creates or upgrades the schema of the database the settings name to the newest version
   * this code knows, without opening a store: the explicit upgrade for databases opened with
   * option {@code migrate=validate}. Safe to run while other processes use or migrate the
   * database (Flyway holds a database lock while it migrates).
   *
   * @throws dev.labbook.ConfigurationException for settings the store cannot accept, or a
   *     database whose schema is newer than this code knows
   */
  public static void migrate(StoreSettings settings) {
    new Migrations(SqlSettings.of(settings)).migrate(settings.redactedUri());
  }

  @Override
  public ConfigStore configs() {
    return configs;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  /** One transaction on one connection, bound to the calling thread; nested units are savepoints. */
  @Override
  public <T> T unitOfWork(Supplier<T> work) {
    return database.unitOfWork(work);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
  }

  @Override
  public void close() {
    database.close();
  }
}
