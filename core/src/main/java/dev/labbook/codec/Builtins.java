package dev.labbook.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.labbook.CodecException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/** The built-in tagged types: {@code double}, {@code instant} and {@code bytes}. */
final class Builtins {
  static final String INSTANT = "instant";
  static final String BYTES = "bytes";

  /** The names users cannot register. */
  static final List<String> RESERVED = List.of(BYTES, Numbers.DOUBLE, INSTANT);

  private Builtins() {}

  static List<Entry> entries() {
    return List.of(
        entry(Numbers.DOUBLE, Double.class, new DoubleCodec()),
        entry(INSTANT, Instant.class, new InstantCodec()),
        entry(BYTES, byte[].class, new BytesCodec()));
  }

  @SuppressWarnings("unchecked")
  private static Entry entry(String name, Class<?> type, Codec<?> codec) {
    return new Entry(name, type, Entry.Kind.BUILTIN, (Codec<Object>) codec);
  }

  private static String text(JsonNode node, String name, String allowed) {
    if (node == null || !node.isTextual()) {
      throw new CodecException("malformed \"" + name + "\" value " + node + ": expected "
          + allowed);
    }
    return node.textValue();
  }

  private static final class DoubleCodec implements Codec<Double> {
    @Override
    public JsonNode encode(Double value, Encoding nested) {
      return Numbers.encodeDouble(value).get("value");
    }

    @Override
    public Double decode(JsonNode node, Decoding nested) {
      return Numbers.decodeTagged(node);
    }
  }

  private static final class InstantCodec implements Codec<Instant> {
    @Override
    public JsonNode encode(Instant value, Encoding nested) {
      return TextNode.valueOf(value.toString());
    }

    @Override
    public Instant decode(JsonNode node, Decoding nested) {
      String text = text(node, INSTANT, "an ISO-8601 instant such as \"2026-01-02T03:04:05Z\"");
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new CodecException("malformed \"instant\" value " + node
            + ": expected an ISO-8601 instant such as \"2026-01-02T03:04:05Z\"", e);
      }
    }
  }

  private static final class BytesCodec implements Codec<byte[]> {
    @Override
    public JsonNode encode(byte[] value, Encoding nested) {
      return TextNode.valueOf(Base64.getEncoder().encodeToString(value));
    }

    @Override
    public byte[] decode(JsonNode node, Decoding nested) {
      return bytes(node);
    }
  }

  static byte[] bytes(JsonNode node) {
    if (node != null && node.isBinary()) {
      try {
        return node.binaryValue();
      } catch (java.io.IOException e) {
        throw new CodecException("unreadable \"bytes\" value", e);
      }
    }
    String text = text(node, BYTES, "base64 text");
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CodecException("malformed \"bytes\" value " + node + ": expected base64 text",
          e);
    }
  }
}
