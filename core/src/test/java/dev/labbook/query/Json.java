package dev.labbook.query;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test helper: JSON written with single quotes, for readable views. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
      .build();

  private Json() {}

  static JsonNode node(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static ObjectNode view(String json) {
    return (ObjectNode) node(json);
  }

  /** A tagged double as views hold it: NaN, Infinity, -Infinity or -0.0. */
  static JsonNode tagged(String value) {
    return node("{'@type':'double','value':'" + value + "'}");
  }
}
