package dev.labbook.store.sql;

import dev.labbook.spi.StoreSettings;
import dev.labbook.tck.StoreTck;
import java.util.Map;

/**
 * The SQL store on a real PostgreSQL server against the whole TCK: each rule gets a schema of
 * its own on one server (option {@code schema}), created by the store's migrations on first
 * open and dropped after the rule. Two-instance rules open two independent Hibernate
 * bootstraps over that schema.
 */
class PostgresStoreTckTest extends StoreTck {

  @Override
  protected StoreSettings newStore() {
    return TestPostgres.freshSchema("tck", Map.of("pool.size", "4"));
  }

  @Override
  protected void dropStore(StoreSettings settings) throws Exception {
    TestPostgres.dropSchema(settings);
  }
}
