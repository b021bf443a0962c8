package dev.labbook.tck;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.spi.Capability;
import dev.labbook.spi.StoreSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;

/**
 * What every group of rules shares: the store under test over fresh persistence, further
 * instances over the same persistence, and clean-up after each rule. One instance per rule,
 * whatever the backend's JUnit configuration says, so that no rule sees another's store.
 */
@TestInstance(TestInstance.Lifecycle.PER_METHOD)
abstract class Rules {
  private final StoreTck tck;
  private final List<Labbook> opened = new ArrayList<>();
  private final CodecRegistry codecs = Samples.codecs();
  private final RuleClock clock = new RuleClock();
  private StoreSettings settings;
  private Labbook store;
  private String description;

  Rules(StoreTck tck) {
    this.tck = tck;
  }

  /**
   * How long a rule waits for its threads before it fails rather than hangs: the system property
   * {@code labbook.tck.timeoutSeconds}, 60 seconds by default.
   */
  static Duration timeout() {
    return Duration.ofSeconds(Long.getLong("labbook.tck.timeoutSeconds", 60));
  }

  /**
   * The store under test. {@link CapabilityCheck} opens it before the rule starts, so that a
   * store that cannot be opened fails the rule with its own exception, not inside an assertion.
   */
  final synchronized Labbook store() {
    if (store == null) {
      store = open();
      description = store.settings().redactedUri()
          + (store.settings().optionNames().isEmpty() ? "" : " with options " + store.settings().optionNames())
          + ", declaring "
          + (store.capabilities().declared().isEmpty() ? "no capabilities"
              : store.capabilities().declared().stream().map(Enum::name).sorted().toList());
    }
    return store;
  }

  /**
   * The store under test's redacted URI, its option names (values may be secret) and its
   * capabilities, once it has been opened.
   */
  final synchronized String description() {
    return description;
  }

  final ExperimentStore experiments() {
    return store().experiments();
  }

  final ConfigStore configs() {
    return store().configs();
  }

  /**
   * The codec registry every instance of this rule shares, with {@link Samples}' types; a rule
   * may register more at any time.
   */
  final CodecRegistry codecs() {
    return codecs;
  }

  /** Makes every instance of this rule, open or still to come, read this clock from now on. */
  final void useClock(Clock source) {
    clock.source = Objects.requireNonNull(source);
  }

  /**
   * Opens another instance over the store under test's persistence, as another process would.
   * The rule is skipped where the store does not declare {@link Capability#MULTI_PROCESS}.
   */
  final Labbook second() {
    requires(Capability.MULTI_PROCESS);
    return open();
  }

  /**
   * Closes the store under test and opens its persistence again. The rule is skipped where the
   * store does not declare {@link Capability#PERSISTENT}.
   */
  final synchronized Labbook reopen() {
    requires(Capability.PERSISTENT);
    store.close();
    store = open();
    return store;
  }

  /** A private in-memory store, core's reference backend, with this rule's codecs and clock. */
  final Labbook reference() {
    return track(Labbook.builder().settings(StoreSettings.of("mem:", Map.of()))
        .codecs(codecs).clock(clock).open());
  }

  /** Skips the rule, naming the capability, unless the store under test declares it. */
  final void requires(Capability capability) {
    Assumptions.assumeTrue(store().capabilities().has(capability),
        () -> CapabilityCheck.missing(capability));
  }

  private synchronized Labbook open() {
    if (settings == null) {
      try {
        settings = Objects.requireNonNull(tck.newStore(), "newStore() returned null");
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("newStore() failed: " + e, e);
      }
    }
    return track(Labbook.builder().settings(settings).codecs(codecs).clock(clock).open());
  }

  private synchronized Labbook track(Labbook labbook) {
    opened.add(labbook);
    return labbook;
  }

  /** Closes every instance the rule opened, then drops its persistence, whatever fails. */
  @AfterEach
  final synchronized void closeAndDrop() throws Exception {
    Throwable failure = null;
    try {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (RuntimeException | Error e) {
          failure = add(failure, e);
        }
      }
    } finally {
      opened.clear();
      store = null;
      StoreSettings dropping = settings;
      settings = null;
      if (dropping != null) {
        try {
          tck.dropStore(dropping);
        } catch (Exception | Error e) {
          failure = add(failure, e);
        }
      }
    }
    if (failure instanceof Exception e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    }
  }

  private static Throwable add(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** The clock a rule's instances read; {@link #useClock} moves it to another source. */
  private static final class RuleClock extends Clock {
    volatile Clock source = Clock.systemUTC();

    @Override
    public Instant instant() {
      return source.instant();
    }

    @Override
    public long millis() {
      return source.millis();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this; // stores keep UTC instants; the zone plays no part
    }
  }
}
