package dev.labbook.tck;

import dev.labbook.ConfigStore;
import dev.labbook.ExperimentStore;
import dev.labbook.Labbook;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.spi.Capability;
import dev.labbook.spi.StoreSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * What every group of rules shares: the store under test, opened lazily over fresh persistence,
 * further instances over the same persistence, and clean-up after each rule.
 */
abstract class Rules {
  private final StoreTck tck;
  private final List<Labbook> opened = new ArrayList<>();
  private final CodecRegistry codecs = Samples.codecs();
  private Clock clock = Clock.systemUTC();
  private StoreSettings settings;
  private Labbook store;
  private String description;
  private List<Capability> required = List.of();
  private Optional<Capability> requiredAbsent = Optional.empty();

  Rules(StoreTck tck) {
    this.tck = tck;
  }

  /** The store under test, opened on first use (by whichever thread asks first). */
  final synchronized Labbook store() {
    if (store == null) {
      store = open();
      description = store.settings().redactedUri()
          + (store.settings().optionNames().isEmpty() ? "" : " with options " + store.settings().optionNames())
          + ", declaring "
          + (store.capabilities().declared().isEmpty() ? "no capabilities"
              : store.capabilities().declared().stream().map(Enum::name).sorted().toList());
      CapabilityCheck.check(store.capabilities(), required, requiredAbsent);
    }
    return store;
  }

  /** What the rule declared with {@link Requires} and {@link RequiresAbsent}. */
  final void expect(List<Capability> capabilities, Optional<Capability> absent) {
    this.required = List.copyOf(capabilities);
    this.requiredAbsent = absent;
  }

  /**
   * The store under test's redacted URI, its option names (values may be secret) and its
   * capabilities, once it has been opened.
   */
  final String description() {
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
   * may register more before it opens the store.
   */
  final CodecRegistry codecs() {
    return codecs;
  }

  /** Makes every instance this rule opens from now on use this clock. */
  final void useClock(Clock source) {
    this.clock = Objects.requireNonNull(source);
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

  @AfterEach
  final synchronized void closeAndDrop() throws Exception {
    Exception failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    opened.clear();
    if (settings != null) {
      try {
        tck.dropStore(settings);
      } catch (Exception e) {
        failure = add(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Exception add(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
