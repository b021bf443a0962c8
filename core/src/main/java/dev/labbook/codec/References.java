package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;

/**
 * Lets the caller of {@link CodecRegistry#encode(Object, References)} store nested values of
 * registered types somewhere else and keep a reference in their place (the config store keeps
 * the task config inside a run config as a separate config), and resolve such references on
 * decoding.
 *
 * <p>A reference node is any JSON object with the key {@value #REF_KEY}; user keys that start
 * with {@code @} are escaped by the registry, so a reference never collides with user data.
 */
public interface References {

  /** The key that marks a JSON object as a reference. */
  String REF_KEY = "@ref";

  /** Keeps every value inline and refuses reference nodes: plain encoding. */
  References INLINE = new References() {
    @Override
    public JsonNode replace(String typeName, ObjectNode encoded) {
      return encoded;
    }

    @Override
    public Object resolve(ObjectNode reference, Type expected) {
      throw new dev.labbook.CodecException("unexpected reference " + reference
          + ": references are only resolved when reading configs");
    }
  };

  /**
   * Called, innermost first, for each value of a registered type below the root once it is
   * encoded (its {@code "@type"} tag included); returns what to store in its place: the node
   * itself to keep it inline, or a reference node.
   */
  JsonNode replace(String typeName, ObjectNode encoded);

  /** Returns the value a reference node stands for; {@code expected} is the declared type. */
  Object resolve(ObjectNode reference, Type expected);
}
