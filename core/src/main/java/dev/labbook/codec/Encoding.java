package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;

/** What a {@link Codec} calls to encode the values nested inside the one it encodes. */
@FunctionalInterface
public interface Encoding {
  /** Encodes any supported value, null included, exactly as the registry would. */
  JsonNode encode(Object value);
}
