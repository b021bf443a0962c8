package dev.labbook.codec;

/**
 * One registration: a type name, the class registered under it and how it is encoded.
 *
 * @param codec the custom or built-in codec; null for the default codec
 */
record Entry(String name, Class<?> type, Kind kind, Codec<Object> codec) {

  enum Kind {
    /** double, instant, bytes: never offered to {@link References}. */
    BUILTIN,
    /** Records, enums and beans encoded by the registry itself. */
    DEFAULT,
    /** A user's {@link Codec}; also encodes unregistered subclasses of its type. */
    CUSTOM
  }

  /** The codec's class, null for the default codec; equal codec classes re-register silently. */
  Class<?> codecClass() {
    return codec == null ? null : codec.getClass();
  }
}
