package dev.labbook.tracking;

import dev.labbook.ConflictException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The read, change, compare-and-set write loop behind every handle method. */
final class CompareAndSet {
  /** A change that keeps losing the race after this many rounds is a livelock, not bad luck. */
  static final int MAX_ATTEMPTS = 100;

  private CompareAndSet() {}

  /**
   * Reads the record, applies {@code change} and writes the result, reading and reapplying
   * when the write finds that another writer got there first. A change that returns the record
   * it was given writes nothing.
   *
   * @throws ConflictException if other writers won {@value #MAX_ATTEMPTS} rounds in a row
   */
  static <T> void apply(Supplier<T> read, UnaryOperator<T> change, Consumer<T> write) {
    Objects.requireNonNull(change, "change");
    for (int attempt = 1; ; attempt++) {
      T stored = read.get();
      T changed = change.apply(stored);
      if (changed == stored) {
        return;
      }
      try {
        write.accept(changed);
        return;
      } catch (ConflictException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
