package dev.labbook.store.sql;

import dev.labbook.LabbookException;
import dev.labbook.spi.TransientStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;

/**
 * One Hibernate bootstrap: a {@link SessionFactory} over a HikariCP pool, and units of work run
 * as one transaction on a {@link StatelessSession}'s connection.
 *
 * <p>Statements are SQL the store writes itself (see {@link SqlExperimentStore}): the query
 * translation builds SQL from core's query model, documents live in paired text and
 * {@code jsonb} columns, and metric batches go through JDBC batching, none of which an entity
 * mapping would make simpler. Hibernate owns the connection pool, the dialect and the
 * transactions.
 */
final class Database implements AutoCloseable {
  /** A unit of work on one connection, inside one transaction. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Dialect dialect;
  private final SessionFactory sessions;
  private final ThreadLocal<Unit> units = new ThreadLocal<>();

  private Database(Dialect dialect, SessionFactory sessions) {
    this.dialect = dialect;
    this.sessions = sessions;
  }

  /** Bootstraps Hibernate and its pool; fails fast when the database cannot be reached. */
  static Database open(SqlSettings settings) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("hibernate.connection.provider_class",
        "org.hibernate.hikaricp.internal.HikariCPConnectionProvider");
    properties.put("hibernate.connection.url", settings.jdbcUrl());
    if (settings.user() != null) {
      properties.put("hibernate.connection.username", settings.user());
    }
    if (settings.password() != null) {
      properties.put("hibernate.connection.password", settings.password());
    }
    properties.put("hibernate.hikari.maximumPoolSize", String.valueOf(settings.poolSize()));
    properties.put("hibernate.hikari.minimumIdle", "1");
    properties.put("hibernate.hikari.connectionTimeout",
        String.valueOf(settings.connectTimeoutSeconds() * 1000L));
    properties.put("hibernate.hikari.poolName", "labbook");
    if (settings.schema() != null) {
      properties.put("hibernate.hikari.schema", settings.schema());
    }
    // The database is known: name it instead of reading JDBC metadata at boot (faster, one
    // connection less, and no warning for naming a dialect Hibernate would have picked itself).
    properties.put("jakarta.persistence.database-product-name", settings.dialect().productName());
    properties.put("hibernate.boot.allow_jdbc_metadata_access", "false");
    properties.put("hibernate.connection.handling_mode", "DELAYED_ACQUISITION_AND_RELEASE_AFTER_TRANSACTION");
    StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
        .applySettings(properties)
        .build();
    try {
      SessionFactory factory = new MetadataSources(registry).buildMetadata().buildSessionFactory();
      return new Database(settings.dialect(), factory);
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   * SQL failures become Labbook exceptions ({@link SqlErrors}); a failure that is worth trying
   * again (a deadlock, a serialization failure, a lock timeout) becomes
   * {@link TransientStoreException}, which core retries.
   */
  <T> T inTransaction(Work<T> work) {
    Unit unit = units.get();
    if (unit != null) {
      // Inside a unit of work: its connection and transaction, the work behind a savepoint so
      // that a failed statement undoes only itself and the unit stays usable (PostgreSQL
      // refuses every statement after a failed one until the transaction rolls back).
      return translated(() -> unit.session.doReturningWork(connection -> savepointed(connection, work)));
    }
    try (StatelessSession session = sessions.openStatelessSession()) {
      Transaction transaction = session.beginTransaction();
      try {
        T result = session.doReturningWork(work::run);
        transaction.commit();
        return result;
      } catch (RuntimeException e) {
        rollBack(transaction, e);
        throw e;
      }
    } catch (LabbookException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  /**
   * Like {@link #inTransaction} for a read whose result is consumed after this returns: the
   * transaction, and so the pooled connection, stays open until the returned stream is closed
   * (then it is rolled back: it only read). A failure in {@code work}, or an empty answer, ends
   * it at once. Keeping the transaction open is what lets PostgreSQL's driver read through a
   * cursor, {@code fetchSize} rows at a time, instead of receiving the whole result. Inside a
   * unit of work the read runs in the unit's transaction (it sees the unit's writes) and must
   * be consumed before the unit ends.
   */
  <T> java.util.Optional<java.util.stream.Stream<T>> streamInTransaction(
      Work<java.util.Optional<java.util.stream.Stream<T>>> work) {
    Unit unit = units.get();
    if (unit != null) {
      return translated(() -> unit.session.doReturningWork(connection -> savepointed(connection, work)));
    }
    StatelessSession session;
    try {
      session = sessions.openStatelessSession();
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
    Runnable end = () -> {
      try {
        Transaction transaction = session.getTransaction();
        if (transaction.isActive()) {
          transaction.rollback();
        }
      } finally {
        session.close();
      }
    };
    try {
      session.beginTransaction();
      java.util.Optional<java.util.stream.Stream<T>> stream = session.doReturningWork(work::run);
      if (stream.isEmpty()) {
        end.run();
        return stream;
      }
      return java.util.Optional.of(stream.get().onClose(end));
    } catch (RuntimeException e) {
      try {
        end.run();
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e instanceof LabbookException labbook ? labbook : SqlErrors.translate(e);
    }
  }

  /**
   * Runs {@code work} as a unit of work on this thread (see {@link dev.labbook.spi.Store#unitOfWork}):
   * the outermost call opens a session and a transaction that every {@link #inTransaction} on
   * this thread joins until it returns (commit) or throws (rollback); a nested call is a
   * savepoint.
   */
  <T> T unitOfWork(Supplier<T> work) {
    Unit outer = units.get();
    if (outer != null) {
      // The savepoint calls are translated; what the work throws is the caller's, left as it is.
      Savepoint savepoint = translated(() -> outer.session.doReturningWork(Connection::setSavepoint));
      T result;
      try {
        result = work.get();
      } catch (RuntimeException | Error e) {
        try {
          translated(() -> outer.session.doReturningWork(connection -> {
            connection.rollback(savepoint);
            return null;
          }));
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      translated(() -> outer.session.doReturningWork(connection -> {
        connection.releaseSavepoint(savepoint);
        return null;
      }));
      return result;
    }
    StatelessSession session = translated(sessions::openStatelessSession);
    Transaction transaction;
    try {
      transaction = translated(session::beginTransaction);
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    Unit unit = new Unit(session);
    units.set(unit);
    try {
      T result = work.get();
      translated(() -> {
        transaction.commit();
        return null;
      });
      return result;
    } catch (RuntimeException | Error e) {
      rollBack(transaction, e);
      throw e;
    } finally {
      units.remove();
      session.close();
    }
  }

  /** Rolls back {@code transaction} if it is still active, after {@code failure}. */
  private static void rollBack(Transaction transaction, Throwable failure) {
    if (transaction.isActive()) {
      try {
        transaction.rollback();
      } catch (RuntimeException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
    }
  }

  /** {@code work} behind a savepoint: released when it returns, rolled back to when it throws. */
  private static <T> T savepointed(Connection connection, Work<T> work) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    T result;
    try {
      result = work.run(connection);
    } catch (SQLException | RuntimeException | Error e) {
      try {
        connection.rollback(savepoint);
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    }
    connection.releaseSavepoint(savepoint);
    return result;
  }

  /** Runs {@code call}, its SQL failures as Labbook exceptions (see {@link SqlErrors}). */
  private static <T> T translated(Supplier<T> call) {
    try {
      return call.get();
    } catch (LabbookException e) {
      throw e;
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  /** The session of the unit of work running on a thread. */
  private record Unit(StatelessSession session) {}

  @Override
  public void close() {
    sessions.close();
  }
}
