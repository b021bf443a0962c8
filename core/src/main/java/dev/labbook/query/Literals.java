package dev.labbook.query;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns the Java values users put in filters into JSON literals. */
final class Literals {
  private Literals() {}

  /**
   * Strings, booleans, numbers, enums (their name), {@link java.time.Instant} (epoch
   * milliseconds, the form time fields take in views) and JsonNode scalars; null is JSON null.
   *
   * @throws dev.labbook.InvalidInputException for anything else, naming its type
   */
  static JsonNode of(Object value) {
    throw new UnsupportedOperationException("stub");
  }
}
