package dev.labbook.spi;

import dev.labbook.StoreClosedException;
import dev.labbook.codec.CodecRegistry;
import dev.labbook.internal.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What core shares with an open backend: its settings, the codec registry, the clock and the
 * id source, and whether the store is still open. One context per open store.
 */
public final class StoreContext {
  private final StoreSettings settings;
  private final CodecRegistry codecs;
  private final Clock clock;
  private final Ids ids;
  private volatile boolean closed;

  private StoreContext(StoreSettings settings, CodecRegistry codecs, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.codecs = Objects.requireNonNull(codecs, "codecs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = new Ids(clock);
  }

  /** A context for a store about to be opened. */
  public static StoreContext of(StoreSettings settings, CodecRegistry codecs, Clock clock) {
    return new StoreContext(settings, codecs, clock);
  }

  /** The resolved settings the store was opened with; {@code uri()} holds secrets. */
  public StoreSettings settings() {
    return settings;
  }

  /** The registry core encodes and decodes documents with. */
  public CodecRegistry codecs() {
    return codecs;
  }

  /** The clock behind {@link #now()}; a backend that stamps times itself must use it. */
  public Clock clock() {
    return clock;
  }

  /**
   * The current time at the precision every backend keeps: milliseconds (MongoDB dates have no
   * more, and a time that round-trips unchanged is worth more than microseconds).
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** A new time-ordered id. */
  public String newId() {
    return ids.next();
  }

  /**
   * Throws if the store was closed.
   *
   * @throws StoreClosedException naming the store
   */
  public void ensureOpen() {
    if (closed) {
      throw new StoreClosedException(settings.redactedUri());
    }
  }

  /** Whether {@link #markClosed()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Marks the store closed; every later {@link #ensureOpen()} throws. Called by core. */
  public void markClosed() {
    closed = true;
  }
}
