package dev.labbook.tck;

import dev.labbook.spi.StoreSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every Labbook backend meets. A backend's tests certify it with one class:
 *
 * <pre>{@code
 * class JsonStoreTckTest extends StoreTck {
 *   @TempDir static Path root;
 *
 *   @Override
 *   protected StoreSettings newStore() throws IOException {
 *     return StoreSettings.of("json:" + Files.createTempDirectory(root, "store"), Map.of());
 *   }
 * }
 * }</pre>
 *
 * <p>JUnit 5 then runs every rule, grouped in nested classes (configs, experiments, runs,
 * metrics, artifacts, queries, codecs, concurrency, bad input, lifecycle, states and links,
 * archives, tracking, summaries, units of work). Each rule gets fresh,
 * empty persistence from {@link #newStore()} and opens it with
 * {@code Labbook.builder().settings(…)}, so the backend's provider must be on the test class
 * path. A rule may open the same settings more than once: at the same time (a second instance,
 * as a second process would; only where the store declares
 * {@link dev.labbook.spi.Capability#MULTI_PROCESS}) or after closing the first (only where it
 * declares {@link dev.labbook.spi.Capability#PERSISTENT}). Rules about optional behaviour are
 * skipped through a JUnit assumption whose message names the capability the store does not
 * declare.
 *
 * <p>When the class has run, a summary of passed, failed and skipped rules per group is printed
 * and written to {@code target/labbook-tck/<test class>.md} (the system property
 * {@code labbook.tck.report.dir} changes the folder), ready to paste into a compatibility
 * statement.
 */
@ExtendWith({CapabilityCheck.class, TckReport.class})
public abstract class StoreTck {

  /**
   * Prepares new, empty persistence (a folder, a database schema, a database) and returns the
   * settings that open it. Called once for every rule, before it opens its first instance; the
   * settings must not open anything another rule uses.
   *
   * @throws Exception if the persistence cannot be prepared; the rule fails with it
   */
  protected abstract StoreSettings newStore() throws Exception;

  /**
   * Removes what {@link #newStore()} prepared. Called after every rule, after the TCK has closed
   * every instance it opened over these settings. Does nothing by default.
   */
  protected void dropStore(StoreSettings settings) throws Exception {}

  @Nested
  @DisplayName("configs")
  class Configs extends ConfigRules {
    Configs() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("experiments")
  class Experiments extends ExperimentRules {
    Experiments() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("runs")
  class Runs extends RunRules {
    Runs() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("metrics")
  class Metrics extends MetricRules {
    Metrics() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("artifacts")
  class Artifacts extends ArtifactRules {
    Artifacts() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("queries")
  class Queries extends QueryRules {
    Queries() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("codecs")
  class Codecs extends CodecRules {
    Codecs() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency extends ConcurrencyRules {
    Concurrency() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput extends BadInputRules {
    BadInput() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("lifecycle")
  class Lifecycle extends LifecycleRules {
    Lifecycle() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("states and links")
  class StatesAndLinks extends StateAndLinkRules {
    StatesAndLinks() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("archives")
  class ArchivesGroup extends ArchiveRules {
    ArchivesGroup() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("tracking")
  class Tracking extends TrackingRules {
    Tracking() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("summaries")
  class Summaries extends SummaryRules {
    Summaries() {
      super(StoreTck.this);
    }
  }

  @Nested
  @DisplayName("units of work")
  class UnitsOfWork extends UnitOfWorkRules {
    UnitsOfWork() {
      super(StoreTck.this);
    }
  }
}
