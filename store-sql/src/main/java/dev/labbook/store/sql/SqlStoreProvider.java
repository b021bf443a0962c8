package dev.labbook.store.sql;

import com.google.auto.service.AutoService;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import java.util.Set;

/**
 * The SQL store: PostgreSQL, or H2 as an embedded database, through Hibernate.
 *
 * <p>URIs: {@code postgresql://user:password@host:5432/database?param=value} (the libpq form;
 * query parameters go to the JDBC driver), {@code jdbc:postgresql://…} as the JDBC driver takes
 * it, {@code h2:<path>} (a database file; {@code ~/} is the home folder) and {@code jdbc:h2:…}.
 *
 * <p>Options: {@code user}; {@code password} (or {@code password.file}, read by core, for a
 * Docker or Kubernetes secret; a password in the URI also works); {@code schema} (the schema
 * the tables live in, created if missing; PostgreSQL's {@code search_path}); {@code pool.size}
 * (connections in the pool, default 10); {@code connect.timeout} (seconds, default 10);
 * {@code migrate} ({@code auto}, the default, creates or upgrades the schema on open;
 * {@code validate} refuses an old schema, to be upgraded by {@link SqlStore#migrate}). Any other
 * option is refused. A schema newer than this code knows is always refused.
 *
 * <p>Capabilities: {@code PERSISTENT}, {@code MULTI_PROCESS}, {@code ARTIFACTS}.
 *
 * <p>Opening fails fast (within the connect timeout) when the database cannot be reached; core
 * reports it with the redacted URI and the cause.
 */
@AutoService(StoreProvider.class)
public final class SqlStoreProvider implements StoreProvider {

  @Override
  public String name() {
    return "sql";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("postgresql", "jdbc:postgresql", "h2", "jdbc:h2");
  }

  @Override
  public Store open(StoreContext context) {
    return SqlStore.open(context);
  }
}
