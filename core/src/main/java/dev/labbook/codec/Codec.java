package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns values of one type into a JSON tree and back. Register one under a type name with
 * {@link CodecRegistry#register(String, Class, Codec)} for types the default codec cannot
 * handle (no record, no Jackson-mappable bean) or whose stored form you want to control.
 *
 * <p>A codec encodes only its own type's shape: nested values go through the {@link Encoding}
 * and {@link Decoding} it is handed, so registered types, canonical doubles, instants and
 * references keep working below it. The registry adds the {@code "@type"} tag itself.
 *
 * @param <T> the type this codec handles
 */
public interface Codec<T> {

  /** Encodes {@code value} (never null); nested values go through {@code nested}. */
  JsonNode encode(T value, Encoding nested);

  /**
   * Decodes a node produced by {@link #encode} (with the {@code "@type"} tag already removed).
   *
   * @throws dev.labbook.CodecException if the node does not have the expected shape
   */
  T decode(JsonNode node, Decoding nested);
}
