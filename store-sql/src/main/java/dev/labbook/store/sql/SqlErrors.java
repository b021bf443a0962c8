package dev.labbook.store.sql;

import dev.labbook.InvalidInputException;
import dev.labbook.LabbookException;
import dev.labbook.spi.TransientStoreException;
import java.sql.SQLException;
import java.util.Set;

/** Turns SQL failures into Labbook's exceptions by SQLSTATE, the code both databases share. */
final class SqlErrors {
  /** A unique or primary key violation. */
  static final String UNIQUE_VIOLATION = "23505";
  /** A foreign key violation: the row referred to is gone. */
  static final String FOREIGN_KEY_VIOLATION = "23503";
  /** H2's code for a foreign key whose parent row is missing. */
  static final String H2_FOREIGN_KEY_PARENT_MISSING = "23506";

  /**
   * Failures that changed nothing and may well pass on a second try: serialization failures
   * and deadlocks (40001, 40P01), lock timeouts (55P03; H2's HYT00), H2's concurrent update
   * (90131), lost connections (08xxx).
   */
  private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

  /**
   * Text PostgreSQL cannot hold: NUL in text (22021) or in jsonb (22P05). A backend may refuse
   * it (see ExperimentStore#insertExperiment); the transaction is rolled back, nothing stored.
   */
  private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");

  private SqlErrors() {}

  /** The SQLSTATE of the first SQL exception in the cause chain, or "". */
  static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return "";
  }

  static LabbookException translate(RuntimeException e) {
    String state = state(e);
    if (TRANSIENT.contains(state) || state.startsWith("08")) {
      return new TransientStoreException("the database failed for a passing reason (SQLSTATE "
          + state + "); nothing was changed", e);
    }
    if (UNSTORABLE_TEXT.contains(state)) {
      return new InvalidInputException("text holding the NUL character (U+0000) cannot be "
          + "stored in PostgreSQL; nothing was stored");
    }
    return new LabbookException("the SQL store failed (SQLSTATE " + state + "): "
        + e.getMessage(), e);
  }
}
