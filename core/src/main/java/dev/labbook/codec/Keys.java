package dev.labbook.codec;

import dev.labbook.CodecException;

/**
 * Escaping of object keys: a key that starts with {@code @} is stored with the {@code @}
 * doubled, so keys with a single leading {@code @} are always the registry's tags.
 */
final class Keys {
  private Keys() {}

  static String escape(String key) {
    return key.startsWith("@") ? "@" + key : key;
  }

  /** True if {@code stored} is a tag key (a single leading {@code @}), not user data. */
  static boolean isTag(String stored) {
    return stored.startsWith("@") && !stored.startsWith("@@");
  }

  /**
   * The user key behind a stored key.
   *
   * @throws CodecException if {@code stored} is a tag key this registry does not know
   */
  static String unescape(String stored, Path path) {
    if (stored.startsWith("@@")) {
      return stored.substring(1);
    }
    if (stored.startsWith("@")) {
      throw new CodecException("unknown tag key " + dev.labbook.internal.Names.quote(stored)
          + " at " + path + ": keys starting with a single @ are reserved for the tags \""
          + CodecRegistry.TYPE_KEY + "\" and \"" + References.REF_KEY
          + "\"; user keys starting with @ are stored with the @ doubled");
    }
    return stored;
  }
}
