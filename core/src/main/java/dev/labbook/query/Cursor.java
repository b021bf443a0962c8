package dev.labbook.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import dev.labbook.InvalidInputException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where a page ended: the sort-key values and the id of its last record. The next page starts
 * strictly after this position in the query's order (keyset paging: stable while records are
 * added or removed elsewhere). {@link #token()} is the opaque string form to hand to clients.
 *
 * <p>The token is the URL-safe base64 (RFC 4648 §5, no padding) of the UTF-8 compact JSON
 * array {@code [[v1, …, vn], "id"]}; NaN, infinite and negative-zero doubles among the values
 * are written as tagged doubles ({@code {"@type":"double","value":"NaN"}}), the form views use.
 *
 * @param sortValues the last record's value for each sort key of the query, in order (JSON
 *     null where the field is missing)
 * @param id the last record's id, the final tie-breaker of every order
 */
public record Cursor(List<JsonNode> sortValues, String id) {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  public Cursor {
    if (sortValues == null || sortValues.stream().anyMatch(java.util.Objects::isNull)) {
      throw new InvalidInputException("a cursor's sort values must be JSON nodes (JSON null for a"
          + " missing field), got " + sortValues);
    }
    if (id == null) {
      throw new InvalidInputException("a cursor needs the id of the record it follows, got null");
    }
    sortValues = List.copyOf(sortValues);
  }

  /** An opaque, URL-safe token for this cursor. */
  public String token() {
    ArrayNode values = JSON.createArrayNode();
    sortValues.forEach(v -> values.add(Values.encode(v)));
    ArrayNode root = JSON.createArrayNode().add(values).add(id);
    try {
      byte[] json = JSON.writeValueAsBytes(root);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write cursor " + this, e);
    }
  }

  /**
   * Reads a token made by {@link #token()}.
   *
   * @throws dev.labbook.InvalidInputException if the token is not one
   */
  public static Cursor parse(String token) {
    if (token == null) {
      throw new InvalidInputException("the cursor token is missing (null); pass the token a"
          + " page's next cursor gave");
    }
    JsonNode root;
    try {
      byte[] json = Base64.getUrlDecoder().decode(token);
      root = JSON.readTree(json);
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw invalid(token, "it is not URL-safe base64 of JSON", e);
    }
    if (root == null || !root.isArray() || root.size() != 2 || !root.get(0).isArray()
        || !root.get(1).isTextual()) {
      throw invalid(token, "it does not hold [[values...], \"id\"]", null);
    }
    List<JsonNode> values = new ArrayList<>();
    root.get(0).forEach(v -> values.add(v.isBigDecimal() ? decimal(v.decimalValue()) : v));
    return new Cursor(values, root.get(1).textValue());
  }

  /** A double node when the decimal reads back as the same double, so doubles round-trip. */
  private static JsonNode decimal(BigDecimal d) {
    double asDouble = d.doubleValue();
    if (Double.isFinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(d) == 0) {
      return DoubleNode.valueOf(asDouble);
    }
    return JSON.getNodeFactory().numberNode(d);
  }

  private static InvalidInputException invalid(String token, String why, Throwable cause) {
    String shown = token.length() <= 60 ? token : token.substring(0, 57) + "...";
    return new InvalidInputException("\"" + shown + "\" is not a cursor token: " + why
        + "; pass the token of a page's next cursor unchanged", cause);
  }
}
