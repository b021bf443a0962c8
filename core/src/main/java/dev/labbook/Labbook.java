package dev.labbook;

import dev.labbook.codec.CodecRegistry;
import dev.labbook.internal.SettingsResolver;
import dev.labbook.internal.StoreProviders;
import dev.labbook.internal.Retry;
import dev.labbook.internal.Secrets;
import dev.labbook.spi.Capabilities;
import dev.labbook.spi.Capability;
import dev.labbook.spi.Store;
import dev.labbook.spi.StoreContext;
import dev.labbook.spi.StoreProvider;
import dev.labbook.spi.StoreSettings;
import dev.labbook.tracking.Tracker;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The entry point: an open store with its {@link ConfigStore}, {@link ExperimentStore} and
 * {@link CodecRegistry}. Thread-safe; open one per store and share it. Close it when done.
 *
 * <pre>{@code
 * try (Labbook lab = Labbook.open()) {                     // settings from the environment
 *   Experiment e = lab.experiments().create("sweep");
 *   Run run = lab.experiments().createRun(e.id(), RunSpec.create().param("lr", 0.01));
 *   lab.experiments().log(run.id(), MetricPoint.of("loss", 0, 0.9));
 * }
 * }</pre>
 *
 * <h2>Choosing the store</h2>
 * The store URI's scheme picks the backend among the {@link StoreProvider}s on the class path:
 * {@code mem:} (in core), {@code json:<folder>} (labbook-store-json), {@code postgresql://…},
 * {@code jdbc:postgresql:…}, {@code h2:<path>}, {@code jdbc:h2:…} (labbook-store-sql),
 * {@code mongodb://…}, {@code mongodb+srv://…} (labbook-store-mongo). The URI and options are
 * resolved, highest first, from: the builder; Java system properties {@code labbook.store} and
 * {@code labbook.<option>}; environment variables {@code LABBOOK_STORE} and
 * {@code LABBOOK_<OPTION>}; the properties file named by {@code LABBOOK_CONFIG}, else
 * {@code ./labbook.properties}; and the default, {@code json:~/.labbook} (labbook-store-json:
 * files in the folder {@code .labbook} of the user's home). Any option may be given as
 * {@code <option>.file} to read its value from a file (a Docker or Kubernetes secret).
 */
public final class Labbook implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.labbook");

  private final StoreContext context;
  private final Store store;

  private Labbook(StoreContext context, Store store) {
    this.context = context;
    this.store = store;
  }

  /** Opens the store the environment configures (see the class comment). */
  public static Labbook open() {
    return builder().open();
  }

  /**
   * Opens the store at {@code uri}; options still come from the environment.
   *
   * @throws ConfigurationException for an unknown scheme (naming the schemes found and the
   *     artifact to add) or a bad setting
   * @throws StoreUnavailableException if the store cannot be opened or reached
   */
  public static Labbook open(String uri) {
    return builder().store(uri).open();
  }

  public static Builder builder() {
    return new Builder();
  }

  public ConfigStore configs() {
    return store.configs();
  }

  public ExperimentStore experiments() {
    return store.experiments();
  }

  /** The registry that encodes configs, params, metadata and results; register types here. */
  public CodecRegistry codecs() {
    return context.codecs();
  }

  public Capabilities capabilities() {
    return store.capabilities();
  }

  public StoreSettings settings() {
    return context.settings();
  }

  /** The clock that stamps created, updated, heartbeat and metric times. */
  public Clock clock() {
    return context.clock();
  }

  /** Whole experiments to one JSON file and back, into any backend. See {@link Archives}. */
  public Archives archives() {
    return new Archives(store.configs(), store.experiments(), store.capabilities(), context);
  }

  /**
   * Run tracking over this store: chainable run handles, {@code track()}, runs named by
   * environment variables, stale-run sweeps. See {@link Tracker}.
   */
  public Tracker tracker() {
    return Tracker.of(this);
  }

  /**
   * Runs several operations as one unit of work, as sqltrack's nested {@code with} blocks do,
   * and returns what {@code work} returns.
   *
   * <p>On a store that declares {@link Capability#TRANSACTIONS} (the SQL stores) the unit is
   * atomic: every operation on this store that {@code work} runs on this thread joins one
   * transaction on one connection; it is committed when {@code work} returns, and rolled back
   * when it throws, the exception rethrown as it was. Other callers see nothing of it before
   * the commit. A unit inside a unit (a nested call) shares the transaction through a
   * savepoint: when it throws, only its own operations are undone, and the outer unit may catch
   * the exception and go on; an operation that fails inside a unit (a duplicate name, a
   * compare-and-set conflict) likewise undoes only itself. After a transient store failure
   * (a deadlock, a serialization failure) the outermost unit is rolled back and {@code work}
   * runs again, up to 5 times: keep other side effects out of it. Work handed to other threads
   * is not part of the unit; a unit holds its connection until it ends, so keep it short.
   *
   * <p>On a store without transactions (JSON files, MongoDB, memory) {@code work} simply runs:
   * each operation takes effect when it returns, and when {@code work} throws, what ran before
   * stays. {@link #capabilities()} tells which.
   *
   * @throws StoreClosedException if the store is closed
   */
  public <T> T unitOfWork(Supplier<T> work) {
    Objects.requireNonNull(work, "work");
    context.ensureOpen();
    if (!store.capabilities().has(Capability.TRANSACTIONS)) {
      return store.unitOfWork(work);
    }
    return Retry.unitOfWork(() -> store.unitOfWork(work));
  }

  /** {@link #unitOfWork(Supplier)} for work that returns nothing. */
  public void unitOfWork(Runnable work) {
    Objects.requireNonNull(work, "work");
    unitOfWork(() -> {
      work.run();
      return null;
    });
  }

  /** Closes the store; later calls on it throw {@link StoreClosedException}. Idempotent. */
  @Override
  public void close() {
    synchronized (context) {
      if (context.isClosed()) {
        return;
      }
      context.markClosed();
    }
    store.close();
  }

  @Override
  public String toString() {
    return "Labbook[" + context.settings().redactedUri() + "]";
  }

  /** Configures and opens a {@link Labbook}. */
  public static final class Builder {
    private final Map<String, String> explicit = new LinkedHashMap<>();
    private StoreSettings settings;
    private CodecRegistry codecs;
    private Clock clock = Clock.systemUTC();
    private ClassLoader classLoader;

    private Builder() {}

    /** The store URI; beats every other source. */
    public Builder store(String uri) {
      explicit.put("store", Objects.requireNonNull(uri, "uri"));
      return this;
    }

    /** An option; beats every other source. */
    public Builder option(String name, String value) {
      explicit.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Exactly these settings: the environment, system properties and properties files are not
     * consulted. For tests and programs that manage their own configuration.
     */
    public Builder settings(StoreSettings exact) {
      this.settings = Objects.requireNonNull(exact, "settings");
      return this;
    }

    /** The codec registry to use; by default one with every discovered codec module. */
    public Builder codecs(CodecRegistry registry) {
      this.codecs = Objects.requireNonNull(registry, "codecs");
      return this;
    }

    /** The clock for created, updated and metric times; the system clock by default. */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "clock");
      return this;
    }

    /** Where to look for store providers; the thread's context class loader by default. */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "classLoader");
      return this;
    }

    /**
     * Resolves the settings, finds the provider for the URI's scheme and opens the store.
     *
     * @throws ConfigurationException for an unknown scheme, two providers for one scheme or a
     *     bad setting
     * @throws StoreUnavailableException if the store cannot be opened or reached; the message
     *     names the URI with secrets redacted, and the cause
     */
    public Labbook open() {
      StoreSettings resolved = settings != null ? settings : SettingsResolver.ofProcess().resolve(explicit);
      ClassLoader loader = classLoader != null ? classLoader : defaultLoader();
      StoreProvider provider = StoreProviders.load(loader).forScheme(resolved.scheme(), resolved.redactedUri());
      StoreContext context = StoreContext.of(resolved,
          codecs != null ? codecs : CodecRegistry.withDiscoveredModules(), clock);
      LOG.log(System.Logger.Level.DEBUG, () -> "opening " + resolved.redactedUri() + " with provider " + provider.name());
      Store store;
      try {
        store = provider.open(context);
      } catch (InvalidInputException | ConfigurationException e) {
        Secrets secrets = Secrets.of(resolved);
        if (secrets.scrub(e) == e) {
          throw e;
        }
        throw new ConfigurationException(secrets.redact(e.getMessage()), secrets.scrub(e));
      } catch (Exception e) {
        Secrets secrets = Secrets.of(resolved);
        Throwable cause = secrets.scrub(e);
        throw new StoreUnavailableException("cannot open store " + resolved.redactedUri() + ": "
            + secrets.redact(String.valueOf(e.getMessage() == null ? e : e.getMessage())), cause);
      }
      return new Labbook(context, store);
    }

    private static ClassLoader defaultLoader() {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      return loader != null ? loader : Labbook.class.getClassLoader();
    }
  }
}
