package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Type;

/** What a {@link Codec} calls to decode the values nested inside the one it decodes. */
@FunctionalInterface
public interface Decoding {
  /**
   * Decodes {@code node} into {@code type} (a {@code Class} or a parameterized type such as
   * {@code List<Double>}); {@code Object.class} gives the natural Java form.
   */
  Object decode(JsonNode node, Type type);
}
