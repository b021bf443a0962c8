package dev.labbook.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Time-ordered ids (UUID version 7, RFC 9562): the first 48 bits are the Unix time in
 * milliseconds, so ids sort by creation time as strings, and ids made by one process are
 * strictly increasing (a 12-bit counter orders ids within one millisecond). Ids are made by core,
 * not by backends, so a copy of a record to another store keeps its id.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Clock clock;
  private long lastMillis = -1;
  private int counter;

  public Ids(Clock clock) {
    this.clock = clock;
  }

  /** A new id, greater than every id this instance made before. */
  public String next() {
    long millis;
    int sequence;
    synchronized (this) {
      millis = Math.max(clock.millis(), lastMillis);
      if (millis == lastMillis) {
        counter++;
        if (counter > 0xFFF) { // the counter ran out within one millisecond: borrow the next one
          millis++;
          counter = RANDOM.nextInt(0x400);
        }
      } else {
        counter = RANDOM.nextInt(0x400); // leaves room for 3,000 more ids in this millisecond
      }
      lastMillis = millis;
      sequence = counter;
    }
    long high = (millis << 16) | 0x7000L | sequence;
    long low = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
